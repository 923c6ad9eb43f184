package orm

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// compiler turns a query into one statement for one dialect. It works in
// two passes over the query: prepare resolves every lookup path, F
// reference, ordering key and selected field against the model metadata
// (creating joins and deciding which must be LEFT OUTER), then the write
// methods emit the SQL in textual order, so that placeholders are numbered
// in the order they appear.
//
// Every identifier it writes is a table, column or alias from model
// metadata (checked once by CheckIdent when the metadata was built) or a
// join alias it made itself ("T2"); every name a caller gave is only looked
// up, never written. Values are bound.
type compiler struct {
	m   *modelInfo
	d   dialect.Dialect
	vs  *valueStyle
	reg *lookups.Registry

	joins   []*join
	aliases map[string]bool
	b       sqlBuf

	// leaves caches the first few resolved Q keys: the write pass resolves
	// again every key the prepare pass did, to the same field and joins.
	leaves  [4]resolvedLeaf
	nLeaves int

	// anns are the QuerySet's annotations, resolved (nil: none).
	anns []*annItem

	// scope is the index of the Filter or Exclude call whose condition is
	// being resolved, or scopeAny: which multi-valued joins it may reuse.
	scope int

	// hint is the field the expression being written is compared with or
	// stored in: Go values in a Case or Coalesce convert like its values.
	hint *field

	// A subquery's compiler: outer is the enclosing query's (for
	// OuterRef); its tables are aliased prefix+n, root for the model's own.
	outer  *compiler
	prefix string
	root   string
	nAlias int
}

// writer returns the statement as the lookups.Writer it is: lookups render
// into it and operands' SQL functions write to it directly.
func (c *compiler) writer() *lookups.Writer { return &c.b.Writer }

// inBuf runs fn, which writes to the statement through c.b (conditions,
// subqueries), in the middle of writing to w. w is normally c's own
// statement, so fn just goes on writing it; a w of another statement is
// moved into c.b for fn and back. An error of fn becomes w's.
func (c *compiler) inBuf(w *lookups.Writer, fn func() error) {
	if w.Err() != nil {
		return
	}
	if w == &c.b.Writer {
		w.Fail(fn())
		return
	}
	saved := c.b.Writer
	c.b.Reset(c.d, w.Bytes(), w.Args())
	err := fn()
	w.Reset(c.d, c.b.Bytes(), c.b.Args())
	c.b.Writer = saved
	w.Fail(err)
}

// resolvedLeaf is a Q key resolved by resolveLeaf.
type resolvedLeaf struct {
	key   string
	scope int
	r     ref
	chain lookups.Chain
}

// join is one table joined through a foreign key.
type join struct {
	parent   *join      // nil: joined from the root table
	fk       *field     // the foreign key: a field of the parent's model, or of m when rev
	m        *modelInfo // the model joined
	alias    string
	nullable bool // some foreign key on the way from the root may be NULL
	outer    bool // LEFT OUTER JOIN
	rev      bool // a reverse relation: m's foreign key points at the parent
	scope    int  // rev: the Filter call it serves, or scopeAny
}

// ref is a resolved field path: the field, the table alias it is read
// from, and the lookup parts that followed it.
type ref struct {
	path string
	j    *join // nil: the root table
	f    *field
	rest []string
}

func newCompiler(m *modelInfo, d dialect.Dialect, s *stmtSet, reg *lookups.Registry) *compiler {
	// Most statements fit in 256 bytes: one allocation instead of a few
	// while the buffer grows.
	c := &compiler{m: m, d: d, vs: &s.vs, reg: reg}
	c.b.Reset(d, make([]byte, 0, 256), make([]any, 0, 4))
	return c
}

func (c *compiler) alias(j *join) string {
	if j == nil {
		if c.root != "" {
			return c.root
		}
		return c.m.table
	}
	return j.alias
}

// col writes the column of r qualified by its table alias.
func (c *compiler) col(r ref) { c.b.col(c.alias(r.j), r.f.column) }

// fieldOf returns m's field called name ("pk" for the primary key) and
// whether name is the field's own name rather than its column (a foreign
// key's category_id).
func fieldOf(m *modelInfo, name string) (f *field, own bool) {
	if name == "pk" {
		return m.pk, true
	}
	f = m.byName[name]
	return f, f != nil && f.name == name
}

