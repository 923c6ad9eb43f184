package orm

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// SelectRelated returns a new QuerySet that loads the objects its rows
// refer to through the named foreign keys in the same query, with JOINs:
// Django's select_related(). A path follows foreign keys
// ("category", "album__artist"); each object on the way is loaded too.
// The join is LEFT OUTER where a key may be NULL, so rows without a
// related row are kept (their FK has nothing loaded). Read an object with
// the FK's Loaded, or its Get, which then sends nothing:
//
//	ps, err := orm.Objects[Product](db).SelectRelated("category").All(ctx) // one query
//	cat, ok := ps[0].Category.Loaded()
//
// Successive calls add up; SelectRelated() with no paths clears them.
// Only foreign keys can be named (reverse relations are multi-valued: use
// PrefetchRelated); anything else is an error wrapping ErrInvalidQuery
// when the query runs, naming the foreign keys there are. All, Get, First,
// Last, AllAnnotated and Iterator load related objects; Values does not
// (it reads related fields by path instead).
func (qs *QuerySet[T]) SelectRelated(paths ...string) *QuerySet[T] {
	n := qs.clone()
	if len(paths) == 0 {
		n.selRel = nil
		return n
	}
	n.selRel = append(slices.Clip(n.selRel), paths...)
	return n
}

// PrefetchRelated returns a new QuerySet that, after its rows are read,
// loads the related objects of the named relations with one more query
// per relation (per level of a path, and per chunk of keys within the
// dialect's parameter limit, 1000 keys on Oracle): Django's
// prefetch_related(). A relation is
//
//   - a reverse relation ("products"): SELECT ... WHERE category_id IN
//     (the rows' keys), in the related model's Meta.Ordering, else by
//     primary key; the rows land in the model's orm.Reverse field declared
//     with related=<name> (see Reverse), which a model must have;
//   - a foreign key ("category"): SELECT ... WHERE id IN (the keys), one
//     query instead of a join; the objects are loaded into the FKs as
//     SelectRelated does (see FK.Loaded).
//
// A path goes on from the objects loaded ("products__category",
// "category__products"). Successive calls add up; PrefetchRelated() with
// no paths clears them. All, Get, First, Last and AllAnnotated prefetch;
// Iterator prefetches per chunk of rows (see Iterator). The queries run
// on the same database (or the transaction in the context).
//
//	cats, err := orm.Objects[Category](db).PrefetchRelated("products").All(ctx) // two queries
//	for _, c := range cats {
//		prods, _ := c.Products.Loaded()
//		fmt.Println(c.Name, len(prods))
//	}
func (qs *QuerySet[T]) PrefetchRelated(paths ...string) *QuerySet[T] {
	n := qs.clone()
	if len(paths) == 0 {
		n.prefetch = nil
		return n
	}
	n.prefetch = append(slices.Clip(n.prefetch), paths...)
	return n
}

// relNode is one foreign key SelectRelated follows.
type relNode struct {
	path   string
	parent int    // index of the node whose object holds fk; -1: the row
	fk     *field // the foreign key, a field of the parent's model
	m      *modelInfo
	j      *join
}

// prepareSelectRelated resolves the SelectRelated paths into joins.
func (c *compiler) prepareSelectRelated(paths []string) ([]relNode, error) {
	var nodes []relNode
	for _, path := range paths {
		parts, err := lookups.Split(path)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: SelectRelated: %w", ErrInvalidQuery, c.m.name, err)
		}
		m, parent := c.m, -1
		var j *join
		for i, part := range parts {
			f, own := fieldOf(m, part)
			if f == nil || f.fkTarget == nil || !own {
				hint := ""
				if m.m2mFor(part) != nil {
					hint = " (a many-to-many relation is multi-valued: use PrefetchRelated)"
				} else if reverseOf(m, part) != nil {
					hint = " (a reverse relation is multi-valued: use PrefetchRelated)"
				}
				return nil, queryError("%s: SelectRelated(%q): %q is not a foreign key of %s%s; choices are %s", c.m.name, path, part, m.name, hint, fkList(m))
			}
			tm, err := f.targetInfo(m)
			if err != nil {
				return nil, err
			}
			sub := strings.Join(parts[:i+1], lookups.Sep)
			k := slices.IndexFunc(nodes, func(n relNode) bool { return n.path == sub })
			if k < 0 {
				j = c.joinTo(j, f, tm)
				if j.nullable {
					j.outer = true
				}
				nodes = append(nodes, relNode{path: sub, parent: parent, fk: f, m: tm, j: j})
				k = len(nodes) - 1
			}
			j, parent, m = nodes[k].j, k, tm
		}
	}
	return nodes, nil
}

