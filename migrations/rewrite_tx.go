package migrations

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// The rewrite where DDL is transactional (SQLite, PostgreSQL): the whole
// of RecreateTable in one transaction, with SQLite's foreign keys switched
// off around it.

// runInTx is the rewrite where DDL is transactional (SQLite, PostgreSQL):
// everything in one transaction; on SQLite with foreign keys switched off
// around it (the 12-step procedure of the SQLite documentation).
func (r *rebuild) runInTx(ctx context.Context, db *sql.DB) (err error) {
	d := r.d
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%w: table %q: %w; nothing was changed", ErrRewriteFailed, r.target.Name, err)
	}
	defer conn.Close()
	state, off, on, fkCheck := dialect.ForeignKeyPragmas(d)
	if off != "" {
		var enabled bool
		if err := conn.QueryRowContext(ctx, state).Scan(&enabled); err != nil {
			return fmt.Errorf("%w: table %q: reading %s: %w; nothing was changed", ErrRewriteFailed, r.target.Name, state, err)
		}
		if enabled {
			if _, err := conn.ExecContext(ctx, off); err != nil {
				return fmt.Errorf("%w: table %q: %s: %w; nothing was changed", ErrRewriteFailed, r.target.Name, off, err)
			}
			defer func() {
				// Restored on every path, on a context that the caller's
				// cancellation cannot stop; if even that fails the
				// connection is discarded rather than returned to the pool
				// without enforcement.
				if _, e := conn.ExecContext(context.WithoutCancel(ctx), on); e != nil {
					_ = conn.Raw(func(any) error { return driver.ErrBadConn })
					err = errors.Join(err, fmt.Errorf("sqlorm/migrations: restoring %s: %w", on, e))
				}
			}()
		}
	}
	tx, err := beginRewrite(ctx, d, conn)
	if err != nil {
		return fmt.Errorf("%w: table %q: %w; nothing was changed", ErrRewriteFailed, r.target.Name, err)
	}
	fail := func(step string, cause error) error {
		_ = tx.Rollback()
		if errors.Is(cause, ErrLossyConversion) || errors.Is(cause, ErrRewriteFailed) {
			return cause
		}
		return fmt.Errorf("%w: table %q: %s: %w; the transaction was rolled back and nothing was changed", ErrRewriteFailed, r.target.Name, step, cause)
	}
	if r.exists {
		// Writers wait from here to the commit: rows they committed after
		// the copy's snapshot would not be in the new table.
		lock, err := dialect.LockForRewrite(d, r.target.Name)
		if err != nil {
			return fail("", fmt.Errorf("%w: %w", ErrInvalidRewrite, err))
		}
		if lock != "" {
			if err := exec(ctx, tx, lock); err != nil {
				return fail("locking the table against writes", err)
			}
		}
	}
	if err := r.checkMisfits(ctx, tx); err != nil {
		return fail("", err)
	}
	var dependents []dependent
	if q, args := dialect.DependentsQuery(d, r.target.Name); q != "" {
		if dependents, err = readDependents(ctx, tx, q, args); err != nil {
			return fail("reading triggers and views", err)
		}
	}
	dropChildren, addChildren, err := r.childStmts()
	if err != nil {
		return fail("", err)
	}
	if err := exec(ctx, tx, dropChildren...); err != nil {
		return fail("dropping the foreign keys that reference the table", err)
	}
	if err := exec(ctx, tx, r.childAlter...); err != nil {
		return fail("changing the type of the columns that reference the table", err)
	}
	if err := exec(ctx, tx, r.plan.Create...); err != nil {
		return fail("creating "+r.scratch(), err)
	}
	if err := r.copyRows(ctx, tx); err != nil {
		return fail("copying the rows", err)
	}
	if err := r.verifyCount(ctx, tx); err != nil {
		return fail("", err)
	}
	if err := r.checkOrphans(ctx, tx); err != nil {
		return fail("", err)
	}
	for _, v := range dependents {
		if v.typ == "view" {
			s, err := dialect.DropView(d, v.name)
			if err != nil {
				return fail("", err)
			}
			if err := exec(ctx, tx, s); err != nil {
				return fail("dropping view "+v.name, err)
			}
		}
	}
	if r.exists {
		drop, err := d.DropTable(r.target.Name)
		if err != nil {
			return fail("", err)
		}
		if err := exec(ctx, tx, drop); err != nil {
			return fail("dropping the old table", err)
		}
	}
	ren, err := d.RenameTable(r.scratch(), r.target.Name)
	if err != nil {
		return fail("", err)
	}
	if err := exec(ctx, tx, ren); err != nil {
		return fail("renaming "+r.scratch(), err)
	}
	if err := exec(ctx, tx, r.plan.Renames...); err != nil {
		return fail("renaming constraints", err)
	}
	if err := exec(ctx, tx, r.plan.Indexes...); err != nil {
		return fail("creating the indexes", err)
	}
	if err := exec(ctx, tx, r.plan.ForeignKeys...); err != nil {
		return fail("adding the foreign keys", err)
	}
	if err := r.resetIdentity(ctx, tx); err != nil {
		return fail("moving the identity past the copied keys", err)
	}
	if err := exec(ctx, tx, addChildren...); err != nil {
		return fail("restoring the foreign keys that reference the table", err)
	}
	for _, v := range dependents {
		if err := exec(ctx, tx, v.sql); err != nil {
			return fail(fmt.Sprintf("recreating %s %q (it no longer applies to the new table; drop or change it first)", v.typ, v.name), err)
		}
	}
	if fkCheck != "" {
		if err := r.foreignKeyCheck(ctx, tx, fkCheck); err != nil {
			return fail("", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: table %q: commit: %w", ErrRewriteFailed, r.target.Name, err)
	}
	return nil
}

// rewriteTx is the transaction of a rewrite: a *sql.Tx, or statements on
// the connection where the rewrite must open it itself (BEGIN IMMEDIATE).
type rewriteTx interface {
	Executor
	Commit() error
	Rollback() error
}

func beginRewrite(ctx context.Context, d dialect.Dialect, conn *sql.Conn) (rewriteTx, error) {
	begin := dialect.BeginRewrite(d)
	if begin == "" {
		return conn.BeginTx(ctx, nil)
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		return nil, fmt.Errorf("%s: %w", begin, err)
	}
	return &connTx{conn: conn, ctx: ctx}, nil
}

// connTx is a transaction opened by a statement on conn.
type connTx struct {
	conn *sql.Conn
	ctx  context.Context
	done bool
}

func (t *connTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.conn.ExecContext(ctx, q, args...)
}

func (t *connTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.conn.QueryContext(ctx, q, args...)
}

func (t *connTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.conn.QueryRowContext(ctx, q, args...)
}

func (t *connTx) end(stmt string) error {
	if t.done {
		return sql.ErrTxDone
	}
	t.done = true
	// Not on the caller's context: a cancelled one must still end the
	// transaction. A connection that cannot end it is discarded, which
	// rolls it back.
	if _, err := t.conn.ExecContext(context.WithoutCancel(t.ctx), stmt); err != nil {
		_ = t.conn.Raw(func(any) error { return driver.ErrBadConn })
		return err
	}
	return nil
}

func (t *connTx) Commit() error   { return t.end("COMMIT") }
func (t *connTx) Rollback() error { return t.end("ROLLBACK") }

func (r *rebuild) resetIdentity(ctx context.Context, ex Executor) error {
	for _, id := range r.identity {
		if _, err := ex.ExecContext(ctx, id.query, id.args...); err != nil {
			return fmt.Errorf("%s: %w", id.query, err)
		}
	}
	return nil
}

func (r *rebuild) verifyCount(ctx context.Context, ex Executor) error {
	want, err := r.count(ctx, ex, r.source)
	if err != nil {
		return err
	}
	got, err := r.count(ctx, ex, r.scratch())
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%w: table %q: %d rows were copied but %q has %d; nothing was changed", ErrRewriteFailed, r.target.Name, got, r.source, want)
	}
	return nil
}

// foreignKeyCheck runs SQLite's PRAGMA foreign_key_check and refuses a
// violation that involves the table (as child or parent).
func (r *rebuild) foreignKeyCheck(ctx context.Context, ex Executor, q string) error {
	rows, err := ex.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fkid sql.NullInt64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		if strings.EqualFold(table, r.target.Name) || strings.EqualFold(parent, r.target.Name) {
			return fmt.Errorf("%w: table %q: after the rewrite, row %d of %q references a missing row of %q; nothing was changed", ErrRewriteFailed, r.target.Name, rowid.Int64, table, parent)
		}
	}
	return rows.Err()
}

type dependent struct{ typ, name, sql string }

func readDependents(ctx context.Context, ex Executor, q string, args []any) ([]dependent, error) {
	rows, err := ex.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dependent
	for rows.Next() {
		var v dependent
		var s sql.NullString
		if err := rows.Scan(&v.typ, &v.name, &s); err != nil {
			return nil, err
		}
		if s.Valid {
			v.sql = s.String
			out = append(out, v)
		}
	}
	return out, rows.Err()
}
