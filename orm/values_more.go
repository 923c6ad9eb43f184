package orm

import (
	"context"
	"fmt"
	"math"
	"reflect"

	"github.com/shopspring/decimal"
)

// Exclude returns a new ValuesQuerySet without the rows matching all of
// conds, as QuerySet.Exclude.
func (v *ValuesQuerySet[T]) Exclude(conds ...Condition) *ValuesQuerySet[T] {
	qs := (&QuerySet[T]{v.q}).Exclude(conds...)
	return &ValuesQuerySet[T]{q: qs.query, fields: v.fields, extra: v.extra}
}

// Limit returns a new ValuesQuerySet of at most n rows, as
// QuerySet.Limit (Django's slicing of values()).
func (v *ValuesQuerySet[T]) Limit(n int) *ValuesQuerySet[T] {
	qs := (&QuerySet[T]{v.q}).Limit(n)
	return &ValuesQuerySet[T]{q: qs.query, fields: v.fields, extra: v.extra}
}

// Offset returns a new ValuesQuerySet skipping the first n rows, as
// QuerySet.Offset.
func (v *ValuesQuerySet[T]) Offset(n int) *ValuesQuerySet[T] {
	qs := (&QuerySet[T]{v.q}).Offset(n)
	return &ValuesQuerySet[T]{q: qs.query, fields: v.fields, extra: v.extra}
}

// Distinct returns a new ValuesQuerySet without duplicate rows, as
// QuerySet.Distinct: Django's values(...).distinct().
func (v *ValuesQuerySet[T]) Distinct() *ValuesQuerySet[T] {
	qs := (&QuerySet[T]{v.q}).Distinct()
	return &ValuesQuerySet[T]{q: qs.query, fields: v.fields, extra: v.extra}
}

// First returns the first row in the ordering, or in primary-key order
// when there is none (Django's first(); a grouping Values(...).Annotate
// without OrderBy is ordered by its values instead, which have no key).
// No row is an error wrapping ErrDoesNotExist, as for QuerySet.First.
func (v *ValuesQuerySet[T]) First(ctx context.Context) (map[string]any, error) {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	n := &ValuesQuerySet[T]{q: v.q, fields: v.fields, extra: v.extra}
	if !n.q.ordered(m) {
		keys := []any{"pk"}
		if n.q.valuesGroup {
			keys = nil
			for _, f := range n.fields {
				keys = append(keys, f)
			}
		}
		n.q.order, n.q.orderSet, n.q.reverse = keys, true, false
	}
	n.q.limit = n.q.capLimit(1)
	rows, err := n.All(ctx)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, m.notFound()
	}
	return rows[0], nil
}

// Count returns the number of rows All would return: Django's
// values(...).count(), so after Values(...).Annotate the number of
// groups. It is SELECT COUNT(*) over the values query.
func (v *ValuesQuerySet[T]) Count(ctx context.Context) (int64, error) {
	if v.q.err != nil {
		return 0, v.q.err
	}
	m, d, s, err := prepare[T](ctx, v.q.db)
	if err != nil {
		return 0, err
	}
	q := v.q
	if !q.sliced {
		q.order, q.orderSet = nil, true // no ordering inside COUNT(*)
	}
	st, _, err := q.selectValues(m, d, s, v.fields, v.extra)
	if err != nil || st.never {
		return 0, err
	}
	var n int64
	if err := queryRowScan(ctx, v.q.db, &n, "SELECT COUNT(*) FROM ("+st.sql+") subquery", st.args...); err != nil {
		return 0, m.dbError("count", d, err)
	}
	return n, nil
}

// Exists reports whether the values query has a row: Django's exists().
func (v *ValuesQuerySet[T]) Exists(ctx context.Context) (bool, error) {
	n := &ValuesQuerySet[T]{q: v.q, fields: v.fields, extra: v.extra}
	if !n.q.sliced {
		n.q.order, n.q.orderSet = nil, true // any row will do
	}
	n.q.limit = n.q.capLimit(1)
	rows, err := n.All(ctx)
	return len(rows) > 0, err
}

