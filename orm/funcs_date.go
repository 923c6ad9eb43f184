package orm

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// The functions of this file: Round, Mod, Cast and Trunc. Their SQL is the
// dialect's (dialect.TruncSQL, CastSQL, ModSQL, RoundSQL): constant
// templates chosen by a unit or kind from a fixed list.
const (
	fnRound funcKind = fnExtract + 1 + iota
	fnMod
	fnCast
	fnTrunc
)

func init() {
	funcNames[fnRound] = "Round"
	funcNames[fnMod] = "Mod"
	funcNames[fnCast] = "Cast"
	funcNames[fnTrunc] = "Trunc"
}

// Round returns the number x rounded to precision decimal places (ROUND):
// Django's Round(expression, precision=0). A negative precision rounds to
// tens, hundreds, ... As in Django, halves round away from zero except on
// SQLite and for floats on MySQL, which round them as their C library
// does. Its value has x's kind (a decimal stays a decimal, a float a
// float); PostgreSQL rounds a float through numeric, as Django does.
func Round(x any, precision ...int) Expr {
	p := 0
	if len(precision) > 0 {
		p = precision[len(precision)-1]
	}
	e := call(fnRound, x, p)
	if len(precision) > 1 {
		e.e.err = queryError("Round(%v, %v): give at most one precision", x, precision)
	} else if p < -30 || p > 30 {
		e.e.err = queryError("Round(%v, %d): precision must be between -30 and 30", x, p)
	}
	return e
}

// Mod returns the remainder of x divided by y, with the sign of x (MOD):
// Django's Mod. Its value is a decimal if either operand is one, a float
// if either is a float, else an integer. On SQLite, which has no MOD, it
// is x - y * CAST(x / y AS INTEGER).
func Mod(x, y any) Expr { return call(fnMod, x, y) }

// castKinds are the kinds Cast takes, by Django's field class names and
// short names.
var castKinds = map[string]dialect.Kind{
	"SmallIntegerField": dialect.KindSmallInt, "IntegerField": dialect.KindInt, "BigIntegerField": dialect.KindBigInt,
	"FloatField": dialect.KindFloat, "CharField": dialect.KindChar, "TextField": dialect.KindText,
	"BooleanField": dialect.KindBool, "DateField": dialect.KindDate, "DateTimeField": dialect.KindDateTime,
	"TimeField": dialect.KindTime,
	"smallint":  dialect.KindSmallInt, "int": dialect.KindInt, "integer": dialect.KindInt, "bigint": dialect.KindBigInt,
	"float": dialect.KindFloat, "text": dialect.KindText, "bool": dialect.KindBool, "date": dialect.KindDate,
	"datetime": dialect.KindDateTime, "time": dialect.KindTime,
}

