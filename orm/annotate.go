package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// Annotation is a named value computed for each row by Annotate: an
// Aggregate (Count, Sum, ...; named by As or Django's default
// "<field>__<function>"), or an Expr named with As. It is sealed: only
// those types implement it.
type Annotation interface {
	annotation() annSpec
}

// annSpec is an annotation as the QuerySet records it.
type annSpec struct {
	name  string
	isAgg bool
	agg   Aggregate
	e     *expr
	at    int // how many Filter/Exclude calls came before it
	err   error
}

func (a Aggregate) annotation() annSpec {
	name, err := a.name()
	if err == nil && a.err != nil {
		err = a.err
	}
	return annSpec{name: name, isAgg: true, agg: a, err: err}
}

// NamedExpr is an Expr with a name, for Annotate: make one with Expr.As.
type NamedExpr struct {
	e    *expr
	name string
}

// As names the expression's value for Annotate (Django's
// annotate(name=expr)). The name must be an identifier, as for
// Aggregate.As.
func (e Expr) As(name string) NamedExpr { return NamedExpr{e: e.e, name: name} }

func (n NamedExpr) annotation() annSpec {
	s := annSpec{name: n.name, e: n.e}
	if n.e == nil {
		s.err = queryError("Annotate: an empty Expr named %q", n.name)
	} else if n.e.err != nil {
		s.err = n.e.err
	}
	return s
}

var (
	_ Annotation = Aggregate{}
	_ Annotation = NamedExpr{}
)

// Annotate returns a new QuerySet whose rows also carry the values anns
// compute: Django's annotate(). An aggregate counts or sums over the rows
// related to each row — Count("products") through a reverse relation,
// Sum("products__price") — and makes the query GROUP BY every selected
// column (the model's, and those SelectRelated adds), which every backend
// accepts; the joins it needs are LEFT OUTER, so a row without related
// rows gets 0 from Count and NULL (nil) from the others. An Expr named
// with As is computed per row (F("price").Mul(2).As("double")).
//
//	cats, err := orm.Objects[Category](db).
//		Annotate(orm.Count("products").As("n")).
//		Filter(orm.Q{"n__gt": 10}).
//		OrderBy("-n").
//		AllAnnotated(ctx)
//	for _, c := range cats { fmt.Println(c.Object.Name, c.Annotations["n"].(int64)) }
//
// As in Django, a Filter on an annotation's name filters on its value —
// in HAVING for an aggregate; OrderBy and Values accept the names too. A
// Filter made before the Annotate that adds the name cannot use it (an
// unknown field, as in Django). A
// Filter across a relation made before Annotate restricts the rows that
// are aggregated (the aggregate reuses its join); one made after does
// not. All still returns []T, without the values; AllAnnotated returns
// them beside each object. Without OrderBy an aggregating query has no
// ordering (Meta.Ordering is not used, as in Django 3.1+).
//
// Two aggregates over different multi-valued relations multiply each
// other's rows, as in Django (Count("products") and Count("tags") both
// count the product × tag pairs): use Distinct on Count, or a Subquery.
// A name that is not an identifier, is used twice, or is a field of the
// model is an error; so are Count of "*" without As, Update and Delete
// after Annotate. Aggregate after Annotate aggregates the annotated rows
// (see QuerySet.Aggregate).
func (qs *QuerySet[T]) Annotate(anns ...Annotation) *QuerySet[T] {
	n := qs.clone()
	n.query.annotate(typeNameOf[T](), reflect.TypeFor[T](), anns, false)
	return n
}

func (q *query) annotate(model string, t reflect.Type, anns []Annotation, valuesGroup bool) {
	m, err := infoFor(t)
	if err != nil {
		q.fail(err)
		return
	}
	q.annots = slices.Clip(q.annots)
	for _, a := range anns {
		if a == nil {
			q.fail(queryError("%s: Annotate(nil)", model))
			return
		}
		s := a.annotation()
		if s.err != nil {
			q.fail(fmt.Errorf("%w (in %s.Annotate)", s.err, model))
			return
		}
		if err := dialect.CheckIdent(s.name); err != nil {
			q.fail(fmt.Errorf("%w: %s: annotation name: %w", ErrInvalidQuery, model, err))
			return
		}
		if f, _ := fieldOf(m, s.name); f != nil || reverseOf(m, s.name) != nil {
			q.fail(queryError("%s: the annotation %q conflicts with a field of %s; name it otherwise with As", model, s.name, model))
			return
		}
		for _, o := range q.annots {
			if strings.EqualFold(o.name, s.name) {
				q.fail(queryError("%s: two annotations are named %q", model, s.name))
				return
			}
		}
		s.at = len(q.where)
		q.annots = append(q.annots, s)
	}
	if valuesGroup {
		q.valuesGroup = true
	}
}

