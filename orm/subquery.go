package orm

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// InnerQuery is a query that can be nested in another, as Subquery or
// Exists: a *QuerySet[U], *ValuesQuerySet[U] or *ValuesListQuerySet[U] of
// any model U, so a subquery over another model keeps its type checks.
// It is sealed: only those types implement it.
type InnerQuery interface {
	inner() *inner
}

// inner is the query of a subquery: a copy of the QuerySet's state (which
// is immutable), its model type, and the fields a values query selects.
type inner struct {
	q      query
	typ    reflect.Type
	fields []string
	values bool // a values query: fields are selected; else the key
}

func (qs *QuerySet[T]) inner() *inner {
	if qs == nil {
		return nil
	}
	return &inner{q: qs.query, typ: reflect.TypeFor[T]()}
}

func (v *ValuesQuerySet[T]) inner() *inner {
	if v == nil {
		return nil
	}
	return &inner{q: v.q, typ: reflect.TypeFor[T](), fields: v.fields, values: true}
}

func (v *ValuesListQuerySet[T]) inner() *inner {
	if v == nil {
		return nil
	}
	return &inner{q: v.q, typ: reflect.TypeFor[T](), fields: v.fields, values: true}
}

var (
	_ InnerQuery = (*QuerySet[struct{}])(nil)
	_ InnerQuery = (*ValuesQuerySet[struct{}])(nil)
	_ InnerQuery = (*ValuesListQuerySet[struct{}])(nil)
)

// innerOf returns q's inner query, or nil for a nil q.
func innerOf(q InnerQuery) *inner {
	if q == nil {
		return nil
	}
	return q.inner()
}

// Subquery returns the result of the query q, nested in the statement:
// Django's Subquery. q selects one column: a ValuesList or Values of one
// field, or a QuerySet, which selects its primary key (as Django does for
// __in=qs). Use it as a lookup value — with in for any number of rows,
// with exact, gt, ... for a query that gives at most one row (slice it
// with Limit(1)) — in Update's Set, OrderBy, Coalesce and Case. Inside q,
// OuterRef refers to the row of the enclosing query.
//
//	newest := orm.Objects[Invoice](db).Filter(orm.Q{"customer": orm.OuterRef("pk")}).
//		OrderBy("-invoice_date").Limit(1).ValuesList("total")
//	orm.Objects[Customer](db).Filter(orm.Q{"support_rep__isnull": false, "credit__lt": orm.Subquery(newest)})
//	orm.Objects[Customer](db).Filter(orm.Q{"id__in": orm.Subquery(bigSpenders.ValuesList("customer"))})
//
// The inner query's tables are aliased U0, U1, ... (V0, ... one level
// deeper), as in Django, so they never collide with the outer query's; its
// values are bound in the one statement, numbered in order. Its ordering is
// kept only when it is sliced (Limit, Offset), where it decides which rows
// are taken; otherwise it is dropped. A q selecting more or fewer than one
// column, or holding a mistake of its own, makes the outer query's
// terminal method fail with an error wrapping ErrInvalidQuery, and no
// statement is sent. MySQL and MariaDB refuse an Update whose Subquery
// reads the table being updated, and Limit in a subquery under in.
func Subquery(q InnerQuery) Expr {
	e := &expr{op: opSubquery, sub: innerOf(q)}
	if e.sub == nil {
		e.err = queryError("Subquery(nil): give a QuerySet, Values or ValuesList")
	}
	return Expr{e}
}

// OuterRef returns a reference to the field name of the enclosing query's
// row, for use inside the query given to Subquery or Exists: Django's
// OuterRef. name is resolved against the enclosing query's model, as F
// is against the query's own. It refers to the query immediately
// enclosing the subquery (Django's OuterRef(OuterRef(...)) is not
// supported). Used outside a subquery it is an error wrapping
// ErrInvalidQuery.
func OuterRef(name string) Expr { return Expr{&expr{op: opOuter, name: name}} }

// existsCond is Exists(q): a condition.
type existsCond struct{ sub *inner }

