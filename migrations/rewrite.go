package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/introspect"
)

var (
	// ErrInvalidRewrite: RecreateTable, ChangeColumnType, BackupTable or
	// RestoreTable was given something it cannot do (a bad name, a column
	// to copy that one of the tables lacks, a table whose scratch name
	// would be too long). The message names the table and column and says
	// how to fix it. Nothing was changed.
	ErrInvalidRewrite = errors.New("sqlorm/migrations: invalid table rewrite")
	// ErrRewriteFailed: a table rewrite failed while it ran. The message
	// says whether the table was left exactly as it was (always, unless it
	// says otherwise) and wraps the database's error.
	ErrRewriteFailed = errors.New("sqlorm/migrations: table rewrite failed")
	// ErrLossyConversion: a value in a copied column would not survive the
	// new column definition exactly (too long, a fraction going into an
	// integer, text that is not an integer, NULL into NOT NULL). The
	// message names the row by its primary key. Nothing was changed.
	ErrLossyConversion = errors.New("sqlorm/migrations: a value would not survive the change")
	// ErrLeftover: a scratch table of an interrupted rewrite (<table>__bak)
	// is still there; call Recover first.
	ErrLeftover = errors.New("sqlorm/migrations: leftover of an interrupted table rewrite")
)

// The scratch tables of a copy-and-swap: <table>__new is the table being
// built, <table>__bak the old one between the swap and its drop. These
// names are reserved.
const (
	suffixNew = "__new"
	suffixBak = "__bak"
	// backupSuffix names a table's backup: <table>_backup, as Python SQLORM
	// does (BackupTable).
	backupSuffix = "_backup"
)

// dialectFor returns the dialect a rewrite on db uses: the one
// introspect.WithDialect put in ctx, else dialect.Detect(db), so that one
// override serves reading the schema and rewriting it.
func dialectFor(ctx context.Context, db *sql.DB) (dialect.Dialect, error) {
	if db == nil {
		return nil, fmt.Errorf("%w: nil *sql.DB", ErrInvalidRewrite)
	}
	return catalog(ctx, db)
}

// rebuild is one table rewrite, gathered and checked before anything is
// changed.
type rebuild struct {
	d        dialect.Dialect
	target   dialect.Table // the new schema; target.Name is the table
	source   string        // where the rows come from (the table, or its backup)
	exists   bool          // whether target.Name exists now
	cols     []string      // copied columns
	exprs    []string      // what each is read as
	misfits  []misfit      // values that would not survive
	key      []string      // the source's primary key, to name rows
	plan     dialect.TableRewrite
	children []childFK // foreign keys of other tables to the table
	identity []identityReset
	srcKey   string // the source's batch key (batchKey), "" for none
	// childAlter changes the type of columns of other tables that
	// reference a column whose type changes (followTypes); childRevert
	// undoes it.
	childAlter, childRevert []string
	report                  func(RowsCopied)
}

type identityReset struct {
	query string
	args  []any
}

type misfit struct{ column, cond string }

type childFK struct {
	table string
	fk    dialect.ForeignKey
}

func (r *rebuild) scratch() string { return r.target.Name + suffixNew }
func (r *rebuild) backup() string  { return r.target.Name + suffixBak }