// resolve resolves path against the model: the field it names (following
// foreign keys through joins, forward and reverse) and the parts after it.
// With allowRest false the whole path must be fields. A path that ends at
// a reverse relation ("products") names the related model's primary key,
// as in Django.
func (c *compiler) resolve(path string, allowRest bool) (ref, error) {
	parts, err := lookups.Split(path)
	if err != nil {
		return ref{}, fmt.Errorf("%w: %s: %w", ErrInvalidQuery, c.m.name, err)
	}
	m := c.m
	var (
		j   *join
		f   *field
		own bool
	)
	i := 0
	for {
		g, gown := fieldOf(m, parts[i])
		if g == nil {
			rel, err := c.reverse(m, parts[i], path)
			if err != nil {
				return ref{}, err
			}
			j = c.joinRev(j, rel)
			m = rel.m
			i++
			if rel.via != nil {
				// Many-to-many: on from the join table to the related
				// model, unless the path ends at the relation or names
				// only its key (tags, tags__id: the join table's tag_id).
				tm, err := rel.target()
				if err != nil {
					return ref{}, err
				}
				if i == len(parts) || !isPathPart(tm, parts[i]) {
					f, own = rel.via, true
					break
				}
				if next, _ := fieldOf(tm, parts[i]); next == tm.pk && (i+1 == len(parts) || !isPathPart(tm, parts[i+1])) {
					i++
					f, own = rel.via, true
					break
				}
				j = c.joinTo(j, rel.via, tm)
				m = tm
				continue
			}
			if i < len(parts) && isPathPart(m, parts[i]) {
				continue
			}
			f, own = m.pk, true
			break
		}
		f, own = g, gown
		i++
		if f.fkTarget == nil || !own || i == len(parts) {
			break
		}
		tm, err := f.targetInfo(m)
		if err != nil {
			return ref{}, err
		}
		if !isPathPart(tm, parts[i]) {
			break // a lookup or transform on the key column
		}
		if next, _ := fieldOf(tm, parts[i]); next == tm.pk && (i+1 == len(parts) || !isPathPart(tm, parts[i+1])) {
			// category__id is category_id: no join needed.
			i++
			break
		}
		j = c.joinTo(j, f, tm)
		m = tm
	}
	r := ref{path: path, j: j, f: f, rest: parts[i:]}
	if !allowRest && len(r.rest) > 0 {
		if f.fkTarget != nil {
			tm, _ := f.targetInfo(m)
			return ref{}, queryError("%s: cannot resolve %q (in %q): %s has no such field; choices are %s", c.m.name, r.rest[0], path, tm.name, tm.choices())
		}
		return ref{}, queryError("%s: %q: %s.%s is not a relation, so %q cannot follow it here; give a field path", c.m.name, path, m.name, f.name, r.rest[0])
	}
	return r, nil
}

// isPathPart reports whether name is a field or a known reverse relation
// of m (else it is a lookup or transform).
func isPathPart(m *modelInfo, name string) bool {
	if f, _ := fieldOf(m, name); f != nil {
		return true
	}
	return reverseOf(m, name) != nil
}

// reverse returns m's reverse relation called name, or the error for an
// unknown name in path.
func (c *compiler) reverse(m *modelInfo, name, path string) (*reverseRel, error) {
	rel := reverseOf(m, name)
	if rel == nil {
		return nil, queryError("%s has no field %q (in %q); choices are %s (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)", m.name, name, path, m.choices())
	}
	return rel, nil
}

// scopeAny is the join scope of what is not a filter (annotations,
// ordering, selected values): it reuses any join of a multi-valued
// relation already made.
const scopeAny = -1

// joinTo returns the join of fk's target from parent, reusing an existing
// one (a foreign key is single-valued, so one join serves every condition
// on it, as in Django).
func (c *compiler) joinTo(parent *join, fk *field, tm *modelInfo) *join {
	for _, j := range c.joins {
		if j.parent == parent && j.fk == fk && !j.rev {
			return j
		}
	}
	j := &join{parent: parent, fk: fk, m: tm, alias: c.joinAlias(tm), nullable: fk.col.Null}
	if parent != nil && parent.nullable {
		j.nullable = true
	}
	c.joins = append(c.joins, j)
	return j
}

// joinRev returns the join of a reverse relation from parent. Such a join
// is multi-valued: as in Django, the conditions of one Filter call share
// it and each Filter call gets its own (scope), while annotations and
// ordering reuse the first one made.
func (c *compiler) joinRev(parent *join, rel *reverseRel) *join {
	for _, j := range c.joins {
		// The reverse side of a OneToOne is single-valued: one join serves
		// every condition, as a forward key's does.
		if j.parent == parent && j.fk == rel.fk && j.rev && (j.scope == c.scope || c.scope == scopeAny || rel.single) {
			return j
		}
	}
	// Rows without a related row exist: the join is nullable.
	j := &join{parent: parent, fk: rel.fk, m: rel.m, alias: c.joinAlias(rel.m), nullable: true, rev: true, scope: c.scope}
	c.joins = append(c.joins, j)
	return j
}

// joinAlias returns the alias of a new join of model tm: its table name
// the first time, T<n> after, U<n> in a subquery.
func (c *compiler) joinAlias(tm *modelInfo) string {
	if c.prefix != "" {
		return c.newAlias() // a subquery's: U1, U2, ...
	}
	if c.aliases == nil {
		c.aliases = map[string]bool{c.m.table: true}
	}
	alias := tm.table
	if c.aliases[alias] {
		alias = "T" + strconv.Itoa(len(c.aliases)+1)
	}
	c.aliases[alias] = true
	return alias
}

// promote makes the joins r goes through LEFT OUTER where a foreign key on
// the way may be NULL: for conditions that must also see rows without a
// related row (negations, OR branches, isnull=true), ordering and selected
// related fields.
func (c *compiler) promote(r ref) {
	for j := r.j; j != nil; j = j.parent {
		if j.nullable {
			j.outer = true
		}
	}
}

// finishJoins makes every join below a LEFT OUTER join outer too, so that
// an inner join cannot drop the rows the outer one kept.
func (c *compiler) finishJoins() {
	for _, j := range c.joins {
		if j.parent != nil && j.parent.outer {
			j.outer = true
		}
	}
}

