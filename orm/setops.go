package orm

import (
	"strconv"

	"github.com/sqlorm/sqlorm/dialect"
)

// Set operations: Django's union(), intersection() and difference().

// combination is a QuerySet made by a set operation of the QuerySets in
// parts.
type combination struct {
	op    dialect.SetOp
	name  string // Union, Intersection, Difference
	parts []query
}

// errAfterCombinator is the condition a combined QuerySet starts with:
// Update and Delete, which prepare the QuerySet's conditions, meet it and
// fail instead of reaching every row of the table.
func errAfterCombinator(model, name string) badCond {
	return badCond{queryError("%s: only OrderBy, Limit, Offset and the reading methods (All, AllAnnotated, First, Last, Count, Exists, Iterator) may follow %s, as in Django; filter, annotate, update or delete each QuerySet before combining them", model, name)}
}

// Union returns the rows of qs and of each of others, without duplicates:
// Django's union(*other_qs), SQL's UNION. UnionAll keeps duplicates.
//
// The combined QuerySet takes only OrderBy (by the model's field names,
// which become column positions), Limit, Offset and the reading methods;
// anything else (Filter, Exclude, Annotate, Update, Delete, ...) is an
// error naming the set operation, as in Django. Each QuerySet combined
// may be filtered, and ordered or sliced (in parentheses) except on
// SQLite, which does not allow it ("ORDER BY not allowed in subqueries of
// compound statements", as Django says); their Meta.Ordering is not used,
// the combined query's is (so First and Last are well defined). The
// QuerySets must select whole rows: no Annotate, Only, Defer,
// SelectRelated, PrefetchRelated or Distinct on them.
//
//	rock := orm.Objects[Track](db).Filter(orm.Q{"genre__name": "Rock"})
//	long := orm.Objects[Track](db).Filter(orm.Q{"milliseconds__gt": 600000})
//	rows, err := rock.Union(long).OrderBy("name").Limit(10).All(ctx)
func (qs *QuerySet[T]) Union(others ...*QuerySet[T]) *QuerySet[T] {
	return qs.combine(dialect.Union, "Union", others)
}

// UnionAll is Union keeping duplicate rows: Django's union(all=True), SQL's
// UNION ALL.
func (qs *QuerySet[T]) UnionAll(others ...*QuerySet[T]) *QuerySet[T] {
	return qs.combine(dialect.UnionAll, "UnionAll", others)
}

// Intersection returns the rows in qs and in every one of others:
// Django's intersection(), SQL's INTERSECT. See Union for what may follow.
func (qs *QuerySet[T]) Intersection(others ...*QuerySet[T]) *QuerySet[T] {
	return qs.combine(dialect.Intersect, "Intersection", others)
}

// Difference returns the rows of qs in none of others: Django's
// difference(), SQL's EXCEPT (MINUS on Oracle). See Union.
func (qs *QuerySet[T]) Difference(others ...*QuerySet[T]) *QuerySet[T] {
	return qs.combine(dialect.Except, "Difference", others)
}

func (qs *QuerySet[T]) combine(op dialect.SetOp, name string, others []*QuerySet[T]) *QuerySet[T] {
	model := typeNameOf[T]()
	n := &QuerySet[T]{query{limit: -1}}
	if qs != nil {
		n.db, n.reg = qs.db, qs.reg
	}
	n.where = []Condition{errAfterCombinator(model, name)}
	if qs == nil {
		n.fail(errNilDB)
		return n
	}
	if qs.err != nil {
		n.fail(qs.err)
		return n
	}
	n.combo = &combination{op: op, name: name}
	for i, o := range append([]*QuerySet[T]{qs}, others...) {
		if o == nil {
			n.fail(queryError("%s.%s: QuerySet %d is nil", model, name, i))
			return n
		}
		if o.err != nil {
			n.fail(o.err)
			return n
		}
		switch {
		case o.combo != nil:
			n.fail(queryError("%s.%s: QuerySet %d is itself combined (%s); combining combined QuerySets is not supported: give every QuerySet to one call", model, name, i, o.combo.name))
		case len(o.annots) > 0 || len(o.selRel) > 0 || len(o.prefetch) > 0 || o.only != nil || o.deferred != nil || o.distinct || o.lock.on:
			n.fail(queryError("%s.%s: QuerySet %d has Annotate, SelectRelated, PrefetchRelated, Only, Defer, Distinct or SelectForUpdate; the QuerySets of a set operation select whole rows", model, name, i))
		}
		if n.err != nil {
			return n
		}
		n.combo.parts = append(n.combo.parts, o.query)
	}
	if len(others) == 0 {
		n.fail(queryError("%s.%s: give at least one QuerySet to combine with", model, name))
	}
	return n
}