// RecreateTable replaces table t.Name by a table built from t — its
// columns, keys, constraints, indexes and foreign keys — and copies every
// row into it, the columns named in copyColumns taken from the old table
// (the others get their default). It is Python SQLORM's recreate_table, with
// the schema as a dialect.Table instead of CREATE TABLE text, and it is all
// or nothing: on failure the table, its rows and its schema are as they
// were and no scratch table is left. ReportRows among opts reports the
// rows copied as it goes.
//
// # SQLite
//
// The 12-step procedure of SQLite's documentation. PRAGMA foreign_keys is
// turned off outside the transaction and restored to its previous value
// on every path. In one transaction (BEGIN IMMEDIATE, so writers wait from
// the start) <table>__new is created and filled, the views of the schema
// are dropped, the table dropped, <table>__new renamed, the indexes (from
// t) created, and the table's triggers and the views recreated from their
// SQL (one that no longer applies fails the whole rewrite); PRAGMA
// foreign_key_check must find nothing involving the table before COMMIT.
//
// # PostgreSQL
//
// The same in one transaction, writers waiting from the start (LOCK TABLE
// ... IN SHARE MODE), with the foreign keys of other tables dropped and
// added back (which checks them) and the constraint names the scratch
// table got renamed. A view on the table makes the DROP fail (drop it
// first); triggers are not carried over.
//
// # MySQL/MariaDB and Oracle
//
// Their DDL commits at once, so the rewrite is copy-and-swap on one strict
// session: <table>__new is built and filled, the row count and every
// foreign key (of the new table, and of other tables to it) are checked,
// then RENAME TABLE t TO t__bak, t__new TO t swaps them in one atomic
// statement (two on Oracle), the foreign keys of other tables are put back
// (a failure swaps the old table back) and t__bak is dropped. A failure
// before the swap drops t__new and leaves t untouched; a process killed
// midway leaves scratch tables that Recover clears. Triggers are not
// carried over.
//
// On MySQL/MariaDB the session holds LOCK TABLES, so writers wait from the
// copy to the swap, which a second session queues (see
// dialect.SwapLocking). Oracle does not hold writers off: stop them.
//
// # Columns that reference the table
//
// A column whose type changes and that other tables reference (a primary
// key going from int to bigint) takes the referencing columns with it, as
// Django's schema editor does: while their foreign keys are dropped, each
// referencing column gets the new type (keeping its NULL and default), and
// the keys are added back over it; a failure puts the old types back.
//
// # Names
//
// Index names come from t (derived from t.Name when empty) and never
// collide with the old table's: where they are schema-wide (SQLite,
// PostgreSQL, Oracle) the indexes are created once the old table is gone,
// and constraint names PostgreSQL and Oracle hold schema-wide are given
// to the scratch table under its own name and renamed after the swap.
//
// # Errors
//
// Every column in copyColumns must exist in t and in the live table; a
// missing one, a bad name or an impossible t is an error wrapping
// ErrInvalidRewrite (or dialect.ErrInvalidSchema) that names it, and
// nothing is sent but the catalog reads. A value that would not survive
// its new column exactly is refused before anything changes, with
// ErrLossyConversion naming the row. A failure while the statements run
// wraps ErrRewriteFailed.
func RecreateTable(ctx context.Context, db *sql.DB, t dialect.Table, copyColumns []string, opts ...RewriteOption) error {
	d, err := dialectFor(ctx, db)
	if err != nil {
		return err
	}
	if err := checkTableName(d, t.Name); err != nil {
		return err
	}
	if len(copyColumns) == 0 {
		return fmt.Errorf("%w: table %q: no columns to copy; name at least one column of the new table that the old one has", ErrInvalidRewrite, t.Name)
	}
	seen := map[string]bool{}
	for _, c := range copyColumns {
		if err := dialect.CheckIdent(c); err != nil {
			return fmt.Errorf("%w: table %q: column to copy: %w", ErrInvalidRewrite, t.Name, err)
		}
		if t.Column(c) == nil {
			return fmt.Errorf("%w: table %q: column %q is to be copied but the new table has no such column; add it to the table or drop it from the list", ErrInvalidRewrite, t.Name, c)
		}
		if seen[c] {
			return fmt.Errorf("%w: table %q: column %q is listed twice to be copied", ErrInvalidRewrite, t.Name, c)
		}
		seen[c] = true
	}
	r, err := gather(ctx, db, d, t, t.Name, copyColumns)
	if err != nil {
		return err
	}
	if !r.exists {
		return fmt.Errorf("%w: table %q does not exist: %w", ErrInvalidRewrite, t.Name, introspect.ErrNoTable)
	}
	r.report = rewriteOpts(opts).report
	return r.run(ctx, db)
}

