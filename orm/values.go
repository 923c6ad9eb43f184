package orm

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
)

// ValuesQuerySet is a QuerySet whose rows are maps from field name to
// value: Django's values(). Make one with QuerySet.Values; refine the
// QuerySet (Filter, OrderBy, Limit, Distinct ...) before calling Values.
// Like a QuerySet it is immutable and lazy.
type ValuesQuerySet[T any] struct {
	q      query
	fields []string
	extra  []string // annotations added by Annotate, selected after fields
}

// Values returns a QuerySet of maps holding the named fields of each row:
// Django's values(). A name is a field, "pk", a foreign key's column name,
// or a path across foreign keys ("category__name", read through a LEFT
// OUTER JOIN where the key may be NULL); each map has one entry per name,
// keyed by the name as given. With no names every field of the model is
// included, foreign keys under their column name ("category_id"), as in
// Django.
//
// Values have the Go type of the field's base value: string, int64 (every
// integer field and foreign key), float64, bool, decimal.Decimal,
// time.Time, []byte, the UUID or JSON field's own type ...; NULL is nil.
//
//	rows, err := products.Values("name", "price").All(ctx) // []map[string]any
func (qs *QuerySet[T]) Values(fields ...string) *ValuesQuerySet[T] {
	n := qs.clone()
	return &ValuesQuerySet[T]{q: n.query, fields: append([]string{}, fields...)}
}

// Annotate returns a new ValuesQuerySet that also computes anns for each
// row: Django's values(...).annotate(...), the GROUP BY idiom. With an
// aggregate the rows are grouped by the values' fields, so there is one
// row per distinct combination of them, with the aggregates over its
// rows; the maps hold the fields and the annotations.
//
//	rows, err := orm.Objects[Track](db).Values("genre__name").
//		Annotate(orm.Sum(orm.F("unit_price").Mul(orm.F("quantity"))).As("revenue")).
//		OrderBy("-revenue").All(ctx)
//
// A Filter on an aggregate's name after Annotate is in HAVING; OrderBy
// may name the annotations. The rules of QuerySet.Annotate apply.
func (v *ValuesQuerySet[T]) Annotate(anns ...Annotation) *ValuesQuerySet[T] {
	n := &ValuesQuerySet[T]{q: v.q, fields: v.fields, extra: slices.Clip(v.extra)}
	before := len(n.q.annots)
	n.q.annotate(typeNameOf[T](), reflect.TypeFor[T](), anns, true)
	for _, a := range n.q.annots[before:] {
		n.extra = append(n.extra, a.name)
	}
	return n
}

// Filter returns a new ValuesQuerySet restricted further, as
// QuerySet.Filter; after Annotate a condition on an aggregate's name is
// written in HAVING.
func (v *ValuesQuerySet[T]) Filter(conds ...Condition) *ValuesQuerySet[T] {
	qs := (&QuerySet[T]{v.q}).Filter(conds...)
	return &ValuesQuerySet[T]{q: qs.query, fields: v.fields, extra: v.extra}
}

// OrderBy returns a new ValuesQuerySet ordered by keys, as
// QuerySet.OrderBy; a key may name an annotation.
func (v *ValuesQuerySet[T]) OrderBy(keys ...any) *ValuesQuerySet[T] {
	qs := (&QuerySet[T]{v.q}).OrderBy(keys...)
	return &ValuesQuerySet[T]{q: qs.query, fields: v.fields, extra: v.extra}
}

// All runs the query and returns one map per row. A query that can match
// no row returns nil without sending a statement.
func (v *ValuesQuerySet[T]) All(ctx context.Context) ([]map[string]any, error) {
	var out []map[string]any
	err := runValues[T](ctx, &v.q, v.fields, v.extra, func(cols []valCol, vals []any) {
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			m[c.name] = vals[i]
		}
		out = append(out, m)
	})
	return out, err
}

// SQL returns the statement All would run and its arguments, for the
// dialect of the QuerySet's database; see QuerySet.SQL.
func (v *ValuesQuerySet[T]) SQL() (string, []any, error) {
	d, err := detect(v.q.db)
	if err != nil {
		return "", nil, err
	}
	return v.SQLFor(d)
}

// SQLFor is SQL for dialect d.
func (v *ValuesQuerySet[T]) SQLFor(d dialect.Dialect) (string, []any, error) {
	return valuesSQLFor[T](&v.q, v.fields, v.extra, d)
}

