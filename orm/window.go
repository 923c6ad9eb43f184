package orm

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// Window functions: Django's Window(expression, partition_by, order_by,
// frame) and the functions of django.db.models.functions.window.

// opWindow is the node of a Window expression: val holds its *windowSpec,
// args[0] the window function (nil for an aggregate).
const opWindow = 'w'

const (
	fnRowNumber funcKind = fnTrunc + 1 + iota
	fnRank
	fnDenseRank
	fnPercentRank
	fnCumeDist
	fnNtile
	fnLag
	fnLead
	fnFirstValue
	fnLastValue
	fnNthValue
)

var windowSQL = map[funcKind]string{
	fnRowNumber: "ROW_NUMBER", fnRank: "RANK", fnDenseRank: "DENSE_RANK", fnPercentRank: "PERCENT_RANK",
	fnCumeDist: "CUME_DIST", fnNtile: "NTILE", fnLag: "LAG", fnLead: "LEAD", fnFirstValue: "FIRST_VALUE",
	fnLastValue: "LAST_VALUE", fnNthValue: "NTH_VALUE",
}

func init() {
	for fn, name := range map[funcKind]string{
		fnRowNumber: "RowNumber", fnRank: "Rank", fnDenseRank: "DenseRank", fnPercentRank: "PercentRank",
		fnCumeDist: "CumeDist", fnNtile: "Ntile", fnLag: "Lag", fnLead: "Lead", fnFirstValue: "FirstValue",
		fnLastValue: "LastValue", fnNthValue: "NthValue",
	} {
		funcNames[fn] = name
	}
}

// isWindowFunc reports whether fn is a window function, which only a
// Window may hold.
func isWindowFunc(fn funcKind) bool { return fn >= fnRowNumber && fn <= fnNthValue }

// windowSpec is the OVER clause of a Window, and its aggregate.
type windowSpec struct {
	agg       *Aggregate
	partition []*expr
	order     []any
	frame     *Frame
}

// WindowOption is a part of a Window's OVER clause: PartitionBy, OrderBy
// or a Frame (RowRange, ValueRange).
type WindowOption interface{ windowOption(*windowSpec) error }

type partitionBy []any

func (p partitionBy) windowOption(s *windowSpec) error {
	if len(p) == 0 {
		return queryError("Window: PartitionBy() names no expression")
	}
	for _, x := range p {
		if x == nil {
			return queryError("Window: PartitionBy(nil)")
		}
		s.partition = append(s.partition, argOf(x))
	}
	return nil
}

// PartitionBy returns the PARTITION BY of a Window: the rows the window
// function sees are those with the same values of exprs (field names, as
// strings, or Exprs). Django's partition_by.
func PartitionBy(exprs ...any) WindowOption { return partitionBy(exprs) }

type windowOrder []any

func (o windowOrder) windowOption(s *windowSpec) error {
	if len(o) == 0 {
		return queryError("Window: OrderBy() names no key")
	}
	s.order = append(s.order, o...)
	return nil
}

// OrderBy returns the ORDER BY of a Window's OVER clause: keys as
// QuerySet.OrderBy takes them ("-milliseconds", an Expr, an OrderExpr
// made by Asc or Desc). Django's order_by.
func OrderBy(keys ...any) WindowOption { return windowOrder(keys) }

// FrameBound is one end of a window Frame: UnboundedPreceding,
// Preceding(n), CurrentRow, Following(n), UnboundedFollowing.
type FrameBound struct {
	kind uint8 // 1 unbounded preceding, 2 preceding, 3 current, 4 following, 5 unbounded following
	n    int64
}

// Frame bounds.
var (
	// UnboundedPreceding is the first row of the partition.
	UnboundedPreceding = FrameBound{kind: 1}
	// CurrentRow is the current row (with ValueRange: its peers too).
	CurrentRow = FrameBound{kind: 3}
	// UnboundedFollowing is the last row of the partition.
	UnboundedFollowing = FrameBound{kind: 5}
)

// Preceding is the bound n rows (RowRange) or n in value (ValueRange)
// before the current row; n must be positive (0 is CurrentRow).
func Preceding(n int64) FrameBound { return FrameBound{kind: 2, n: n} }

// Following is the bound n rows or n in value after the current row.
func Following(n int64) FrameBound { return FrameBound{kind: 4, n: n} }

