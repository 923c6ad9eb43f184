package orm

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// aggFunc is an aggregate function.
type aggFunc uint8

const (
	aggSum aggFunc = iota + 1
	aggAvg
	aggCount
	aggMin
	aggMax
	aggStdDev
	aggVariance
)

var aggNames = map[aggFunc]string{
	aggSum: "sum", aggAvg: "avg", aggCount: "count", aggMin: "min", aggMax: "max",
	aggStdDev: "stddev", aggVariance: "variance",
}

// Aggregate is an aggregate over the rows of a QuerySet, for
// QuerySet.Aggregate: Django's Sum, Avg, Count, Min, Max, StdDev and
// Variance. Make one with those functions and refine it with As, Distinct,
// Default and Sample; each returns a new value.
//
// The argument is a field path (as in a Q key, across foreign keys too:
// "category__name"), an Expr (F("price").Mul(F("quantity"))), or for Count
// "*" (every row).
type Aggregate struct {
	fn       aggFunc
	field    string // a field path, or "*"
	e        *expr  // an expression instead of a field
	alias    string
	distinct bool
	hasDef   bool
	def      any
	sample   bool
	err      error
}

func newAggregate(fn aggFunc, field any) Aggregate {
	a := Aggregate{fn: fn}
	switch x := field.(type) {
	case string:
		a.field = x
	case Expr:
		if x.e == nil {
			a.err = queryError("%s: an empty Expr", strings.ToUpper(aggNames[fn]))
		}
		a.e = x.e
		if x.e != nil && x.e.op == 'f' {
			a.field, a.e = x.e.name, nil
		}
	default:
		a.err = queryError("%s(%v): %T is not a field name or an Expr", strings.ToUpper(aggNames[fn]), field, field)
	}
	return a
}

// Sum returns the sum of field over the rows (SUM), Django's Sum. It is an
// int64 for integer fields, a decimal.Decimal for decimal fields, a float64
// for float fields; nil when there are no rows, unless Default says
// otherwise.
func Sum(field any) Aggregate { return newAggregate(aggSum, field) }

// Avg returns the mean of field over the rows (AVG), Django's Avg: a
// decimal.Decimal for decimal fields, else a float64; nil when there are
// no rows.
func Avg(field any) Aggregate { return newAggregate(aggAvg, field) }

// Count returns the number of rows where field is not NULL (COUNT), or of
// every row for "*", Django's Count: an int64, 0 when there are no rows.
// With Distinct it counts distinct values.
func Count(field any) Aggregate { return newAggregate(aggCount, field) }

// Min returns the smallest value of field (MIN), Django's Min, with the
// field's own Go base type (time.Time, string, int64, decimal.Decimal ...);
// nil when there are no rows.
func Min(field any) Aggregate { return newAggregate(aggMin, field) }

// Max returns the greatest value of field (MAX), Django's Max, typed as
// for Min.
func Max(field any) Aggregate { return newAggregate(aggMax, field) }

// StdDev returns the population standard deviation of field
// (STDDEV_POP), or the sample standard deviation with Sample, Django's
// StdDev: a float64; nil when there are no rows (or, for a sample, fewer
// than two). SQLite has no such function: there it is computed from SUM
// and COUNT of the values and their squares, in floating point.
func StdDev(field any) Aggregate { return newAggregate(aggStdDev, field) }

// Variance returns the population variance of field (VAR_POP), or the
// sample variance with Sample, Django's Variance: a float64, computed as
// for StdDev on SQLite.
func Variance(field any) Aggregate { return newAggregate(aggVariance, field) }

// As returns a copy of the aggregate with the result key alias, which is also
// the column alias in the SQL. It must be an identifier (ASCII letters,
// digits and underscores, not starting with a digit; dialect.CheckIdent);
// anything else is an error wrapping ErrInvalidQuery when the query runs.
// Without As the key is Django's default, "<field>__<function>":
// "price__sum", "id__count"; an aggregate of "*" or of an expression has
// no default and needs As.
func (a Aggregate) As(alias string) Aggregate { a.alias = alias; return a }

// Distinct returns a copy of the aggregate over distinct values only
// (COUNT(DISTINCT x)), for Count, Sum and Avg, as in Django; on the others
// it is an error.
func (a Aggregate) Distinct() Aggregate { a.distinct = true; return a }