// ChangeColumnType changes the definition of column c.Name of table to c
// (kind, length, precision and scale, NULL, default): Python SQLORM's
// change_column_type. It recreates the table (RecreateTable) with the
// introspected schema and that one column replaced, so it is all or
// nothing on every backend. A value that the new definition would not
// keep exactly (see dialect.MisfitCondition: too long, a fraction into an
// integer, text that is not an integer, NULL into NOT NULL) is refused
// with ErrLossyConversion naming the row's primary key, and nothing
// changes. What each conversion does, the same on SQLite, PostgreSQL and
// MariaDB (tested; Oracle runs the same checks, untested):
//
//	varchar(50) -> varchar(10), 20 characters   refused (ErrLossyConversion, id named)
//	varchar(50) -> varchar(10), 10 characters   kept
//	text -> int, '12' / ' 12 ' / '-7'           12 / 12 / -7
//	text -> int, '1e3' / 'x' / ''               refused (SQLite and MySQL would store 1000 / 'x' / 0)
//	numeric(10,2) -> int, 1.5 / 3.00            refused (PostgreSQL and MySQL would round to 2) / 3
//	datetime -> date, 2024-01-02 03:04:05       2024-01-02 (the time of day is dropped)
//	nullable -> NOT NULL with a NULL            refused
//	bigint -> smallint, 100000                  refused by the server (ErrRewriteFailed, no row
//	                                            named; MySQL too, its session is strict);
//	                                            SQLite keeps 100000 (its integers have no size)
func ChangeColumnType(ctx context.Context, db *sql.DB, table string, c dialect.Column, opts ...RewriteOption) error {
	d, err := dialectFor(ctx, db)
	if err != nil {
		return err
	}
	if err := checkTableName(d, table); err != nil {
		return err
	}
	if err := dialect.CheckIdent(c.Name); err != nil {
		return fmt.Errorf("%w: table %q: column name: %w", ErrInvalidRewrite, table, err)
	}
	live, err := introspect.Table(ctx, db, table)
	if err != nil {
		return fmt.Errorf("sqlorm/migrations: ChangeColumnType(%q, %q): %w", table, c.Name, err)
	}
	old := live.Column(c.Name)
	if old == nil {
		return fmt.Errorf("%w: table %q has no column %q to change; add it with AddColumn instead", ErrInvalidRewrite, table, c.Name)
	}
	if old.Primary != c.Primary {
		return fmt.Errorf("%w: table %q: column %q: ChangeColumnType keeps the primary key as it is (Primary is %v on the table); use RecreateTable to change the key", ErrInvalidRewrite, table, c.Name, old.Primary)
	}
	if old.Kind == dialect.KindInvalid {
		return fmt.Errorf("%w: table %q: a column type sqlorm does not know (%s) cannot be carried over; use RecreateTable with the whole table", ErrInvalidRewrite, table, old.DBType)
	}
	for _, col := range live.Columns {
		if col.Kind == dialect.KindInvalid {
			return fmt.Errorf("%w: table %q: column %q has a type sqlorm does not know (%s) and cannot be carried over; use RecreateTable with the whole table", ErrInvalidRewrite, table, col.Name, col.DBType)
		}
	}
	*old = c
	cols := make([]string, len(live.Columns))
	for i, col := range live.Columns {
		cols[i] = col.Name
	}
	return RecreateTable(ctx, db, live, cols, opts...)
}