func (b FrameBound) sql() string {
	switch b.kind {
	case 1:
		return "UNBOUNDED PRECEDING"
	case 2:
		return strconv.FormatInt(b.n, 10) + " PRECEDING"
	case 3:
		return "CURRENT ROW"
	case 4:
		return strconv.FormatInt(b.n, 10) + " FOLLOWING"
	case 5:
		return "UNBOUNDED FOLLOWING"
	}
	return ""
}

// Frame is the frame clause of a Window: the rows, around the current
// one, its function sees. Make one with RowRange or ValueRange.
type Frame struct {
	rows       bool
	start, end FrameBound
	err        error
}

func (f Frame) windowOption(s *windowSpec) error {
	if f.err != nil {
		return f.err
	}
	if s.frame != nil {
		return queryError("Window: two frames are given")
	}
	s.frame = &f
	return nil
}

func newFrame(rows bool, name string, start, end FrameBound) Frame {
	f := Frame{rows: rows, start: start, end: end}
	for _, b := range []FrameBound{start, end} {
		if b.kind == 0 {
			f.err = queryError("%s: a zero FrameBound; use UnboundedPreceding, Preceding(n), CurrentRow, Following(n) or UnboundedFollowing", name)
		} else if (b.kind == 2 || b.kind == 4) && b.n <= 0 {
			f.err = queryError("%s: Preceding and Following take a positive number, got %d (CurrentRow is 0)", name, b.n)
		}
	}
	if f.err == nil && (start.kind == 5 || end.kind == 1 || start.kind > end.kind) {
		f.err = queryError("%s(%s, %s): the frame must start before it ends", name, start.sql(), end.sql())
	}
	return f
}

// RowRange returns a frame of rows: ROWS BETWEEN start AND end. Django's
// RowRange(start, end), whose None, negative, 0 and positive bounds are
// UnboundedPreceding/UnboundedFollowing, Preceding(n), CurrentRow and
// Following(n) here.
func RowRange(start, end FrameBound) Frame { return newFrame(true, "RowRange", start, end) }

// ValueRange returns a frame of values: RANGE BETWEEN start AND end, the
// rows whose ordering value is within the bounds of the current row's
// (Django's ValueRange). Preceding(n) and Following(n) need a window
// ordered by one number.
func ValueRange(start, end FrameBound) Frame { return newFrame(false, "ValueRange", start, end) }

// Window returns fn computed over a window of rows: Django's
// Window(expression, partition_by, order_by, frame). fn is a window
// function (RowNumber, Rank, DenseRank, PercentRank, CumeDist, Ntile, Lag,
// Lead, FirstValue, LastValue, NthValue) or an aggregate (Sum, Avg,
// Count, Min, Max, StdDev, Variance), which then does not group the
// query. opts are at most one PartitionBy, OrderBy and Frame each.
//
// A Window is used in Annotate (and ordered by through its name). As in
// Django 4.2, a Filter on its name is applied to the rows it was computed
// over: the query becomes SELECT * FROM (the query with the window)
// "qualify" WHERE <the filter>, so that the window sees every row the
// other conditions keep. Such a Filter may name the model's own fields and
// annotations beside the window, not fields across relations.
//
//	orm.Objects[Track](db).Annotate(orm.Window(orm.RowNumber(),
//		orm.PartitionBy("genre"), orm.OrderBy("-milliseconds")).As("rank")).
//		Filter(orm.Q{"rank": 1})
func Window(fn any, opts ...WindowOption) Expr {
	s := &windowSpec{}
	e := &expr{op: opWindow, val: s}
	switch x := fn.(type) {
	case Aggregate:
		if x.err != nil {
			e.err = x.err
		}
		s.agg = &x
	case Expr:
		switch {
		case x.e == nil:
			e.err = queryError("Window: an empty Expr")
		case x.e.op != opFunc || !isWindowFunc(x.e.fn):
			e.err = queryError("Window(%s): not a window function nor an aggregate; use RowNumber, Rank, ..., Lag, Lead, or Sum, Avg, ...", x)
		default:
			e.args = []*expr{x.e}
			if x.e.err != nil {
				e.err = x.e.err
			}
		}
	default:
		e.err = queryError("Window(%v): %T is not a window function nor an aggregate", fn, fn)
	}
	for _, o := range opts {
		if o == nil {
			e.err = queryError("Window: a nil option")
			continue
		}
		if err := o.windowOption(s); err != nil && e.err == nil {
			e.err = err
		}
	}
	return Expr{e}
}

