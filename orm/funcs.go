package orm

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// funcKind is a database function an Expr can call. The SQL names are
// program constants; nothing a caller passes becomes a function name.
type funcKind uint8

const (
	fnLower funcKind = iota + 1
	fnUpper
	fnLength
	fnCoalesce
	fnConcat
	fnNow
	fnAbs
	fnNullIf
	fnGreatest
	fnLeast
	fnTrim
	fnLTrim
	fnRTrim
	fnReplace
	fnLeft
	fnRight
	fnSubstr
	fnStrIndex
	fnExtract
)

// funcNames are Django's names of the functions, for String.
var funcNames = map[funcKind]string{
	fnLower: "Lower", fnUpper: "Upper", fnLength: "Length", fnCoalesce: "Coalesce",
	fnConcat: "Concat", fnNow: "Now", fnAbs: "Abs", fnNullIf: "NullIf",
	fnGreatest: "Greatest", fnLeast: "Least", fnTrim: "Trim", fnLTrim: "LTrim",
	fnRTrim: "RTrim", fnReplace: "Replace", fnLeft: "Left", fnRight: "Right",
	fnSubstr: "Substr", fnStrIndex: "StrIndex", fnExtract: "Extract",
}

// extractParts are the parts Extract takes: Django's lookup_name values.
var extractParts = []string{"year", "iso_year", "quarter", "month", "week", "day", "week_day", "iso_week_day", "hour", "minute", "second"}

// argOf makes a function argument, as Django parses one: a string names a
// field (F), an Expr is used as is, any other Go value is bound (Value).
func argOf(v any) *expr {
	if s, ok := v.(string); ok {
		return &expr{op: opField, name: s}
	}
	return operandOf(v)
}

func call(fn funcKind, args ...any) Expr {
	e := &expr{op: opFunc, fn: fn, args: make([]*expr, len(args))}
	for i, a := range args {
		e.args[i] = argOf(a)
	}
	return Expr{e}
}

// Value returns an Expr that is the Go value v, bound as a parameter:
// Django's Value(). It is how a string is passed as text where a function,
// When or Default would take a string as a field name:
// Concat("first_name", Value(" "), "last_name").
func Value(v any) Expr { return Expr{&expr{op: opValue, val: v}} }

// Lower returns the expression x in lower case (LOWER): Django's Lower.
// x is a field name, or an Expr; the same holds for the arguments of every
// function below. It folds what the database folds (ASCII only on SQLite).
func Lower(x any) Expr { return call(fnLower, x) }

// Upper returns the expression x in upper case (UPPER): Django's Upper.
func Upper(x any) Expr { return call(fnUpper, x) }

// Length returns the number of characters of the text x (LENGTH;
// CHAR_LENGTH on MySQL, whose LENGTH counts bytes): Django's Length. It
// is NULL when x is NULL.
func Length(x any) Expr { return call(fnLength, x) }

// Coalesce returns the first of its arguments that is not NULL
// (COALESCE): Django's Coalesce, which needs at least two expressions. A
// Go value among them is bound converted like a value of the first field
// argument (Coalesce("nickname", Value("anon"))).
func Coalesce(x, y any, more ...any) Expr {
	return call(fnCoalesce, append([]any{x, y}, more...)...)
}

// Concat returns the text of its arguments joined, with NULL arguments
// counting as empty text: Django's Concat, which needs at least two. It is
// written as Django's ConcatPair writes it: on SQLite and PostgreSQL each
// argument is coalesced to the empty string and they are joined with ||
// (PostgreSQL first casts an argument that is not text to text); MySQL
// uses CONCAT_WS with an empty separator, which skips NULLs; Oracle nests
// two-argument CONCAT calls, as its CONCAT and || treat NULL as the empty
// string. A Go value among the arguments is bound as text.
//
//	orm.Concat("first_name", orm.Value(" "), "last_name")
func Concat(x, y any, more ...any) Expr {
	return call(fnConcat, append([]any{x, y}, more...)...)
}