// checkTableName checks a table name and that its scratch names fit.
func checkTableName(d dialect.Dialect, name string) error {
	if err := dialect.CheckIdent(name); err != nil {
		return fmt.Errorf("%w: table name: %w", ErrInvalidRewrite, err)
	}
	for _, s := range []string{suffixNew, suffixBak, backupSuffix} {
		if len(name)+len(s) > d.MaxIdentLen() || len(name)+len(s) > dialect.MaxIdentLen {
			return fmt.Errorf("%w: table %q: the name is too long to rewrite the table (%q must fit in %d bytes); rename the table first", ErrInvalidRewrite, name, name+s, min(d.MaxIdentLen(), dialect.MaxIdentLen))
		}
	}
	return nil
}

// gather reads what a rewrite of target from source needs and checks it,
// sending nothing but catalog reads.
func gather(ctx context.Context, db *sql.DB, d dialect.Dialect, target dialect.Table, source string, cols []string) (*rebuild, error) {
	r := &rebuild{d: d, target: target, source: source, cols: cols}
	var err error
	if r.plan, err = dialect.RewriteTable(d, target, r.scratch()); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
	}
	src, err := introspect.Table(ctx, db, source)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: reading %q: %w", source, err)
	}
	if r.exists = source == target.Name; !r.exists {
		if r.exists, err = introspect.TableExists(ctx, db, target.Name); err != nil {
			return nil, fmt.Errorf("sqlorm/migrations: %w", err)
		}
	}
	for _, c := range src.Columns {
		if c.Primary {
			r.key = append(r.key, c.Name)
		}
	}
	r.srcKey = batchKey(src)
	if len(r.key) == 0 {
		r.key = []string{cols[0]}
	}
	for _, c := range cols {
		from := src.Column(c)
		if from == nil {
			return nil, fmt.Errorf("%w: table %q: column %q is to be copied but %q has no such column; drop it from the list", ErrInvalidRewrite, target.Name, c, source)
		}
		to := target.Column(c)
		e, err := dialect.ConvertExpr(d, quote(d, c), *from, *to)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
		}
		r.exprs = append(r.exprs, e)
		if cond := dialect.MisfitCondition(d, quote(d, c), *from, *to); cond != "" {
			r.misfits = append(r.misfits, misfit{c, cond})
		}
	}
	for _, c := range target.Columns {
		if c.Kind != dialect.KindAuto && c.Kind != dialect.KindBigAuto {
			continue
		}
		q, args, err := dialect.ResetIdentity(d, target.Name, c.Name)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
		}
		if q != "" {
			r.identity = append(r.identity, identityReset{q, args})
		}
	}
	if r.exists {
		if r.children, err = children(ctx, db, d, target.Name); err != nil {
			return nil, err
		}
		if err := r.followTypes(ctx, db, src); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// followTypes gives the columns of other tables that reference a column
// whose type the rewrite changes the new type too (Django's schema editor
// does the same): r.childAlter changes them while the foreign keys are
// dropped, r.childRevert puts them back. MySQL/MariaDB refuse a foreign
// key between an int and a bigint; PostgreSQL would keep a key whose
// child column can no longer hold every parent value.
func (r *rebuild) followTypes(ctx context.Context, db *sql.DB, src dialect.Table) error {
	d := r.d
	done := map[string]bool{}
	for _, c := range r.children {
		var child *dialect.Table
		for i, col := range c.fk.Columns {
			from, to := src.Column(c.fk.RefColumns[i]), r.target.Column(c.fk.RefColumns[i])
			if from == nil || to == nil {
				continue
			}
			ft, err1 := d.ColumnType(plainKind(*from))
			tt, err2 := d.ColumnType(plainKind(*to))
			if err1 != nil || err2 != nil || ft == tt || done[c.table+"."+col] {
				continue
			}
			done[c.table+"."+col] = true
			if child == nil {
				t, err := introspect.Table(ctx, db, c.table)
				if err != nil {
					return fmt.Errorf("sqlorm/migrations: reading %q, whose foreign key references %q: %w", c.table, r.target.Name, err)
				}
				child = &t
			}
			old := child.Column(col)
			if old == nil {
				continue
			}
			if old.Primary || old.Kind == dialect.KindInvalid {
				return fmt.Errorf("%w: table %q: column %q changes type, and %q.%q, which references it, is a primary key or of a type sqlorm does not know, so it cannot follow; rewrite %q too", ErrInvalidRewrite, r.target.Name, to.Name, c.table, col, c.table)
			}
			nc := plainKind(*to)
			next := *old
			next.Kind, next.Length, next.Precision, next.Scale = nc.Kind, nc.Length, nc.Precision, nc.Scale
			alter, err1 := dialect.AlterColumn(d, c.table, *old, next)
			revert, err2 := dialect.AlterColumn(d, c.table, next, *old)
			if err := errors.Join(err1, err2); err != nil {
				return fmt.Errorf("%w: table %q: column %q of %q, which references it, cannot follow its new type: %w", ErrInvalidRewrite, r.target.Name, col, c.table, err)
			}
			r.childAlter = append(r.childAlter, alter...)
			r.childRevert = append(revert, r.childRevert...)
		}
	}
	return nil
}

// plainKind is c as a referencing column stores it: an auto key is the
// integer of its size, with no key, default or constraint of its own.
func plainKind(c dialect.Column) dialect.Column {
	switch c.Kind {
	case dialect.KindAuto:
		c.Kind = dialect.KindInt
	case dialect.KindBigAuto:
		c.Kind = dialect.KindBigInt
	}
	return dialect.Column{Name: c.Name, Kind: c.Kind, Length: c.Length, Precision: c.Precision, Scale: c.Scale, Null: true}
}

// children lists the foreign keys of other tables that reference table,
// where the backend ties them to the table itself (all but SQLite, whose
// foreign keys name their table and are switched off during a rewrite).
func children(ctx context.Context, db *sql.DB, d dialect.Dialect, table string) ([]childFK, error) {
	if _, off, _, _ := dialect.ForeignKeyPragmas(d); off != "" {
		return nil, nil
	}
	cat, err := dialect.CatalogOf(d)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	tables, err := introspect.Tables(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("sqlorm/migrations: %w", err)
	}
	var out []childFK
	for _, name := range tables {
		if cat.SameIdent(name, table) {
			continue
		}
		fks, err := introspect.ForeignKeys(ctx, db, name)
		if err != nil {
			return nil, fmt.Errorf("sqlorm/migrations: %w", err)
		}
		for _, fk := range fks {
			if cat.SameIdent(fk.RefTable, table) {
				fk.RefTable = table
				out = append(out, childFK{name, fk})
			}
		}
	}
	return out, nil
}

// copier is the INSERT ... SELECT that fills the scratch table.
func (r *rebuild) copier() *tableCopy {
	return &tableCopy{d: r.d, into: r.scratch(), from: r.source, cols: r.cols, exprs: r.exprs,
		key: r.srcKey, table: r.target.Name}
}

// copyRows fills the scratch table, reporting to r.report when set.
func (r *rebuild) copyRows(ctx context.Context, ex Executor) error {
	var total int64
	if r.report != nil {
		var err error
		if total, err = r.count(ctx, ex, r.source); err != nil {
			return err
		}
	}
	return r.copier().run(ctx, ex, total, r.report)
}

func (r *rebuild) count(ctx context.Context, ex Executor, table string) (int64, error) {
	var n int64
	err := ex.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(r.d, table)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting the rows of %q: %w", table, err)
	}
	return n, nil
}