// RowNumber is the number of the row in its partition, from 1 (Django's
// RowNumber). An integer.
func RowNumber() Expr { return call(fnRowNumber) }

// Rank is the rank of the row in its partition's ordering, with gaps after
// ties (Django's Rank). An integer.
func Rank() Expr { return call(fnRank) }

// DenseRank is Rank without gaps (Django's DenseRank). An integer.
func DenseRank() Expr { return call(fnDenseRank) }

// PercentRank is (Rank - 1) / (rows in partition - 1), a float from 0 to 1
// (Django's PercentRank).
func PercentRank() Expr { return call(fnPercentRank) }

// CumeDist is the fraction of the partition's rows ordered at or before
// the row, a float (Django's CumeDist).
func CumeDist() Expr { return call(fnCumeDist) }

// Ntile is the number, from 1 to buckets, of the bucket the row falls in
// when the partition is divided into buckets as equal as can be (Django's
// Ntile(num_buckets)); buckets must be positive. An integer.
func Ntile(buckets int) Expr {
	e := call(fnNtile)
	e.e.val = int64(buckets)
	if buckets <= 0 {
		e.e.err = queryError("Ntile(%d): the number of buckets must be greater than 0", buckets)
	}
	return e
}

// Lag is x at the row offset rows before the current one in the
// partition, or def (nil: NULL) where there is none: Django's
// Lag(expression, offset=1, default=None). offset must be positive.
func Lag(x any, offset int, def any) Expr { return lagLead(fnLag, x, offset, def) }

// Lead is x at the row offset rows after the current one: Django's Lead.
func Lead(x any, offset int, def any) Expr { return lagLead(fnLead, x, offset, def) }

func lagLead(fn funcKind, x any, offset int, def any) Expr {
	e := call(fn, x)
	e.e.val = int64(offset)
	if def != nil {
		e.e.args = append(e.e.args, argOf(def))
		if s, ok := def.(string); ok { // a default is a value, not a field name
			e.e.args[1] = &expr{op: opValue, val: s}
		}
	}
	if offset <= 0 {
		e.e.err = queryError("%s(%v, %d): the offset must be a positive integer", funcNames[fn], x, offset)
	}
	return e
}

// FirstValue is x at the first row of the window frame (Django's
// FirstValue).
func FirstValue(x any) Expr { return call(fnFirstValue, x) }

// LastValue is x at the last row of the window frame (Django's LastValue;
// with the default frame, which ends at the current row, that is the
// current row or its last peer: give a RowRange to reach the partition's
// end).
func LastValue(x any) Expr { return call(fnLastValue, x) }

// NthValue is x at the nth row, from 1, of the window frame, or NULL
// (Django's NthValue(expression, nth)).
func NthValue(x any, nth int) Expr {
	e := call(fnNthValue, x)
	e.e.val = int64(nth)
	if nth <= 0 {
		e.e.err = queryError("NthValue(%v, %d): nth must be a positive integer", x, nth)
	}
	return e
}

// ---- compiling ----

// spec returns the window spec of the Window node e.
func (e *expr) window() *windowSpec {
	s, _ := e.val.(*windowSpec)
	return s
}

// hasWindow reports whether x holds a Window.
func (x *expr) hasWindow() bool {
	if x == nil {
		return false
	}
	if x.op == opWindow {
		return true
	}
	found := false
	_ = x.children(func(c *expr) error {
		found = found || c.hasWindow()
		return nil
	})
	return found
}

// windowAnn returns the aggregate of a Window as an annotation item,
// resolved.
func (c *compiler) windowAgg(s *windowSpec) (*annItem, error) {
	a := &annItem{spec: annSpec{name: "window", isAgg: true, agg: *s.agg}}
	if err := c.prepareAnn(a); err != nil {
		return nil, err
	}
	return a, nil
}

