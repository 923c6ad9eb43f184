package orm

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
)

// maxGetResults is how many rows Get reads at most to report
// MultipleObjectsReturned (Django's MAX_GET_RESULTS).
const maxGetResults = 21

// QuerySet is Django's QuerySet for model T on one database: an immutable
// value describing a query. Every method that refines it returns a new
// QuerySet and leaves the receiver unchanged, so a QuerySet can be shared
// and reused freely, also between goroutines. Nothing runs until a
// terminal method (All, Count, Get, Create).
type QuerySet[T any] struct {
	db    *sql.DB
	where []Condition
	order []string // nil: the model's Meta.Ordering
	lock  lockMode // SelectForUpdate
}

// Objects returns the manager of model T on db: a QuerySet matching every
// row (Django's Model.objects). It is cheap; call it wherever needed. The
// model's metadata is built on first use; an invalid model makes every
// terminal method return its *ModelError.
func Objects[T any](db *sql.DB) *QuerySet[T] {
	return &QuerySet[T]{db: db}
}

// Filter returns a new QuerySet restricted to rows matching every condition
// (and the receiver's own conditions).
//
// A Q is copied, so changing the map afterwards does not change the
// QuerySet.
func (qs *QuerySet[T]) Filter(conds ...Condition) *QuerySet[T] {
	n := qs.clone()
	n.where = slices.Clip(n.where)
	for _, c := range conds {
		if q, ok := c.(Q); ok {
			c = maps.Clone(q)
		}
		n.where = append(n.where, c)
	}
	return n
}

// clone copies qs; a nil QuerySet (never returned by this package) clones
// to one whose terminal methods report the missing database.
func (qs *QuerySet[T]) clone() *QuerySet[T] {
	if qs == nil {
		return &QuerySet[T]{}
	}
	n := *qs
	return &n
}

// OrderBy returns a new QuerySet ordered by the named fields ("-" prefix
// for descending, "pk" for the primary key), replacing Meta.Ordering.
// OrderBy() with no names removes any ordering.
func (qs *QuerySet[T]) OrderBy(fields ...string) *QuerySet[T] {
	n := qs.clone()
	n.order = append([]string{}, fields...)
	return n
}

// prepare returns the model metadata, dialect and statements for a call.
func prepare[T any](ctx context.Context, db *sql.DB) (*modelInfo, dialect.Dialect, *stmtSet, error) {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := dialectFor(ctx, db)
	if err != nil {
		return nil, nil, nil, err
	}
	if db == nil {
		return nil, nil, nil, errNilDB
	}
	return m, d, m.stmtsFor(d), nil
}

// prepare is prepare[T] for the QuerySet's database (nil-safe).
func (qs *QuerySet[T]) prepare(ctx context.Context) (*modelInfo, dialect.Dialect, *stmtSet, error) {
	if qs == nil {
		return nil, nil, nil, errNilDB
	}
	return prepare[T](ctx, qs.db)
}

// selectSQL builds the SELECT for the QuerySet with extra conditions.
func (qs *QuerySet[T]) selectSQL(m *modelInfo, d dialect.Dialect, s *stmtSet, extra []Condition, ordered bool, limit int) (string, []any, error) {
	b := &sqlBuf{d: d}
	b.str("SELECT ")
	b.str(s.selectCols)
	b.str(" FROM ")
	b.str(s.from)
	c := &whereCompiler{m: m, vs: &s.vs, b: b}
	conds := qs.where
	if len(extra) > 0 {
		conds = append(slices.Clip(conds), extra...)
	}
	if err := c.where(conds); err != nil {
		return "", nil, err
	}
	if ordered {
		if err := qs.orderBy(m, b); err != nil {
			return "", nil, err
		}
	}
	if limit > 0 {
		b.limit(limit)
	}
	qs.lock.appendTo(b)
	return b.String(), b.args, nil
}