// Default returns a copy of the aggregate that gives v instead of nil when
// there are no rows: COALESCE(SUM(x), v), Django's default=. v is bound as
// a value of the field. Count, which gives 0, takes no default.
func (a Aggregate) Default(v any) Aggregate { a.hasDef, a.def = true, v; return a }

// Sample returns a copy of a StdDev or Variance over a sample (STDDEV_SAMP,
// VAR_SAMP) instead of the whole population: Django's sample=True. On the
// other aggregates it is an error.
func (a Aggregate) Sample() Aggregate { a.sample = true; return a }

// name returns the result key.
func (a Aggregate) name() (string, error) {
	if a.alias != "" {
		return a.alias, nil
	}
	if a.e != nil {
		return "", queryError("%s(%s): an aggregate of an expression needs a name; use As", strings.ToUpper(aggNames[a.fn]), Expr{a.e})
	}
	if a.field == "*" {
		return "", queryError("COUNT(*): an aggregate of * needs a name; use As")
	}
	return a.field + "__" + aggNames[a.fn], nil
}

// Aggregate computes aggs over the rows the QuerySet matches, with one
// statement, and returns the results keyed by their names: Django's
// aggregate().
//
//	stats, err := products.Aggregate(ctx,
//		orm.Sum("price").As("total"), orm.Avg("price").As("average"), orm.Count("id").As("count"))
//	total := stats["total"].(decimal.Decimal)
//
// Over no rows every aggregate is nil except Count, which is 0, and those
// with a Default. A query that can match no row (an empty in) gives those
// results without sending a statement. The QuerySet's ordering is ignored;
// a sliced or distinct QuerySet is aggregated through a subquery, so the
// slice and DISTINCT count. Relations in an aggregate's field are joined
// with LEFT OUTER JOIN, so rows without a related row still count.
// Aggregate with no aggregates returns an empty map.
//
// After Annotate, as in Django, the annotated rows are a subquery and the
// aggregates read its columns: an annotation by its name, or a field of
// the model (not a path across relations, nor an expression: annotate it
// first). The mean number of products per category:
//
//	stats, err := categories.Annotate(orm.Count("products").As("n")).
//		Aggregate(ctx, orm.Avg("n").As("avg_n"))
//	// SELECT AVG("subquery"."n") AS "avg_n" FROM (SELECT ..., COUNT(...) AS "n" ... GROUP BY ...) subquery
func (qs *QuerySet[T]) Aggregate(ctx context.Context, aggs ...Aggregate) (map[string]any, error) {
	qs, ctx = qs.forRead(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(aggs))
	if len(aggs) == 0 {
		return out, nil
	}
	st, items, err := qs.aggregateStmt(m, d, s, aggs)
	if err != nil {
		return nil, err
	}
	if st.never {
		for _, it := range items {
			out[it.key] = emptyAggregate(it)
		}
		return out, nil
	}
	raw := make([]any, len(items))
	dest := make([]any, len(items))
	for i := range raw {
		dest[i] = &raw[i]
	}
	rows, err := queryContext(ctx, qs.db, st.sql, st.args...)
	if err != nil {
		return nil, m.dbError("aggregate", d, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			markFailed(ctx, qs.db, err)
			return nil, m.dbError("aggregate", d, err)
		}
		return nil, fmt.Errorf("sqlorm: aggregate %s: no result row", m.name)
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, fmt.Errorf("sqlorm: aggregate %s: %w", m.name, err)
	}
	if err := rows.Close(); err != nil {
		return nil, m.dbError("aggregate", d, err)
	}
	for i, it := range items {
		v, err := it.convert(raw[i])
		if err != nil {
			return nil, fmt.Errorf("sqlorm: aggregate %s: %s: %w", m.name, it.key, err)
		}
		out[it.key] = v
	}
	return out, nil
}

// aggItem is a resolved aggregate.
type aggItem struct {
	a    Aggregate
	key  string
	r    ref    // the field, when a.field is a path
	f    *field // the field that types the result; nil for "*" and untyped expressions
	out  aggOut
	sqrt bool // SQLite StdDev: the SQL computes the variance
	vs   *valueStyle
}

// aggOut is the Go type of an aggregate's result.
type aggOut uint8

const (
	outInt aggOut = iota + 1
	outFloat
	outDecimal
	outField // the field's base type (Min, Max)
	outRaw   // as the driver returns it, numbers normalised
)