// prepareWindow resolves a Window's function, partition and ordering.
func (c *compiler) prepareWindow(e *expr, outer bool) error {
	s := e.window()
	if s == nil {
		return queryError("%s: a Window made without orm.Window", c.m.name)
	}
	if s.agg != nil {
		if _, err := c.windowAgg(s); err != nil {
			return fmt.Errorf("%w (in Window)", err)
		}
	} else if len(e.args) == 1 {
		for _, a := range e.args[0].args {
			if err := c.prepareExpr(a, outer); err != nil {
				return err
			}
		}
	} else {
		return queryError("%s: a Window without a function", c.m.name)
	}
	for _, p := range s.partition {
		if err := c.prepareExpr(p, true); err != nil {
			return err
		}
	}
	for _, k := range s.order {
		if _, err := c.orderKey(k); err != nil {
			return err
		}
	}
	if f := s.frame; f != nil && !f.rows && (f.start.n > 0 || f.end.n > 0) && !dialect.WindowRangeOffsets(c.d) {
		return fmt.Errorf("%w: %s: ValueRange with Preceding or Following: %s has no RANGE frames with offsets; use RowRange", dialect.ErrUnsupported, c.m.name, c.d.Name())
	}
	return nil
}

// writeWindow writes fn OVER (PARTITION BY ... ORDER BY ... frame).
func (c *compiler) writeWindow(w *lookups.Writer, e *expr) {
	s := e.window()
	if s == nil || e.err != nil {
		w.Fail(c.funcErr(e, "a Window made without orm.Window"))
		return
	}
	c.inBuf(w, func() error {
		if s.agg != nil {
			a, err := c.windowAgg(s)
			if err != nil {
				return err
			}
			if err := c.writeAnn(a); err != nil {
				return err
			}
		} else {
			ww := c.writer()
			c.writeWindowCall(ww, e.args[0])
			if err := ww.Err(); err != nil {
				return err
			}
		}
		c.b.str(" OVER (")
		sep := ""
		if len(s.partition) > 0 {
			c.b.str("PARTITION BY ")
			for i, p := range s.partition {
				if i > 0 {
					c.b.str(", ")
				}
				if err := c.writeExpr(p); err != nil {
					return err
				}
			}
			sep = " "
		}
		if len(s.order) > 0 {
			var items []orderItem
			for _, k := range s.order {
				its, err := c.orderKey(k)
				if err != nil {
					return err
				}
				items = append(items, its...)
			}
			at := c.b.Len()
			if err := c.writeOrder(items); err != nil {
				return err
			}
			if sep == "" { // writeOrder's leading space
				buf := c.b.Bytes()
				c.b.Reset(c.d, append(buf[:at], buf[at+1:]...), c.b.Args())
			}
			sep = " "
		}
		if f := s.frame; f != nil {
			c.b.str(sep)
			if f.rows {
				c.b.str("ROWS BETWEEN ")
			} else {
				c.b.str("RANGE BETWEEN ")
			}
			c.b.str(f.start.sql())
			c.b.str(" AND ")
			c.b.str(f.end.sql())
		}
		c.b.str(")")
		return nil
	})
}

// writeWindowCall writes the window function x (without OVER).
func (c *compiler) writeWindowCall(w *lookups.Writer, x *expr) {
	if x.err != nil {
		w.Fail(x.err)
		return
	}
	name := windowSQL[x.fn]
	n, _ := x.val.(int64)
	w.Raw(name)
	w.Raw("(")
	switch x.fn {
	case fnRowNumber, fnRank, fnDenseRank, fnPercentRank, fnCumeDist:
	case fnNtile:
		w.Raw(strconv.FormatInt(n, 10))
	case fnFirstValue, fnLastValue, fnNthValue, fnLag, fnLead:
		if len(x.args) == 0 || x.args[0].op == opValue {
			w.Fail(queryError("%s: %s takes a field or an expression", c.m.name, funcNames[x.fn]))
			return
		}
		c.writeExprTo(w, x.args[0], false)
		if x.fn == fnNthValue || x.fn == fnLag || x.fn == fnLead {
			w.Raw(", ")
			w.Raw(strconv.FormatInt(n, 10))
		}
		if len(x.args) > 1 {
			if !dialect.WindowLagLeadDefault(c.d) {
				w.Fail(fmt.Errorf("%w: %s: %s with a default: MariaDB's %s takes no default on the %s dialect; give nil and Coalesce the Window (which also replaces NULL values)", dialect.ErrUnsupported, c.m.name, funcNames[x.fn], windowSQL[x.fn], c.d.Name()))
				return
			}
			w.Raw(", ")
			var hint *field
			if t := c.outputOf(x.args[0]); t.f != nil {
				hint = t.f
			} else {
				hint = kindField(c.m.name, funcNames[x.fn], t.kind)
			}
			c.writeResult(w, x.args[1], hint)
		}
	}
	w.Raw(")")
}

