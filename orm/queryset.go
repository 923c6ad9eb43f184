package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// maxGetResults is how many rows Get reads at most to report
// MultipleObjectsReturned (Django's MAX_GET_RESULTS).
const maxGetResults = 21

// ErrEmptyResultSet is returned by SQL and SQLFor for a query that can
// match no row (an empty in, Limit(0), None): Django's EmptyResultSet. Such
// a query needs no statement, and its terminal methods send none: All
// returns no rows, Count 0, Update and Delete 0.
var ErrEmptyResultSet = errors.New("sqlorm: the query matches no row and needs no statement")

// QuerySet is Django's QuerySet for model T on one database: an immutable,
// lazy description of a query. Every method that refines it (Filter,
// Exclude, OrderBy, Limit, ...) returns a new QuerySet and leaves the
// receiver unchanged, so a QuerySet can be kept, reused and shared between
// goroutines. Nothing runs until a terminal method (All, Get, First, Last,
// Count, Exists, Aggregate, Update, Delete, Iterator, ...), and each
// terminal call builds and runs its statement afresh.
//
// Mistakes (an unknown field or lookup, a bad value, a negative limit) are
// reported by the terminal method as an error wrapping ErrInvalidQuery,
// and then no statement is sent.
//
// Every statement runs on the transaction carried by the context if there
// is one (Atomic, WithTx), else on the QuerySet's *sql.DB.
type QuerySet[T any] struct {
	query
}

// query is the state of a QuerySet, shared by its generic methods.
type query struct {
	db       *sql.DB
	dbs      *Databases        // routes each terminal call (db is then its default); nil for a *sql.DB
	reg      *lookups.Registry // nil: lookups.Default()
	where    []Condition       // ANDed; one entry per Filter or Exclude call
	order    []any             // OrderBy keys, when orderSet
	orderSet bool              // false: the model's Meta.Ordering
	reverse  bool
	distinct bool
	limit    int64 // -1: no limit
	offset   int64
	sliced   bool     // Limit or Offset was called
	none     bool     // None(): matches nothing
	only     []string // Only: the fields to load (with the key)
	deferred []string // Defer: the fields not to load
	lock     lockMode // SelectForUpdate
	err      error    // the first mistake made while refining

	annots      []annSpec // Annotate, in order
	valuesGroup bool      // Values(...).Annotate: GROUP BY the values' fields
	selRel      []string  // SelectRelated paths
	prefetch    []string  // PrefetchRelated paths

	combo *combination // Union, Intersection, Difference: setops.go
}

// related reports whether rows need more than the model's own columns
// read, or a second query: SelectRelated, PrefetchRelated, Annotate.
func (q *query) related() bool {
	return len(q.annots) > 0 || len(q.selRel) > 0 || len(q.prefetch) > 0
}

// Objects returns the manager of model T on db: a QuerySet matching every
// row (Django's Model.objects). It is cheap; call it wherever needed. The
// model's metadata is built on first use; an invalid model makes every
// terminal method return its *ModelError.
//
// db is a *sql.DB, or a *Databases whose routers choose the database of
// each terminal call (see Databases).
func Objects[T any](db DB) *QuerySet[T] {
	q := query{limit: -1}
	var err error
	if q.db, q.dbs, err = split(db); err != nil {
		q.err = fmt.Errorf("%s: %w", typeNameOf[T](), err)
	}
	return &QuerySet[T]{q}
}

// clone copies qs; a nil QuerySet (never returned by this package) clones
// to one whose terminal methods report the missing database.
func (qs *QuerySet[T]) clone() *QuerySet[T] {
	if qs == nil {
		return &QuerySet[T]{query{limit: -1}}
	}
	n := *qs
	n.where = slices.Clip(n.where)
	return &n
}

// fail records err unless an earlier mistake was recorded.
func (q *query) fail(err error) {
	if q.err == nil {
		q.err = err
	}
}

// failf records an ErrInvalidQuery error naming the model.
func (qs *QuerySet[T]) failf(format string, args ...any) {
	qs.fail(queryError("%s: "+format, append([]any{typeNameOf[T]()}, args...)...))
}

// typeNameOf is the name of the model type T, for messages.
func typeNameOf[T any]() string { return typeName(reflect.TypeFor[T]()) }