// ValuesListQuerySet is a QuerySet whose rows are slices of values:
// Django's values_list(). Make one with QuerySet.ValuesList.
type ValuesListQuerySet[T any] struct {
	q      query
	fields []string
}

// ValuesList returns a QuerySet of rows holding the named fields in order:
// Django's values_list(). Names and value types are those of Values. For a
// single field as a typed slice, use ValuesListFlat.
//
//	rows, err := products.ValuesList("name", "price").All(ctx) // [][]any
func (qs *QuerySet[T]) ValuesList(fields ...string) *ValuesListQuerySet[T] {
	n := qs.clone()
	return &ValuesListQuerySet[T]{q: n.query, fields: append([]string{}, fields...)}
}

// All runs the query and returns one slice per row, in the order of the
// names. A query that can match no row returns nil without a statement.
func (v *ValuesListQuerySet[T]) All(ctx context.Context) ([][]any, error) {
	var out [][]any
	err := runValues[T](ctx, &v.q, v.fields, nil, func(cols []valCol, vals []any) {
		out = append(out, slices.Clone(vals))
	})
	return out, err
}

// SQL returns the statement All would run and its arguments; see
// QuerySet.SQL.
func (v *ValuesListQuerySet[T]) SQL() (string, []any, error) {
	d, err := detect(v.q.db)
	if err != nil {
		return "", nil, err
	}
	return v.SQLFor(d)
}

// SQLFor is SQL for dialect d.
func (v *ValuesListQuerySet[T]) SQLFor(d dialect.Dialect) (string, []any, error) {
	return valuesSQLFor[T](&v.q, v.fields, nil, d)
}

// ValuesListFlat returns one field of every row the QuerySet matches, as a
// []V: Django's values_list(field, flat=True).
//
//	names, err := orm.ValuesListFlat[string](ctx, products.OrderBy("name"), "name")
//
// V may be the field's own Go type (*string for a nullable text field,
// decimal.Decimal, time.Time, orm.FK[Category] ...), its base type (then a
// NULL is an error, as when loading a model), any (the value Values would
// give), or another type database/sql can convert the column's value to
// (int64 for an int32 field, string for a number). field is as for Values.
func ValuesListFlat[V any, T any](ctx context.Context, qs *QuerySet[T], field string) ([]V, error) {
	if qs == nil {
		return nil, errNilDB
	}
	m, _, _, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	vt := reflect.TypeFor[V]()
	var out []V
	err = runValuesWith[T](ctx, &qs.query, []string{field}, nil, func(cols []valCol, rs readStyle) ([]any, func() error, error) {
		if cols[0].ann != nil {
			return nil, nil, queryError("%s: ValuesListFlat of the annotation %q is not supported; use Values", m.name, field)
		}
		f := cols[0].r.f
		var cur V
		var dest any
		switch {
		case vt == f.typ:
			dest = &addrScanner{f: f, p: unsafe.Pointer(&cur), rs: rs}
		case vt == f.base:
			dest = &baseScanner{f: f, p: unsafe.Pointer(&cur), rs: rs}
		case vt.Kind() == reflect.Interface && vt.NumMethod() == 0:
			vs := &valueScanner{f: f, rs: rs}
			return []any{vs}, func() error {
				var x V
				if vs.v != nil {
					x = vs.v.(V)
				}
				out = append(out, x)
				return nil
			}, nil
		default:
			dest = &cur
		}
		return []any{dest}, func() error {
			out = append(out, cur)
			var zero V
			cur = zero
			return nil
		}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("ValuesListFlat[%s](%s, %q): %w", vt, m.name, field, err)
	}
	return out, nil
}

// addrScanner scans a field's value into a variable of the field's Go type.
type addrScanner struct {
	f  *field
	p  unsafe.Pointer
	rs readStyle
}

func (s *addrScanner) Scan(src any) error { return s.f.scanAt(s.p, src, s.rs) }

// baseScanner scans a non-NULL value into a variable of the field's base
// type.
type baseScanner struct {
	f  *field
	p  unsafe.Pointer
	rs readStyle
}

func (s *baseScanner) Scan(src any) error {
	if src == nil {
		return fmt.Errorf("sqlorm: %s.%s: the database returned NULL; use %s or any for a nullable field", s.f.model, s.f.goName, s.f.typ)
	}
	return s.f.scanBase(s.p, src, s.rs)
}

// valueScanner decodes one column into the Go value Values returns: the
// field's base type, or nil for NULL.
type valueScanner struct {
	f  *field
	v  any
	rs readStyle
}

func (s *valueScanner) Scan(src any) error {
	if src == nil {
		s.v = nil
		return nil
	}
	p := reflect.New(s.f.base)
	if err := s.f.scanBase(p.UnsafePointer(), src, s.rs); err != nil {
		return err
	}
	s.v = p.Elem().Interface()
	return nil
}

// discard is a scan destination for a column read only for the statement's
// sake (an ordering column under DISTINCT).
type discard struct{}

func (discard) Scan(any) error { return nil }

// detect returns db's dialect.
func detect(db *sql.DB) (dialect.Dialect, error) {
	if db == nil {
		return nil, errNilDB
	}
	return dialect.Detect(db)
}

func valuesSQLFor[T any](q *query, fields, extra []string, d dialect.Dialect) (string, []any, error) {
	if q.err != nil {
		return "", nil, q.err
	}
	if d == nil {
		return "", nil, fmt.Errorf("sqlorm: SQLFor: nil dialect: %w", dialect.ErrUnknownDialect)
	}
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return "", nil, err
	}
	st, _, err := q.selectValues(m, d, m.stmtsFor(d), fields, extra)
	if err != nil {
		return "", nil, err
	}
	if st.never {
		return "", nil, ErrEmptyResultSet
	}
	return st.sql, st.args, nil
}