// writeWindowFunc is reached for a window function outside a Window.
func (c *compiler) writeWindowFunc(w *lookups.Writer, e *expr) bool {
	if !isWindowFunc(e.fn) {
		return false
	}
	w.Fail(queryError("%s: %s must be used in a Window: orm.Window(orm.%s(), ...)", c.m.name, Expr{e}, funcNames[e.fn]))
	return true
}

// windowOutput is the output type of a window function.
func (c *compiler) windowOutput(x *expr) outputType {
	switch x.fn {
	case fnRowNumber, fnRank, fnDenseRank, fnNtile:
		return outputType{kind: dialect.KindBigInt}
	case fnPercentRank, fnCumeDist:
		return outputType{kind: dialect.KindFloat}
	case fnLag, fnLead, fnFirstValue, fnLastValue, fnNthValue:
		if len(x.args) > 0 {
			return c.outputOf(x.args[0])
		}
	}
	return outputType{}
}

// windowOutputOf is the output type of the Window x.
func (c *compiler) windowOutputOf(x *expr) outputType {
	s := x.window()
	if s == nil {
		return outputType{}
	}
	if s.agg != nil {
		a, err := c.windowAgg(s)
		if err != nil {
			return outputType{}
		}
		switch a.it.out {
		case outInt:
			return outputType{kind: dialect.KindBigInt}
		case outFloat:
			return outputType{kind: dialect.KindFloat}
		case outDecimal:
			return outputType{kind: dialect.KindDecimal}
		}
		if a.it.f != nil {
			return outputType{kind: a.it.f.col.Kind, f: a.it.f}
		}
		return outputType{}
	}
	if len(x.args) == 1 {
		return c.windowOutput(x.args[0])
	}
	return outputType{}
}

// windowString is Django's repr of a Window.
func (x *expr) windowString() string {
	s := x.window()
	var b strings.Builder
	b.WriteString("Window(")
	switch {
	case s != nil && s.agg != nil:
		n, _ := s.agg.name()
		b.WriteString(n)
	case len(x.args) == 1:
		b.WriteString(x.args[0].String())
	}
	if s != nil {
		if len(s.partition) > 0 {
			b.WriteString(", partition_by=")
			for i, p := range s.partition {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(p.String())
			}
		}
		if len(s.order) > 0 {
			fmt.Fprintf(&b, ", order_by=%v", s.order)
		}
	}
	b.WriteString(")")
	return b.String()
}

// ---- filtering on a window: the "qualify" derived table ----

// qualifyAlias is the derived table a filter on a window reads from, as
// Django 4.2 names it.
const qualifyAlias = "qualify"

// isWindowAnn reports whether key names an annotation holding a Window.
func (c *compiler) isWindowAnn(key string) bool {
	a := c.annotation(key)
	return a != nil && !a.spec.isAgg && a.spec.e.hasWindow()
}

// namesWindow reports whether cond has a lookup on a window annotation.
func (c *compiler) namesWindow(cond Condition) bool {
	found := false
	c.eachLeaf(cond, func(key string) {
		found = found || c.isWindowAnn(key)
	})
	return found
}

// eachLeaf calls fn with the key of every lookup in cond.
func (c *compiler) eachLeaf(cond Condition, fn func(key string)) {
	switch x := cond.(type) {
	case Q:
		for k := range x {
			fn(k)
		}
	case sortedQ:
		for _, l := range x {
			fn(l.key)
		}
	case *node:
		if x != nil {
			for _, ch := range x.children {
				c.eachLeaf(ch, fn)
			}
		}
	}
}