// Filter returns a new QuerySet restricted to the rows matching every one
// of conds, in addition to the receiver's own conditions: Django's
// filter(). Several conditions in one call are ANDed, as are successive
// calls. A Q is copied, so changing the map afterwards does not change the
// QuerySet. Filtering a sliced QuerySet (after Limit or Offset) is an
// error, as in Django.
func (qs *QuerySet[T]) Filter(conds ...Condition) *QuerySet[T] {
	n := qs.clone()
	if n.sliced {
		n.failf("cannot filter a query once a slice has been taken (Limit, Offset)")
		return n
	}
	c, err := combine("Filter", conds)
	if err != nil {
		n.fail(err)
		return n
	}
	if c != nil {
		n.where = append(n.where, c)
	}
	return n
}

// Exclude returns a new QuerySet without the rows matching all of conds:
// Django's exclude(), that is Filter(Not(And(conds...))). As in Django,
// rows where a compared column is NULL are kept:
// Exclude(Q{"company": "x"}) keeps customers without a company
// (NOT (company = 'x' AND company IS NOT NULL)). Excluding an empty in
// excludes nothing.
func (qs *QuerySet[T]) Exclude(conds ...Condition) *QuerySet[T] {
	n := qs.clone()
	if n.sliced {
		n.failf("cannot filter a query once a slice has been taken (Limit, Offset)")
		return n
	}
	c, err := combine("Exclude", conds)
	if err != nil {
		n.fail(err)
		return n
	}
	if c != nil {
		n.where = append(n.where, newNode("Exclude", connAnd, true, []Condition{c}))
	}
	return n
}

// combine returns conds as one condition (copied), or nil when there are
// none. A nil condition among them, at any depth, is an error naming fn.
func combine(fn string, conds []Condition) (Condition, error) {
	switch len(conds) {
	case 0:
		return nil, nil
	case 1:
		c := copyCondition(fn, conds[0])
		return c, condErr(c)
	}
	n := newNode(fn, connAnd, false, conds)
	return n, n.err
}

// OrderBy returns a new QuerySet ordered by keys, replacing any earlier
// ordering and the model's Meta.Ordering: Django's order_by(). A key is
//
//   - a field path: "name", "-name" for descending, "pk", or a path across
//     foreign keys, "category__name"; a foreign key itself ("category")
//     orders by the related model's Meta.Ordering, or by the key column
//     when it has none;
//   - "?" for a random order;
//   - an Expr (ascending), or an OrderExpr from Expr.Asc or Expr.Desc,
//     which can also place NULLs first or last.
//
// OrderBy() with no keys removes every ordering, Meta.Ordering included.
// Anything else is an error when the query runs. Ordering a sliced
// QuerySet is an error, as in Django.
func (qs *QuerySet[T]) OrderBy(keys ...any) *QuerySet[T] {
	n := qs.clone()
	if n.sliced {
		n.failf("cannot reorder a query once a slice has been taken (Limit, Offset)")
		return n
	}
	n.order = slices.Clone(keys)
	n.orderSet = true
	n.reverse = false
	return n
}

// Reverse returns a new QuerySet with its ordering reversed (Django's
// reverse()): descending terms become ascending and the other way round,
// and NULLs placed first go last. A QuerySet without any ordering is not
// changed. Reversing twice restores the original order.
func (qs *QuerySet[T]) Reverse() *QuerySet[T] {
	n := qs.clone()
	n.reverse = !n.reverse
	return n
}

// Distinct returns a new QuerySet that leaves out duplicate rows (SELECT
// DISTINCT): Django's distinct(). It matters for Values and ValuesList,
// whose rows may repeat.
func (qs *QuerySet[T]) Distinct() *QuerySet[T] {
	n := qs.clone()
	n.distinct = true
	return n
}

// Limit returns a new QuerySet that yields at most n rows: the stop of
// Django's slicing, qs[:n] (LIMIT n; OFFSET ... FETCH FIRST n ROWS ONLY on
// Oracle). Limit and Offset are independent of the order in which they are
// called; a later call replaces an earlier one. Limit(0) matches nothing
// and sends no statement. A negative n is an error (Django: "Negative
// indexing is not supported"). After Limit, Filter, Exclude and OrderBy
// are errors, and so are Update and Delete.
func (qs *QuerySet[T]) Limit(n int) *QuerySet[T] {
	c := qs.clone()
	if n < 0 {
		c.failf("Limit(%d): negative indexing is not supported", n)
		return c
	}
	c.limit = int64(n)
	c.sliced = true
	return c
}