func (qs *QuerySet[T]) orderBy(m *modelInfo, b *sqlBuf) error {
	terms := m.ordering
	if qs.order != nil {
		terms = nil
		for _, o := range qs.order {
			name, desc := strings.CutPrefix(o, "-")
			f := m.byName[name]
			if name == "pk" {
				f = m.pk
			}
			if f == nil {
				return queryError("%s: cannot order by %q: no such field; valid fields are %s", m.name, o, m.fieldList())
			}
			terms = append(terms, orderTerm{f: f, desc: desc})
		}
	}
	for i, t := range terms {
		if i == 0 {
			b.str(" ORDER BY ")
		} else {
			b.str(", ")
		}
		b.col(m.table, t.f.column)
		if t.desc {
			b.str(" DESC")
		} else {
			b.str(" ASC")
		}
	}
	return nil
}

// All runs the query and returns every matching row, in the QuerySet's
// ordering (OrderBy, else Meta.Ordering, else the database's order).
func (qs *QuerySet[T]) All(ctx context.Context) ([]T, error) {
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	if err := qs.lock.check(ctx, qs.db, d); err != nil {
		return nil, err
	}
	query, args, err := qs.selectSQL(m, d, s, nil, true, 0)
	if err != nil {
		return nil, err
	}
	rows, err := queryContext(ctx, qs.db, query, args...)
	if err != nil {
		return nil, m.dbError("all", d, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var zero T
		out = append(out, zero)
		if err := m.scanRow(rows, unsafe.Pointer(&out[len(out)-1])); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, m.dbError("all", d, err)
	}
	return out, nil
}

// Count returns the number of matching rows (SELECT COUNT(*)).
func (qs *QuerySet[T]) Count(ctx context.Context) (int64, error) {
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return 0, err
	}
	b := &sqlBuf{d: d}
	b.str("SELECT COUNT(*) FROM ")
	b.str(s.from)
	c := &whereCompiler{m: m, vs: &s.vs, b: b}
	if err := c.where(qs.where); err != nil {
		return 0, err
	}
	var n int64
	if err := queryRowScan(ctx, qs.db, &n, b.String(), b.args...); err != nil {
		return 0, m.dbError("count", d, err)
	}
	return n, nil
}

// Get returns the one row matching the QuerySet's conditions and conds:
// Django's get(). No row is an error wrapping ErrDoesNotExist (which also
// matches sql.ErrNoRows); more than one is an error wrapping
// ErrMultipleObjectsReturned that says how many (up to "more than 20").
//
//	p, err := orm.Objects[Product](db).Get(ctx, orm.Q{"pk": 1})
func (qs *QuerySet[T]) Get(ctx context.Context, conds ...Condition) (*T, error) {
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	if err := qs.lock.check(ctx, qs.db, d); err != nil {
		return nil, err
	}
	var (
		rows   *sql.Rows
		unique bool
	)
	if v, ok := m.pkOnly(qs.where, conds); ok && !qs.lock.on {
		// The common case, get by primary key: cached SQL, one argument.
		key, err := m.pkArg(&s.vs, v)
		if err != nil {
			return nil, err
		}
		unique = true
		rows, err = queryContext(ctx, qs.db, s.selectPK, key)
		if err != nil {
			return nil, m.dbError("get", d, err)
		}
	} else {
		limit := maxGetResults
		if qs.lock.on {
			limit = 0 // every matching row is locked (Oracle: no FOR UPDATE with a limit)
		}
		query, args, err := qs.selectSQL(m, d, s, conds, false, limit)
		if err != nil {
			return nil, err
		}
		rows, err = queryContext(ctx, qs.db, query, args...)
		if err != nil {
			return nil, m.dbError("get", d, err)
		}
	}
	obj, err := getOne[T](m, rows, unique)
	if err != nil {
		return nil, m.dbError("get", d, err)
	}
	return obj, nil
}