// splitWindow takes out of where the conditions on window annotations,
// which WHERE cannot hold: the lookups of a Q on such a name, and every
// And, Or or Not naming one. They are returned as qual, as long as where
// (nil entries where nothing moved), or qual is nil when none did. Beside
// a window, such a condition may name only the model's own fields and
// annotations: the derived table has no other columns.
func (c *compiler) splitWindow(where []Condition) (rest, qual []Condition, err error) {
	if len(c.anns) == 0 {
		return where, nil, nil
	}
	hasWin := false
	for _, a := range c.anns {
		hasWin = hasWin || (!a.spec.isAgg && a.spec.e.hasWindow())
	}
	if !hasWin {
		return where, nil, nil
	}
	rest = make([]Condition, len(where))
	qual = make([]Condition, len(where))
	moved := false
	defer func() { c.scope = scopeAny }()
	for i, cond := range where {
		c.scope = i
		var w, q Condition
		switch x := cond.(type) {
		case Q:
			w, q = c.splitWindowQ(sortQ(x))
		case sortedQ:
			w, q = c.splitWindowQ(x)
		default:
			if c.namesWindow(cond) {
				q = cond
			} else {
				w = cond
			}
		}
		rest[i], qual[i] = w, q
		if q == nil {
			continue
		}
		moved = true
		var bad error
		c.eachLeaf(q, func(key string) {
			if bad != nil || c.annotation(key) != nil {
				return
			}
			r, err := c.resolve(key, true)
			if err == nil && r.j != nil {
				bad = queryError("%s: a Filter on a window annotation reads the rows the window was computed over, which hold the model's own fields and annotations only; %q crosses a relation: filter on it in a Filter call of its own, or annotate it", c.m.name, key)
			}
		})
		if bad != nil {
			return nil, nil, bad
		}
	}
	if !moved {
		return where, nil, nil
	}
	return rest, qual, nil
}

func (c *compiler) splitWindowQ(x sortedQ) (where, qual Condition) {
	var w, q sortedQ
	for _, l := range x {
		if c.isWindowAnn(l.key) {
			q = append(q, l)
		} else {
			w = append(w, l)
		}
	}
	switch {
	case len(q) == 0:
		return x, nil
	case len(w) == 0:
		return nil, x
	}
	return w, q
}

// writeQualify wraps the SELECT written from selectAt in the derived
// table "qualify" and writes the window conditions, the ordering and
// nothing else after it: SELECT * FROM (...) "qualify" WHERE ... ORDER BY
// ... The columns keep their order, so rows are read as without it.
func (c *compiler) writeQualify(selectAt int, qual []Condition, order []orderItem) (never bool, err error) {
	const pre = "SELECT * FROM ("
	buf := append(c.b.Bytes(), pre...)
	copy(buf[selectAt+len(pre):], buf[selectAt:])
	copy(buf[selectAt:], pre)
	c.b.Reset(c.d, buf, c.b.Args())
	c.b.str(") ")
	c.b.ident(qualifyAlias)
	root := c.root
	c.root = qualifyAlias
	for _, a := range c.anns {
		a.alias = qualifyAlias
	}
	defer func() {
		c.root = root
		for _, a := range c.anns {
			a.alias = ""
		}
	}()
	joins := len(c.joins)
	if never, err = c.writeClause(" WHERE ", qual); err != nil || never {
		return never, err
	}
	for _, it := range order {
		switch {
		case it.ann != nil, it.random:
		case it.e != nil:
			return false, queryError("%s: with a Filter on a window annotation the query is ordered by fields and annotations only; annotate the expression %s and order by its name", c.m.name, Expr{it.e})
		case it.r.j != nil:
			return false, queryError("%s: with a Filter on a window annotation the query is ordered by the model's own fields and annotations only; annotate %q (F(%q)) and order by its name", c.m.name, it.r.path, it.r.path)
		}
	}
	if err := c.writeOrder(order); err != nil {
		return false, err
	}
	if len(c.joins) != joins {
		return false, queryError("%s: a Filter on a window annotation may name only the model's own fields and annotations beside it", c.m.name)
	}
	return false, nil
}

// qualifiedValues checks that the columns of a Values query filtered on a
// window have distinct names, as the derived table needs (MySQL refuses
// two columns of one name), and are the model's own or annotations.
func qualifiedValues(m *modelInfo, cols []valCol) error {
	seen := map[string]string{}
	for _, v := range cols {
		name := v.name
		if v.ann == nil {
			if v.r.j != nil {
				return queryError("%s: Values(%q) with a Filter on a window annotation: the derived table holds the model's own fields and annotations only; annotate F(%q) and name the annotation", m.name, v.name, v.name)
			}
			name = v.r.f.column
		}
		k := strings.ToLower(name)
		if o, ok := seen[k]; ok {
			return queryError("%s: Values(%q, %q) with a Filter on a window annotation: both are the column %q", m.name, o, v.name, name)
		}
		seen[k] = v.name
	}
	return nil
}
