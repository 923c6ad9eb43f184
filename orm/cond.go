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
// not change a query built from it.
//
// The empty Q (Q{} or a nil Q map) is no condition at all, as Django's
// Q(): Filter(Q{}) reads every row, And and Or leave it out (Or(Q{}, q) is
// q), and Not(Q{}) is still no condition. Because a condition built up
// key by key may end up empty, Update and Delete refuse a QuerySet whose
// conditions are all empty; say AllRows to change every row.
type Q map[string]any

// Condition is what Filter, Exclude and Get accept: a Q, or a combination
// of conditions made by And, Or and Not, nested to any depth. It is sealed:
// only package orm implements it.
//
// A nil Condition (an interface variable never assigned) is an error
// wherever it appears — in Filter, Exclude, Get, And, Or, Not or When —
// reported by the terminal method before any statement is sent: a
// forgotten condition must never turn into "every row".
type Condition interface {
	isCondition()
}

// badCond stands for a nil condition: rendering it fails.
type badCond struct{ err error }

func (badCond) isCondition() {}

// errNilCondition is the error of a nil Condition given to fn.
func errNilCondition(fn string) badCond {
	return badCond{queryError("%s: a nil Condition; it would match every row. Give a condition (orm.Q{...}), orm.AllRows() to mean every row, or leave the argument out", fn)}
}

// allRows is AllRows: a condition that holds for every row.
type allRows struct{}

func (allRows) isCondition() {}

// String prints the condition as it is written in Go.
func (allRows) String() string { return "orm.AllRows()" }

// AllRows returns the condition that holds for every row. It is how a
// caller says that Update or Delete is meant to change the whole table,
// which they refuse to do on a QuerySet without any condition (Django's
// Model.objects.all().delete()):
//
//	n, err := orm.Objects[Session](db).Filter(orm.AllRows()).Delete(ctx)
//
// In a query that reads, AllRows changes nothing.
func AllRows() Condition { return allRows{} }

// condErr returns the error of the first nil condition in c, or nil.
func condErr(c Condition) error {
	switch x := c.(type) {
	case badCond:
		return x.err
	case *node:
		return x.err
	}
	return nil
}

// nilCheck returns the error of c if it is, or holds, a nil condition,
// without copying c.
func nilCheck(fn string, c Condition) error {
	switch x := c.(type) {
	case nil:
		return errNilCondition(fn).err
	case *node:
		if x == nil {
			return errNilCondition(fn).err
		}
		return x.err
	case *existsCond:
		if x == nil {
			return errNilCondition(fn).err
		}
	}
	return nil
}

// restricts reports whether c limits the rows at all: false for the empty
// Q and combinations of nothing but empty conditions.
func restricts(c Condition) bool {
	switch x := c.(type) {
	case nil:
		return false
	case Q:
		return len(x) > 0
	case sortedQ:
		return len(x) > 0
	case *node:
		if x == nil {
			return false
		}
		for _, ch := range x.children {
			if restricts(ch) {
				return true
			}
		}
		return false
	}
	return true
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
	err      error // the first nil condition among the children, at any depth
}

func (*node) isCondition() {}

// And returns a condition that holds when every one of conds holds:
// Django's Q(...) & Q(...). Empty conditions (Q{}) are left out; And of
// nothing is no condition. A nil Condition among conds is an error.
func And(conds ...Condition) Condition { return newNode("And", connAnd, false, conds) }

// Or returns a condition that holds when at least one of conds holds:
// Django's Q(...) | Q(...). Empty conditions (Q{}) are left out, as
// Django's Q() | q is q, and so is a branch that can match no row (an
// empty in); Or of nothing is no condition. A nil Condition among conds is
// an error.
func Or(conds ...Condition) Condition { return newNode("Or", connOr, false, conds) }

// Not returns the negation of cond: Django's ~Q(...). As in Django, a
// negated comparison on a column that may be NULL keeps the rows where it
// is NULL: Not(Q{"status": "x"}) on a nullable status is
// NOT (status = 'x' AND status IS NOT NULL). Not of a condition that
// matches no row (an empty in) matches every row; Not of an empty
// condition is no condition, as Django's ~Q(). Not(nil) is an error.
func Not(cond Condition) Condition {
	return newNode("Not", connAnd, true, []Condition{cond})
}

// newNode copies conds: Q maps are cloned so later changes to them do not
// reach the condition. A nil condition is kept as a badCond and its error
// recorded on the node.
func newNode(fn string, conn connector, negated bool, conds []Condition) *node {
	n := &node{conn: conn, negated: negated, children: make([]Condition, 0, len(conds))}
	for _, c := range conds {
		c = copyCondition(fn, c)
		if err := condErr(c); err != nil && n.err == nil {
			n.err = err
		}
		if q, ok := c.(sortedQ); ok && len(q) == 0 {
			continue // Q{}: no condition, left out as Django's Q() is
		}
		n.children = append(n.children, c)
	}
	return n
}

// copyCondition returns c ready to be kept by a query: a Q copied into a
// sortedQ (a nil Q map is the empty Q), a node as is (nodes are
// immutable), and a nil Condition as a badCond naming fn.
func copyCondition(fn string, c Condition) Condition {
	switch x := c.(type) {
	case nil:
		return errNilCondition(fn)
	case Q:
		return sortQ(x)
	case *node:
		if x == nil {
			return errNilCondition(fn)
		}
	case *existsCond:
		if x == nil {
			return errNilCondition(fn)
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