// Annotated is one row of AllAnnotated: the object and the values of the
// QuerySet's annotations, keyed by name. The values have the types
// Aggregate documents (Count: int64; Sum of a decimal field:
// decimal.Decimal; ...); an Expr's value has its field's base type when it
// is a plain F, else the driver's, numbers as int64 or decimal.Decimal;
// NULL is nil.
type Annotated[T any] struct {
	Object      T
	Annotations map[string]any
}

// AllAnnotated runs the query like All and returns each object with the
// values of its annotations (see Annotate). Without annotations every map
// is empty.
func (qs *QuerySet[T]) AllAnnotated(ctx context.Context) ([]Annotated[T], error) {
	qs, ctx = qs.forRead(ctx)
	var out []Annotated[T]
	err := qs.run(ctx, rowsSpec{ordered: true, limit: qs.limit, offset: qs.offset, lock: true}, func(m *modelInfo, rr *rowReader) ([]unsafe.Pointer, error) {
		var ptrs []unsafe.Pointer
		for rr.next() {
			out = append(out, Annotated[T]{})
			row := &out[len(out)-1]
			anns, err := rr.scan(unsafe.Pointer(&row.Object))
			if err != nil {
				return nil, err
			}
			if anns == nil {
				anns = map[string]any{}
			}
			row.Annotations = anns
		}
		for i := range out {
			ptrs = append(ptrs, unsafe.Pointer(&out[i].Object))
		}
		return ptrs, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ---- compiling ----

// annItem is a resolved annotation.
type annItem struct {
	spec annSpec
	it   aggItem // an aggregate's
	f    *field  // an Expr's field, for a plain F
	kf   *field  // else a field of the Expr's output kind, when known
	// alias: the annotation is read as alias.name, from the derived
	// table of a filter on a window (see Window).
	alias string
}

// annotation returns the annotation whose name starts key, or nil.
func (c *compiler) annotation(key string) *annItem {
	if len(c.anns) == 0 {
		return nil
	}
	name := key
	if i := strings.Index(key, lookups.Sep); i >= 0 {
		name = key[:i]
	}
	for _, a := range c.anns {
		if a.spec.name == name {
			if c.scope != scopeAny && a.spec.at > c.scope {
				// The Filter came before the Annotate that names it: Django
				// cannot resolve the name there either.
				return nil
			}
			return a
		}
	}
	return nil
}

// grouping reports whether the query aggregates (GROUP BY).
func (c *compiler) grouping() bool {
	for _, a := range c.anns {
		if a.spec.isAgg {
			return true
		}
	}
	return false
}

// prepareQuery resolves q's conditions and annotations, in the order they
// were given, so that an annotation reuses the joins of the filters before
// it. It returns the conditions of WHERE and of HAVING (a filter on an
// aggregate's name), each as long as q.where, nil where a condition went
// to the other.
func (c *compiler) prepareQuery(q *query, extra []Condition) (where, having []Condition, err error) {
	conds := q.where
	if len(extra) > 0 {
		conds = append(slices.Clip(conds), extra...)
	}
	if len(q.annots) == 0 {
		return conds, nil, c.prepareConds(conds)
	}
	c.anns = make([]*annItem, len(q.annots))
	for i, s := range q.annots {
		c.anns[i] = &annItem{spec: s, it: aggItem{vs: c.vs}}
	}
	where = make([]Condition, len(conds))
	having = make([]Condition, len(conds))
	for i, cond := range conds {
		c.scope = i
		where[i], having[i] = c.splitHaving(cond)
	}
	c.scope = scopeAny
	next := 0
	prepAnns := func(upTo int) error {
		for ; next < len(c.anns) && c.anns[next].spec.at <= upTo; next++ {
			c.scope = scopeAny
			if err := c.prepareAnn(c.anns[next]); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range conds {
		if err := prepAnns(i); err != nil {
			return nil, nil, err
		}
		c.scope = i
		if err := c.prepareCond(where[i], false, false); err != nil {
			return nil, nil, err
		}
		if err := c.prepareCond(having[i], false, false); err != nil {
			return nil, nil, err
		}
	}
	if err := prepAnns(len(conds) + len(c.anns)); err != nil {
		return nil, nil, err
	}
	c.scope = scopeAny
	return where, having, nil
}

// prepareAnn resolves an annotation's fields and joins.
func (c *compiler) prepareAnn(a *annItem) error {
	if !a.spec.isAgg {
		if err := c.prepareExpr(a.spec.e, true); err != nil {
			return err
		}
		if a.spec.e.op == 'f' {
			r, _ := c.resolve(a.spec.e.name, false)
			a.f = r.f
		} else if t := c.outputOf(a.spec.e); t.kind != 0 {
			a.kf = kindField(c.m.name, a.spec.name, t.kind)
		}
		return nil
	}
	ag := a.spec.agg
	it := aggItem{a: ag, key: a.spec.name, vs: c.vs}
	fname := strings.ToUpper(aggNames[ag.fn])
	switch {
	case ag.distinct && ag.fn != aggCount && ag.fn != aggSum && ag.fn != aggAvg:
		return queryError("%s: %s does not allow Distinct", c.m.name, fname)
	case ag.sample && ag.fn != aggStdDev && ag.fn != aggVariance:
		return queryError("%s: Sample applies to StdDev and Variance, not %s", c.m.name, fname)
	case ag.hasDef && ag.fn == aggCount:
		return queryError("%s: Count does not allow a Default (it gives 0 over no rows)", c.m.name)
	case ag.field == "*" && ag.fn != aggCount:
		return queryError("%s: %s(\"*\"): only Count takes *", c.m.name, fname)
	}
	switch {
	case ag.field == "*":
	case ag.e != nil:
		if err := c.prepareExpr(ag.e, true); err != nil {
			return err
		}
		if ff := ag.e.firstField(); ff != nil {
			r, _ := c.resolve(ff.name, false)
			it.f = r.f
		}
	default:
		if c.annotation(ag.field) != nil {
			return queryError("%s: %s(%q): an aggregate of an annotation is not supported", c.m.name, fname, ag.field)
		}
		r, err := c.resolve(ag.field, false)
		if err != nil {
			return err
		}
		if err := numericArg(c.m, ag.fn, ag.field, r.f); err != nil {
			return err
		}
		c.promote(r)
		it.r, it.f = r, r.f
	}
	it.out = aggOutput(ag.fn, it.f, ag.e != nil)
	it.sqrt = ag.fn == aggStdDev && !hasStdDev(c.d)
	a.it = it
	return nil
}

// splitHaving splits a condition into its part for WHERE and its part for
// HAVING: the lookups of a Q on an aggregate's name go to HAVING, the
// others stay; an And, Or or Not that names an aggregate goes to HAVING
// whole.
func (c *compiler) splitHaving(cond Condition) (where, having Condition) {
	switch x := cond.(type) {
	case Q:
		return c.splitHaving(sortQ(x))
	case sortedQ:
		var w, h sortedQ
		for _, l := range x {
			if a := c.annotation(l.key); a != nil && a.spec.isAgg {
				h = append(h, l)
			} else {
				w = append(w, l)
			}
		}
		switch {
		case len(h) == 0:
			return x, nil
		case len(w) == 0:
			return nil, x
		}
		return w, h
	}
	if c.namesAggregate(cond) {
		return nil, cond
	}
	return cond, nil
}

// namesAggregate reports whether cond has a lookup on an aggregate's name.
func (c *compiler) namesAggregate(cond Condition) bool {
	switch x := cond.(type) {
	case Q:
		return c.namesAggregate(sortQ(x))
	case sortedQ:
		for _, l := range x {
			if a := c.annotation(l.key); a != nil && a.spec.isAgg {
				return true
			}
		}
	case *node:
		if x == nil {
			return false
		}
		for _, ch := range x.children {
			if c.namesAggregate(ch) {
				return true
			}
		}
	}
	return false
}

// writeAnn writes an annotation's SQL.
func (c *compiler) writeAnn(a *annItem) error {
	if a.alias != "" {
		c.b.col(a.alias, a.spec.name)
		return nil
	}
	if !a.spec.isAgg {
		return c.writeExpr(a.spec.e)
	}
	it := a.it
	return c.writeAggregate(it, func() error {
		switch {
		case it.a.field == "*":
			c.b.str("*")
		case it.a.e != nil:
			return c.writeExpr(it.a.e)
		default:
			c.col(it.r)
		}
		return nil
	})
}

// annLeaf resolves a lookup on an annotation: its operand and chain.
func (c *compiler) annLeaf(a *annItem, key string) (lookups.Operand, lookups.Chain, error) {
	parts, err := lookups.Split(key)
	if err != nil {
		return lookups.Operand{}, lookups.Chain{}, fmt.Errorf("%w: %s: %w", ErrInvalidQuery, c.m.name, err)
	}
	chain, err := c.reg.Resolve(parts[1:])
	if err != nil {
		return lookups.Operand{}, lookups.Chain{}, fmt.Errorf("%w: %s: %q on the annotation %s: %w", ErrInvalidQuery, c.m.name, key, a.spec.name, err)
	}
	op := lookups.Operand{}
	var f *field
	if a.spec.isAgg {
		switch a.it.out {
		case outInt:
			op.Kind = dialect.KindBigInt
		case outFloat:
			op.Kind = dialect.KindFloat
		default:
			f = a.it.f
		}
	} else {
		f = a.f
		if f == nil {
			// Compared as what the expression evaluates to: Length("title")
			// is an integer, Lower("title") text with title's codec.
			t := c.outputOf(a.spec.e)
			f, op.Kind = t.f, t.kind
			if f == nil {
				f = kindField(c.m.name, a.spec.name, t.kind)
			}
		}
	}
	if f != nil {
		op.Kind = f.col.Kind
		vs := c.vs
		op.Prep = func(v any) (any, error) { return f.queryValue(vs, v) }
	}
	op.SQL = func(w *lookups.Writer) { c.inBuf(w, func() error { return c.writeAnn(a) }) }
	return op, chain, nil
}

// writeAnnLeaf writes a lookup on an annotation.
func (c *compiler) writeAnnLeaf(a *annItem, key string, value any) (rendered, error) {
	lhs, chain, err := c.annLeaf(a, key)
	if err != nil {
		return rendered{}, err
	}
	var rhs lookups.RHS
	if e, ok := exprOf(value); ok {
		op, err := c.exprOperand(e)
		if err != nil {
			return rendered{}, err
		}
		rhs = lookups.Expr(op)
	} else {
		if chain.Lookup.Name() == "exact" && value == nil {
			return rendered{}, queryError("%s: %q: compare an annotation with nil through isnull", c.m.name, key)
		}
		rhs = lookups.Value(value)
	}
	w := c.writer()
	never, err := chain.Render(w, lhs, rhs)
	if err != nil {
		if errors.Is(err, ErrInvalidQuery) {
			return rendered{}, fmt.Errorf("%w (in %q)", err, key)
		}
		return rendered{}, fmt.Errorf("%w: %s: %q: %w", ErrInvalidQuery, c.m.name, key, err)
	}
	if never {
		return rendered{kind: condNever}, nil
	}
	return rendered{kind: condSQL}, nil
}

// convert turns the driver's value of an annotation into its Go value.
func (a *annItem) convert(src any) (any, error) {
	if a.spec.isAgg {
		return a.it.convert(src)
	}
	if src == nil {
		return nil, nil
	}
	if a.f != nil {
		p := reflect.New(a.f.base)
		if err := a.f.scanBase(p.UnsafePointer(), src, a.it.vs.read()); err != nil {
			return nil, err
		}
		return p.Elem().Interface(), nil
	}
	if a.kf != nil {
		return a.kf.scanValue(src, a.it.vs.read())
	}
	return normalise(src), nil
}
