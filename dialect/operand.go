package dialect

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Operand is one side of a condition or one argument of an expression: a
// column, a transformed column, or an expression the orm built, with what
// is known about its type. It is what a [Writer] writes with
// [Writer.Operand] and what a dialect's [LookupSQL] is given.
//
// A column is given by name: Table (the table or alias, may be empty) and
// Column, both checked with CheckIdent and quoted when written, so nothing
// but a valid identifier reaches the SQL. An expression is given by SQL, a
// function that writes it to a [Writer]; it is used when set and must write
// only program-written SQL text, checked identifiers and bound arguments.
type Operand struct {
	// Table is the table name or alias that qualifies Column; "" writes
	// the column unqualified.
	Table string
	// Column is the column name.
	Column string
	// SQL, when not nil, writes the operand instead of Table.Column.
	SQL func(w *Writer)
	// Kind is the operand's type. It selects which transforms apply and
	// how values compared with it are converted when Prep is nil.
	Kind Kind
	// Prep converts a Go value compared with the operand into the value
	// bound (the orm's per-field conversion: a Go type to the column's
	// storage form). nil means [BindValue] for Kind: integers of any Go
	// type become int64 (integer strings too; a fractional float is an
	// error), numbers become strings for CharField and TextField (so MySQL
	// never compares a string column with a number), time.Time becomes the
	// storage form of DateField, DateTimeField and TimeField (UTC; sqlorm's
	// text formats on SQLite), bools become 1/0 where the dialect has no
	// boolean type; anything else is bound as is. Non-nil pointers are
	// dereferenced first. Prep is not used by the pattern lookups
	// (contains, iexact, regex, ...), which compare text as Django does.
	Prep func(v any) (any, error)

	// atom is set by [Atom] for operands that need no parentheses before a
	// postfix operator (function calls, parenthesized SQL).
	atom bool
}

// Atom returns the operand of kind k written by sql, an expression that
// needs no parentheses around it whatever operator follows (a function
// call, a parenthesized expression): [Writer.Operand] writes it bare.
func Atom(sql func(w *Writer), k Kind) Operand {
	return Operand{SQL: sql, Kind: k, atom: true}
}

// IsAtom reports whether o is written without parentheses around it: a
// column, or an operand made by [Atom].
func (o Operand) IsAtom() bool { return o.SQL == nil || o.atom }

// Prepare returns the value bound when v is compared with o: o.Prep(v) when
// Prep is set, else [BindValue] for o.Kind, its errors prefixed with the
// kind ("bigint: ...").
func (o Operand) Prepare(d Dialect, v any) (any, error) {
	if o.Prep != nil {
		return o.Prep(v)
	}
	p, err := bindValue(d, o.Kind, v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Kind, err)
	}
	return p, nil
}

// BindValue converts the Go value v, compared with a column of kind k, to
// the value bound on d, as [Operand.Prep] documents for a nil Prep. A value
// with no meaning for the kind (text for an integer, a time for a boolean)
// is an error saying what to give instead — the bare reason, without a
// package prefix, for the caller to wrap with what it was converting
// (lookups wraps it in its ErrInvalidValue); a driver.Valuer is converted
// through its Value first; nil and nil pointers are nil.
func BindValue(d Dialect, k Kind, v any) (any, error) { return bindValue(d, k, v) }

// RHS is the right-hand side of a lookup: a Go value, bound as a parameter,
// or an expression (another column, an F expression), written as SQL. The
// zero RHS is the value nil.
type RHS struct {
	v    any
	expr *Operand
}

// Value returns the right-hand side v, a Go value that is bound as a
// parameter (after conversion) and never written into the SQL text.
func Value(v any) RHS { return RHS{v: v} }

// Expr returns the right-hand side o, an expression written as SQL: a
// column compared with a column, as Django's F() does. Pattern lookups then
// escape its value in SQL (REPLACE) rather than in Go.
func Expr(o Operand) RHS { return RHS{expr: &o} }