// fkList lists m's foreign keys, for messages.
func fkList(m *modelInfo) string {
	var names []string
	for _, f := range m.fields {
		if f.fkTarget != nil {
			names = append(names, f.name)
		}
	}
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

// ---- reading rows ----

// relScanner scans one column of a related object; a NULL primary key
// means there is no related row.
type relScanner struct {
	f      *field
	p      unsafe.Pointer
	rs     readStyle
	isPK   bool
	nullPK bool
}

func (s *relScanner) Scan(src any) error {
	if src == nil {
		if s.isPK {
			s.nullPK = true
			return nil
		}
		if !s.f.canHoldNull() && s.f.kind != kString {
			return nil // the whole related row is missing (LEFT OUTER JOIN)
		}
	}
	return s.f.scan(s.p, src, s.rs)
}

// rawScanner keeps the driver's value of an annotation column.
type rawScanner struct{ v any }

func (s *rawScanner) Scan(src any) error {
	if b, ok := src.([]byte); ok {
		src = slices.Clone(b)
	}
	s.v = src
	return nil
}

// rowReader scans rows of a statement that selects more than the model's
// own columns: related objects (SelectRelated) and annotations.
type rowReader struct {
	rows  *sql.Rows
	m     *modelInfo
	root  []fieldScanner
	nodes []relNode
	rel   [][]relScanner
	anns  []*annItem
	ls    *loadedSet // Only/Defer: what the root objects hold
	raw   []rawScanner
	dest  []any
}

func newRowReader(rows *sql.Rows, m *modelInfo, st stmt, rs readStyle) *rowReader {
	rr := &rowReader{rows: rows, m: m, nodes: st.nodes, anns: st.anns, ls: m.loadedFor(st.fields)}
	fields := st.fields
	if fields == nil {
		fields = m.fields
	}
	rr.root = make([]fieldScanner, len(fields))
	for i, f := range fields {
		rr.root[i].f, rr.root[i].rs = f, rs
		rr.dest = append(rr.dest, &rr.root[i])
	}
	rr.rel = make([][]relScanner, len(st.nodes))
	for k, n := range st.nodes {
		rr.rel[k] = make([]relScanner, len(n.m.fields))
		for i, f := range n.m.fields {
			rr.rel[k][i] = relScanner{f: f, isPK: f == n.m.pk, rs: rs}
			rr.dest = append(rr.dest, &rr.rel[k][i])
		}
	}
	rr.raw = make([]rawScanner, len(st.anns))
	for i := range rr.raw {
		rr.dest = append(rr.dest, &rr.raw[i])
	}
	return rr
}

func (rr *rowReader) next() bool { return rr.rows.Next() }

// scan reads the current row into the object at p, loads its related
// objects into its foreign keys, and returns its annotations (nil if the
// query has none).
func (rr *rowReader) scan(p unsafe.Pointer) (map[string]any, error) {
	for i := range rr.root {
		rr.root[i].p = p
	}
	objs := make([]unsafe.Pointer, len(rr.nodes))
	for k, n := range rr.nodes {
		objs[k] = reflect.New(n.m.typ).UnsafePointer()
		for i := range rr.rel[k] {
			rr.rel[k][i].p = objs[k]
			rr.rel[k][i].nullPK = false
		}
	}
	if err := rr.rows.Scan(rr.dest...); err != nil {
		return nil, err
	}
	rr.m.setLoaded(p, rr.ls)
	for k, n := range rr.nodes {
		holder := p
		if n.parent >= 0 {
			holder = objs[n.parent]
		}
		null := false
		for i := range rr.rel[k] {
			if rr.rel[k][i].isPK && rr.rel[k][i].nullPK {
				null = true
			}
		}
		if null || holder == nil {
			objs[k] = nil
			continue
		}
		setFKObj(n.fk.ptr(holder), objs[k])
	}
	if len(rr.anns) == 0 {
		return nil, nil
	}
	out := make(map[string]any, len(rr.anns))
	for i, a := range rr.anns {
		v, err := a.convert(rr.raw[i].v)
		if err != nil {
			return nil, fmt.Errorf("sqlorm: %s: annotation %s: %w", rr.m.name, a.spec.name, err)
		}
		out[a.spec.name] = v
	}
	return out, nil
}

// run runs the SELECT of q's rows for a QuerySet with SelectRelated,
// PrefetchRelated or Annotate: read gets the rows and returns pointers to
// the objects it kept, which run then prefetches into.
func (q *query) run(ctx context.Context, m *modelInfo, d dialect.Dialect, s *stmtSet, sp rowsSpec, read func(*rowReader) ([]unsafe.Pointer, error)) error {
	if err := q.lock.check(ctx, q.db, d); err != nil {
		return err
	}
	if err := checkPrefetch(m, q.prefetch); err != nil {
		return err
	}
	st, err := q.selectRows(m, d, s, sp)
	if err != nil || st.never {
		return err
	}
	rows, err := queryContext(ctx, q.db, st.sql, st.args...)
	if err != nil {
		return m.dbError("all", d, err)
	}
	defer rows.Close()
	ptrs, err := read(newRowReader(rows, m, st, s.vs.read()))
	if err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		markFailed(ctx, q.db, err)
		return m.dbError("all", d, err)
	}
	if err := rows.Close(); err != nil {
		return m.dbError("all", d, err)
	}
	return prefetch(ctx, q.db, d, m, ptrs, q.prefetch)
}