// Now returns the database's current time as the statement sees it:
// Django's Now. It is written so that it compares with the datetimes
// sqlorm stores (UTC) on each backend:
//
//	SQLite      STRFTIME('%Y-%m-%d %H:%M:%f000+00:00', 'now'), the fixed-width
//	            UTC text sqlorm stores, to the millisecond (SQLite's clock)
//	PostgreSQL  STATEMENT_TIMESTAMP(), as Django
//	MySQL       UTC_TIMESTAMP(6) (Django: CURRENT_TIMESTAMP(6), in the
//	            session's time zone)
//	Oracle      SYS_EXTRACT_UTC(SYSTIMESTAMP) (Django: CURRENT_TIMESTAMP)
//
//	orm.Q{"expires_at__lt": orm.Now()}
func Now() Expr { return Expr{&expr{op: opFunc, fn: fnNow}} }

// Abs returns the absolute value of the number x (ABS): Django's Abs.
func Abs(x any) Expr { return call(fnAbs, x) }

// NullIf returns NULL when x equals y, else x (NULLIF): Django's NullIf.
// On Oracle x must not be NULL itself.
func NullIf(x, y any) Expr { return call(fnNullIf, x, y) }

// Greatest returns the largest of its arguments (GREATEST; MAX on
// SQLite): Django's Greatest. As in Django the result differs with NULL
// arguments: PostgreSQL ignores them, the other backends return NULL.
func Greatest(x, y any, more ...any) Expr {
	return call(fnGreatest, append([]any{x, y}, more...)...)
}

// Least returns the smallest of its arguments (LEAST; MIN on SQLite):
// Django's Least, with Greatest's caveat about NULL.
func Least(x, y any, more ...any) Expr {
	return call(fnLeast, append([]any{x, y}, more...)...)
}

// Trim returns the text x without leading and trailing spaces (TRIM):
// Django's Trim. LTrim and RTrim remove them on one side.
func Trim(x any) Expr { return call(fnTrim, x) }

// LTrim returns x without leading spaces (LTRIM): Django's LTrim.
func LTrim(x any) Expr { return call(fnLTrim, x) }

// RTrim returns x without trailing spaces (RTRIM): Django's RTrim.
func RTrim(x any) Expr { return call(fnRTrim, x) }

// Replace returns the text x with every occurrence of text replaced by
// with (REPLACE): Django's Replace. As in Django, text and with are
// expressions: pass Value("...") for literal text; a nil with removes the
// occurrences.
//
//	orm.Replace("name", orm.Value("Mr. "), nil)
func Replace(x, text, with any) Expr {
	if with == nil {
		with = Value("")
	}
	return call(fnReplace, x, text, with)
}

// Left returns the first n characters of the text x (SUBSTR(x, 1, n)):
// Django's Left. n is an integer or an integer expression.
func Left(x, n any) Expr { return call(fnLeft, x, n) }

// Right returns the last n characters of the text x (RIGHT; SUBSTR(x,
// -n) where the backend has no RIGHT, which on Oracle is NULL when n
// exceeds the length, as with Django): Django's Right.
func Right(x, n any) Expr { return call(fnRight, x, n) }

// Substr returns length characters of the text x from position pos,
// counting from 1 (SUBSTR): Django's Substr. A length of nil takes the
// rest of the text.
func Substr(x, pos, length any) Expr {
	if length == nil {
		return call(fnSubstr, x, pos)
	}
	return call(fnSubstr, x, pos, length)
}

// StrIndex returns the position, counting from 1, of the first occurrence
// of sub in the text x, or 0 (INSTR; STRPOS on PostgreSQL): Django's
// StrIndex. As in Django, sub is an expression: pass Value("...") for
// literal text.
func StrIndex(x, sub any) Expr { return call(fnStrIndex, x, sub) }