func emptyAggregate(it aggItem) any {
	if it.a.fn == aggCount {
		return int64(0)
	}
	if it.a.hasDef {
		return it.a.def
	}
	return nil
}

// aggregateStmt resolves aggs and builds the statement.
func (q *query) aggregateStmt(m *modelInfo, d dialect.Dialect, s *stmtSet, aggs []Aggregate) (stmt, []aggItem, error) {
	if len(q.annots) > 0 {
		return q.aggregateAnnotated(m, d, s, aggs)
	}
	c := newCompiler(m, d, s, q.reg)
	items := make([]aggItem, len(aggs))
	seen := map[string]bool{}
	for i, a := range aggs {
		it := aggItem{a: a, vs: &s.vs}
		key, err := checkAggregate(m, a, seen)
		if err != nil {
			return stmt{}, nil, err
		}
		it.key = key
		switch {
		case a.field == "*":
		case a.e != nil:
			if err := c.prepareExpr(a.e, true); err != nil {
				return stmt{}, nil, err
			}
			if ff := a.e.firstField(); ff != nil {
				r, _ := c.resolve(ff.name, false)
				it.f = r.f
			}
		default:
			r, err := c.resolve(a.field, false)
			if err != nil {
				return stmt{}, nil, err
			}
			if err := numericArg(m, a.fn, a.field, r.f); err != nil {
				return stmt{}, nil, err
			}
			c.promote(r)
			it.r, it.f = r, r.f
		}
		it.out = aggOutput(a.fn, it.f, a.e != nil)
		it.sqrt = a.fn == aggStdDev && !hasStdDev(d)
		items[i] = it
	}
	if q.none || q.limit == 0 {
		return stmt{never: true}, items, nil
	}
	if err := c.prepareConds(q.where); err != nil {
		return stmt{}, nil, err
	}
	sub := q.sliced || q.distinct
	var order []orderItem
	if q.sliced {
		var err error
		if order, err = c.prepareOrder(q.order, q.orderSet, q.reverse); err != nil {
			return stmt{}, nil, err
		}
	}
	c.finishJoins()
	c.b.str("SELECT ")
	for i, it := range items {
		if i > 0 {
			c.b.str(", ")
		}
		src := func() error {
			switch {
			case it.a.field == "*":
				c.b.str("*")
			case sub:
				c.b.ident("subquery")
				c.b.str(".")
				c.b.ident("col" + strconv.Itoa(i+1))
			case it.a.e != nil:
				return c.writeExpr(it.a.e)
			default:
				c.col(it.r)
			}
			return nil
		}
		if err := c.writeAggregate(it, src); err != nil {
			return stmt{}, nil, err
		}
		c.b.str(" AS ")
		c.b.ident(it.key)
	}
	if sub {
		c.b.str(" FROM (SELECT ")
		if q.distinct {
			c.b.str("DISTINCT ")
		}
		// The key makes rows that are equal in the aggregated columns
		// distinct rows, as they are in the QuerySet.
		c.b.col(m.table, m.pk.column)
		for i, it := range items {
			if it.a.field == "*" {
				continue
			}
			c.b.str(", ")
			if it.a.e != nil {
				if err := c.writeExpr(it.a.e); err != nil {
					return stmt{}, nil, err
				}
			} else {
				c.col(it.r)
			}
			c.b.str(" AS ")
			c.b.ident("col" + strconv.Itoa(i+1))
		}
		c.writeFrom()
		never, err := c.writeWhere(q.where)
		if err != nil || never {
			return stmt{never: never}, items, err
		}
		if err := c.writeOrder(order); err != nil {
			return stmt{}, nil, err
		}
		c.writeLimit(q.limit, q.offset)
		c.b.str(") subquery")
		return stmt{sql: c.b.String(), args: c.b.Args()}, items, nil
	}
	c.writeFrom()
	never, err := c.writeWhere(q.where)
	if err != nil || never {
		return stmt{never: never}, items, err
	}
	return stmt{sql: c.b.String(), args: c.b.Args()}, items, nil
}