func (qs *QuerySet[T]) run(ctx context.Context, sp rowsSpec, read func(*modelInfo, *rowReader) ([]unsafe.Pointer, error)) error {
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return err
	}
	return qs.query.run(ctx, m, d, s, sp, func(rr *rowReader) ([]unsafe.Pointer, error) { return read(m, rr) })
}

// allRelated is All for a QuerySet with SelectRelated, PrefetchRelated or
// Annotate.
func allRelated[T any](ctx context.Context, q *query, m *modelInfo, d dialect.Dialect, s *stmtSet, sp rowsSpec) ([]T, error) {
	var out []T
	err := q.run(ctx, m, d, s, sp, func(rr *rowReader) ([]unsafe.Pointer, error) {
		for rr.next() {
			var zero T
			out = append(out, zero)
			if _, err := rr.scan(unsafe.Pointer(&out[len(out)-1])); err != nil {
				return nil, err
			}
		}
		ptrs := make([]unsafe.Pointer, len(out))
		for i := range out {
			ptrs[i] = unsafe.Pointer(&out[i])
		}
		return ptrs, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// getRelated is Get and First for a QuerySet with SelectRelated,
// PrefetchRelated or Annotate: the rows are read as All reads them, and
// there must be exactly one (unique: the limit makes it so).
func getRelated[T any](ctx context.Context, q *query, m *modelInfo, d dialect.Dialect, s *stmtSet, sp rowsSpec, unique bool) (*T, error) {
	rows, err := allRelated[T](ctx, q, m, d, s, sp)
	if err != nil {
		return nil, err
	}
	switch {
	case len(rows) == 0:
		return nil, m.notFound()
	case len(rows) > 1 && !unique:
		how := fmt.Sprintf("%d", len(rows))
		if len(rows) >= maxGetResults {
			how = fmt.Sprintf("more than %d", maxGetResults-1)
		}
		return nil, fmt.Errorf("sqlorm: get() returned more than one %s -- it returned %s: %w", m.name, how, ErrMultipleObjectsReturned)
	}
	return &rows[0], nil
}

// ---- prefetching ----

// prefetchBatch is how many keys one prefetch query sends: within the
// dialect's parameter limit and its IN list limit (Oracle's 1000).
func prefetchBatch(d dialect.Dialect) int {
	n := max(d.MaxParams()-64, 1)
	if l := d.Traits().MaxInList; l > 0 {
		n = min(n, l)
	}
	return n
}

// prefetch loads the relations paths names for the objects of model m at
// ptrs.
func prefetch(ctx context.Context, db *sql.DB, d dialect.Dialect, m *modelInfo, ptrs []unsafe.Pointer, paths []string) error {
	for _, path := range paths {
		parts, err := lookups.Split(path)
		if err != nil {
			return fmt.Errorf("%w: %s: PrefetchRelated: %w", ErrInvalidQuery, m.name, err)
		}
		cur, objs := m, ptrs
		for _, part := range parts {
			if len(objs) == 0 {
				break
			}
			if cur, objs, err = prefetchOne(ctx, db, d, cur, objs, part, path); err != nil {
				return err
			}
		}
	}
	return nil
}

// prefetchStep resolves one relation of a PrefetchRelated path on m: a
// foreign key (fk), or a reverse relation and the Reverse field that
// holds its rows.
func prefetchStep(m *modelInfo, name, path string) (fk *field, rel *reverseRel, rf *reverseField, next *modelInfo, err error) {
	if f, own := fieldOf(m, name); f != nil && f.fkTarget != nil && own {
		tm, err := f.targetInfo(m)
		return f, nil, nil, tm, err
	}
	if mf := m.m2mFor(name); mf != nil && mf.rel != nil {
		tm, err := mf.rel.target()
		return nil, mf.rel, mf.holder, tm, err
	}
	rel = reverseOf(m, name)
	if rel == nil {
		revs := "(none)"
		if names := reverseNames(m); len(names) > 0 {
			revs = strings.Join(names, ", ")
		}
		return nil, nil, nil, nil, queryError("%s: PrefetchRelated(%q): %q is neither a foreign key nor a known reverse relation of %s; foreign keys are %s, reverse relations %s (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)",
			m.name, path, name, m.name, fkList(m), revs)
	}
	rm, err := rel.target()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	rf = m.reverseFieldFor(rel.name)
	if rf == nil {
		return nil, nil, nil, nil, queryError("%s: PrefetchRelated(%q): %s has no field to hold the %s rows; declare one: %s orm.Reverse[%s] `orm:\"related=%s\"`",
			m.name, path, m.name, rm.name, exportName(rel.name), rm.name, rel.name)
	}
	if rf.target != rm.typ {
		return nil, nil, nil, nil, queryError("%s.%s: orm.Reverse[%s] holds the %q relation, whose rows are %s", m.name, rf.goName, typeName(rf.target), rel.name, rm.name)
	}
	return nil, rel, rf, rm, nil
}

// checkPrefetch checks the PrefetchRelated paths before any statement is
// sent.
func checkPrefetch(m *modelInfo, paths []string) error {
	for _, path := range paths {
		parts, err := lookups.Split(path)
		if err != nil {
			return fmt.Errorf("%w: %s: PrefetchRelated: %w", ErrInvalidQuery, m.name, err)
		}
		cur := m
		for _, part := range parts {
			if _, _, _, cur, err = prefetchStep(cur, part, path); err != nil {
				return err
			}
		}
	}
	return nil
}

// prefetchOne loads relation name of model m for the objects at objs and
// returns the related model and its objects loaded.
func prefetchOne(ctx context.Context, db *sql.DB, d dialect.Dialect, m *modelInfo, objs []unsafe.Pointer, name, path string) (*modelInfo, []unsafe.Pointer, error) {
	fk, rel, rf, _, err := prefetchStep(m, name, path)
	if err != nil {
		return nil, nil, err
	}
	if fk != nil {
		return prefetchForward(ctx, db, d, m, fk, objs)
	}
	if rel.via != nil {
		return prefetchM2M(ctx, db, d, m, rel, rf, objs, path)
	}
	// The keys of the objects, and which objects have each.
	byKey, keys, err := keysOf(m, objs, path)
	if err != nil {
		return nil, nil, err
	}
	lists := map[int64]reflect.Value{}
	err = loadIn(ctx, db, d, rel.m, rel.fk.name, keys, func(p unsafe.Pointer) {
		fp := rel.fk.ptr(p)
		id := *(*int64)(unsafe.Add(fp, fkIDOffset))
		l, ok := lists[id]
		if !ok {
			l = reflect.New(rf.slice)
			lists[id] = l
		}
		l.Elem().Set(reflect.Append(l.Elem(), reflect.NewAt(rel.m.typ, p).Elem()))
	})
	if err != nil {
		return nil, nil, err
	}
	return rel.m, attachLists(rf, byKey, lists), nil
}

// attachLists hands each object the list of related rows loaded for its
// key (an empty list when none was), and returns the addresses of the
// loaded rows: further levels of a prefetch load into the objects the
// parents hold.
func attachLists(rf *reverseField, byKey map[int64][]unsafe.Pointer, lists map[int64]reflect.Value) []unsafe.Pointer {
	var loaded []unsafe.Pointer
	for id, ps := range byKey {
		l, ok := lists[id]
		if !ok {
			l = reflect.New(rf.slice)
			l.Elem().Set(reflect.MakeSlice(rf.slice, 0, 0))
		}
		for _, p := range ps {
			rf.set(p, l.UnsafePointer())
		}
		for i := range l.Elem().Len() {
			loaded = append(loaded, l.Elem().Index(i).Addr().UnsafePointer())
		}
	}
	return loaded
}

// keysOf returns the distinct integer primary keys of the objects at objs,
// in order, and which objects have each.
func keysOf(m *modelInfo, objs []unsafe.Pointer, path string) (map[int64][]unsafe.Pointer, []any, error) {
	byKey := map[int64][]unsafe.Pointer{}
	var keys []any
	for _, p := range objs {
		id, ok := m.pk.intValue(p)
		if !ok {
			return nil, nil, queryError("%s: PrefetchRelated(%q): %s's primary key is not an integer", m.name, path, m.name)
		}
		if _, seen := byKey[id]; !seen {
			keys = append(keys, id)
		}
		byKey[id] = append(byKey[id], p)
	}
	return byKey, keys, nil
}

// prefetchForward loads the targets of foreign key f for the objects at
// objs into their FKs, with one query per batch of keys.
func prefetchForward(ctx context.Context, db *sql.DB, d dialect.Dialect, m *modelInfo, f *field, objs []unsafe.Pointer) (*modelInfo, []unsafe.Pointer, error) {
	tm, err := f.targetInfo(m)
	if err != nil {
		return nil, nil, err
	}
	byKey := map[int64][]unsafe.Pointer{}
	var keys []any
	for _, p := range objs {
		fp := f.ptr(p)
		if !*(*bool)(unsafe.Add(fp, fkValidOffset)) {
			continue
		}
		id := *(*int64)(unsafe.Add(fp, fkIDOffset))
		if _, seen := byKey[id]; !seen {
			keys = append(keys, id)
		}
		byKey[id] = append(byKey[id], p)
	}
	var loaded []unsafe.Pointer
	err = loadIn(ctx, db, d, tm, "pk", keys, func(p unsafe.Pointer) {
		id, _ := tm.pk.intValue(p)
		for _, holder := range byKey[id] {
			setFKObj(f.ptr(holder), p)
		}
		loaded = append(loaded, p)
	})
	return tm, loaded, err
}

// loadIn reads the rows of m whose field name is in keys, in batches, and
// calls each with a pointer to a new object for every row.
func loadIn(ctx context.Context, db *sql.DB, d dialect.Dialect, m *modelInfo, name string, keys []any, each func(unsafe.Pointer)) error {
	if len(keys) == 0 {
		return nil
	}
	s := m.stmtsFor(d)
	for chunk := range slices.Chunk(keys, prefetchBatch(d)) {
		q := query{db: db, limit: -1, where: []Condition{Q{name + lookups.Sep + "in": chunk}}}
		if len(m.ordering) == 0 {
			q.order, q.orderSet = []any{"pk"}, true
		}
		st, err := q.selectRows(m, d, s, rowsSpec{ordered: true, limit: -1})
		if err != nil || st.never {
			return err
		}
		rows, err := queryContext(ctx, db, st.sql, st.args...)
		if err != nil {
			return m.dbError("prefetch", d, err)
		}
		for rows.Next() {
			p := reflect.New(m.typ).UnsafePointer()
			if err := m.scanRow(rows, p, s.vs.read()); err != nil {
				rows.Close()
				return err
			}
			each(p)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			markFailed(ctx, db, err)
			return m.dbError("prefetch", d, err)
		}
		if err := rows.Close(); err != nil {
			return m.dbError("prefetch", d, err)
		}
	}
	return nil
}

// exportName is name in Go's exported CamelCase, for messages.
func exportName(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