// Extract returns the part of the date or date-time x named by part, as
// an integer: Django's Extract(expression, lookup_name). part is one of
// year, iso_year, quarter, month, week, day, week_day (1 = Sunday),
// iso_week_day (1 = Monday), hour, minute and second (the last three on
// date-times); another is an error, and the name never reaches the SQL.
// It is rendered as the transform of the same name is in lookups, per
// backend, in UTC.
//
//	orm.Objects[Order](db).Annotate(orm.Extract("created_at", "month").As("m"))
func Extract(x any, part string) Expr {
	e := call(fnExtract, x)
	e.e.name = part
	if !slices.Contains(extractParts, part) {
		e.e.err = queryError("Extract(%v, %q): no such part; choices are %s", x, part, strings.Join(extractParts, ", "))
	}
	return e
}

// when is one WHEN clause of a Case.
type when struct {
	cond Condition
	then *expr
}

// CaseClause is one part of a Case: a WHEN clause made by When, or the
// ELSE value made by Default.
type CaseClause struct {
	cond      Condition
	then      *expr
	isDefault bool
	err       error
}

// When returns a clause of Case: when cond holds, the Case is then.
// Django's When(condition, then=...). cond is a Q or any Condition (And,
// Or, Not, Exists); an empty condition is an error, as in Django. then is
// a field name (a string, as in Django), an Expr, or a Go value (bound; use
// Value for text).
func When(cond Condition, then any) CaseClause {
	c := CaseClause{cond: copyCondition("When", cond), then: argOf(then)}
	if err := condErr(c.cond); err != nil {
		c.err = err
	} else if !restricts(c.cond) {
		c.err = queryError("When(%v, ...): an empty condition would match every row; give a condition, or use Default for the value every other row gets", cond)
	}
	return c
}

// Default returns the ELSE clause of Case: the value of rows no When
// matches, Django's default=. v is taken as When's then is. Without a
// Default such rows get NULL.
func Default(v any) CaseClause { return CaseClause{then: argOf(v), isDefault: true} }

// Case returns the value of the first When whose condition holds for the
// row, else its Default (NULL without one): Django's
// Case(When(...), ..., default=...), a CASE WHEN ... THEN ... ELSE ... END
// expression. It is an Expr, usable in Update's Set, OrderBy, an
// aggregate (conditional aggregation: Sum(Case(...))) and as a lookup
// value. Joins its conditions need are LEFT OUTER, so rows without a
// related row still reach the ELSE.
//
//	orm.Set{"discount": orm.Case(
//		orm.When(orm.Q{"total__gte": 100}, orm.Value(10)),
//		orm.When(orm.Q{"total__gte": 50}, orm.Value(5)),
//		orm.Default(orm.Value(0)))}
//
// A When whose condition can match no row (an empty in) is left out; a
// Case with no When left is its Default. Two Defaults are an error.
func Case(clauses ...CaseClause) Expr {
	e := &expr{op: opCase}
	for _, c := range clauses {
		switch {
		case c.err != nil:
			e.err = c.err
		case c.isDefault && e.def != nil:
			e.err = queryError("Case: Default is given twice (%s and %s)", e.def, c.then)
		case c.isDefault:
			e.def = c.then
		case c.then == nil:
			e.err = queryError("Case: a zero CaseClause; make clauses with When and Default")
		default:
			e.whens = append(e.whens, when{cond: c.cond, then: c.then})
		}
		if e.err != nil {
			break
		}
	}
	return Expr{e}
}

// ---- writing ----