// checkAggregate checks a of an Aggregate on m and returns its result
// key, which must not be in seen (it is added).
func checkAggregate(m *modelInfo, a Aggregate, seen map[string]bool) (string, error) {
	if a.err != nil {
		return "", fmt.Errorf("%w (in %s.Aggregate)", a.err, m.name)
	}
	key, err := a.name()
	if err != nil {
		return "", err
	}
	if err := dialect.CheckIdent(key); err != nil {
		return "", fmt.Errorf("%w: %s: aggregate alias: %w", ErrInvalidQuery, m.name, err)
	}
	if seen[strings.ToLower(key)] {
		return "", queryError("%s: two aggregates are named %q", m.name, key)
	}
	seen[strings.ToLower(key)] = true
	fname := strings.ToUpper(aggNames[a.fn])
	switch {
	case a.distinct && a.fn != aggCount && a.fn != aggSum && a.fn != aggAvg:
		return "", queryError("%s: %s does not allow Distinct", m.name, fname)
	case a.sample && a.fn != aggStdDev && a.fn != aggVariance:
		return "", queryError("%s: Sample applies to StdDev and Variance, not %s", m.name, fname)
	case a.hasDef && a.fn == aggCount:
		return "", queryError("%s: Count does not allow a Default (it gives 0 over no rows)", m.name)
	case a.field == "*" && a.fn != aggCount:
		return "", queryError("%s: %s(\"*\"): only Count takes *", m.name, fname)
	}
	return key, nil
}

// aggregateAnnotated builds the statement of Aggregate after Annotate, as
// Django does: the annotated rows are a subquery, and the aggregates
// read its columns (an annotation, or a field of the model):
//
//	SELECT AVG("subquery"."n") AS "avg_n" FROM (SELECT "author"."id", ...,
//	COUNT("post"."id") AS "n" FROM ... GROUP BY ...) subquery
func (q *query) aggregateAnnotated(m *modelInfo, d dialect.Dialect, s *stmtSet, aggs []Aggregate) (stmt, []aggItem, error) {
	if _, err := q.loadFields(m); err != nil {
		return stmt{}, nil, err
	}
	// The inner query selects every column of the model (whatever Only
	// and Defer say) and no related object.
	inner := *q
	inner.only, inner.deferred, inner.selRel, inner.prefetch = nil, nil, nil, nil
	sp := rowsSpec{ordered: q.sliced, limit: q.limit, offset: q.offset}
	// A first build checks the inner query and types the annotations.
	probe, err := inner.selectRows(m, d, s, sp)
	if err != nil {
		return stmt{}, nil, err
	}
	items := make([]aggItem, len(aggs))
	cols := make([]string, len(aggs)) // the subquery column each reads
	seen := map[string]bool{}
	for i, a := range aggs {
		key, err := checkAggregate(m, a, seen)
		if err != nil {
			return stmt{}, nil, err
		}
		it := aggItem{a: a, key: key, vs: &s.vs}
		fname := strings.ToUpper(aggNames[a.fn])
		switch {
		case a.field == "*":
			it.out = outInt
		case a.e == nil && !strings.Contains(a.field, lookups.Sep):
			if slices.ContainsFunc(q.annots, func(x annSpec) bool { return x.name == a.field }) {
				cols[i], it.out = a.field, outRaw
				// A statement that is never sent has no typed annotations.
				for _, x := range probe.anns {
					if x.spec.name == a.field {
						it.out = annAggOutput(m, a.fn, x)
					}
				}
				break
			}
			if f, _ := fieldOf(m, a.field); f != nil {
				cols[i], it.f = f.column, f
				it.out = aggOutput(a.fn, f, false)
				break
			}
			fallthrough
		default:
			return stmt{}, nil, queryError("%s: %s(%v) after Annotate: an aggregate there reads an annotation or a field of %s by name (the annotated rows are a subquery); annotate the expression first", m.name, fname, aggArg(a), m.name)
		}
		it.sqrt = a.fn == aggStdDev && !hasStdDev(d)
		items[i] = it
	}
	if probe.never {
		return stmt{never: true}, items, nil
	}
	c := newCompiler(m, d, s, q.reg)
	c.b.str("SELECT ")
	for i, it := range items {
		if i > 0 {
			c.b.str(", ")
		}
		err := c.writeAggregate(it, func() error {
			if it.a.field == "*" {
				c.b.str("*")
				return nil
			}
			c.b.ident("subquery")
			c.b.str(".")
			c.b.ident(cols[i])
			return nil
		})
		if err != nil {
			return stmt{}, nil, err
		}
		c.b.str(" AS ")
		c.b.ident(it.key)
	}
	c.b.str(" FROM (")
	sp.into = &c.b
	st, err := inner.selectRows(m, d, s, sp)
	if err != nil || st.never {
		return stmt{never: st.never}, items, err
	}
	c.b.Reset(c.d, []byte(st.sql), st.args)
	c.b.str(") subquery")
	return stmt{sql: c.b.String(), args: c.b.Args()}, items, nil
}