// operand is the lookups operand for r's column, converting values with
// the field's codec.
func (c *compiler) operand(r ref) lookups.Operand {
	f, vs := r.f, c.vs
	return lookups.Operand{
		Table:  c.alias(r.j),
		Column: f.column,
		Kind:   f.col.Kind,
		Prep:   func(v any) (any, error) { return f.queryValue(vs, v) },
	}
}

// ---- pass 1: prepare ----

// prepareConds resolves every path in conds (ANDed at the top level).
func (c *compiler) prepareConds(conds []Condition) error {
	for i, cond := range conds {
		c.scope = i
		if err := c.prepareCond(cond, false, false); err != nil {
			return err
		}
	}
	c.scope = scopeAny
	return nil
}

func (c *compiler) prepareCond(cond Condition, neg, inOr bool) error {
	switch x := cond.(type) {
	case nil, allRows:
		return nil
	case badCond:
		return x.err
	case Q:
		return c.prepareCond(sortQ(x), neg, inOr)
	case sortedQ:
		for _, l := range x {
			if neg {
				if sub := c.splitExclude(l.key, l.value); sub != nil {
					if err := c.prepareCond(sub, neg, inOr); err != nil {
						return err
					}
					continue
				}
			}
			if err := c.prepareLeaf(l.key, l.value, neg, inOr); err != nil {
				return err
			}
		}
		return nil
	case *existsCond:
		if x == nil {
			return queryError("%s: a nil Exists", c.m.name)
		}
		return c.prepareInner(x.sub, neg || inOr)
	case *node:
		if x == nil {
			return errNilCondition("a condition").err
		}
		if x.err != nil {
			return x.err
		}
		childOr := inOr || (x.conn == connOr && len(x.children) > 1)
		for _, ch := range x.children {
			if err := c.prepareCond(ch, neg != x.negated, childOr); err != nil {
				return err
			}
		}
		return nil
	}
	return queryError("%T is not a condition", cond)
}

func (c *compiler) prepareLeaf(key string, value any, neg, inOr bool) error {
	if e, ok := exprOf(value); ok && e.hasWindow() {
		return queryError("%s: %q: a Window cannot be a filter's value (SQL allows no window function in WHERE); annotate it and filter on its name", c.m.name, key)
	}
	if a := c.annotation(key); a != nil {
		if _, _, err := c.annLeaf(a, key); err != nil {
			return err
		}
		if e, ok := exprOf(value); ok {
			return c.prepareExpr(e, false)
		}
		return nil
	}
	r, chain, err := c.resolveLeaf(key)
	if err != nil {
		return err
	}
	name := chain.Lookup.Name()
	outer := neg || inOr
	if name == "isnull" {
		if b, ok := value.(bool); ok && b {
			outer = true
		}
	}
	if (name == "exact" || name == "iexact") && c.nullish(r.f, value) {
		outer = true
	}
	if outer {
		c.promote(r)
	}
	if e, ok := exprOf(value); ok {
		return c.prepareExpr(e, outer)
	}
	return nil
}

// resolveLeaf resolves a Q key into its field and lookup chain.
func (c *compiler) resolveLeaf(key string) (ref, lookups.Chain, error) {
	for _, l := range c.leaves[:c.nLeaves] {
		if l.key == key && l.scope == c.scope {
			return l.r, l.chain, nil
		}
	}
	r, chain, err := c.resolveLeafOnce(key)
	if err == nil && c.nLeaves < len(c.leaves) {
		c.leaves[c.nLeaves] = resolvedLeaf{key, c.scope, r, chain}
		c.nLeaves++
	}
	return r, chain, err
}

func (c *compiler) resolveLeafOnce(key string) (ref, lookups.Chain, error) {
	r, err := c.resolve(key, true)
	if err != nil {
		return ref{}, lookups.Chain{}, err
	}
	chain, err := c.reg.Resolve(r.rest)
	if err != nil {
		if r.j != nil && r.j.rev && r.f == r.j.m.pk && len(r.rest) > 0 {
			return ref{}, lookups.Chain{}, fmt.Errorf("%w: %s: %q: %q is neither a field of %s (choices are %s) nor a lookup: %w",
				ErrInvalidQuery, c.m.name, key, r.rest[0], r.j.m.name, r.j.m.choices(), err)
		}
		if r.f.fkTarget != nil && len(r.rest) > 0 {
			if tm, terr := r.f.targetInfo(c.m); terr == nil {
				return ref{}, lookups.Chain{}, fmt.Errorf("%w: %s: %q: %q is neither a field of %s (choices are %s) nor a lookup: %w",
					ErrInvalidQuery, c.m.name, key, r.rest[0], tm.name, tm.choices(), err)
			}
		}
		return ref{}, lookups.Chain{}, fmt.Errorf("%w: %s: %q on %s.%s: %w", ErrInvalidQuery, c.m.name, key, r.f.model, r.f.name, err)
	}
	return r, chain, nil
}