// IsExpr reports whether r is an expression rather than a value.
func (r RHS) IsExpr() bool { return r.expr != nil }

// Value returns r's Go value (nil for an expression).
func (r RHS) Value() any { return r.v }

// Expr returns r's expression and true, or false when r is a value.
func (r RHS) Expr() (Operand, bool) {
	if r.expr == nil {
		return Operand{}, false
	}
	return *r.expr, true
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

// integralFloat returns f as an int64 when it is a whole number in the
// 64-bit range, else an error saying why it cannot equal an integer.
func integralFloat(f float64) (any, error) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return nil, fmt.Errorf("%v is not a number an integer can be compared with", f)
	case f != math.Trunc(f):
		return nil, fmt.Errorf("%v has a fractional part and cannot equal an integer", f)
	case f < -(1<<63) || f >= 1<<63:
		return nil, fmt.Errorf("%v is out of the 64-bit integer range", f)
	}
	return int64(f), nil
}

// shortQuote returns s quoted with %q, shortened to 80 bytes (plus "...")
// so that a hostile megabyte-long value does not become a megabyte-long
// error.
func shortQuote(s string) string {
	const maxQuoted = 80
	if len(s) <= maxQuoted {
		return fmt.Sprintf("%q", s)
	}
	cut := maxQuoted
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return fmt.Sprintf("%q...", s[:cut])
}

// Text forms in which sqlorm stores dates and times where it binds text:
// SQLite, which has no date/time storage (LayoutDateTime, LayoutDate,
// LayoutClock: fixed width and always UTC, "+00:00", so text order is time
// order and equal instants are equal strings whatever driver wrote them;
// the datetime layout is the first one go-sqlite3 tries when it reads a
// datetime column), and MySQL's UTC wall clock (LayoutWallClock,
// [Traits.WallClockTimes], as Django writes datetimes there). The orm's
// codec writes the same forms, so lookups and stored values agree.
const (
	LayoutDateTime  = "2006-01-02 15:04:05.000000-07:00"
	LayoutDate      = "2006-01-02"
	LayoutClock     = "15:04:05.000000"
	LayoutWallClock = "2006-01-02 15:04:05.000000"
)

// bindValue is BindValue without its kind prefix.
func bindValue(d Dialect, k Kind, v any) (any, error) {
	v = deref(v)
	if v == nil {
		return nil, nil
	}
	if dv, ok := v.(driver.Valuer); ok && k != 0 {
		x, err := dv.Value()
		if err != nil {
			return nil, err
		}
		return bindValue(d, k, x)
	}
	switch {
	case k.Integer():
		return toInt(v)
	case k == KindFloat:
		return toFloat(v)
	case k == KindChar || k == KindText:
		if s, ok := textOf(v); ok {
			if err := CheckText(d, s); err != nil {
				return nil, err
			}
			return s, nil
		}
		return nil, fmt.Errorf("%T is not text; give a string", v)
	case k == KindBool:
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Bool {
			return nil, fmt.Errorf("%T is not a boolean; give true or false", v)
		}
		if !d.Has(NativeBool) {
			if rv.Bool() {
				return int64(1), nil
			}
			return int64(0), nil
		}
		return rv.Bool(), nil
	case k == KindDate:
		t, ok, err := asTime(v, LayoutDate)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%T is not a date; give a time.Time", v)
		}
		return dateValue(d, t), nil
	case k == KindDateTime:
		t, ok := v.(time.Time)
		if !ok {
			return nil, fmt.Errorf("%T is not a date and time; give a time.Time", v)
		}
		return dateTimeValue(d, t), nil
	case k == KindTime:
		if t, ok := v.(time.Time); ok {
			h, m, s := t.Clock()
			c := time.Date(1900, 1, 1, h, m, s, t.Nanosecond()/1000*1000, time.UTC)
			if d.Traits().ClockAsTimestamp {
				return c, nil
			}
			return c.Format(LayoutClock), nil
		}
	}
	return v, nil
}