// annAggOutput is the Go type of aggregate fn over annotation a.
func annAggOutput(m *modelInfo, fn aggFunc, a *annItem) aggOut {
	if !a.spec.isAgg {
		f := a.f
		if f == nil {
			// An expression: typed by its first field, as an aggregate of
			// the expression would be.
			if ff := a.spec.e.firstField(); ff != nil && !strings.Contains(ff.name, lookups.Sep) {
				f, _ = fieldOf(m, ff.name)
			}
			return aggOutput(fn, f, true)
		}
		return aggOutput(fn, f, false)
	}
	src := a.it.out
	if src == outField {
		return aggOutput(fn, a.it.f, false)
	}
	switch fn {
	case aggCount:
		return outInt
	case aggStdDev, aggVariance:
		return outFloat
	case aggAvg:
		if src == outDecimal {
			return outDecimal
		}
		if src == outRaw {
			return outRaw
		}
		return outFloat
	}
	return src
}

// aggArg is an aggregate's argument, for messages.
func aggArg(a Aggregate) string {
	if a.e != nil {
		return Expr{a.e}.String()
	}
	return strconv.Quote(a.field)
}

// hasStdDev reports whether the dialect has STDDEV_POP and VAR_POP.
// SQLite has neither (Django registers Python functions for them).
func hasStdDev(d dialect.Dialect) bool { return d.Traits().StdDevPop }

// writeAggregate writes the aggregate call of it around src.
func (c *compiler) writeAggregate(it aggItem, src func() error) error {
	a := it.a
	coalesce := a.hasDef && !it.sqrt
	if coalesce {
		c.b.str("COALESCE(")
	}
	distinct := ""
	if a.distinct {
		distinct = "DISTINCT "
	}
	call := func(fn string) error {
		c.b.str(fn)
		c.b.str("(")
		c.b.str(distinct)
		if err := src(); err != nil {
			return err
		}
		c.b.str(")")
		return nil
	}
	var err error
	switch a.fn {
	case aggSum:
		err = call("SUM")
	case aggAvg:
		err = call("AVG")
	case aggCount:
		err = call("COUNT")
	case aggMin:
		err = call("MIN")
	case aggMax:
		err = call("MAX")
	case aggStdDev, aggVariance:
		if hasStdDev(c.d) {
			fn := map[bool]map[aggFunc]string{
				false: {aggStdDev: "STDDEV_POP", aggVariance: "VAR_POP"},
				true:  {aggStdDev: "STDDEV_SAMP", aggVariance: "VAR_SAMP"},
			}[a.sample][a.fn]
			err = call(fn)
			break
		}
		err = c.writeSQLiteVariance(a.sample, src)
	}
	if err != nil {
		return err
	}
	if coalesce {
		c.b.str(", ")
		def := a.def
		if it.f != nil {
			if def, err = it.f.queryValue(c.vs, def); err != nil {
				return fmt.Errorf("%w: %s: Default of %s: %w", ErrInvalidQuery, c.m.name, it.key, err)
			}
		} else {
			def = exprValue(def)
		}
		c.b.arg(def)
		c.b.str(")")
	}
	return nil
}