// prepareExpr resolves every field an expression references, in
// functions, Case results and conditions too, and the OuterRefs of its
// subqueries. Joins an expression needs are promoted when outer is set;
// those of a Case's conditions always are, as rows that match none of
// them still get the Case's default.
func (c *compiler) prepareExpr(e *expr, outer bool) error {
	if e.err != nil {
		return fmt.Errorf("%w (in a query of %s)", e.err, c.m.name)
	}
	switch e.op {
	case opField:
		r, err := c.resolve(e.name, false)
		if err != nil {
			return err
		}
		if outer {
			c.promote(r)
		}
		return nil
	case opValue:
		return nil
	case opOuter:
		_, _, err := c.outerRef(e)
		return err
	case opSubquery:
		return c.prepareInner(e.sub, outer)
	case opWindow:
		return c.prepareWindow(e, outer)
	case opFunc:
		if isWindowFunc(e.fn) {
			return queryError("%s: %s must be used in a Window: orm.Window(orm.%s(), ...)", c.m.name, Expr{e}, funcNames[e.fn])
		}
		if e.fn == fnLower || e.fn == fnUpper || e.fn == fnLength {
			if len(e.args) != 1 {
				return queryError("%s: %s takes one argument, got %d", c.m.name, funcNames[e.fn], len(e.args))
			}
		}
	case opCase:
		for _, w := range e.whens {
			if err := c.prepareCond(w.cond, false, true); err != nil {
				return err
			}
		}
	case '+', '-', '*', '/':
		if e.l == nil || e.r == nil {
			return queryError("%s: an operator without operands", c.m.name)
		}
	default:
		return queryError("%s: unknown expression %q", c.m.name, e.op)
	}
	return e.children(func(x *expr) error { return c.prepareExpr(x, outer) })
}

// exprOf reports whether v is an expression (an Expr or *Expr).
func exprOf(v any) (*expr, bool) {
	switch x := v.(type) {
	case Expr:
		if x.e == nil {
			return nil, false
		}
		return x.e, true
	case *Expr:
		if x == nil || x.e == nil {
			return nil, false
		}
		return x.e, true
	}
	return nil, false
}

// nullish reports whether v, compared with field f, is SQL NULL: nil, a nil
// pointer, a driver.Valuer whose value is nil (an invalid sql.Null), or a
// value of the field's own nullable type holding NULL (an invalid FK).
func (c *compiler) nullish(f *field, v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		if rv.IsNil() {
			return rv.Kind() == reflect.Pointer
		}
	}
	if rv.Type() == f.typ && f.wrap == wrapNull {
		p := reflect.New(f.typ)
		p.Elem().Set(rv)
		return !*(*bool)(unsafe.Add(p.UnsafePointer(), f.validOff))
	}
	if dv, ok := v.(driver.Valuer); ok {
		if x, err := dv.Value(); err == nil && x == nil {
			return true
		}
	}
	return false
}

// ---- pass 2: write ----

// rendered is what writing a condition produced.
type rendered struct {
	kind condKind
	conn connector // 0: an atom; else the connector of its top level
}

type condKind uint8

const (
	condSQL    condKind = iota // SQL was written
	condNever                  // matches no row; nothing written
	condAlways                 // matches every row; nothing written
	condEmpty                  // no condition at all (Q{}, And()): left out of And and Or alike
)

// mark is a position in the statement being written.
type mark struct{ b, args int }

func (c *compiler) mark() mark { return mark{c.b.Len(), len(c.b.Args())} }

func (c *compiler) rewind(m mark) {
	c.b.Rewind(dialect.Mark{SQL: m.b, Args: m.args})
}

// writeWhere writes " WHERE ..." for conds (ANDed). It reports never when
// the conditions can match no row: then nothing is written and the caller
// sends no statement.
func (c *compiler) writeWhere(conds []Condition) (never bool, err error) {
	return c.writeClause(" WHERE ", conds)
}

// writeClause writes conds after kw (" WHERE ", " HAVING "), as
// writeWhere does.
func (c *compiler) writeClause(kw string, conds []Condition) (never bool, err error) {
	start := c.mark()
	c.b.str(kw)
	res, err := c.writeJoined(connAnd, len(conds), func(i int) (rendered, error) {
		c.scope = i
		return c.writeCond(conds[i], false)
	})
	c.scope = scopeAny
	if err != nil {
		return false, err
	}
	switch res.kind {
	case condNever:
		c.rewind(start)
		return true, nil
	case condAlways, condEmpty:
		c.rewind(start)
	}
	return false, nil
}

// writeAll writes children joined by conn. A child whose own top level is
// joined by the other connector is put in parentheses once a second child
// joins it (a lone child needs none: its parent decides).
func (c *compiler) writeAll(conn connector, children []Condition, neg bool) (rendered, error) {
	return c.writeJoined(conn, len(children), func(i int) (rendered, error) {
		return c.writeCond(children[i], neg)
	})
}

