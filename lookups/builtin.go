package lookups

import (
	"reflect"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// op says which built-in lookup a builtin value is.
type op int

const (
	opExact op = iota
	opIExact
	opGT
	opGTE
	opLT
	opLTE
	opIn
	opRange
	opIsNull
	opPattern
	opRegex
)

// builtin is one of Django's lookups. Its behaviour is data (op, the SQL
// operator, the pattern shape); the per-dialect spelling comes from the
// dialect's LookupSQL.
type builtin struct {
	name string
	op   op
	sql  string          // comparison operator, for exact and gt/gte/lt/lte
	rnd  round           // how a float is rounded against an integer operand
	pat  dialect.Pattern // for opPattern
	ci   bool            // case-insensitive pattern or regex
}

// builtins are every built-in lookup, in the order documentation lists them.
var builtins = []*builtin{
	{name: "exact", op: opExact, sql: " = ", rnd: roundExact},
	{name: "iexact", op: opIExact, pat: dialect.PatternExact, ci: true},
	{name: "gt", op: opGT, sql: " > ", rnd: roundFloor},
	{name: "gte", op: opGTE, sql: " >= ", rnd: roundCeil},
	{name: "lt", op: opLT, sql: " < ", rnd: roundCeil},
	{name: "lte", op: opLTE, sql: " <= ", rnd: roundFloor},
	{name: "in", op: opIn},
	{name: "range", op: opRange},
	{name: "isnull", op: opIsNull},
	{name: "contains", op: opPattern, pat: dialect.PatternContains},
	{name: "icontains", op: opPattern, pat: dialect.PatternContains, ci: true},
	{name: "startswith", op: opPattern, pat: dialect.PatternStarts},
	{name: "istartswith", op: opPattern, pat: dialect.PatternStarts, ci: true},
	{name: "endswith", op: opPattern, pat: dialect.PatternEnds},
	{name: "iendswith", op: opPattern, pat: dialect.PatternEnds, ci: true},
	{name: "regex", op: opRegex},
	{name: "iregex", op: opRegex, ci: true},
}

func (l *builtin) Name() string { return l.name }

// Render writes the lookup. Chain.Render, its usual caller, has already
// turned a nil value into IS NULL or an error; a direct caller gets the
// same.
func (l *builtin) Render(w *Writer, lhs Operand, rhs RHS) (never bool, err error) {
	b, err := lookupSQL(w.Dialect())
	if err != nil {
		return false, err
	}
	if !rhs.IsExpr() && isNil(rhs.Value()) {
		if l.op == opExact || l.op == opIExact {
			isNull(w, lhs, true)
			return false, nil
		}
		return false, valueError(l.name, "cannot compare with nil; use exact (IS NULL) or isnull")
	}
	switch l.op {
	case opExact, opGT, opGTE, opLT, opLTE:
		return l.compare(w, b, lhs, rhs)
	case opIExact, opPattern, opRegex:
		s := ""
		if !rhs.IsExpr() {
			var ok bool
			if s, ok = dialect.TextOf(rhs.Value()); !ok {
				return false, valueError(l.name, "needs a string (or a number or fmt.Stringer); got %T", rhs.Value())
			}
			if err := dialect.CheckText(w.Dialect(), s); err != nil {
				return false, valueError(l.name, "%w", err)
			}
		}
		switch l.op {
		case opIExact:
			b.IExact(w, lhs, rhs, s)
		case opPattern:
			b.Pattern(w, lhs, l.pat, l.ci, rhs, s)
		default:
			b.Regex(w, lhs, l.ci, rhs, s)
		}
		return false, nil
	case opIsNull:
		if rhs.IsExpr() {
			return false, valueError(l.name, "needs true or false, not an expression")
		}
		v := reflect.ValueOf(rhs.Value())
		if v.Kind() != reflect.Bool {
			return false, valueError(l.name, "needs true or false; got %T", rhs.Value())
		}
		isNull(w, lhs, v.Bool())
		return false, nil
	case opRange:
		return l.between(w, b, lhs, rhs)
	case opIn:
		return l.in(w, b, lhs, rhs)
	}
	return false, valueError(l.name, "unknown built-in lookup")
}

// isNull writes lhs IS [NOT] NULL.
func isNull(w *Writer, lhs Operand, null bool) {
	w.Operand(lhs)
	if null {
		w.Raw(" IS NULL")
	} else {
		w.Raw(" IS NOT NULL")
	}
}

// compare writes lhs <op> rhs for exact, gt, gte, lt and lte. An integer
// outside what lhs's column holds is Django's IntegerFieldOverflow
// (Django 5.0): never for exact, for gt/gte above the range and for
// lt/lte below it; and lhs IS NOT NULL — every value — for gt/gte below
// and lt/lte above. The number is then not sent: PostgreSQL refuses to
// bind 2^40 as an integer parameter.
func (l *builtin) compare(w *Writer, b dialect.LookupSQL, lhs Operand, rhs RHS) (never bool, err error) {
	if rhs.IsExpr() {
		b.CompareLHS(w, lhs)
		w.Raw(l.sql)
		x, _ := rhs.Expr()
		w.Operand(x)
		return false, nil
	}
	v, err := prepCompare(w.Dialect(), lhs, rhs.Value(), l.rnd)
	if err != nil {
		return false, valueError(l.name, "%w", err)
	}
	switch overflow(w.Dialect(), lhs, v) {
	case below:
		if l.op == opGT || l.op == opGTE {
			isNull(w, lhs, false)
			return false, nil
		}
		return true, nil
	case above:
		if l.op == opLT || l.op == opLTE {
			isNull(w, lhs, false)
			return false, nil
		}
		return true, nil
	}
	b.CompareLHS(w, lhs)
	w.Raw(l.sql)
	w.Arg(v)
	return false, nil
}

// Where an integer argument lies against the values lhs's column holds.
const (
	within = iota
	below
	above
)

// overflow places the converted argument v against the range of lhs's
// integer column ([dialect.Traits.IntegerRange]); anything that is not an
// int64 compared with an integer column is within.
func overflow(d dialect.Dialect, lhs Operand, v any) int {
	n, ok := v.(int64)
	if !ok {
		return within
	}
	lo, hi, ok := d.Traits().IntegerRange(lhs.Kind)
	switch {
	case !ok:
		return within
	case n < lo:
		return below
	case n > hi:
		return above
	}
	return within
}

// prepCompare converts v for comparison with lhs: floats are rounded for
// integer operands as r says, then prep converts.
func prepCompare(d dialect.Dialect, lhs Operand, v any, r round) (any, error) {
	if lhs.Kind.Integer() {
		var err error
		if v, err = roundInt(d, v, r); err != nil {
			return nil, err
		}
	}
	return prep(d, lhs, v)
}

// list returns the elements of a slice or array v.
func list(v any) (reflect.Value, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 { // []byte is a value, not a list
			return rv, false
		}
		return rv, true
	case reflect.Array:
		return rv, true
	}
	return rv, false
}