// writeSQLiteVariance writes the variance of src from sums, for SQLite:
// population (SUM(x²) - SUM(x)²/n) / n, sample the same over n - 1 (NULL
// for one row, as elsewhere).
func (c *compiler) writeSQLiteVariance(sample bool, src func() error) error {
	x := func() error {
		c.b.str("CAST(")
		if err := src(); err != nil {
			return err
		}
		c.b.str(" AS REAL)")
		return nil
	}
	steps := []func() error{
		func() error { c.b.str("((SUM("); return nil }, x, func() error { c.b.str(" * "); return nil }, x,
		func() error { c.b.str(") - SUM("); return nil }, x, func() error { c.b.str(") * SUM("); return nil }, x,
		func() error { c.b.str(") / COUNT("); return nil }, x, func() error { c.b.str(")) / "); return nil },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	if sample {
		c.b.str("NULLIF(COUNT(")
		if err := x(); err != nil {
			return err
		}
		c.b.str(") - 1, 0))")
		return nil
	}
	c.b.str("COUNT(")
	if err := x(); err != nil {
		return err
	}
	c.b.str("))")
	return nil
}

// aggOutput says what Go type an aggregate of field f gives.
// numericArg refuses Sum, Avg, StdDev and Variance of a field that is not
// a number (or, for Sum and Avg, a duration): the backends answer 0, a
// server error or a number made of text, none of them a sum.
func numericArg(m *modelInfo, fn aggFunc, path string, f *field) error {
	switch fn {
	case aggSum, aggAvg, aggStdDev, aggVariance:
	default:
		return nil
	}
	switch {
	case isIntKind(f.kind) && f.fkTarget == nil, f.kind == kFloat32, f.kind == kFloat64, f.kind == kDecimal:
		return nil
	case f.kind == kDuration && (fn == aggSum || fn == aggAvg):
		return nil
	}
	return queryError("%s: %s(%q): %s.%s is a %s, not a number; %s needs a numeric field", m.name, aggNames[fn], path, f.model, f.name, f.col.Kind, aggNames[fn])
}

func aggOutput(fn aggFunc, f *field, isExpr bool) aggOut {
	switch fn {
	case aggCount:
		return outInt
	case aggStdDev, aggVariance:
		return outFloat
	}
	if f == nil {
		return outRaw
	}
	numeric := func() aggOut {
		switch {
		case f.kind == kDecimal:
			return outDecimal
		case f.kind == kFloat32 || f.kind == kFloat64:
			return outFloat
		case isIntKind(f.kind):
			return outInt
		}
		return outRaw
	}
	switch fn {
	case aggSum:
		return numeric()
	case aggAvg:
		if f.kind == kDecimal {
			return outDecimal
		}
		return outFloat
	}
	if isExpr { // Min or Max of an expression: a number
		return numeric()
	}
	return outField
}

// convert turns the driver's value of an aggregate into its Go result.
func (it aggItem) convert(src any) (any, error) {
	if src == nil {
		if it.a.hasDef && it.sqrt {
			return it.a.def, nil
		}
		if it.a.fn == aggCount {
			return int64(0), nil
		}
		return nil, nil
	}
	if it.sqrt {
		v, err := toFloat64(src)
		if err != nil {
			return nil, err
		}
		return math.Sqrt(max(v, 0)), nil // rounding can make a zero variance negative
	}
	switch it.out {
	case outInt:
		v, err := asInt64(src)
		if err == nil {
			return v, nil
		}
		// SUM of integers can exceed int64 as a NUMERIC: keep it exact.
		if d, derr := decimal.NewFromString(asString(src)); derr == nil {
			return d, nil
		}
		return nil, err
	case outFloat:
		v, err := toFloat64(src)
		if err != nil {
			return nil, err
		}
		return v, nil
	case outDecimal:
		switch s := src.(type) {
		case float64:
			// SQLite sums REAL values: round to the 15 significant digits
			// a REAL holds, which recovers the exact decimal result.
			return round15(decimal.NewFromFloat(s)), nil
		case int64:
			return decimal.New(s, 0), nil
		}
		return decimal.NewFromString(asString(src))
	case outField:
		p := reflect.New(it.f.base)
		if err := it.f.scanBase(p.UnsafePointer(), src, it.vs.read()); err != nil {
			return nil, err
		}
		return p.Elem().Interface(), nil
	}
	return normalise(src), nil
}

// toFloat64 reads a number a driver returned.
func toFloat64(src any) (float64, error) {
	switch s := src.(type) {
	case float64:
		return s, nil
	case float32:
		return float64(s), nil
	case int64:
		return float64(s), nil
	case []byte, string:
		return strconv.ParseFloat(asString(s), 64)
	}
	return 0, fmt.Errorf("%T %v is not a number", src, src)
}

// normalise turns text numbers into numbers: int64, else decimal.Decimal.
func normalise(src any) any {
	switch s := src.(type) {
	case []byte, string:
		str := asString(s)
		if n, err := strconv.ParseInt(str, 10, 64); err == nil {
			return n
		}
		if d, err := decimal.NewFromString(str); err == nil {
			return d
		}
		return str
	}
	return src
}
