package orm

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"unsafe"
)

// ExecuteRawSQL runs query with args on db, or on the transaction in ctx,
// and returns every row it produces, Python SQLORM's execute_raw_sql: each row
// is a []any with one value per result column, in order. A statement
// without a result (INSERT, UPDATE, DDL ...) runs too and returns no rows.
//
// query is sent as written: placeholders are the backend's own (? on
// SQLite and MySQL, $1 on PostgreSQL, :1 on Oracle; Rebind converts ?), and
// args are bound, never pasted into the text. Values are what the driver
// returns (int64, float64, bool, string, time.Time, nil), except that text
// a driver returns as bytes (MySQL strings, decimals) is a string; []byte
// remains only for binary columns. Database errors come back classified
// like ORM errors (*ConstraintError ...), and in an atomic block they
// break it (see ErrTransactionBroken).
//
//	rows, err := orm.ExecuteRawSQL(ctx, db, "SELECT COUNT(*) FROM users WHERE verified = ?", true)
//	n := rows[0][0].(int64)
func ExecuteRawSQL(ctx context.Context, h DB, query string, args ...any) ([][]any, error) {
	db, err := target(ctx, h, nil, true)
	if err != nil {
		return nil, err
	}
	var out [][]any
	err = rawRows(ctx, db, query, args, func(_ []string, vals []any) {
		out = append(out, slices.Clone(vals))
	})
	return out, err
}

// ExecuteRawSQLMaps is ExecuteRawSQL returning each row as a map from
// column name (as the database spells it) to value. When two result
// columns have the same name, the later one wins: alias them apart.
func ExecuteRawSQLMaps(ctx context.Context, h DB, query string, args ...any) ([]map[string]any, error) {
	db, err := target(ctx, h, nil, true)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	err = rawRows(ctx, db, query, args, func(cols []string, vals []any) {
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	})
	return out, err
}

// Exec runs a statement that returns no rows (INSERT, UPDATE, DELETE, DDL)
// on db, or on the transaction in ctx, and returns its sql.Result: the
// execute_raw_sql(..., fetch=False) of Python SQLORM. Placeholders, arguments and
// errors are as for ExecuteRawSQL.
func Exec(ctx context.Context, h DB, query string, args ...any) (sql.Result, error) {
	db, rerr := target(ctx, h, nil, true)
	if rerr != nil {
		return nil, rerr
	}
	if db == nil && stateFor(ctx, db) == nil {
		return nil, errNilDB
	}
	res, err := execContext(ctx, db, query, args...)
	if err != nil {
		return nil, classifyRaw(ctx, db, err)
	}
	return res, nil
}

// classifyRaw classifies a database error with db's dialect when it is
// known.
func classifyRaw(ctx context.Context, db *sql.DB, err error) error {
	if d, derr := dialectFor(ctx, db); derr == nil {
		return classify(d, err)
	}
	return err
}

// rawRows runs query and calls fn for each row with the column names and
// the row's values (fn must copy vals to keep them).
func rawRows(ctx context.Context, db *sql.DB, query string, args []any, fn func(cols []string, vals []any)) error {
	if db == nil && stateFor(ctx, db) == nil {
		return errNilDB
	}
	rows, err := queryContext(ctx, db, query, args...)
	if err != nil {
		return classifyRaw(ctx, db, err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	cols := make([]string, len(cts))
	text := make([]bool, len(cts))
	for i, ct := range cts {
		cols[i] = ct.Name()
		text[i] = isTextType(ct.DatabaseTypeName())
	}
	vals := make([]any, len(cts))
	ptrs := make([]any, len(cts))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok && text[i] {
				vals[i] = string(b)
			}
		}
		fn(cols, vals)
	}
	if err := rows.Err(); err != nil {
		markFailed(ctx, db, err)
		return classifyRaw(ctx, db, err)
	}
	return nil
}

// isTextType reports whether a column of the database type name holds
// text, so bytes a driver returns for it are a string. Unknown (empty)
// type names, which SQLite gives for expressions, are not: go-sqlite3
// returns text as a string already, so its bytes are a blob.
func isTextType(name string) bool {
	if name == "" {
		return false
	}
	n := strings.ToUpper(name)
	for _, bin := range []string{"BLOB", "BINARY", "BYTEA", "RAW", "GEOMETRY", "BIT"} {
		if strings.Contains(n, bin) {
			return false
		}
	}
	return true
}

// RawQuerySet is Django's RawQuerySet: a raw SQL query whose rows are
// mapped onto model T. Make one with Raw; it is immutable and runs only
// when All or Iterator is called.
type RawQuerySet[T any] struct {
	db            *sql.DB
	dbs           *Databases // routes each run (a read); nil for a *sql.DB
	err           error      // a database Raw cannot run on
	query         string
	args          []any
	ignoreUnknown bool
}

// Raw returns a query that runs query with args on db (or on the
// transaction in the context given to All or Iterator) and maps each row
// onto a T, Django's Manager.raw(): result columns are matched to the
// model's fields by column name (case-insensitively, so Oracle's upper-case
// names match), or else by field name. Fields without a column keep their
// zero value (Django defers them; sqlorm does not load them later), and
// each object remembers which fields it holds, so Save writes only those
// (see QuerySet.Only); such partial rows need a model that embeds
// ModelState, as orm.Model does. A
// column that matches no field is an error naming it, unless
// IgnoreUnknownColumns was called. Values are converted as for ORM queries.
// Placeholders are the backend's own, as for ExecuteRawSQL.
//
//	ps, err := orm.Raw[Product](db, "SELECT * FROM product WHERE price > ?", 10).All(ctx)
func Raw[T any](db DB, query string, args ...any) *RawQuerySet[T] {
	r := &RawQuerySet[T]{query: query, args: args}
	r.db, r.dbs, r.err = split(db)
	return r
}