// checkMisfits refuses a copy that would change a value, naming the row.
func (r *rebuild) checkMisfits(ctx context.Context, ex Executor) error {
	for _, m := range r.misfits {
		q := "SELECT " + quotedList(r.d, r.key) + " FROM " + quote(r.d, r.source) + " WHERE " + m.cond + " ORDER BY " + quotedList(r.d, r.key)
		row, found, err := firstRow(ctx, ex, q, len(r.key))
		if err != nil {
			return fmt.Errorf("%w: table %q: checking column %q: %w", ErrRewriteFailed, r.target.Name, m.column, err)
		}
		if found {
			return fmt.Errorf("%w: table %q: column %q: the row with %s holds a value the new definition would not keep exactly; fix that row first; nothing was changed", ErrLossyConversion, r.target.Name, m.column, describeKey(r.key, row))
		}
	}
	return nil
}

// checkOrphans refuses a swap after which a foreign key would point
// nowhere: a row of the new table whose parent is missing, or a row of a
// child table whose parent row was not copied.
func (r *rebuild) checkOrphans(ctx context.Context, ex Executor) error {
	d := r.d
	check := func(child, childAlias string, cols []string, parent string, refCols []string, what string) error {
		var cond []string
		for i := range cols {
			cond = append(cond, "p."+quote(d, refCols[i])+" = c."+quote(d, cols[i]))
		}
		var notNull []string
		for _, c := range cols {
			notNull = append(notNull, "c."+quote(d, c)+" IS NOT NULL")
		}
		q := "SELECT COUNT(*) FROM " + quote(d, child) + " c WHERE " + strings.Join(notNull, " AND ") +
			" AND NOT EXISTS (SELECT 1 FROM " + quote(d, parent) + " p WHERE " + strings.Join(cond, " AND ") + ")"
		var n int64
		if err := ex.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("%w: table %q: checking %s: %w", ErrRewriteFailed, r.target.Name, what, err)
		}
		if n > 0 {
			return fmt.Errorf("%w: table %q: %d rows of %q would break %s; nothing was changed", ErrRewriteFailed, r.target.Name, n, childAlias, what)
		}
		return nil
	}
	for _, fk := range r.target.ForeignKeys {
		parent := fk.RefTable
		if parent == r.target.Name {
			parent = r.scratch()
		}
		if err := check(r.scratch(), r.target.Name, fk.Columns, parent, fk.RefColumns, fmt.Sprintf("the foreign key %v -> %s", fk.Columns, fk.RefTable)); err != nil {
			return err
		}
	}
	for _, c := range r.children {
		if err := check(c.table, c.table, c.fk.Columns, r.scratch(), c.fk.RefColumns, fmt.Sprintf("the foreign key %q of %q", c.fk.Name, c.table)); err != nil {
			return err
		}
	}
	return nil
}