// castChoices lists castKinds for messages.
func castChoices() string {
	names := make([]string, 0, len(castKinds))
	for n := range castKinds {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// Cast returns x converted to the type of a field of the named kind:
// Django's Cast(expression, output_field). kind is a Django field class
// ("IntegerField", "FloatField", "TextField", "DateField",
// "DateTimeField", ...) or its short name ("int", "bigint", "float",
// "text", "bool", "date", "datetime", "time"); another is an error, and
// the name never reaches the SQL: the type written is the dialect's (see
// dialect.CastSQL). For a decimal use CastDecimal. The value has the
// kind's Go type when read (int64, float64, string, bool, time.Time).
//
// A date-time cast to text is the backend's text form of it, which
// differs between backends.
//
//	orm.Cast("milliseconds", "float")
func Cast(x any, kind string) Expr {
	e := call(fnCast, x)
	k, ok := castKinds[kind]
	e.e.name = kind
	if !ok {
		e.e.err = queryError("Cast(%v, %q): no such kind; choices are %s, or use CastDecimal", x, kind, castChoices())
		return e
	}
	e.e.val = dialect.Column{Kind: k}
	return e
}

// CastDecimal returns x converted to a decimal of maxDigits digits, places
// of them after the point: Cast with output_field=DecimalField(max_digits,
// decimal_places). Its value is read as a decimal.Decimal.
func CastDecimal(x any, maxDigits, places int) Expr {
	e := call(fnCast, x)
	e.e.name = fmt.Sprintf("DecimalField(%d, %d)", maxDigits, places)
	e.e.val = dialect.Column{Kind: dialect.KindDecimal, Precision: maxDigits, Scale: places}
	if maxDigits < 1 || maxDigits > 38 || places < 0 || places > maxDigits {
		e.e.err = queryError("CastDecimal(%v, %d, %d): need 1 <= maxDigits <= 38 and 0 <= places <= maxDigits", x, maxDigits, places)
	}
	return e
}

// truncUnits are the kinds Trunc takes: Django's.
var truncUnits = map[string]dialect.TruncUnit{
	"year": dialect.TruncYear, "quarter": dialect.TruncQuarter, "month": dialect.TruncMonth,
	"week": dialect.TruncWeek, "day": dialect.TruncDay, "hour": dialect.TruncHour,
	"minute": dialect.TruncMinute, "second": dialect.TruncSecond, "date": dialect.TruncToDate,
}

// Trunc returns the date or date-time x truncated to kind: Django's
// Trunc(expression, kind). kind is one of year, quarter, month, week (the
// Monday of the ISO week), day, hour, minute and second (the last three
// for date-times only) or date (TruncDate); another is an error, and the
// name never reaches the SQL. A date-time is truncated in UTC, sqlorm's
// storage zone, and stays a date-time (the first instant of the unit, in
// the form stored, so Filter compares it with time.Time values); date
// gives a date, and a date stays a date. It is read as a time.Time in UTC.
// A TimeField cannot be truncated.
//
//	orm.Objects[Invoice](db).Values().Annotate(
//		orm.TruncMonth("invoice_date").As("month"), orm.Sum("total").As("revenue"))
func Trunc(x any, kind string) Expr {
	e := call(fnTrunc, x)
	e.e.name = kind
	u, ok := truncUnits[kind]
	if !ok {
		e.e.err = queryError("Trunc(%v, %q): no such kind; choices are year, quarter, month, week, day, hour, minute, second, date", x, kind)
		return e
	}
	e.e.val = u
	return e
}

// TruncDate is Trunc(x, "date"): the calendar date (UTC) of a date-time.
func TruncDate(x any) Expr { return Trunc(x, "date") }

// TruncYear is Trunc(x, "year").
func TruncYear(x any) Expr { return Trunc(x, "year") }

// TruncQuarter is Trunc(x, "quarter").
func TruncQuarter(x any) Expr { return Trunc(x, "quarter") }

// TruncMonth is Trunc(x, "month").
func TruncMonth(x any) Expr { return Trunc(x, "month") }

// TruncWeek is Trunc(x, "week"): the Monday of x's ISO week.
func TruncWeek(x any) Expr { return Trunc(x, "week") }

// TruncDay is Trunc(x, "day").
func TruncDay(x any) Expr { return Trunc(x, "day") }

// TruncHour is Trunc(x, "hour").
func TruncHour(x any) Expr { return Trunc(x, "hour") }

// TruncMinute is Trunc(x, "minute").
func TruncMinute(x any) Expr { return Trunc(x, "minute") }

// TruncSecond is Trunc(x, "second").
func TruncSecond(x any) Expr { return Trunc(x, "second") }

// ---- writing ----

// writeMoreFunc writes the functions of this file (and of window.go);
// false when e is none of them.
func (c *compiler) writeMoreFunc(w *lookups.Writer, e *expr) bool {
	switch e.fn {
	case fnRound:
		if !c.checkArgs(w, e, 2, 2, argNumber, argInt) {
			return true
		}
		c.writeTemplate(w, dialect.RoundSQL(c.d, c.outputOf(e.args[0]).kind), e.args)
	case fnMod:
		if !c.checkArgs(w, e, 2, 2, argNumber) {
			return true
		}
		c.writeTemplate(w, dialect.ModSQL(c.d), e.args)
	case fnCast:
		col, ok := e.val.(dialect.Column)
		if e.err != nil || !ok || len(e.args) != 1 {
			w.Fail(c.funcErr(e, "a Cast made without orm.Cast"))
			return true
		}
		t, err := dialect.CastSQL(c.d, col)
		if err != nil {
			w.Fail(fmt.Errorf("%w: %s: %s: %w", ErrInvalidQuery, c.m.name, Expr{e}, err))
			return true
		}
		c.writeTemplate(w, t, e.args)
	case fnTrunc:
		t, _, err := c.trunc(e)
		if err != nil {
			w.Fail(err)
			return true
		}
		c.writeTemplate(w, t, e.args)
	default:
		return c.writeWindowFunc(w, e)
	}
	return true
}

// funcErr is e's own error, or one saying what is wrong with it.
func (c *compiler) funcErr(e *expr, why string) error {
	if e.err != nil {
		return e.err
	}
	return queryError("%s: %s: %s", c.m.name, funcNames[e.fn], why)
}

// trunc returns the template and output kind of the Trunc e.
func (c *compiler) trunc(e *expr) (string, dialect.Kind, error) {
	u, ok := e.val.(dialect.TruncUnit)
	if e.err != nil || !ok || len(e.args) != 1 {
		return "", 0, c.funcErr(e, "a Trunc made without orm.Trunc")
	}
	if e.args[0].op == opValue {
		return "", 0, queryError("%s: %s takes a field or an expression, not a value", c.m.name, Expr{e})
	}
	in := c.outputOf(e.args[0]).kind
	t, out, err := dialect.TruncSQL(c.d, u, in)
	if err != nil {
		return "", 0, fmt.Errorf("%w: %s: %s: %w", ErrInvalidQuery, c.m.name, Expr{e}, err)
	}
	return t, out, nil
}

// writeTemplate writes a dialect template, its {n} marks replaced by the
// n-th argument (bound when a Go value). Templates are program constants.
func (c *compiler) writeTemplate(w *lookups.Writer, tmpl string, args []*expr) {
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 || i+2 >= len(tmpl) || tmpl[i+2] != '}' || tmpl[i+1] < '0' || tmpl[i+1] > '9' {
			w.Raw(tmpl)
			return
		}
		w.Raw(tmpl[:i])
		n := int(tmpl[i+1] - '0')
		if n >= len(args) {
			w.Fail(queryError("%s: a function template names argument %d of %d", c.m.name, n+1, len(args)))
			return
		}
		if a := args[n]; a.op == opValue {
			w.Arg(exprValue(a.val))
		} else {
			c.writeExprTo(w, a, false)
		}
		tmpl = tmpl[i+3:]
	}
}

// moreOutput is the output type of the functions of this file and of
// window.go.
func (c *compiler) moreOutput(x *expr) outputType {
	switch x.fn {
	case fnRound:
		if len(x.args) > 0 {
			return outputType{kind: c.outputOf(x.args[0]).kind}
		}
	case fnMod:
		if len(x.args) == 2 {
			return numericOutput(c.outputOf(x.args[0]).kind, c.outputOf(x.args[1]).kind)
		}
	case fnCast:
		if col, ok := x.val.(dialect.Column); ok {
			return outputType{kind: col.Kind}
		}
	case fnTrunc:
		if _, k, err := c.trunc(x); err == nil {
			return outputType{kind: k}
		}
	default:
		return c.windowOutput(x)
	}
	return outputType{}
}

// numericOutput is Django's NumericOutputFieldMixin: a decimal if either
// is one, else a float if either is, else an integer.
func numericOutput(a, b dialect.Kind) outputType {
	switch {
	case a == dialect.KindDecimal || b == dialect.KindDecimal:
		return outputType{kind: dialect.KindDecimal}
	case a == dialect.KindFloat || b == dialect.KindFloat:
		return outputType{kind: dialect.KindFloat}
	case a.Integer() && b.Integer():
		return outputType{kind: dialect.KindBigInt}
	}
	if a != 0 {
		return outputType{kind: a}
	}
	return outputType{kind: b}
}

// kindField returns a field of kind k, standing for an expression's
// value (name) in model: its codec converts values compared with the
// expression and reads what the database returns for it. nil for a kind
// without one.
func kindField(model, name string, k dialect.Kind) *field {
	f := &field{model: model, name: name, goName: name, col: dialect.Column{Name: name, Kind: k, Null: true}}
	switch {
	case k.Integer():
		f.typ, f.kind = reflect.TypeFor[int64](), kInt64
	case k == dialect.KindFloat:
		f.typ, f.kind = reflect.TypeFor[float64](), kFloat64
	case k == dialect.KindDecimal:
		f.typ, f.kind = reflect.TypeFor[decimal.Decimal](), kDecimal
	case k == dialect.KindChar || k == dialect.KindText:
		f.typ, f.kind = reflect.TypeFor[string](), kString
	case k == dialect.KindBool:
		f.typ, f.kind = reflect.TypeFor[bool](), kBool
	case k == dialect.KindDate || k == dialect.KindDateTime || k == dialect.KindTime:
		f.typ, f.kind = reflect.TypeFor[time.Time](), kTime
	default:
		return nil
	}
	f.base = f.typ
	return f
}

// scanValue reads src, a value of a kindField, into its Go type. An
// integer kind also takes an integral decimal or float (ROUND on
// PostgreSQL gives numeric).
func (f *field) scanValue(src any, rs readStyle) (any, error) {
	if src == nil {
		return nil, nil
	}
	if f.kind == kInt64 {
		var d decimal.Decimal
		var ok bool
		switch s := src.(type) {
		case float64:
			d, ok = decimal.NewFromFloat(s), true
		case []byte, string:
			x, err := decimal.NewFromString(strings.TrimSpace(asString(s)))
			d, ok = x, err == nil
		}
		if ok && d.IsInteger() && d.Exponent() >= -30 {
			return d.IntPart(), nil
		}
	}
	p := reflect.New(f.base)
	if err := f.scanBase(p.UnsafePointer(), src, rs); err != nil {
		return nil, err
	}
	return p.Elem().Interface(), nil
}