// writeJoined writes n conditions, the i-th written by write, joined by
// conn, with writeAll's simplifications and parentheses.
func (c *compiler) writeJoined(conn connector, n int, write func(i int) (rendered, error)) (rendered, error) {
	if n == 0 {
		return rendered{kind: condEmpty}, nil // And(), Or(), Q{}: no condition
	}
	sep := " AND "
	if conn == connOr {
		sep = " OR "
	}
	start := c.mark()
	written := 0
	var first struct {
		at, end int
		conn    connector
	}
	var last rendered
	var always, never bool // a child matched every row (under And) or none (under Or)
	for i := range n {
		at := c.mark()
		if written > 0 {
			c.b.str(sep)
		}
		bodyAt := c.b.Len()
		r, err := write(i)
		if err != nil {
			return rendered{}, err
		}
		switch r.kind {
		case condNever:
			c.rewind(at)
			if conn == connAnd {
				c.rewind(start)
				return rendered{kind: condNever}, nil
			}
			never = true
			continue
		case condAlways:
			c.rewind(at)
			if conn == connOr {
				c.rewind(start)
				return rendered{kind: condAlways}, nil
			}
			always = true
			continue
		case condEmpty:
			c.rewind(at)
			continue
		}
		if written == 0 {
			first.at, first.end, first.conn = bodyAt, c.b.Len(), r.conn
		} else {
			// This child first: the first child's parentheses shift it.
			if r.conn != 0 && r.conn != conn {
				c.insertByte(bodyAt, '(')
				c.b.str(")")
			}
			if written == 1 && first.conn != 0 && first.conn != conn {
				c.insertByte(first.end, ')')
				c.insertByte(first.at, '(')
			}
		}
		written++
		last = r
	}
	switch {
	case written == 0 && always:
		return rendered{kind: condAlways}, nil
	case written == 0 && never:
		return rendered{kind: condNever}, nil
	case written == 0:
		return rendered{kind: condEmpty}, nil
	case written == 1:
		return last, nil
	}
	return rendered{kind: condSQL, conn: conn}, nil
}

// insertByte inserts ch into the statement at position at.
func (c *compiler) insertByte(at int, ch byte) {
	c.b.InsertByte(at, ch)
}

// writeCond writes one condition; neg says whether it is under an odd
// number of negations (for the NULL guards of negated lookups).
func (c *compiler) writeCond(cond Condition, neg bool) (rendered, error) {
	switch x := cond.(type) {
	case nil:
		return rendered{kind: condEmpty}, nil
	case badCond:
		return rendered{}, x.err
	case allRows:
		return rendered{kind: condAlways}, nil
	case Q:
		return c.writeCond(sortQ(x), neg)
	case sortedQ:
		if len(x) == 1 {
			return c.writeLeafOrSplit(x[0].key, x[0].value, neg)
		}
		return c.writeJoined(connAnd, len(x), func(i int) (rendered, error) {
			return c.writeLeafOrSplit(x[i].key, x[i].value, neg)
		})
	case *node:
		if x == nil {
			return rendered{}, errNilCondition("a condition").err
		}
		if x.err != nil {
			return rendered{}, x.err
		}
		if !x.negated {
			return c.writeAll(x.conn, x.children, neg)
		}
		start := c.mark()
		c.b.str("NOT (")
		r, err := c.writeAll(x.conn, x.children, !neg)
		if err != nil {
			return rendered{}, err
		}
		switch r.kind {
		case condEmpty:
			c.rewind(start)
			return r, nil
		case condNever:
			c.rewind(start)
			return rendered{kind: condAlways}, nil
		case condAlways:
			c.rewind(start)
			return rendered{kind: condNever}, nil
		}
		c.b.str(")")
		return rendered{kind: condSQL}, nil
	case *existsCond:
		if x == nil {
			return rendered{}, queryError("%s: a nil Exists", c.m.name)
		}
		start := c.mark()
		c.b.str("EXISTS (")
		never, err := c.writeInner(x.sub, true)
		if err != nil {
			return rendered{}, err
		}
		if never {
			c.rewind(start)
			return rendered{kind: condNever}, nil
		}
		c.b.str(")")
		return rendered{kind: condSQL}, nil
	}
	return rendered{}, queryError("%T is not a condition", cond)
}

// writeLeafOrSplit writes one lookup, or under a negation the subquery
// splitExclude makes of a lookup across a multi-valued relation.
func (c *compiler) writeLeafOrSplit(key string, value any, neg bool) (rendered, error) {
	if neg {
		if sub := c.splitExclude(key, value); sub != nil {
			return c.writeCond(sub, neg)
		}
	}
	return c.writeLeaf(key, value, neg)
}

