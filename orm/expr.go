package orm

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
)

// Expr is an expression over a model's fields: Django's F() and the
// arithmetic built on it, database functions (Lower, Upper, Length,
// Coalesce, Concat, Now), Value, Case and Subquery. Make one with those
// functions and combine it with Add, Sub, Mul and Div. An Expr is an
// immutable value; combining returns a new one. The zero Expr is the value
// NULL.
//
// An Expr is accepted wherever a value is: as the value of a Q key (the
// field is compared with the expression), in a Set given to Update (the
// column is set from it) and in OrderBy (directly, or through Asc and Desc
// for the direction and the place of NULLs). Field names in an Expr are
// resolved like lookup paths, across foreign keys (F("category__name")),
// when the query is compiled; an unknown name makes the terminal method
// return an error wrapping ErrInvalidQuery without sending anything.
//
//	orm.Q{"sale_price__lt": orm.F("regular_price")}
//	orm.Set{"stock": orm.F("stock").Sub(1)}
//	qs.OrderBy(orm.F("margin").Desc(orm.NullsLast))
//
// Arithmetic is the database's: dividing two integer columns is integer
// division on SQLite and PostgreSQL and exact division on MySQL and Oracle,
// as with Django.
type Expr struct{ e *expr }

// expr is one node of an expression tree. Nodes are never changed after
// they are made, so trees are shared freely.
type expr struct {
	op   byte   // see the op* constants, or one of + - * /
	name string // opField, opOuter: the field path
	val  any    // opValue: the Go value, bound as a parameter
	l, r *expr

	fn    funcKind // opFunc: which function
	args  []*expr  // opFunc: the arguments
	whens []when   // opCase: the WHEN clauses, in order
	def   *expr    // opCase: the ELSE value; nil for NULL
	sub   *inner   // opSubquery: the inner query
	err   error    // a mistake made while building the node, reported when the query is compiled
}

// Expression node kinds besides the arithmetic operators.
const (
	opField    = 'f' // F("name")
	opValue    = 'v' // a Go value (Value)
	opFunc     = 'c' // a database function (Lower, Coalesce, ...)
	opCase     = 'k' // Case(When(...), ...)
	opSubquery = 's' // Subquery(qs)
	opOuter    = 'o' // OuterRef("name")
)

// F returns a reference to the named field of the model being queried:
// Django's F("field"). The name is a field name, "pk", a foreign key's
// column name ("category_id"), or a path across foreign keys
// ("category__name").
func F(name string) Expr { return Expr{&expr{op: 'f', name: name}} }

// operandOf makes v an expression node: an Expr as is, anything else a
// bound value.
func operandOf(v any) *expr {
	switch x := v.(type) {
	case Expr:
		if x.e != nil {
			return x.e
		}
		return &expr{op: 'v'}
	case *Expr:
		if x != nil && x.e != nil {
			return x.e
		}
	}
	return &expr{op: 'v', val: v}
}

func (e Expr) binary(op byte, v any) Expr {
	l := e.e
	if l == nil {
		l = &expr{op: 'v'}
	}
	return Expr{&expr{op: op, l: l, r: operandOf(v)}}
}

// Add returns e + v, where v is a Go value (bound as a parameter) or another
// Expr.
func (e Expr) Add(v any) Expr { return e.binary('+', v) }

// Sub returns e - v, where v is a Go value or another Expr.
func (e Expr) Sub(v any) Expr { return e.binary('-', v) }

// Mul returns e * v, where v is a Go value or another Expr.
func (e Expr) Mul(v any) Expr { return e.binary('*', v) }

// Div returns e / v, where v is a Go value or another Expr. Integer
// operands divide as the database does (see Expr).
func (e Expr) Div(v any) Expr { return e.binary('/', v) }

// String returns the expression as Django would print it: F(price) * 1.1.
func (e Expr) String() string {
	if e.e == nil {
		return "<nil>"
	}
	return e.e.String()
}

func (x *expr) String() string {
	switch x.op {
	case opField:
		return "F(" + x.name + ")"
	case opValue:
		return fmt.Sprint(x.val)
	case opOuter:
		return "OuterRef(" + x.name + ")"
	case opFunc:
		s := funcNames[x.fn] + "("
		for i, a := range x.args {
			if i > 0 {
				s += ", "
			}
			s += a.String()
		}
		if x.name != "" { // Extract's part, Trunc's kind, Cast's kind
			s += ", " + strconv.Quote(x.name)
		}
		return s + ")"
	case opCase:
		s := "Case("
		for i, w := range x.whens {
			if i > 0 {
				s += ", "
			}
			s += fmt.Sprintf("When(%v, then=%s)", w.cond, w.then)
		}
		if x.def != nil {
			s += ", default=" + x.def.String()
		}
		return s + ")"
	case opWindow:
		return x.windowString()
	case opSubquery:
		if x.sub == nil {
			return "Subquery(<nil>)"
		}
		return "Subquery(" + typeName(x.sub.typ) + ")"
	}
	if x.l == nil || x.r == nil {
		return "<invalid>"
	}
	return "(" + x.l.String() + " " + string(x.op) + " " + x.r.String() + ")"
}

// children calls fn for each direct sub-expression of x: the operands of
// an operator, a function's arguments, a Case's results (not its
// conditions, nor anything inside a subquery).
func (x *expr) children(fn func(*expr) error) error {
	for _, c := range [2]*expr{x.l, x.r} {
		if c != nil {
			if err := fn(c); err != nil {
				return err
			}
		}
	}
	for _, a := range x.args {
		if err := fn(a); err != nil {
			return err
		}
	}
	for _, w := range x.whens {
		if err := fn(w.then); err != nil {
			return err
		}
	}
	if x.def != nil {
		return fn(x.def)
	}
	return nil
}