// getOne reads the single row of a Get and closes rows on every path.
func getOne[T any](m *modelInfo, rows *sql.Rows, unique bool) (*T, error) {
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		rows.Close()
		return nil, m.notFound()
	}
	obj := new(T)
	if err := m.scanRow(rows, unsafe.Pointer(obj)); err != nil {
		rows.Close()
		return nil, err
	}
	if !unique {
		n := 1
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		if n > 1 {
			rows.Close()
			how := fmt.Sprintf("%d", n)
			if n >= maxGetResults {
				how = fmt.Sprintf("more than %d", maxGetResults-1)
			}
			return nil, fmt.Errorf("sqlorm: get() returned more than one %s -- it returned %s: %w", m.name, how, ErrMultipleObjectsReturned)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	return obj, nil
}

func (m *modelInfo) notFound() error {
	return fmt.Errorf("sqlorm: %s matching query does not exist: %w", m.name, ErrDoesNotExist)
}

// pkOnly reports whether the conditions are exactly one equality on the
// primary key, returning the value.
func (m *modelInfo) pkOnly(where, conds []Condition) (any, bool) {
	if len(where) != 0 || len(conds) != 1 {
		return nil, false
	}
	q, ok := conds[0].(Q)
	if !ok || len(q) != 1 {
		return nil, false
	}
	for k, v := range q {
		if v == nil {
			return nil, false
		}
		switch k {
		case "pk", "pk__exact":
			return v, true
		}
		if name, ok := strings.CutSuffix(k, "__exact"); ok {
			k = name
		}
		if k == m.pk.name {
			return v, true
		}
	}
	return nil, false
}

// pkArg converts a primary-key value for binding.
func (m *modelInfo) pkArg(vs *valueStyle, v any) (any, error) {
	switch x := v.(type) {
	case int64:
		if isIntKind(m.pk.kind) {
			return v, nil // already boxed: no new allocation
		}
	case int:
		if isIntKind(m.pk.kind) {
			return int64(x), nil
		}
	}
	return m.pk.queryValue(vs, v)
}

// Create inserts obj as a new row, Django's objects.create(): it calls
// BeforeSave, fills every field that has a default and holds its Go zero
// value (a nil pointer, an invalid sql.Null, "" or 0) with that default,
// sets auto_now and auto_now_add fields to the current time (UTC, to the
// microsecond), inserts every column, and sets obj's primary key from the
// database when it is generated. Then it calls AfterSave.
//
// Because a zero value counts as "not given" for fields with a default, a
// zero value cannot be inserted over a default with Create: use
// orm.New[T]() (which applies defaults up front) and Save, or a pointer
// field.
func (qs *QuerySet[T]) Create(ctx context.Context, obj *T) error {
	if obj == nil {
		return queryError("Create: nil *%s", typeName(reflect.TypeFor[T]()))
	}
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return err
	}
	p := unsafe.Pointer(obj)
	if m.beforeSave {
		if err := any(obj).(BeforeSaver).BeforeSave(ctx); err != nil {
			return err
		}
	}
	m.applyDefaults(p, true)
	if len(m.autoNowFields)+len(m.autoNowAddFields) > 0 {
		now := nowUTC()
		for _, f := range m.autoNowAddFields {
			f.setTime(p, now)
		}
		for _, f := range m.autoNowFields {
			f.setTime(p, now)
		}
	}
	if err := m.insert(ctx, qs.db, d, s, p); err != nil {
		return err
	}
	if m.afterSave {
		return any(obj).(AfterSaver).AfterSave(ctx)
	}
	return nil
}

// New returns a new T with every field default applied, Django's Model():
// what Create would fill in, done up front so the caller can change any
// field (to a zero value too) before Save. If T is not a valid model, New
// returns a zero T; Register says what is wrong.
func New[T any]() *T {
	obj := new(T)
	if m, err := infoFor(reflect.TypeFor[T]()); err == nil {
		m.applyDefaults(unsafe.Pointer(obj), true)
	}
	return obj
}