// writeFunc writes the function call e to w.
func (c *compiler) writeFunc(w *lookups.Writer, e *expr) {
	one := func(fn string) {
		if len(e.args) != 1 {
			w.Fail(queryError("%s: %s takes one argument, got %d", c.m.name, funcNames[e.fn], len(e.args)))
			return
		}
		w.Raw(fn)
		w.Raw("(")
		c.writeExprTo(w, e.args[0], false)
		w.Raw(")")
	}
	switch e.fn {
	case fnLower:
		one("LOWER")
	case fnUpper:
		one("UPPER")
	case fnLength:
		one(c.d.Traits().CharLength)
	case fnCoalesce:
		if len(e.args) < 2 {
			w.Fail(queryError("%s: Coalesce needs at least two expressions, got %d", c.m.name, len(e.args)))
			return
		}
		hint := c.hint
		if ff := e.firstField(); ff != nil {
			if r, err := c.resolve(ff.name, false); err == nil {
				hint = r.f
			}
		}
		w.Raw("COALESCE(")
		for i, a := range e.args {
			if i > 0 {
				w.Raw(", ")
			}
			c.writeResult(w, a, hint)
		}
		w.Raw(")")
	case fnConcat:
		if len(e.args) < 2 {
			w.Fail(queryError("%s: Concat needs at least two expressions, got %d", c.m.name, len(e.args)))
			return
		}
		style := c.d.Traits().Concat
		if style == dialect.ConcatWS {
			// CONCAT_WS skips NULLs; CONCAT would make the whole NULL.
			w.Raw("CONCAT_WS('', ")
			for i, a := range e.args {
				if i > 0 {
					w.Raw(", ")
				}
				c.writeText(w, a)
			}
			w.Raw(")")
			return
		}
		if style == dialect.ConcatPairs {
			// Django's ConcatPair: CONCAT(a, CONCAT(b, c)); Oracle's
			// CONCAT takes two arguments and treats NULL as ''.
			for _, a := range e.args[:len(e.args)-1] {
				w.Raw("CONCAT(")
				c.writeText(w, a)
				w.Raw(", ")
			}
			c.writeText(w, e.args[len(e.args)-1])
			w.Raw(strings.Repeat(")", len(e.args)-1))
			return
		}
		w.Raw("(")
		for i, a := range e.args {
			if i > 0 {
				w.Raw(" || ")
			}
			w.Raw("COALESCE(")
			if c.d.Traits().CastParams && !c.isText(a) {
				w.Raw("(")
				c.writeText(w, a)
				w.Raw(")::text")
			} else {
				c.writeText(w, a)
			}
			w.Raw(", '')")
		}
		w.Raw(")")
	case fnNow:
		w.Raw(c.d.Traits().Now)
	case fnAbs:
		c.callArgs(w, e, "ABS", 1, 1, argNumber)
	case fnNullIf:
		c.callArgs(w, e, "NULLIF", 2, 2, argAny)
	case fnGreatest:
		c.callArgs(w, e, c.d.Traits().Greatest, 2, 0, argAny)
	case fnLeast:
		c.callArgs(w, e, c.d.Traits().Least, 2, 0, argAny)
	case fnTrim:
		c.callArgs(w, e, "TRIM", 1, 1, argText)
	case fnLTrim:
		c.callArgs(w, e, "LTRIM", 1, 1, argText)
	case fnRTrim:
		c.callArgs(w, e, "RTRIM", 1, 1, argText)
	case fnReplace:
		c.callArgs(w, e, "REPLACE", 3, 3, argText)
	case fnLeft:
		if !c.checkArgs(w, e, 2, 2, argText, argInt) {
			return
		}
		w.Raw("SUBSTR(")
		c.writeExprTo(w, e.args[0], false)
		w.Raw(", 1, ")
		c.writeExprTo(w, e.args[1], false)
		w.Raw(")")
	case fnRight:
		if !c.checkArgs(w, e, 2, 2, argText, argInt) {
			return
		}
		if c.d.Traits().RightBySubstr {
			w.Raw("SUBSTR(")
			c.writeExprTo(w, e.args[0], false)
			w.Raw(", -(")
			c.writeExprTo(w, e.args[1], false)
			w.Raw("))")
			return
		}
		c.callArgs(w, e, "RIGHT", 2, 2, argText, argInt)
	case fnSubstr:
		c.callArgs(w, e, "SUBSTR", 2, 3, argText, argInt, argInt)
	case fnStrIndex:
		c.callArgs(w, e, c.d.Traits().StrIndex, 2, 2, argText)
	case fnExtract:
		if e.err != nil {
			w.Fail(e.err)
			return
		}
		if len(e.args) != 1 || e.args[0].op == opValue {
			w.Fail(queryError("%s: Extract takes a field or an expression, not a value", c.m.name))
			return
		}
		tr, ok := c.reg.Transform(e.name)
		if !ok {
			w.Fail(queryError("%s: Extract: no transform %q", c.m.name, e.name))
			return
		}
		in := c.operandOf(w, e.args[0])
		out, err := tr.Apply(c.d, in)
		if err != nil {
			w.Fail(fmt.Errorf("%w: %s: Extract(%s, %q): %w", ErrInvalidQuery, c.m.name, Expr{e.args[0]}, e.name, err))
			return
		}
		w.Operand(out)
	default:
		if !c.writeMoreFunc(w, e) {
			w.Fail(queryError("%s: unknown function %d", c.m.name, e.fn))
		}
	}
}