// splitExclude returns, for a lookup under a negation whose path crosses
// a reverse relation (a multi-valued one), the condition Django's
// split_exclude makes of it, or nil: Exists over the related model, where
// the rest of the path holds and the foreign key refers to the outer row.
// So Exclude(Q{"products__price__gt": 10}) keeps the categories having no
// product above 10 (NOT (EXISTS (SELECT ... WHERE U0.price > 10 AND
// U0.category_id = category.id))), where a join would keep those with any
// product at or below 10. products__isnull becomes Exists itself. As in
// Django, each lookup of one Exclude gets its own subquery.
func (c *compiler) splitExclude(key string, value any) Condition {
	parts, err := lookups.Split(key)
	if err != nil {
		return nil // resolve reports it
	}
	m := c.m
	for i := 0; i < len(parts); i++ {
		if f, own := fieldOf(m, parts[i]); f != nil {
			if f.fkTarget == nil || !own || i+1 == len(parts) {
				return nil
			}
			tm, err := f.targetInfo(m)
			if err != nil || !isPathPart(tm, parts[i+1]) {
				return nil
			}
			m = tm
			continue
		}
		rel := reverseOf(m, parts[i])
		if rel == nil {
			return nil // resolve reports it
		}
		if rel.single {
			// The reverse side of a OneToOne: a join, as for a forward key.
			if i+1 == len(parts) || !isPathPart(rel.m, parts[i+1]) {
				return nil
			}
			m = rel.m
			continue
		}
		outer := "pk"
		if i > 0 {
			outer = strings.Join(parts[:i], lookups.Sep) + lookups.Sep + "pk"
		}
		rest := parts[i+1:]
		key := "pk" // what the path names when it ends at the relation
		switch {
		case rel.via != nil:
			// Many-to-many: the subquery is over the join table, and the
			// rest of the path goes on from its key to the related model.
			key = rel.via.name
			rest = append([]string{key}, rest...)
		case len(rest) == 0 || !isPathPart(rel.m, rest[0]):
			rest = append([]string{"pk"}, rest...)
		}
		sub := func(conds ...Condition) *existsCond {
			where := append(conds, Q{rel.fk.name: OuterRef(outer)})
			return &existsCond{sub: &inner{q: query{db: nil, reg: c.reg, where: where, limit: -1}, typ: rel.m.typ}}
		}
		if len(rest) == 2 && rest[0] == key && rest[1] == "isnull" {
			if b, ok := value.(bool); ok {
				if b {
					return Not(sub()) // no related row
				}
				return sub()
			}
		}
		return sub(Q{strings.Join(rest, lookups.Sep): value})
	}
	return nil
}

// writeLeaf writes one lookup.
func (c *compiler) writeLeaf(key string, value any, neg bool) (rendered, error) {
	if a := c.annotation(key); a != nil {
		return c.writeAnnLeaf(a, key, value)
	}
	r, chain, err := c.resolveLeaf(key)
	if err != nil {
		return rendered{}, err
	}
	name := chain.Lookup.Name()
	lhs := c.operand(r)
	var (
		rhs    lookups.RHS
		rhsRef *ref
		isNull = name == "isnull"
	)
	if e, ok := exprOf(value); ok {
		op, err := c.exprOperand(e)
		if err != nil {
			return rendered{}, err
		}
		rhs = lookups.Expr(op)
		if e.op == 'f' {
			rr, _ := c.resolve(e.name, false)
			rhsRef = &rr
		}
	} else {
		if (name == "exact" || name == "iexact") && c.nullish(r.f, value) {
			value, isNull = nil, true
		}
		if name == "exact" && c.d.Traits().EmptyStringIsNull && isEmptyText(value) {
			isNull = true // Oracle stores "" as NULL: the lookup is IS NULL
		}
		rhs = lookups.Value(value)
	}
	w := c.writer()
	hint := c.hint
	c.hint = r.f
	never, err := chain.Render(w, lhs, rhs)
	c.hint = hint
	if err != nil {
		if errors.Is(err, ErrInvalidQuery) { // from an expression: it names its model
			return rendered{}, fmt.Errorf("%w (in %q)", err, key)
		}
		return rendered{}, fmt.Errorf("%w: %s: %q: %w", ErrInvalidQuery, c.m.name, key, err)
	}
	if never {
		return rendered{kind: condNever}, nil
	}
	if !neg || isNull {
		return rendered{kind: condSQL}, nil
	}
	// Django's guards for a negated lookup: NULL rows are kept by exclude.
	parts := 1
	if r.f.col.Null || (r.j != nil && r.j.outer) {
		c.b.str(" AND ")
		c.col(r)
		c.b.str(" IS NOT NULL")
		parts++
	}
	if rhsRef != nil && (rhsRef.f.col.Null || (rhsRef.j != nil && rhsRef.j.outer)) {
		c.b.str(" AND ")
		c.col(*rhsRef)
		c.b.str(" IS NOT NULL")
		parts++
	}
	if parts > 1 {
		return rendered{kind: condSQL, conn: connAnd}, nil
	}
	return rendered{kind: condSQL}, nil
}

func isEmptyText(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.IsValid() && rv.Kind() == reflect.String && rv.Len() == 0
}

// exprOperand is the lookups operand of an expression: a column for a
// bare F, else SQL written by writeExpr. Values compared with it convert
// like values of its leftmost field.
func (c *compiler) exprOperand(e *expr) (lookups.Operand, error) {
	if e.op == 'f' {
		r, err := c.resolve(e.name, false)
		if err != nil {
			return lookups.Operand{}, err
		}
		return c.operand(r), nil
	}
	var op lookups.Operand
	if ff := e.firstField(); ff != nil {
		r, err := c.resolve(ff.name, false)
		if err != nil {
			return lookups.Operand{}, err
		}
		op = c.operand(r)
		op.Table, op.Column = "", ""
	}
	if e.op == opOuter {
		o, r, err := c.outerRef(e)
		if err != nil {
			return lookups.Operand{}, err
		}
		return o.operand(r), nil
	}
	op.SQL = func(w *lookups.Writer) { c.writeExprTo(w, e, true) }
	return op, nil
}