// dateValue is the storage form of the calendar date of t (in t's own
// location, as the orm writes a DateField).
func dateValue(d Dialect, t time.Time) any {
	y, m, day := t.Date()
	u := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	if tr := d.Traits(); tr.TimeAsText || tr.WallClockTimes {
		return u.Format(LayoutDate)
	}
	return u
}

// dateTimeValue is the storage form of the instant t: UTC, microseconds.
func dateTimeValue(d Dialect, t time.Time) any {
	u := t.UTC().Truncate(time.Microsecond)
	switch tr := d.Traits(); {
	case tr.TimeAsText:
		return u.Format(LayoutDateTime)
	case tr.WallClockTimes:
		return u.Format(LayoutWallClock)
	}
	return u
}

// asTime returns v as a time.Time: a time.Time, or a string in layout.
// ok is false for other types.
func asTime(v any, layout string) (t time.Time, ok bool, err error) {
	switch x := v.(type) {
	case time.Time:
		return x, true, nil
	case string:
		t, err := time.Parse(layout, x)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("%q is not a date in the form %s", x, layout)
		}
		return t, true, nil
	}
	return time.Time{}, false, nil
}

// toInt converts integers of every Go type, integral floats and integer
// strings to int64; bools are an error; other types pass through (a
// driver.Valuer, for instance).
func toInt(v any) (any, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return nil, fmt.Errorf("%d is out of the 64-bit integer range", u)
		}
		return int64(u), nil
	case reflect.Float32, reflect.Float64:
		return integralFloat(rv.Float())
	case reflect.String:
		n, err := strconv.ParseInt(rv.String(), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s is not an integer", shortQuote(rv.String()))
		}
		return n, nil
	case reflect.Bool:
		return nil, fmt.Errorf("a bool is not an integer")
	}
	return nil, fmt.Errorf("%T is not an integer", v)
}

// toFloat converts numbers of every Go type to float64 and numeric strings
// too; other types pass through (a decimal, for instance).
func toFloat(v any) (any, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.String:
		f, err := strconv.ParseFloat(rv.String(), 64)
		if err != nil {
			return nil, fmt.Errorf("%s is not a number", shortQuote(rv.String()))
		}
		return f, nil
	case reflect.Bool:
		return nil, fmt.Errorf("a bool is not a number")
	}
	if s, ok := v.(fmt.Stringer); ok {
		// A decimal: its text is a number the database reads exactly.
		if _, err := strconv.ParseFloat(s.String(), 64); err == nil {
			return s.String(), nil
		}
	}
	return nil, fmt.Errorf("%T is not a number", v)
}

// TextOf returns the text Django's str() would give for v, after following
// pointers: for strings, numbers and fmt.Stringer values (a
// *regexp.Regexp, a decimal), and false for anything else: nil, bools,
// times, byte slices and structs have no single textual form to match a
// pattern against. It is how [BindValue] converts a value compared with a
// CharField or TextField, and the text the pattern lookups match.
func TextOf(v any) (string, bool) { return textOf(deref(v)) }

// textOf is TextOf without following pointers.
func textOf(v any) (string, bool) {
	if _, ok := v.(time.Time); ok {
		return "", false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(rv.Uint(), 10), true
	case reflect.Float32:
		return strconv.FormatFloat(rv.Float(), 'f', -1, 32), true
	case reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'f', -1, 64), true
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String(), true
	}
	return "", false
}

// CheckText refuses text that no text column of d can hold: invalid UTF-8
// on every backend, NUL where the backend refuses it ([Traits.TextNoNUL]).
// The error is a bare reason for the caller to wrap.
func CheckText(d Dialect, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%q is not valid UTF-8 text", s)
	}
	if d.Traits().TextNoNUL && strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%q holds a NUL character (0x00), which %s cannot store in text", s, d.Name())
	}
	return nil
}