// argKind is what a Go value given as a function argument must be.
type argKind uint8

const (
	argAny    argKind = iota // bound as is
	argText                  // a string
	argInt                   // an integer (a position or a count)
	argNumber                // a number
)

// checkArgs checks e's argument count (max 0: no limit) and that each Go
// value among its arguments is of the kind kinds gives for its position
// (the last kind repeats), failing w with an error naming the function.
func (c *compiler) checkArgs(w *lookups.Writer, e *expr, minArgs, maxArgs int, kinds ...argKind) bool {
	name := funcNames[e.fn]
	if len(e.args) < minArgs || (maxArgs > 0 && len(e.args) > maxArgs) {
		want := strconv.Itoa(minArgs)
		switch {
		case maxArgs == 0:
			want = "at least " + want
		case maxArgs != minArgs:
			want += " or " + strconv.Itoa(maxArgs)
		}
		w.Fail(queryError("%s: %s takes %s arguments, got %d", c.m.name, name, want, len(e.args)))
		return false
	}
	for i, a := range e.args {
		if a.op != opValue || a.val == nil {
			continue
		}
		k := kinds[min(i, len(kinds)-1)]
		rv := reflect.ValueOf(a.val)
		ok := true
		switch k {
		case argText:
			_, ok = a.val.(string)
		case argInt:
			_, err := toInt64(a.val, rv)
			ok = err == nil && rv.Kind() != reflect.String
		case argNumber:
			ok = arithValue(a.val) && rv.Kind() != reflect.String
		}
		if !ok {
			w.Fail(queryError("%s: %s: argument %d, %s (%T), is not %s", c.m.name, name, i+1, showValue(a.val), a.val, map[argKind]string{argText: "text (a string)", argInt: "an integer", argNumber: "a number"}[k]))
			return false
		}
	}
	return true
}

// callArgs writes fn(arg, arg, ...) after checkArgs.
func (c *compiler) callArgs(w *lookups.Writer, e *expr, fn string, minArgs, maxArgs int, kinds ...argKind) {
	if !c.checkArgs(w, e, minArgs, maxArgs, kinds...) {
		return
	}
	w.Raw(fn)
	w.Raw("(")
	for i, a := range e.args {
		if i > 0 {
			w.Raw(", ")
		}
		if a.op == opValue {
			w.Arg(exprValue(a.val))
			continue
		}
		c.writeExprTo(w, a, false)
	}
	w.Raw(")")
}

// operandOf is the lookups operand of the expression x: its column when x
// is a field, else its SQL, with x's output kind.
func (c *compiler) operandOf(w *lookups.Writer, x *expr) lookups.Operand {
	if x.op == opField {
		r, err := c.resolve(x.name, false)
		if err != nil {
			w.Fail(err)
			return lookups.Operand{}
		}
		return lookups.Operand{Table: c.alias(r.j), Column: r.f.column, Kind: r.f.col.Kind}
	}
	return lookups.Operand{SQL: func(w *lookups.Writer) { c.writeExprTo(w, x, false) }, Kind: c.outputOf(x).kind}
}

// writeText writes a Concat argument: a Go value bound as text.
func (c *compiler) writeText(w *lookups.Writer, a *expr) {
	if a.op == opValue {
		w.Arg(textValue(a.val))
		return
	}
	c.writeExprTo(w, a, false)
}

// textValue is the text Django's str() gives numbers and Stringers; other
// values are bound as they are.
func textValue(v any) any {
	switch x := v.(type) {
	case nil, string:
		return v
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'f', -1, 64)
	case reflect.String:
		return rv.String()
	}
	return v
}