// runValues runs the values query and calls row for each row with the
// decoded values, in column order.
func runValues[T any](ctx context.Context, q *query, fields, extra []string, row func([]valCol, []any)) error {
	return runValuesWith[T](ctx, q, fields, extra, func(cols []valCol, rs readStyle) ([]any, func() error, error) {
		vals := make([]valueScanner, len(cols))
		raws := make([]rawScanner, len(cols))
		dest := make([]any, len(cols))
		for i, c := range cols {
			if c.ann != nil {
				dest[i] = &raws[i]
				continue
			}
			vals[i].f, vals[i].rs = c.r.f, rs
			dest[i] = &vals[i]
		}
		out := make([]any, len(cols))
		return dest, func() error {
			for i, c := range cols {
				if c.ann == nil {
					out[i] = vals[i].v
					continue
				}
				v, err := c.ann.convert(raws[i].v)
				if err != nil {
					return fmt.Errorf("sqlorm: annotation %s: %w", c.name, err)
				}
				out[i] = v
			}
			row(cols, out)
			return nil
		}, nil
	})
}

// runValuesWith runs the values query; setup returns the scan
// destinations of the selected columns and a function called after each
// row is scanned.
func runValuesWith[T any](ctx context.Context, q *query, fields, extra []string, setup func([]valCol, readStyle) ([]any, func() error, error)) error {
	q, ctx = q.boundRead(ctx, reflect.TypeFor[T]())
	if q.err != nil {
		return q.err
	}
	m, d, s, err := prepare[T](ctx, q.db)
	if err != nil {
		return err
	}
	st, cols, err := q.selectValues(m, d, s, fields, extra)
	if err != nil || st.never {
		return err
	}
	dest, each, err := setup(cols, s.vs.read())
	if err != nil {
		return err
	}
	for len(dest) < st.cols {
		dest = append(dest, discard{})
	}
	rows, err := queryContext(ctx, q.db, st.sql, st.args...)
	if err != nil {
		return m.dbError("values", d, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := each(); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		markFailed(ctx, q.db, err)
		return m.dbError("values", d, err)
	}
	return nil
}

// valuesStmt is a compiled values query: the statement and how many
// columns it selects (the fields, then ordering columns DISTINCT needs).
type valuesStmt struct {
	stmt
	cols int
}

// valCol is one column of a values query: a field path or an annotation.
type valCol struct {
	name string
	r    ref
	ann  *annItem
}

// selectValues builds the SELECT of a Values query: the named fields (all
// the model's when there are none), then the annotations named in extra.
func (q *query) selectValues(m *modelInfo, d dialect.Dialect, s *stmtSet, names, extra []string) (valuesStmt, []valCol, error) {
	c := newCompiler(m, d, s, q.reg)
	where, having, err := c.prepareQuery(q, nil)
	if err != nil {
		return valuesStmt{}, nil, err
	}
	where, qual, err := c.splitWindow(where) // a Filter on a Window: window.go
	if err != nil {
		return valuesStmt{}, nil, err
	}
	var cols []valCol
	if len(names) == 0 {
		for _, f := range m.fields {
			key := f.name
			if f.fkTarget != nil {
				key = f.column // Django's attname
			}
			cols = append(cols, valCol{name: key, r: ref{path: key, f: f}})
		}
		if len(extra) == 0 {
			for _, a := range c.anns {
				cols = append(cols, valCol{name: a.spec.name, ann: a})
			}
		}
	} else {
		for _, n := range names {
			if a := c.annotation(n); a != nil && a.spec.name == n {
				cols = append(cols, valCol{name: n, ann: a})
				continue
			}
			r, err := c.resolve(n, false)
			if err != nil {
				return valuesStmt{}, nil, err
			}
			c.promote(r)
			cols = append(cols, valCol{name: n, r: r})
		}
	}
	for _, n := range extra {
		if a := c.annotation(n); a != nil && !slices.ContainsFunc(cols, func(v valCol) bool { return v.ann == a }) {
			cols = append(cols, valCol{name: n, ann: a})
		}
	}
	if q.none || q.limit == 0 {
		return valuesStmt{stmt: stmt{never: true}}, cols, nil
	}
	group := c.grouping()
	var order []orderItem
	if q.orderSet || !group {
		if order, err = c.prepareOrder(q.order, q.orderSet, q.reverse); err != nil {
			return valuesStmt{}, nil, err
		}
	}
	c.finishJoins()
	selectAt := c.b.Len()
	c.b.str("SELECT ")
	if q.distinct {
		c.b.str("DISTINCT ")
	}
	n := 0
	selected := map[[2]string]bool{}
	for _, v := range cols {
		if n > 0 {
			c.b.str(", ")
		}
		n++
		if v.ann != nil {
			if err := c.writeAnn(v.ann); err != nil {
				return valuesStmt{}, nil, err
			}
			c.b.str(" AS ")
			c.b.ident(v.name)
			continue
		}
		c.col(v.r)
		selected[[2]string{c.alias(v.r.j), v.r.f.column}] = true
	}
	if q.distinct {
		// SELECT DISTINCT needs its ORDER BY columns in the select list
		// (PostgreSQL insists); as in Django they are added, and take
		// part in what is distinct.
		for _, it := range order {
			if it.random || it.e != nil || it.ann != nil {
				continue
			}
			k := [2]string{c.alias(it.r.j), it.r.f.column}
			if !selected[k] {
				selected[k] = true
				c.b.str(", ")
				c.col(it.r)
				n++
			}
		}
	}
	c.writeFrom()
	never, err := c.writeWhere(where)
	if err != nil || never {
		return valuesStmt{stmt: stmt{never: never}}, cols, err
	}
	if group {
		// Values(...).Annotate groups by the values' fields (Django's
		// GROUP BY idiom); Annotate(...).Values by the model's columns.
		at := c.mark()
		c.b.str(" GROUP BY ")
		k := 0
		sep := func() {
			if k > 0 {
				c.b.str(", ")
			}
			k++
		}
		if q.valuesGroup {
			for _, v := range cols {
				if v.ann == nil {
					sep()
					c.col(v.r)
				}
			}
		} else {
			for _, f := range m.fields {
				sep()
				c.b.col(m.table, f.column)
			}
		}
		for _, a := range c.anns {
			if !a.spec.isAgg && !a.spec.e.hasWindow() { // a window is computed after grouping
				sep()
				if err := c.writeAnn(a); err != nil {
					return valuesStmt{}, nil, err
				}
			}
		}
		if k == 0 {
			c.rewind(at)
		}
	}
	if len(having) > 0 {
		never, err := c.writeClause(" HAVING ", having)
		if err != nil || never {
			return valuesStmt{stmt: stmt{never: never}}, cols, err
		}
	}
	if qual != nil {
		if err := qualifiedValues(m, cols); err != nil {
			return valuesStmt{}, nil, err
		}
		never, err := c.writeQualify(selectAt, qual, order)
		if err != nil || never {
			return valuesStmt{stmt: stmt{never: never}}, cols, err
		}
	} else if err := c.writeOrder(order); err != nil {
		return valuesStmt{}, nil, err
	}
	c.writeLimit(q.limit, q.offset)
	return valuesStmt{stmt: stmt{sql: c.b.String(), args: c.b.Args()}, cols: n}, cols, nil
}