func (*existsCond) isCondition() {}

// String returns the condition as Django prints it.
func (x *existsCond) String() string {
	if x == nil || x.sub == nil {
		return "Exists(<nil>)"
	}
	return "Exists(" + typeName(x.sub.typ) + ")"
}

// Exists returns a condition that holds when the query q has at least one
// row: Django's Exists, written EXISTS (SELECT 1 ... LIMIT 1). It is a
// Condition, usable in Filter, Exclude, Get, And, Or, Not and When; inside
// q, OuterRef refers to the row being filtered.
//
//	bigInvoice := orm.Objects[Invoice](db).Filter(orm.Q{"customer": orm.OuterRef("pk"), "total__gt": 20})
//	orm.Objects[Customer](db).Filter(orm.Exists(bigInvoice))
//	orm.Objects[Customer](db).Exclude(orm.Exists(bigInvoice)) // NOT (EXISTS (...))
//
// q's ordering and selected fields do not matter. A q that can match no
// row (an empty in, None) makes Exists match nothing, and the outer query
// may then send no statement at all.
func Exists(q InnerQuery) Condition { return &existsCond{sub: innerOf(q)} }

// ---- compiling ----

// outerRefs calls fn for every OuterRef in e that refers to the query
// enclosing e's query: in e and its conditions, but not inside nested
// subqueries, whose OuterRefs refer to e's query.
func outerRefs(e *expr, fn func(*expr) error) error {
	if e == nil {
		return nil
	}
	if e.op == opOuter {
		return fn(e)
	}
	if e.op == opSubquery {
		return nil
	}
	for _, w := range e.whens {
		if err := condOuterRefs(w.cond, fn); err != nil {
			return err
		}
	}
	return e.children(func(c *expr) error { return outerRefs(c, fn) })
}

