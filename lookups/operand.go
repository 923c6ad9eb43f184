package lookups

import (
	"fmt"
	"math"
	"reflect"

	"github.com/sqlorm/sqlorm/dialect"
)

// Operand is one side of a condition: a column, a transformed column, or an
// expression the orm built, with what is known about its type. It is
// [dialect.Operand] (see there for its fields: Table and Column, SQL, Kind,
// Prep), the vocabulary of the one SQL writer.
type Operand = dialect.Operand

// RHS is the right-hand side of a lookup: a Go value, bound as a parameter,
// or an expression (another column, an F expression), written as SQL. The
// zero RHS is the value nil. It is [dialect.RHS].
type RHS = dialect.RHS

// Value returns the right-hand side v, a Go value that is bound as a
// parameter (after conversion) and never written into the SQL text.
func Value(v any) RHS { return dialect.Value(v) }

// Expr returns the right-hand side o, an expression written as SQL: a
// column compared with a column, as Django's F() does. Pattern lookups then
// escape its value in SQL (REPLACE) rather than in Go.
func Expr(o Operand) RHS { return dialect.Expr(o) }

// isNil reports whether v is nil or a nil pointer: Go's spellings of
// Django's None.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// deref follows non-nil pointers; a nil pointer becomes nil.
func deref(v any) any {
	for {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Pointer {
			return v
		}
		if rv.IsNil() {
			return nil
		}
		v = rv.Elem().Interface()
	}
}

// round says how a float compared with an integer operand becomes an
// integer.
type round int

const (
	roundExact round = iota // must be integral: 5.0 is 5, 5.5 is an error
	roundCeil               // gte, lt, a range's low end: 5.2 is 6
	roundFloor              // gt, lte, a range's high end: 5.2 is 5
)

// roundInt converts a float v to the int64 that makes the comparison exact
// over integers: c >= 5.2 is c >= 6 (ceil), c > 5.2 is c > 5 (floor). Other
// values are returned unchanged. NaN, infinities and floats beyond int64
// are errors, as is a fractional float for roundExact (dialect.BindValue's
// errors for an integer column).
func roundInt(d dialect.Dialect, v any, r round) (any, error) {
	rv := reflect.ValueOf(deref(v))
	if k := rv.Kind(); k != reflect.Float32 && k != reflect.Float64 {
		return v, nil
	}
	f := rv.Float()
	switch r {
	case roundCeil:
		f = math.Ceil(f)
	case roundFloor:
		f = math.Floor(f)
	}
	return dialect.BindValue(d, dialect.KindBigInt, f)
}

// prep converts v for comparison with o ([dialect.Operand.Prepare]). Its
// errors are not yet wrapped in ErrInvalidValue: the caller adds the
// lookup's name.
func prep(d dialect.Dialect, o Operand, v any) (any, error) { return o.Prepare(d, v) }

// lookupSQL returns d's spellings of the lookups, or an error wrapping
// dialect.ErrUnsupported for no dialect or one without lookup SQL.
func lookupSQL(d dialect.Dialect) (dialect.LookupSQL, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: no dialect", dialect.ErrUnsupported)
	}
	if ls := d.LookupSQL(); ls != nil {
		return ls, nil
	}
	return nil, fmt.Errorf("%w: dialect %q writes no lookups (its LookupSQL returns nil)", dialect.ErrUnsupported, d.Name())
}

// writerErr takes w's error, a failed [Writer.Bind] becoming an error
// wrapping ErrInvalidValue.
func writerErr(w *Writer) error {
	err := w.TakeErr()
	if be, ok := err.(*dialect.BindError); ok {
		return fmt.Errorf("%w: %w", ErrInvalidValue, be.Err)
	}
	return err
}
