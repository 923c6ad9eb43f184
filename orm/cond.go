package orm

import (
	"fmt"
	"slices"
	"strings"
)

// Q is a set of lookups joined with AND: Django's Q(**kwargs) and the
// keyword arguments of filter(), exclude() and get(). Each key is a lookup
// path, a field optionally followed by relations, transforms and a lookup,
// as in Django:
//
//	orm.Q{"name": "Widget"}                    // exact
//	orm.Q{"price__lt": 50, "status": "draft"}  // both
//	orm.Q{"category__name__iexact": "books"}   // across a foreign key
//	orm.Q{"created_at__year__gte": 2024}       // a transform, then a lookup
//	orm.Q{"price__gt": orm.F("cost")}          // compared with another field
//
// The first part is a field name (as Fields returns it), "pk" for the
// primary key, or a foreign key's column name ("category_id"). After a
// foreign key, a field of the related model follows the relation (a join);
// anything else is a transform or lookup applied to the key column. The
// lookups and transforms are package lookups' (exact, iexact, contains,
// icontains, in, gt, gte, lt, lte, range, isnull, startswith, istartswith,
// endswith, iendswith, regex, iregex, date, year, month, day, week_day,
// hour, ...); see that package for how each is rendered per backend.
//
// A nil value with exact (or no lookup) matches NULL (IS NULL); nil with any
// other lookup is an error. An in list that is empty (after nil elements
// are dropped) matches nothing: a query that needs it sends no statement.
//
// Keys are rendered in sorted order, so a Q always produces the same SQL.
// Filter and the combinators copy a Q, so changing the map afterwards does
// not change a query built from it. The empty Q matches every row.
type Q map[string]any

// Condition is what Filter, Exclude and Get accept: a Q, or a combination
// of conditions made by And, Or and Not, nested to any depth. It is sealed:
// only package orm implements it. A nil Condition is ignored.
type Condition interface {
	isCondition()
}

func (Q) isCondition() {}

// leaf is one entry of a Q: a lookup path and its value.
type leaf struct {
	key   string
	value any
}

// sortedQ is a Q as a query keeps it: its entries copied and sorted by
// key once, when the condition is added, so later changes to the map do
// not reach the query and compiling it needs neither a sort nor a map.
type sortedQ []leaf

func (sortedQ) isCondition() {}

// String prints the entries as a Q literal: Q{"price__gte": 100}.
func (s sortedQ) String() string {
	var b strings.Builder
	b.WriteString("Q{")
	for i, l := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q: %v", l.key, l.value)
	}
	b.WriteString("}")
	return b.String()
}

// sortQ returns q's entries sorted by key.
func sortQ(q Q) sortedQ {
	s := make(sortedQ, 0, len(q))
	for k, v := range q {
		s = append(s, leaf{k, v})
	}
	slices.SortFunc(s, func(a, b leaf) int { return strings.Compare(a.key, b.key) })
	return s
}

// connector joins the children of a node.
type connector uint8

const (
	connAnd connector = iota + 1
	connOr
)

// node is And, Or or Not: children joined by conn, then negated.
type node struct {
	conn     connector
	negated  bool
	children []Condition
}

func (*node) isCondition() {}

// And returns a condition that holds when every one of conds holds:
// Django's Q(...) & Q(...). Nil conditions are ignored; And of nothing
// matches every row.
func And(conds ...Condition) Condition { return newNode(connAnd, false, conds) }

// Or returns a condition that holds when at least one of conds holds:
// Django's Q(...) | Q(...). Nil conditions are ignored. A branch that can
// match no row (an empty in) is dropped; Or of nothing adds no condition
// at all, as Django's empty Q().
func Or(conds ...Condition) Condition { return newNode(connOr, false, conds) }

// Not returns the negation of cond: Django's ~Q(...). As in Django, a
// negated comparison on a column that may be NULL keeps the rows where it
// is NULL: Not(Q{"status": "x"}) on a nullable status is
// NOT (status = 'x' AND status IS NOT NULL). Not of a condition that
// matches no row (an empty in) matches every row.
func Not(cond Condition) Condition { return newNode(connAnd, true, []Condition{cond}) }

// newNode copies conds: Q maps are cloned so later changes to them do not
// reach the condition; nil conditions and nil maps are dropped.
func newNode(conn connector, negated bool, conds []Condition) *node {
	n := &node{conn: conn, negated: negated}
	for _, c := range conds {
		if c = copyCondition(c); c != nil {
			n.children = append(n.children, c)
		}
	}
	return n
}

// copyCondition returns c ready to be kept by a query: a Q copied into a
// sortedQ, a node as is (nodes are immutable), nil for nil.
func copyCondition(c Condition) Condition {
	switch x := c.(type) {
	case nil:
		return nil
	case Q:
		if x == nil {
			return nil
		}
		return sortQ(x)
	case *node:
		if x == nil {
			return nil
		}
	}
	return c
}

// Set maps field names to new values for Update (and the defaults of
// GetOrCreate and UpdateOrCreate): a Go value, nil for NULL, or an Expr
// computed by the database from the row's current values.
//
//	qs.Update(ctx, orm.Set{"status": "published", "views": orm.F("views").Add(1)})
type Set map[string]any