// Offset returns a new QuerySet that skips the first n rows: the start of
// Django's slicing, qs[n:]. See Limit. A negative n is an error.
func (qs *QuerySet[T]) Offset(n int) *QuerySet[T] {
	c := qs.clone()
	if n < 0 {
		c.failf("Offset(%d): negative indexing is not supported", n)
		return c
	}
	c.offset = int64(n)
	c.sliced = true
	return c
}

// None returns a new QuerySet that matches no row: Django's none(). Its
// terminal methods send no statement.
func (qs *QuerySet[T]) None() *QuerySet[T] {
	n := qs.clone()
	n.none = true
	return n
}

// Only returns a new QuerySet whose All, Get, First, Iterator ... load only
// the named fields and the primary key: Django's only(). The other fields
// of the returned values hold their Go zero values; unlike Django, sqlorm
// does not load them later on access. Each value remembers what it holds
// (in its ModelState), so that Save writes only the loaded fields and the
// auto_now ones, as Django saves a deferred instance, and Create,
// BulkCreate and BulkUpdate refuse to write the zeros of fields it never
// read. Refresh loads every field. Only replaces an earlier Only or Defer.
// Names are field names (no relations); an unknown name is an error, and
// so is Only on a model that embeds no ModelState.
func (qs *QuerySet[T]) Only(fields ...string) *QuerySet[T] {
	n := qs.clone()
	n.only = append([]string{}, fields...)
	n.deferred = nil
	return n
}

// Defer returns a new QuerySet whose rows are loaded without the named
// fields, which hold their Go zero values: Django's defer(). The caveat of
// Only applies. Successive Defer calls add up; Defer() with no names clears
// them. Deferring the primary key is ignored, as in Django.
func (qs *QuerySet[T]) Defer(fields ...string) *QuerySet[T] {
	n := qs.clone()
	if len(fields) == 0 {
		n.deferred = nil
		return n
	}
	n.deferred = append(slices.Clip(n.deferred), fields...)
	return n
}

// WithLookups returns a new QuerySet that resolves lookup and transform
// names with reg instead of lookups.Default(): how a lookup of the user's
// own, registered with reg.With, becomes usable in Q keys.
//
//	reg, err := lookups.Default().With(lookups.NewLookup("ne", renderNe))
//	qs := orm.Objects[Product](db).WithLookups(reg).Filter(orm.Q{"status__ne": "draft"})
func (qs *QuerySet[T]) WithLookups(reg *lookups.Registry) *QuerySet[T] {
	n := qs.clone()
	n.reg = reg
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

// prepare is prepare[T] for the QuerySet's database (nil-safe); it also
// reports a mistake recorded while the QuerySet was refined.
func (qs *QuerySet[T]) prepare(ctx context.Context) (*modelInfo, dialect.Dialect, *stmtSet, error) {
	if qs == nil {
		return nil, nil, nil, errNilDB
	}
	if qs.err != nil {
		return nil, nil, nil, qs.err
	}
	return prepare[T](ctx, qs.db)
}

// SQL returns the SELECT statement All would run and its arguments,
// without running it, for the dialect of the QuerySet's database. A query
// that can match no row returns ErrEmptyResultSet; a mistake in the query
// returns its error.
func (qs *QuerySet[T]) SQL() (string, []any, error) {
	if qs == nil || qs.db == nil {
		return "", nil, errNilDB
	}
	d, err := dialect.Detect(qs.db)
	if err != nil {
		return "", nil, err
	}
	return qs.SQLFor(d)
}

// SQLFor is SQL for dialect d, whatever database the QuerySet belongs to
// (it may have none).
func (qs *QuerySet[T]) SQLFor(d dialect.Dialect) (string, []any, error) {
	if qs == nil {
		return "", nil, errNilDB
	}
	if qs.err != nil {
		return "", nil, qs.err
	}
	if d == nil {
		return "", nil, fmt.Errorf("sqlorm: SQLFor: nil dialect: %w", dialect.ErrUnknownDialect)
	}
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return "", nil, err
	}
	st, err := qs.selectRows(m, d, m.stmtsFor(d), rowsSpec{ordered: true, limit: qs.limit, offset: qs.offset, lock: true})
	if err != nil {
		return "", nil, err
	}
	if st.never {
		return "", nil, ErrEmptyResultSet
	}
	return st.sql, st.args, nil
}

