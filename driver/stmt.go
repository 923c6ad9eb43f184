package driver

import (
	"context"
	"database/sql/driver"

	"github.com/sqlorm/sqlorm/hooks"
)

// stmt wraps a backend prepared statement. Its statements are reported to
// hooks as exec/query events with the prepared SQL.
type stmt struct {
	c     *conn
	raw   driver.Stmt
	query string
}

var (
	_ driver.Stmt              = (*stmt)(nil)
	_ driver.StmtExecContext   = (*stmt)(nil)
	_ driver.StmtQueryContext  = (*stmt)(nil)
	_ driver.NamedValueChecker = (*stmt)(nil)
)

// Close closes the backend statement.
func (s *stmt) Close() error { return s.raw.Close() }

// NumInput forwards to the backend (-1: unknown, database/sql does not check).
func (s *stmt) NumInput() int { return s.raw.NumInput() }

// Exec is the pre-context entry point; database/sql uses ExecContext.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), valuesToNamed(args))
}

// Query is the pre-context entry point; database/sql uses QueryContext.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), valuesToNamed(args))
}

func valuesToNamed(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// ExecContext executes the statement. StmtExecContext may not return
// driver.ErrSkip, so without it the backend's Exec is called, as
// database/sql does.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	ctx2, sp := s.c.before(ctx, hooks.OpExec, s.query, args)
	stop := s.c.watch(ctx)
	var res driver.Result
	var err error
	if se, ok := s.raw.(driver.StmtExecContext); ok {
		res, err = se.ExecContext(ctx2, args)
	} else {
		var vals []driver.Value
		if vals, err = namedToValues(args); err == nil {
			select {
			case <-ctx2.Done():
				err = ctx2.Err()
			default:
				//lint:ignore SA1019 database/sql's own fallback for pre-context backends
				res, err = s.raw.Exec(vals)
			}
		}
	}
	if stop != nil {
		stop(err)
	}
	s.c.after(sp, err, rowsAffected(sp, res))
	return res, err
}

// QueryContext executes the statement and returns the backend's rows as
// they are.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	ctx2, sp := s.c.before(ctx, hooks.OpQuery, s.query, args)
	stop := s.c.watch(ctx)
	var rows driver.Rows
	var err error
	if sq, ok := s.raw.(driver.StmtQueryContext); ok {
		rows, err = sq.QueryContext(ctx2, args)
	} else {
		var vals []driver.Value
		if vals, err = namedToValues(args); err == nil {
			select {
			case <-ctx2.Done():
				err = ctx2.Err()
			default:
				//lint:ignore SA1019 database/sql's own fallback for pre-context backends
				rows, err = s.raw.Query(vals)
			}
		}
	}
	if stop != nil {
		stop(err)
	}
	s.c.after(sp, err, -1)
	return rows, err
}

// CheckNamedValue asks the backend statement, then the backend connection
// (a wrapper statement that always has this method would otherwise hide the
// connection's checker), then answers driver.ErrSkip for database/sql's
// default conversion.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if nvc, ok := s.raw.(driver.NamedValueChecker); ok {
		return nvc.CheckNamedValue(nv)
	}
	return s.c.CheckNamedValue(nv)
}

// tx wraps a backend transaction to report commit and rollback. It keeps
// the context of BeginTx for the hooks (driver.Tx methods take none).
type tx struct {
	c   *conn
	raw driver.Tx
	ctx context.Context
}

var _ driver.Tx = (*tx)(nil)

// Commit commits on the backend.
func (t *tx) Commit() error {
	_, sp := t.c.before(t.ctx, hooks.OpCommit, "", nil)
	err := t.raw.Commit()
	t.c.after(sp, err, -1)
	return err
}

// Rollback rolls back on the backend.
func (t *tx) Rollback() error {
	_, sp := t.c.before(t.ctx, hooks.OpRollback, "", nil)
	err := t.raw.Rollback()
	t.c.after(sp, err, -1)
	return err
}