// writeExprTo writes e to w. top leaves out the parentheses around a
// binary operation (the caller adds them where needed).
func (c *compiler) writeExprTo(w *lookups.Writer, e *expr, top bool) {
	switch e.op {
	case opField:
		r, err := c.resolve(e.name, false)
		if err != nil {
			w.Fail(err)
			return
		}
		w.Operand(lookups.Operand{Table: c.alias(r.j), Column: r.f.column})
	case opValue:
		w.Arg(exprValue(e.val))
	case opOuter:
		o, r, err := c.outerRef(e)
		if err != nil {
			w.Fail(err)
			return
		}
		w.Operand(lookups.Operand{Table: o.alias(r.j), Column: r.f.column})
	case opFunc:
		c.writeFunc(w, e)
	case opWindow:
		c.writeWindow(w, e)
	case opCase:
		c.writeCase(w, e)
	case opSubquery:
		// top: the caller (a lookup's Operand) adds the parentheses.
		if !top {
			w.Raw("(")
		}
		c.inBuf(w, func() error {
			_, err := c.writeInner(e.sub, false)
			return err
		})
		if !top {
			w.Raw(")")
		}
	default:
		if e.err != nil {
			w.Fail(e.err)
			return
		}
		if e.l == nil || e.r == nil {
			w.Fail(queryError("%s: an operator without operands", c.m.name))
			return
		}
		for _, x := range [2]*expr{e.l, e.r} {
			if x.op == opValue && !arithValue(x.val) {
				w.Fail(queryError("%s: %v (%T) in %s: arithmetic takes a number, a decimal or a time.Duration", c.m.name, showValue(x.val), x.val, Expr{e}))
				return
			}
		}
		if !top {
			w.Raw("(")
		}
		c.writeExprTo(w, e.l, false)
		switch e.op {
		case '+':
			w.Raw(" + ")
		case '-':
			w.Raw(" - ")
		case '*':
			w.Raw(" * ")
		case '/':
			w.Raw(" / ")
		default:
			w.Fail(queryError("unknown operator %q", e.op))
		}
		c.writeExprTo(w, e.r, false)
		if !top {
			w.Raw(")")
		}
	}
}

// writeExpr writes e into the statement, in parentheses when it is an
// operation.
func (c *compiler) writeExpr(e *expr) error {
	w := c.writer()
	c.writeExprTo(w, e, false)
	if err := w.TakeErr(); err != nil {
		if errors.Is(err, ErrInvalidQuery) {
			return err
		}
		return fmt.Errorf("%w: %s: %w", ErrInvalidQuery, c.m.name, err)
	}
	return nil
}

// arithValue reports whether v can be an operand of + - * /: a number of
// any Go type, a decimal or numeric text, a time.Duration, or nil (NULL).
func arithValue(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	case reflect.String:
		_, err := decimal.NewFromString(rv.String())
		return err == nil
	}
	_, ok := v.(decimal.Decimal)
	return ok
}

// exprValue is the value bound for a Go value in an expression: integers
// of every size become int64, the rest is bound as is.
func exprValue(v any) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return rv.Int()
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return int64(rv.Uint())
	case reflect.Float32:
		return rv.Float()
	}
	return v
}

// writeFrom writes " FROM <root> <joins>".
func (c *compiler) writeFrom() {
	c.b.str(" FROM ")
	c.b.ident(c.m.table)
	if c.root != "" {
		c.b.str(" ")
		c.b.ident(c.root)
	}
	c.writeJoins()
}

func (c *compiler) writeJoins() {
	for _, j := range c.joins {
		if j.outer {
			c.b.str(" LEFT OUTER JOIN ")
		} else {
			c.b.str(" INNER JOIN ")
		}
		c.b.ident(j.m.table)
		if j.alias != j.m.table {
			c.b.str(" ")
			c.b.ident(j.alias)
		}
		c.b.str(" ON (")
		if j.rev {
			pm := c.m
			if j.parent != nil {
				pm = j.parent.m
			}
			c.b.col(c.alias(j.parent), pm.pk.column)
			c.b.str(" = ")
			c.b.col(j.alias, j.fk.column)
		} else {
			c.b.col(c.alias(j.parent), j.fk.column)
			c.b.str(" = ")
			c.b.col(j.alias, j.m.pk.column)
		}
		c.b.str(")")
	}
}

// ---- ordering ----

// orderItem is one resolved ORDER BY term.
type orderItem struct {
	random bool
	r      ref
	e      *expr    // an expression instead of a column
	ann    *annItem // an annotation instead of a column
	desc   bool
	nulls  Nulls
}

// prepareOrder resolves the ordering: the OrderBy keys if set, else the
// model's Meta.Ordering; reversed when rev is set.
func (c *compiler) prepareOrder(keys []any, set, rev bool) ([]orderItem, error) {
	var items []orderItem
	if !set {
		for _, t := range c.m.ordering {
			items = append(items, orderItem{r: ref{path: t.f.name, f: t.f}, desc: t.desc})
		}
	} else {
		for _, k := range keys {
			its, err := c.orderKey(k)
			if err != nil {
				return nil, err
			}
			items = append(items, its...)
		}
	}
	if rev {
		for i := range items {
			items[i].desc = !items[i].desc
			switch items[i].nulls {
			case NullsFirst:
				items[i].nulls = NullsLast
			case NullsLast:
				items[i].nulls = NullsFirst
			}
		}
	}
	return items, nil
}