// condOuterRefs is outerRefs for the expressions in a condition.
func condOuterRefs(cond Condition, fn func(*expr) error) error {
	switch x := cond.(type) {
	case Q:
		return condOuterRefs(sortQ(x), fn)
	case sortedQ:
		for _, l := range x {
			if e, ok := exprOf(l.value); ok {
				if err := outerRefs(e, fn); err != nil {
					return err
				}
			}
		}
	case *node:
		if x == nil {
			return nil
		}
		for _, ch := range x.children {
			if err := condOuterRefs(ch, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// prepareInner resolves, in c, every field an OuterRef of sub names, so
// that the joins they need exist before c writes its FROM. outer promotes
// those joins to LEFT OUTER.
func (c *compiler) prepareInner(sub *inner, outer bool) error {
	if sub == nil {
		return queryError("%s: Subquery or Exists of a nil query", c.m.name)
	}
	visit := func(x *expr) error {
		r, err := c.resolve(x.name, false)
		if err != nil {
			return fmt.Errorf("%w (OuterRef(%q) in a subquery over %s refers to the enclosing %s)", err, x.name, typeName(sub.typ), c.m.name)
		}
		if outer {
			c.promote(r)
		}
		return nil
	}
	for _, cond := range sub.q.where {
		if err := condOuterRefs(cond, visit); err != nil {
			return err
		}
	}
	if sub.q.sliced {
		for _, k := range sub.q.order {
			var e *expr
			switch x := k.(type) {
			case Expr:
				e = x.e
			case OrderExpr:
				e = x.e
			case *OrderExpr:
				if x != nil {
					e = x.e
				}
			}
			if err := outerRefs(e, visit); err != nil {
				return err
			}
		}
	}
	return nil
}

// outerRef resolves an OuterRef's field in the enclosing query, and
// returns that query's compiler.
func (c *compiler) outerRef(e *expr) (*compiler, ref, error) {
	if c.outer == nil {
		return nil, ref{}, queryError("%s: OuterRef(%q) is only valid inside a query given to Subquery or Exists", c.m.name, e.name)
	}
	r, err := c.outer.resolve(e.name, false)
	return c.outer, r, err
}

// aliasTaken reports whether name is a table alias of c or of a query
// enclosing it (Oracle folds quoted names to upper case, so case does not
// count).
func (c *compiler) aliasTaken(name string) bool {
	for o := c; o != nil; o = o.outer {
		if strings.EqualFold(o.alias(nil), name) || strings.EqualFold(o.m.table, name) {
			return true
		}
		for _, j := range o.joins {
			if strings.EqualFold(j.alias, name) {
				return true
			}
		}
	}
	return false
}

// newAlias returns the next free alias of a subquery compiler: its prefix
// and a number.
func (c *compiler) newAlias() string {
	for {
		a := c.prefix + strconv.Itoa(c.nAlias)
		c.nAlias++
		if !c.aliasTaken(a) {
			return a
		}
	}
}

// writeInner writes the SELECT of sub into c's statement: SELECT 1 ...
// LIMIT 1 for Exists (exists set), else the one column it selects. It
// reports never when, for Exists, the inner query can match no row; then
// nothing is written. A value subquery that can match no row is written
// with WHERE 1 = 0, so that it gives no row (or NULL) as SQL would.
func (c *compiler) writeInner(sub *inner, exists bool) (never bool, err error) {
	if sub == nil {
		return false, queryError("%s: Subquery or Exists of a nil query", c.m.name)
	}
	q := &sub.q
	if q.err != nil {
		return false, fmt.Errorf("%w (in a subquery of %s)", q.err, c.m.name)
	}
	m, err := infoFor(sub.typ)
	if err != nil {
		return false, err
	}
	prefix := "U"
	if c.prefix != "" {
		prefix = string(c.prefix[0] + 1)
	}
	ic := newCompiler(m, c.d, m.stmtsFor(c.d), q.reg)
	ic.outer, ic.prefix = c, prefix
	ic.b.Reset(c.d, c.b.Bytes(), c.b.Args())
	ic.root = ic.newAlias()
	defer func() { c.b.Reset(c.d, ic.b.Bytes(), ic.b.Args()) }()

	var col *ref
	if !exists {
		r, err := ic.innerColumn(sub)
		if err != nil {
			return false, err
		}
		col = &r
	}
	limit := q.limit
	if exists {
		limit = q.capLimit(1)
	}
	none := q.none || limit == 0
	if !none {
		if err := ic.prepareConds(q.where); err != nil {
			return false, err
		}
	}
	var order []orderItem
	if q.sliced && !exists && !none {
		if order, err = ic.prepareOrder(q.order, q.orderSet, q.reverse); err != nil {
			return false, err
		}
	}
	if none && exists {
		return true, nil
	}
	ic.finishJoins()
	start := ic.mark()
	ic.b.str("SELECT ")
	if exists {
		ic.b.str("1 AS ")
		ic.b.ident("a")
	} else {
		if q.distinct {
			ic.b.str("DISTINCT ")
		}
		ic.col(*col)
	}
	ic.writeFrom()
	if none {
		ic.b.str(" WHERE 1 = 0")
		return false, nil
	}
	nev, err := ic.writeWhere(q.where)
	if err != nil {
		return false, err
	}
	if nev {
		if exists {
			ic.rewind(start)
			return true, nil
		}
		ic.b.str(" WHERE 1 = 0")
		return false, nil
	}
	if err := ic.writeOrder(order); err != nil {
		return false, err
	}
	if exists || q.sliced {
		ic.writeLimit(limit, q.offset)
	}
	return false, nil
}

// innerColumn resolves the one column a value subquery selects.
func (c *compiler) innerColumn(sub *inner) (ref, error) {
	if !sub.values {
		return ref{path: "pk", f: c.m.pk}, nil
	}
	if len(sub.fields) != 1 {
		n := len(sub.fields)
		if n == 0 {
			n = len(c.m.fields)
		}
		return ref{}, queryError("%s: a subquery of %s used as a value must select exactly one column, and it selects %d; use ValuesList with one field", c.outer.m.name, c.m.name, n)
	}
	r, err := c.resolve(sub.fields[0], false)
	if err != nil {
		return ref{}, err
	}
	c.promote(r)
	return r, nil
}