func (r *rebuild) childStmts() (drop, add []string, err error) {
	for _, c := range r.children {
		s, err := dialect.DropForeignKey(r.d, c.table, c.fk.Name)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
		}
		drop = append(drop, s)
		if s, err = dialect.AddForeignKey(r.d, c.table, c.fk); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
		}
		add = append(add, s)
	}
	return drop, add, nil
}

func (r *rebuild) run(ctx context.Context, db *sql.DB) error {
	if r.d.Has(dialect.TransactionalDDL) {
		return r.runInTx(ctx, db)
	}
	return r.runSwap(ctx, db)
}

// exec runs stmts on ex, stopping at the first failure.
func exec(ctx context.Context, ex Executor, stmts ...string) error {
	for _, s := range stmts {
		if _, err := ex.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", firstLine(s), err)
		}
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

func quotedList(d dialect.Dialect, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(d, n)
	}
	return strings.Join(q, ", ")
}

// firstRow reads the first row of q as n strings.
func firstRow(ctx context.Context, ex Executor, q string, n int) ([]string, bool, error) {
	rows, err := ex.QueryContext(ctx, q)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, false, rows.Err()
	}
	vals := make([]sql.NullString, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, false, err
	}
	out := make([]string, n)
	for i, v := range vals {
		out[i] = "NULL"
		if v.Valid {
			out[i] = v.String
		}
	}
	return out, true, nil
}

func describeKey(cols, vals []string) string {
	parts := make([]string, len(cols))
	for i := range cols {
		parts[i] = cols[i] + "=" + vals[i]
	}
	return strings.Join(parts, ", ")
}