// stmt is a compiled statement.
type stmt struct {
	sql    string
	args   []any
	never  bool       // the query matches no row: send nothing
	fields []*field   // model rows: the fields selected, in order; nil: all
	nodes  []relNode  // SelectRelated: the related objects selected after the fields
	anns   []*annItem // Annotate: the values selected last
	update updMarks   // Update: where the table and the WHERE clause are
}

// rowsSpec says which SELECT of model rows to build.
type rowsSpec struct {
	extra   []Condition // conditions added by the terminal method (Get)
	ordered bool        // write ORDER BY
	order   []orderItem // an ordering chosen by the terminal method (First, Last)
	limit   int64       // -1: none
	offset  int64
	lock    bool    // FOR UPDATE, if the QuerySet asks for it
	into    *sqlBuf // write after what this holds (a subquery), else anew
}

// loadFields returns the fields Only/Defer select, or nil for all.
func (q *query) loadFields(m *modelInfo) ([]*field, error) {
	if q.only == nil && q.deferred == nil {
		return nil, nil
	}
	pick := map[*field]bool{}
	check := func(what, name string) (*field, error) {
		f, _ := fieldOf(m, name)
		if f == nil {
			if strings.Contains(name, lookups.Sep) {
				return nil, queryError("%s: %s(%q): only the model's own fields can be named (deferring related fields comes with select_related)", m.name, what, name)
			}
			return nil, queryError("%s: %s(%q): no such field; choices are %s", m.name, what, name, m.fieldList())
		}
		return f, nil
	}
	if q.only != nil {
		pick[m.pk] = true
		for _, n := range q.only {
			f, err := check("Only", n)
			if err != nil {
				return nil, err
			}
			pick[f] = true
		}
	} else {
		for _, f := range m.fields {
			pick[f] = true
		}
	}
	for _, n := range q.deferred {
		f, err := check("Defer", n)
		if err != nil {
			return nil, err
		}
		if f != m.pk {
			delete(pick, f)
		}
	}
	var out []*field
	for _, f := range m.fields {
		if pick[f] {
			out = append(out, f)
		}
	}
	if len(out) == len(m.fields) {
		return nil, nil
	}
	if !m.hasState {
		return nil, queryError("%s: Only/Defer: a partial %s could not remember which fields it holds, and Save would write zeros over the others; embed orm.ModelState in %s (orm.Model does), or read the fields with Values/ValuesList", m.name, m.name, m.name)
	}
	return out, nil
}