// IgnoreUnknownColumns returns a copy of the query that skips result
// columns matching no field of T instead of failing.
func (r *RawQuerySet[T]) IgnoreUnknownColumns() *RawQuerySet[T] {
	n := *r
	n.ignoreUnknown = true
	return &n
}

// All runs the query and returns every row mapped onto T.
func (r *RawQuerySet[T]) All(ctx context.Context) ([]T, error) {
	var out []T
	for v, err := range r.Iterator(ctx) {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Iterator runs the query and yields the rows one at a time, mapped onto
// T, in constant memory. An error ends the sequence (it is yielded with a
// zero T). Stopping early closes the rows.
//
//	for p, err := range orm.Raw[Product](db, q).Iterator(ctx) { ... }
func (r *RawQuerySet[T]) Iterator(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := r.each(ctx, func(v *T) bool { return yield(*v, nil) }); err != nil {
			yield(zero, err)
		}
	}
}

// each runs the query and calls fn for every row until it returns false.
func (r *RawQuerySet[T]) each(ctx context.Context, fn func(*T) bool) error {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	if r.err != nil {
		return r.err
	}
	if r.dbs != nil {
		b := *r
		var routed bool
		if _, b.db, routed, err = r.dbs.route(ctx, m.routeModel(), false); err != nil {
			return err
		}
		if routed {
			ctx = &routedCtx{ctx}
		}
		b.dbs = nil
		r = &b
	}
	if r.db == nil && stateFor(ctx, r.db) == nil {
		return errNilDB
	}
	d, err := dialectFor(ctx, r.db)
	if err != nil {
		return err
	}
	rs := m.stmtsFor(d).vs.read()
	rows, err := queryContext(ctx, r.db, r.query, r.args...)
	if err != nil {
		return classifyRaw(ctx, r.db, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	fields, err := m.rawFields(cols, r.ignoreUnknown)
	if err != nil {
		return err
	}
	ls, err := m.rawLoaded(fields)
	if err != nil {
		return err
	}
	scanners := make([]fieldScanner, len(cols))
	dest := make([]any, len(cols))
	var discard any
	for i, f := range fields {
		if f == nil {
			dest[i] = &discard
			continue
		}
		scanners[i].f, scanners[i].rs = f, rs
		dest[i] = &scanners[i]
	}
	for rows.Next() {
		obj := new(T)
		for i := range scanners {
			scanners[i].p = unsafe.Pointer(obj)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		m.setLoaded(unsafe.Pointer(obj), ls)
		if !fn(obj) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		markFailed(ctx, r.db, err)
		return classifyRaw(ctx, r.db, err)
	}
	return nil
}

// rawLoaded returns the loadedSet of rows holding the columns fields map
// to, as Django's raw() defers the fields a query does not select. Rows
// without the primary key cannot be saved at all; a model without a
// ModelState cannot remember what a partial row holds.
func (m *modelInfo) rawLoaded(fields []*field) (*loadedSet, error) {
	have := make(map[*field]bool, len(fields))
	for _, f := range fields {
		if f != nil {
			have[f] = true
		}
	}
	if len(have) == len(m.fields) {
		return nil, nil
	}
	if !m.hasState {
		return nil, queryError("Raw[%s]: the query selects %d of %d columns, and a partial %s could not remember which it holds (Save would write zeros over the others); select every column, or embed orm.ModelState in %s (orm.Model does)", m.name, len(have), len(m.fields), m.name, m.name)
	}
	var out []*field
	for _, f := range m.fields {
		if have[f] {
			out = append(out, f)
		}
	}
	return &loadedSet{fields: out}, nil
}

// rawFields maps result columns onto m's fields: nil for a column to skip.
func (m *modelInfo) rawFields(cols []string, ignoreUnknown bool) ([]*field, error) {
	out := make([]*field, len(cols))
	seen := make(map[*field]string, len(cols))
	for i, c := range cols {
		f := m.rawField(c)
		if f == nil {
			if ignoreUnknown {
				continue
			}
			return nil, queryError("Raw[%s]: result column %q matches no field; valid columns are %s (or call IgnoreUnknownColumns)", m.name, c, m.columnList())
		}
		if prev, dup := seen[f]; dup {
			return nil, queryError("Raw[%s]: result columns %q and %q both map to field %s; alias one of them", m.name, prev, c, f.name)
		}
		seen[f] = c
		out[i] = f
	}
	return out, nil
}

// rawField finds the field of a result column: by column name, then by
// field name, exactly and then ignoring case.
func (m *modelInfo) rawField(col string) *field {
	for _, f := range m.fields {
		if f.column == col {
			return f
		}
	}
	for _, f := range m.fields {
		if strings.EqualFold(f.column, col) {
			return f
		}
	}
	for _, f := range m.fields {
		if strings.EqualFold(f.name, col) {
			return f
		}
	}
	return nil
}

// columnList names m's columns for error messages.
func (m *modelInfo) columnList() string {
	names := make([]string, len(m.fields))
	for i, f := range m.fields {
		names[i] = f.column
	}
	return fmt.Sprintf("%q", names)
}