// between writes lhs BETWEEN lo AND hi for range. Integer bounds past
// what lhs's column holds are clamped to its range, and a range wholly
// outside it is never (as compare treats gte and lte).
func (l *builtin) between(w *Writer, b dialect.LookupSQL, lhs Operand, rhs RHS) (never bool, err error) {
	if rhs.IsExpr() {
		return false, valueError(l.name, "needs two values, not an expression")
	}
	rv, ok := list(rhs.Value())
	if !ok || rv.Len() != 2 {
		if ok {
			return false, valueError(l.name, "needs exactly two values (low, high); got %d", rv.Len())
		}
		return false, valueError(l.name, "needs a slice or array of two values (low, high); got %T", rhs.Value())
	}
	var bounds [2]any
	for i, r := range [2]round{roundCeil, roundFloor} {
		e := rv.Index(i).Interface()
		if isNil(e) {
			return false, valueError(l.name, "bound %d is nil; a range needs two values", i+1)
		}
		v, err := prepCompare(w.Dialect(), lhs, e, r)
		if err != nil {
			return false, valueError(l.name, "bound %d: %w", i+1, err)
		}
		bounds[i] = v
	}
	if overflow(w.Dialect(), lhs, bounds[0]) == above || overflow(w.Dialect(), lhs, bounds[1]) == below {
		return true, nil
	}
	lo, hi, _ := w.Dialect().Traits().IntegerRange(lhs.Kind)
	if overflow(w.Dialect(), lhs, bounds[0]) == below {
		bounds[0] = lo
	}
	if overflow(w.Dialect(), lhs, bounds[1]) == above {
		bounds[1] = hi
	}
	b.CompareLHS(w, lhs)
	w.Raw(" BETWEEN ")
	w.Arg(bounds[0])
	w.Raw(" AND ")
	w.Arg(bounds[1])
	return false, nil
}