// isText reports whether e is known to be text (PostgreSQL's || needs
// text on both sides).
func (c *compiler) isText(e *expr) bool {
	switch e.op {
	case opField:
		r, err := c.resolve(e.name, false)
		return err == nil && (r.f.col.Kind == dialect.KindChar || r.f.col.Kind == dialect.KindText)
	case opValue:
		_, ok := textValue(e.val).(string)
		return ok || e.val == nil
	case opFunc:
		switch e.fn {
		case fnLower, fnUpper, fnConcat, fnTrim, fnLTrim, fnRTrim, fnReplace, fnLeft, fnRight, fnSubstr:
			return true
		case fnCoalesce:
			return c.isText(e.args[0])
		}
	}
	return false
}

// writeResult writes a value position of a Case or Coalesce: an
// expression, or a Go value converted like a value of hint (when known)
// and, on PostgreSQL, cast to its type, since a bare parameter there
// would be typed text.
func (c *compiler) writeResult(w *lookups.Writer, x *expr, hint *field) {
	if x.op != opValue {
		c.writeExprTo(w, x, false)
		return
	}
	v := exprValue(x.val)
	if hint != nil {
		var err error
		if v, err = hint.queryValue(c.vs, x.val); err != nil {
			w.Fail(fmt.Errorf("%w: %s: %v compared with or stored in %s.%s: %w", ErrInvalidQuery, c.m.name, x.val, hint.model, hint.name, err))
			return
		}
	}
	w.Arg(v)
	if c.d.Traits().CastParams && v != nil {
		if t := pgCast(c.d, hint, v); t != "" {
			w.Raw("::")
			w.Raw(t)
		}
	}
}

// pgCast is the PostgreSQL type a bound value in a Case or Coalesce is cast
// to: the column type of hint, else one chosen by the Go type; "" for none.
func pgCast(d dialect.Dialect, hint *field, v any) string {
	if hint != nil {
		switch hint.col.Kind {
		case dialect.KindAuto:
			return "integer"
		case dialect.KindBigAuto:
			return "bigint"
		}
		col := hint.col
		col.Name = "x"
		if t, err := d.ColumnType(col); err == nil {
			return t
		}
	}
	switch v.(type) {
	case int64:
		return "bigint"
	case float64:
		return "double precision"
	case string:
		return "text"
	case bool:
		return "boolean"
	case decimal.Decimal:
		return "numeric"
	case time.Time:
		return "timestamp with time zone"
	case []byte:
		return "bytea"
	}
	return ""
}

// writeCase writes the Case e to w. Its conditions are written by the
// compiler's condition writer, into the statement w holds.
func (c *compiler) writeCase(w *lookups.Writer, e *expr) {
	hint := c.hint
	if hint == nil {
		if ff := e.firstField(); ff != nil {
			if r, err := c.resolve(ff.name, false); err == nil {
				hint = r.f
			}
		}
	}
	c.inBuf(w, func() error {
		start := c.mark()
		c.b.str("CASE")
		n := 0
		for _, wh := range e.whens {
			at := c.mark()
			c.b.str(" WHEN ")
			r, err := c.writeCond(wh.cond, false)
			if err != nil {
				return err
			}
			switch r.kind {
			case condNever:
				c.rewind(at)
				continue
			case condAlways:
				c.b.str("1 = 1")
			}
			c.b.str(" THEN ")
			if err := c.resultInBuf(wh.then, hint); err != nil {
				return err
			}
			n++
			if r.kind == condAlways {
				break // later clauses cannot be reached
			}
		}
		if n == 0 {
			c.rewind(start)
			if e.def == nil {
				c.b.str("NULL")
				return nil
			}
			return c.resultInBuf(e.def, hint)
		}
		if e.def != nil {
			c.b.str(" ELSE ")
			if err := c.resultInBuf(e.def, hint); err != nil {
				return err
			}
		}
		c.b.str(" END")
		return nil
	})
}

// resultInBuf is writeResult into the statement (inside inBuf).
func (c *compiler) resultInBuf(x *expr, hint *field) error {
	w := c.writer()
	c.writeResult(w, x, hint)
	return w.TakeErr()
}