// selectRows builds the SELECT of model rows for q.
func (q *query) selectRows(m *modelInfo, d dialect.Dialect, s *stmtSet, sp rowsSpec) (stmt, error) {
	fields, err := q.loadFields(m)
	if err != nil {
		return stmt{}, err
	}
	if q.none || sp.limit == 0 {
		return stmt{never: true, fields: fields}, nil
	}
	if q.combo != nil {
		return q.selectCombined(m, d, s, sp)
	}
	c := newCompiler(m, d, s, q.reg)
	if sp.into != nil {
		c.b.Reset(c.d, sp.into.Bytes(), sp.into.Args())
	}
	where, having, err := c.prepareQuery(q, sp.extra)
	if err != nil {
		return stmt{}, err
	}
	where, qual, err := c.splitWindow(where) // a Filter on a Window: window.go
	if err != nil {
		return stmt{}, err
	}
	group := c.grouping()
	order := sp.order
	if sp.ordered && order == nil && (q.orderSet || !group) {
		if order, err = c.prepareOrder(q.order, q.orderSet, q.reverse); err != nil {
			return stmt{}, err
		}
	}
	var nodes []relNode
	if len(q.selRel) > 0 {
		if nodes, err = c.prepareSelectRelated(q.selRel); err != nil {
			return stmt{}, err
		}
	}
	c.finishJoins()
	selectAt := c.b.Len()
	c.b.str("SELECT ")
	if q.distinct {
		c.b.str("DISTINCT ")
	}
	cols := func() {
		if fields == nil {
			c.b.str(s.selectCols)
		} else {
			for i, f := range fields {
				if i > 0 {
					c.b.str(", ")
				}
				c.b.col(m.table, f.column)
			}
		}
		for _, n := range nodes {
			for _, f := range n.m.fields {
				c.b.str(", ")
				c.b.col(n.j.alias, f.column)
			}
		}
	}
	cols()
	for _, a := range c.anns {
		c.b.str(", ")
		if err := c.writeAnn(a); err != nil {
			return stmt{}, err
		}
		c.b.str(" AS ")
		c.b.ident(a.spec.name)
	}
	c.writeFrom()
	never, err := c.writeWhere(where)
	if err != nil || never {
		return stmt{never: never, fields: fields}, err
	}
	if group {
		c.b.str(" GROUP BY ")
		cols()
		for _, a := range c.anns {
			if !a.spec.isAgg && !a.spec.e.hasWindow() { // a window is computed after grouping
				c.b.str(", ")
				if err := c.writeAnn(a); err != nil {
					return stmt{}, err
				}
			}
		}
	}
	if len(having) > 0 {
		never, err := c.writeClause(" HAVING ", having)
		if err != nil || never {
			return stmt{never: never, fields: fields}, err
		}
	}
	if qual != nil {
		if len(nodes) > 0 || (sp.lock && q.lock.on) {
			return stmt{}, queryError("%s: a Filter on a window annotation cannot be combined with SelectRelated or SelectForUpdate", m.name)
		}
		never, err := c.writeQualify(selectAt, qual, order)
		if err != nil || never {
			return stmt{never: never, fields: fields}, err
		}
	} else if err := c.writeOrder(order); err != nil {
		return stmt{}, err
	}
	c.writeLimit(sp.limit, sp.offset)
	if sp.lock && qual == nil {
		q.lock.appendTo(&c.b)
	}
	return stmt{sql: c.b.String(), args: c.b.Args(), fields: fields, nodes: nodes, anns: c.anns}, nil
}

// capLimit composes a further limit of n rows with the QuerySet's own, as
// slicing a sliced QuerySet does in Django (qs[5:10][:1] is one row from
// the sixth).
func (q *query) capLimit(n int64) int64 {
	if q.limit >= 0 && q.limit < n {
		return q.limit
	}
	return n
}