func (c *compiler) orderKey(k any) ([]orderItem, error) {
	switch x := k.(type) {
	case string:
		if x == "?" {
			return []orderItem{{random: true}}, nil
		}
		name, desc := strings.CutPrefix(x, "-")
		if a := c.annotation(name); a != nil && a.spec.name == name {
			return []orderItem{{ann: a, desc: desc}}, nil
		}
		r, err := c.resolve(name, false)
		if err != nil {
			return nil, err
		}
		c.promote(r)
		if r.f.fkTarget != nil && lastPart(name) == r.f.name {
			// Ordering by a relation orders by the related model's
			// Meta.Ordering, as in Django; without one, by the key.
			if items := c.relatedOrdering(r, desc); items != nil {
				return items, nil
			}
		}
		return []orderItem{{r: r, desc: desc}}, nil
	case Expr:
		return c.orderExpr(x.e, false, NullsDefault)
	case OrderExpr:
		return c.orderExpr(x.e, x.desc, x.nulls)
	case *OrderExpr:
		if x != nil {
			return c.orderExpr(x.e, x.desc, x.nulls)
		}
	}
	return nil, queryError("%s: OrderBy(%v): %T is not a field name, an Expr or an OrderExpr", c.m.name, k, k)
}

// lastPart returns the part of a path after its last separator.
func lastPart(path string) string {
	if i := strings.LastIndex(path, lookups.Sep); i >= 0 {
		return path[i+len(lookups.Sep):]
	}
	return path
}

// relatedOrdering expands an ordering by the foreign key r into the target
// model's Meta.Ordering, or returns nil when it has none.
func (c *compiler) relatedOrdering(r ref, desc bool) []orderItem {
	owner := c.m
	if r.j != nil {
		owner = r.j.m
	}
	tm, err := r.f.targetInfo(owner)
	if err != nil || len(tm.ordering) == 0 {
		return nil
	}
	j := c.joinTo(r.j, r.f, tm)
	if j.nullable {
		j.outer = true
	}
	var items []orderItem
	for _, t := range tm.ordering {
		// One level only: a relation in the related ordering orders by its
		// key column (Django follows it further and reports loops).
		items = append(items, orderItem{r: ref{path: r.path + "__" + t.f.name, j: j, f: t.f}, desc: t.desc != desc})
	}
	return items
}

func (c *compiler) orderExpr(e *expr, desc bool, nulls Nulls) ([]orderItem, error) {
	if e == nil {
		return nil, queryError("%s: OrderBy: an empty Expr", c.m.name)
	}
	if err := c.prepareExpr(e, true); err != nil {
		return nil, err
	}
	if e.op == 'f' {
		r, _ := c.resolve(e.name, false)
		return []orderItem{{r: r, desc: desc, nulls: nulls}}, nil
	}
	return []orderItem{{e: e, desc: desc, nulls: nulls}}, nil
}

// writeOrder writes " ORDER BY ..." for items.
func (c *compiler) writeOrder(items []orderItem) error {
	for i, it := range items {
		if i == 0 {
			c.b.str(" ORDER BY ")
		} else {
			c.b.str(", ")
		}
		if it.random {
			c.b.str(randomFunc(c.d))
			continue
		}
		term := func() error {
			if it.ann != nil {
				return c.writeAnn(it.ann)
			}
			if it.e != nil {
				return c.writeExpr(it.e)
			}
			c.col(it.r)
			return nil
		}
		if it.nulls != NullsDefault && !c.d.Has(dialect.NullsOrdering) {
			// MySQL: sort on "x IS NULL" first (false before true).
			if err := term(); err != nil {
				return err
			}
			if it.nulls == NullsFirst {
				c.b.str(" IS NULL DESC, ")
			} else {
				c.b.str(" IS NULL ASC, ")
			}
		}
		if err := term(); err != nil {
			return err
		}
		if it.desc {
			c.b.str(" DESC")
		} else {
			c.b.str(" ASC")
		}
		if it.nulls != NullsDefault && c.d.Has(dialect.NullsOrdering) {
			if it.nulls == NullsFirst {
				c.b.str(" NULLS FIRST")
			} else {
				c.b.str(" NULLS LAST")
			}
		}
	}
	return nil
}

// randomFunc is the dialect's random-number function for OrderBy("?").
func randomFunc(d dialect.Dialect) string { return d.Traits().Random }

// writeLimit writes the row limit and offset the dialect's way. limit < 0
// means none.
func (c *compiler) writeLimit(limit, offset int64) {
	if limit < 0 && offset == 0 {
		return
	}
	if c.d.Has(dialect.OffsetFetch) {
		if offset > 0 {
			c.b.str(" OFFSET ")
			c.b.str(strconv.FormatInt(offset, 10))
			c.b.str(" ROWS")
		}
		if limit >= 0 {
			c.b.str(" FETCH FIRST ")
			c.b.str(strconv.FormatInt(limit, 10))
			c.b.str(" ROWS ONLY")
		}
		return
	}
	if limit >= 0 {
		c.b.str(" LIMIT ")
		c.b.str(strconv.FormatInt(limit, 10))
	} else {
		// An offset alone: SQLite and MySQL need a LIMIT before OFFSET
		// (Django's no_limit_value); PostgreSQL takes OFFSET alone.
		if nl := c.d.Traits().NoLimit; nl != "" {
			c.b.str(" LIMIT ")
			c.b.str(nl)
		}
	}
	if offset > 0 {
		c.b.str(" OFFSET ")
		c.b.str(strconv.FormatInt(offset, 10))
	}
}