// selectCombined builds the statement of a combined query: each part's
// SELECT joined by the set operation, then the ordering (by column
// position) and the limit.
func (q *query) selectCombined(m *modelInfo, d dialect.Dialect, s *stmtSet, sp rowsSpec) (stmt, error) {
	cb := q.combo
	switch {
	case len(q.where) > 1 || len(q.annots) > 0 || len(q.selRel) > 0 || len(q.prefetch) > 0 || q.only != nil || q.deferred != nil || q.distinct || len(sp.extra) > 0:
		return stmt{}, errAfterCombinator(m.name, cb.name).err
	case sp.lock && q.lock.on:
		return stmt{}, queryError("%s: SelectForUpdate cannot follow %s", m.name, cb.name)
	}
	kw, err := dialect.SetOpSQL(d, cb.op)
	if err != nil {
		return stmt{}, queryError("%s.%s: %v", m.name, cb.name, err)
	}
	c := newCompiler(m, d, s, q.reg)
	if sp.into != nil {
		c.b.Reset(c.d, sp.into.Bytes(), sp.into.Args())
	}
	// Resolve the combined ordering first: an error sends nothing.
	order := sp.order
	if sp.ordered && order == nil {
		if order, err = c.prepareOrder(q.order, q.orderSet, q.reverse); err != nil {
			return stmt{}, err
		}
	}
	written := 0
	for i := range cb.parts {
		p := &cb.parts[i]
		sliced := p.sliced || p.orderSet
		if sliced && !dialect.CompoundSubqueryOrdering(d) {
			what := "ORDER BY"
			if p.sliced {
				what = "LIMIT/OFFSET"
			}
			return stmt{}, queryError("%s.%s: %s not allowed in subqueries of compound statements on %s (QuerySet %d is ordered or sliced)", m.name, cb.name, what, d.Name(), i)
		}
		at := c.mark()
		if written > 0 {
			c.b.str(kw)
		}
		if sliced {
			c.b.str("(")
		}
		st, err := p.selectRows(m, d, s, rowsSpec{ordered: p.orderSet, limit: p.limit, offset: p.offset, into: &c.b})
		if err != nil {
			return stmt{}, err
		}
		if st.never {
			// A part that matches nothing: left out of a union, makes an
			// intersection empty, leaves a difference's later parts out
			// (and the whole empty when it is the first).
			c.rewind(at)
			if cb.op == dialect.Intersect || i == 0 && cb.op == dialect.Except {
				return stmt{never: true}, nil
			}
			continue
		}
		c.b.Reset(c.d, append(c.b.Bytes()[:0], st.sql...), st.args)
		if sliced {
			c.b.str(")")
		}
		written++
	}
	if written == 0 {
		return stmt{never: true}, nil
	}
	for i, it := range order {
		if i == 0 {
			c.b.str(" ORDER BY ")
		} else {
			c.b.str(", ")
		}
		pos := 0
		if it.r.f != nil && it.r.j == nil && it.e == nil && it.ann == nil {
			for k, f := range m.fields {
				if f == it.r.f {
					pos = k + 1
				}
			}
		}
		switch {
		case it.random:
			return stmt{}, queryError("%s: OrderBy(\"?\") cannot follow %s", m.name, cb.name)
		case pos == 0:
			return stmt{}, queryError("%s: the ordering of a combined query (%s) names the model's own fields only: ORDER BY term does not match any column in the result set", m.name, cb.name)
		case it.nulls != NullsDefault && !d.Has(dialect.NullsOrdering):
			return stmt{}, queryError("%s: NullsFirst/NullsLast cannot order a combined query (%s) on %s", m.name, cb.name, d.Name())
		}
		c.b.str(strconv.Itoa(pos))
		if it.desc {
			c.b.str(" DESC")
		} else {
			c.b.str(" ASC")
		}
		switch it.nulls {
		case NullsFirst:
			c.b.str(" NULLS FIRST")
		case NullsLast:
			c.b.str(" NULLS LAST")
		}
	}
	c.writeLimit(sp.limit, sp.offset)
	return stmt{sql: c.b.String(), args: c.b.Args()}, nil
}