// in writes lhs IN (...): nil elements dropped, duplicates (after
// conversion) removed, an empty list reported as never, lists longer than
// the dialect's limit (Traits.MaxInList) split into ORed INs.
func (l *builtin) in(w *Writer, b dialect.LookupSQL, lhs Operand, rhs RHS) (bool, error) {
	if rhs.IsExpr() {
		// A subquery (the orm's Subquery) or another expression: lhs IN
		// (<expr>). Its SQL is parenthesized by Operand; a bare column
		// gets the parentheses IN needs here.
		b.CompareLHS(w, lhs)
		w.Raw(" IN ")
		if o, _ := rhs.Expr(); !o.IsAtom() {
			w.Operand(o)
		} else {
			w.Raw("(")
			w.Operand(o)
			w.Raw(")")
		}
		return false, nil
	}
	rv, ok := list(rhs.Value())
	if !ok {
		return false, valueError(l.name, "needs a slice or array of values; got %T", rhs.Value())
	}
	n := rv.Len()
	vals := make([]any, 0, n)
	seen := make(map[any]struct{}, n)
	for i := range n {
		e := rv.Index(i).Interface()
		if isNil(e) {
			continue
		}
		v, err := prepCompare(w.Dialect(), lhs, e, roundExact)
		if err != nil {
			return false, valueError(l.name, "element %d: %w", i, err)
		}
		if v == nil || overflow(w.Dialect(), lhs, v) != within {
			continue // no row holds a value outside the column's range
		}
		if k, ok := dedupKey(v); ok {
			if _, dup := seen[k]; dup {
				continue
			}
			seen[k] = struct{}{}
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return true, nil
	}
	if max := w.Dialect().MaxParams(); len(w.Args())+len(vals) > max {
		return false, valueError(l.name, "%d values make %d bind parameters; %s allows %d in one statement",
			len(vals), len(w.Args())+len(vals), w.Dialect().Name(), max)
	}
	chunk := w.Dialect().Traits().MaxInList
	if chunk <= 0 || len(vals) <= chunk {
		writeIn(w, b, lhs, vals)
		return false, nil
	}
	w.Raw("(")
	for i := 0; i < len(vals); i += chunk {
		if i > 0 {
			w.Raw(" OR ")
		}
		writeIn(w, b, lhs, vals[i:min(i+chunk, len(vals))])
	}
	w.Raw(")")
	return false, nil
}

func writeIn(w *Writer, b dialect.LookupSQL, lhs Operand, vals []any) {
	b.CompareLHS(w, lhs)
	w.Raw(" IN (")
	for i, v := range vals {
		if i > 0 {
			w.Raw(", ")
		}
		w.Arg(v)
	}
	w.Raw(")")
}

// bytesKey and timeKey are the de-duplication keys of []byte and
// time.Time values.
type (
	bytesKey string
	timeKey  struct {
		sec  int64
		nsec int
	}
)

// dedupKey returns a map key under which equal values collide, or false
// for values that are kept without de-duplication: those that cannot be map
// keys safely (structs and arrays may hold incomparable interfaces) and NaN,
// which equals nothing.
func dedupKey(v any) (any, bool) {
	switch x := v.(type) {
	case []byte:
		return bytesKey(x), true
	case time.Time:
		return timeKey{x.Unix(), x.Nanosecond()}, true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Struct, reflect.Array, reflect.Slice, reflect.Map, reflect.Func, reflect.Interface:
		return nil, false
	case reflect.Float32, reflect.Float64:
		if f := rv.Float(); f != f {
			return nil, false
		}
	}
	return v, true
}