// Scalar returns the value of one aggregate over the QuerySet as a V:
// QuerySet.Aggregate for a single aggregate, typed. V is the aggregate's
// Go type (int64 for Count, decimal.Decimal for Sum of a decimal field,
// ...), any integer or float type it converts to exactly, or a pointer to
// one, which is nil for SQL NULL (Sum over no rows); a NULL read into a
// non-pointer V is an error, as is a value that does not fit.
//
//	total, err := orm.Scalar[decimal.Decimal](ctx, invoices, orm.Sum("total"))
func Scalar[V any, T any](ctx context.Context, qs *QuerySet[T], agg Aggregate) (V, error) {
	var zero V
	if agg.alias == "" {
		agg = agg.As("value") // Count("*") needs a name; the caller wants none
	}
	name, err := agg.name()
	if err != nil {
		return zero, err
	}
	vals, err := qs.Aggregate(ctx, agg)
	if err != nil {
		return zero, err
	}
	return ValueAs[V](vals[name])
}

// ValueAs converts v, a value of an aggregate or annotation as
// AllAnnotated, Values or Aggregate give it, to V as Scalar does: the
// same type, a pointer to it (nil for NULL), or an integer or float type
// that holds it exactly.
func ValueAs[V any](v any) (V, error) {
	var out V
	rt := reflect.TypeFor[V]()
	if v == nil {
		if rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Interface {
			return out, nil
		}
		return out, fmt.Errorf("%w: the value is NULL; read it into a *%s", ErrInvalidQuery, rt)
	}
	if x, ok := v.(V); ok {
		return x, nil
	}
	target := rt
	if rt.Kind() == reflect.Pointer {
		target = rt.Elem()
	}
	rv, err := convertExact(v, target)
	if err != nil {
		return out, fmt.Errorf("%w: %v (%T) as %s: %w", ErrInvalidQuery, v, v, rt, err)
	}
	if rt.Kind() == reflect.Pointer {
		p := reflect.New(target)
		p.Elem().Set(rv)
		rv = p
	}
	return rv.Interface().(V), nil
}

// convertExact converts v to type t without losing anything.
func convertExact(v any, t reflect.Type) (reflect.Value, error) {
	rv := reflect.ValueOf(v)
	if rv.Type().ConvertibleTo(t) && rv.Kind() == t.Kind() {
		return rv.Convert(t), nil
	}
	var d decimal.Decimal
	switch x := v.(type) {
	case int64:
		d = decimal.NewFromInt(x)
	case float64:
		if t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64 {
			return reflect.ValueOf(x).Convert(t), nil
		}
		d = decimal.NewFromFloat(x)
	case decimal.Decimal:
		d = x
	default:
		return reflect.Value{}, fmt.Errorf("not convertible")
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !d.IsInteger() {
			return reflect.Value{}, fmt.Errorf("not an integer")
		}
		n := d.IntPart()
		out := reflect.New(t).Elem()
		if !d.Equal(decimal.NewFromInt(n)) || out.OverflowInt(n) {
			return reflect.Value{}, fmt.Errorf("out of range")
		}
		out.SetInt(n)
		return out, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if !d.IsInteger() || d.IsNegative() {
			return reflect.Value{}, fmt.Errorf("not a non-negative integer")
		}
		n := d.IntPart()
		out := reflect.New(t).Elem()
		if !d.Equal(decimal.NewFromInt(n)) || out.OverflowUint(uint64(n)) {
			return reflect.Value{}, fmt.Errorf("out of range")
		}
		out.SetUint(uint64(n))
		return out, nil
	case reflect.Float32, reflect.Float64:
		f, exact := d.Float64()
		if !exact && !d.Equal(decimal.NewFromFloat(f)) {
			return reflect.Value{}, fmt.Errorf("not exact as a float")
		}
		if t.Kind() == reflect.Float32 && math.Abs(f) > math.MaxFloat32 {
			return reflect.Value{}, fmt.Errorf("out of range")
		}
		return reflect.ValueOf(f).Convert(t), nil
	}
	if t == reflect.TypeFor[decimal.Decimal]() {
		return reflect.ValueOf(d), nil
	}
	return reflect.Value{}, fmt.Errorf("not convertible")
}