// firstField returns the leftmost field reference of the query's own
// model (not an OuterRef, not inside a subquery), or nil.
func (x *expr) firstField() *expr {
	if x == nil {
		return nil
	}
	switch x.op {
	case opField:
		return x
	case opValue, opOuter, opSubquery:
		return nil
	}
	var found *expr
	_ = x.children(func(c *expr) error {
		if found == nil {
			found = c.firstField()
		}
		return nil
	})
	return found
}

// Nulls says where NULLs sort in an ordering made with Expr.Asc or
// Expr.Desc: Django's nulls_first and nulls_last.
type Nulls uint8

const (
	// NullsDefault leaves NULLs where the database puts them: first in
	// ascending order on SQLite and MySQL, last on PostgreSQL and Oracle.
	NullsDefault Nulls = iota
	// NullsFirst sorts NULLs before every value, in either direction.
	NullsFirst
	// NullsLast sorts NULLs after every value, in either direction.
	NullsLast
)

// OrderExpr is an ordering term made by Expr.Asc or Expr.Desc, for OrderBy.
type OrderExpr struct {
	e     *expr
	desc  bool
	nulls Nulls
}

// Asc returns the ascending ordering by e. An optional Nulls says where
// NULLs go; MySQL, which has no NULLS FIRST/LAST, gets the equivalent
// "e IS NULL" sort key first.
func (e Expr) Asc(nulls ...Nulls) OrderExpr { return e.order(false, nulls) }

// Desc returns the descending ordering by e, with an optional Nulls as for
// Asc.
func (e Expr) Desc(nulls ...Nulls) OrderExpr { return e.order(true, nulls) }

func (e Expr) order(desc bool, nulls []Nulls) OrderExpr {
	o := OrderExpr{e: e.e, desc: desc}
	for _, n := range nulls {
		o.nulls = n
	}
	return o
}

// String returns the ordering as Django prints it: F(name).desc(nulls_last).
func (o OrderExpr) String() string {
	s := Expr{o.e}.String()
	if o.desc {
		s += ".desc("
	} else {
		s += ".asc("
	}
	switch o.nulls {
	case NullsFirst:
		s += "nulls_first"
	case NullsLast:
		s += "nulls_last"
	}
	return s + ")"
}

// outputType is what an expression evaluates to: its kind, and the field
// whose codec converts values compared with it when the expression has the
// stored form of that field (F("price"), Lower("name"), Coalesce of a
// field). Django's output_field. A zero kind means unknown.
type outputType struct {
	kind dialect.Kind
	f    *field
}

// outputOf returns x's output type, resolving field references in c.
func (c *compiler) outputOf(x *expr) outputType {
	if x == nil {
		return outputType{}
	}
	switch x.op {
	case opField:
		r, err := c.resolve(x.name, false)
		if err != nil || r.f == nil {
			return outputType{}
		}
		return outputType{r.f.col.Kind, r.f}
	case opValue:
		return outputType{kind: goKind(x.val)}
	case opFunc:
		switch x.fn {
		case fnLower, fnUpper, fnConcat:
			t := outputType{kind: dialect.KindText}
			if len(x.args) == 1 {
				if a := c.outputOf(x.args[0]); a.f != nil && (a.kind == dialect.KindText || a.kind == dialect.KindChar) {
					t.f = a.f
				}
			}
			return t
		case fnLength, fnStrIndex, fnExtract:
			return outputType{kind: dialect.KindBigInt}
		case fnTrim, fnLTrim, fnRTrim, fnReplace, fnLeft, fnRight, fnSubstr:
			t := outputType{kind: dialect.KindText}
			if a := c.outputOf(x.args[0]); a.f != nil && (a.kind == dialect.KindText || a.kind == dialect.KindChar) {
				t.f = a.f
			}
			return t
		case fnAbs, fnNullIf:
			if len(x.args) > 0 {
				return c.outputOf(x.args[0])
			}
		case fnNow:
			return outputType{kind: dialect.KindDateTime}
		case fnCoalesce, fnGreatest, fnLeast:
			for _, a := range x.args {
				if t := c.outputOf(a); t.kind != 0 {
					return t
				}
			}
		default:
			return c.moreOutput(x)
		}
		return outputType{}
	case opWindow:
		return c.windowOutputOf(x)
	case opCase:
		for _, w := range x.whens {
			if t := c.outputOf(w.then); t.kind != 0 {
				return t
			}
		}
		return c.outputOf(x.def)
	case '+', '-', '*', '/':
		l, r := c.outputOf(x.l), c.outputOf(x.r)
		switch {
		case l.kind == 0:
			return outputType{kind: r.kind}
		case r.kind == 0:
			return outputType{kind: l.kind}
		case l.kind == dialect.KindFloat || r.kind == dialect.KindFloat:
			return outputType{kind: dialect.KindFloat}
		case l.kind == dialect.KindDecimal || r.kind == dialect.KindDecimal:
			return outputType{kind: dialect.KindDecimal}
		case l.kind.Integer() && r.kind.Integer():
			return outputType{kind: dialect.KindBigInt}
		}
		return outputType{kind: l.kind}
	}
	return outputType{}
}

// goKind is the kind of a bound Go value, or zero when it has none.
func goKind(v any) dialect.Kind {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return dialect.KindBigInt
	case float32, float64:
		return dialect.KindFloat
	case string:
		return dialect.KindText
	case bool:
		return dialect.KindBool
	case time.Time:
		return dialect.KindDateTime
	case decimal.Decimal:
		return dialect.KindDecimal
	}
	return 0
}