// All runs the query and returns every matching row, in the QuerySet's
// ordering (OrderBy, else Meta.Ordering, else the database's order). A
// query that can match no row returns nil without sending a statement.
func (qs *QuerySet[T]) All(ctx context.Context) ([]T, error) {
	qs, ctx = qs.forRead(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	if qs.related() {
		return allRelated[T](ctx, &qs.query, m, d, s, rowsSpec{ordered: true, limit: qs.limit, offset: qs.offset, lock: true})
	}
	if err := qs.lock.check(ctx, qs.db, d); err != nil {
		return nil, err
	}
	st, err := qs.selectRows(m, d, s, rowsSpec{ordered: true, limit: qs.limit, offset: qs.offset, lock: true})
	if err != nil || st.never {
		return nil, err
	}
	rows, err := queryContext(ctx, qs.db, st.sql, st.args...)
	if err != nil {
		return nil, m.dbError("all", d, err)
	}
	defer rows.Close()
	var out []T
	if qs.limit > 0 && qs.limit <= 1000 {
		out = make([]T, 0, qs.limit)
	}
	var sc *subsetScanner
	if st.fields != nil {
		sc = newSubsetScanner(m, st.fields, s.vs.read())
	}
	for rows.Next() {
		var zero T
		out = append(out, zero)
		p := unsafe.Pointer(&out[len(out)-1])
		if sc != nil {
			err = sc.scan(rows, p)
		} else {
			err = m.scanRow(rows, p, s.vs.read())
		}
		if err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		markFailed(ctx, qs.db, err)
		return nil, m.dbError("all", d, err)
	}
	return out, nil
}

// subsetScanner scans rows holding some of a model's fields (Only, Defer)
// and records in each which fields it holds.
type subsetScanner struct {
	m        *modelInfo
	ls       *loadedSet
	scanners []fieldScanner
	dest     []any
}

func newSubsetScanner(m *modelInfo, fields []*field, rs readStyle) *subsetScanner {
	s := &subsetScanner{m: m, ls: m.loadedFor(fields), scanners: make([]fieldScanner, len(fields)), dest: make([]any, len(fields))}
	for i, f := range fields {
		s.scanners[i].f, s.scanners[i].rs = f, rs
		s.dest[i] = &s.scanners[i]
	}
	return s
}

func (s *subsetScanner) scan(rows *sql.Rows, p unsafe.Pointer) error {
	for i := range s.scanners {
		s.scanners[i].p = p
	}
	err := rows.Scan(s.dest...)
	for i := range s.scanners {
		s.scanners[i].p = nil
	}
	s.m.setLoaded(p, s.ls)
	return err
}

// Get returns the one row matching the QuerySet's conditions and conds:
// Django's get(). No row is an error wrapping ErrDoesNotExist (which also
// matches sql.ErrNoRows); more than one is an error wrapping
// ErrMultipleObjectsReturned that says how many (up to "more than 20").
// The ordering is ignored, as in Django.
//
//	p, err := orm.Objects[Product](db).Get(ctx, orm.Q{"pk": 1})
func (qs *QuerySet[T]) Get(ctx context.Context, conds ...Condition) (*T, error) {
	qs, ctx = qs.forRead(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	if err := qs.lock.check(ctx, qs.db, d); err != nil {
		return nil, err
	}
	for _, c := range conds {
		if err := nilCheck("Get", c); err != nil {
			return nil, err
		}
	}
	if qs.sliced && len(conds) > 0 {
		return nil, queryError("%s: cannot filter a query once a slice has been taken (Limit, Offset)", m.name)
	}
	var (
		rows   *sql.Rows
		unique bool
	)
	if v, ok := m.pkOnly(qs.where, conds); ok && !qs.lock.on && !qs.none && !qs.sliced && qs.only == nil && qs.deferred == nil && !qs.related() {
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
		obj, err := getOne[T](ctx, qs.db, m, rows, unique, nil, s.vs.read())
		if err != nil {
			return nil, m.dbError("get", d, err)
		}
		return obj, nil
	}
	limit := qs.capLimit(maxGetResults)
	if qs.lock.on && !qs.sliced {
		limit = -1 // every matching row is locked (Oracle: no FOR UPDATE with a limit)
	}
	extra, err := combine("Get", conds)
	if err != nil {
		return nil, err
	}
	var ex []Condition
	if extra != nil {
		ex = []Condition{extra}
	}
	if qs.related() {
		return getRelated[T](ctx, &qs.query, m, d, s, rowsSpec{extra: ex, limit: limit, offset: qs.offset, lock: true}, false)
	}
	st, err := qs.selectRows(m, d, s, rowsSpec{extra: ex, limit: limit, offset: qs.offset, lock: true})
	if err != nil {
		return nil, err
	}
	if st.never {
		return nil, m.notFound()
	}
	rows, err = queryContext(ctx, qs.db, st.sql, st.args...)
	if err != nil {
		return nil, m.dbError("get", d, err)
	}
	obj, err := getOne[T](ctx, qs.db, m, rows, false, st.fields, s.vs.read())
	if err != nil {
		return nil, m.dbError("get", d, err)
	}
	return obj, nil
}

// getOne reads the single row of a Get and closes rows on every path.
// fields are the columns selected (nil: all). A failure while reading the
// rows breaks an atomic block on db, as the query's own failure would.
func getOne[T any](ctx context.Context, db *sql.DB, m *modelInfo, rows *sql.Rows, unique bool, fields []*field, rs readStyle) (*T, error) {
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			rows.Close()
			markFailed(ctx, db, err)
			return nil, err
		}
		rows.Close()
		return nil, m.notFound()
	}
	obj := new(T)
	var err error
	if fields != nil {
		err = newSubsetScanner(m, fields, rs).scan(rows, unsafe.Pointer(obj))
	} else {
		err = m.scanRow(rows, unsafe.Pointer(obj), rs)
	}
	if err != nil {
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
			markFailed(ctx, db, err)
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
		if _, isExpr := exprOf(v); isExpr {
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
	qs = qs.forWrite(ctx)
	if obj == nil {
		return queryError("Create: nil *%s", typeName(reflect.TypeFor[T]()))
	}
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return err
	}
	p := unsafe.Pointer(obj)
	if ls := m.loaded(p); ls != nil {
		return m.partialError("Create", ls)
	}
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
