package orm

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// ManyToMany is a many-to-many relation to model T: Django's
// ManyToManyField. It is not a column: the relation lives in a join table
// that Migrate creates after the model's table, named <table>_<field>
// (Django's appname_model_field without the app) or db_table=<name>, with
// an automatic id, two foreign keys <model>_id and <target>_id (lowercased
// model names; from_<model>_id and to_<model>_id when T is the model
// itself), both ON DELETE CASCADE and indexed, and a UNIQUE constraint on
// the pair.
//
//	type Post struct {
//		orm.Model
//		Title string              `orm:"max_length=100"`
//		Tags  orm.ManyToMany[Tag] `orm:"related_name=posts"`
//	}
//
// Options: related_name (the query name from T's side, else the
// lowercased model name; "+" hides it) and db_table. Change the relation
// through [M2M]; query across it in both directions like a reverse
// foreign key (Q{"tags__name": "go"} from Post, Q{"posts__title": "x"}
// from Tag). The field itself only holds what PrefetchRelated loaded (see
// Loaded); T's side holds its prefetched rows in an [Reverse] field with
// related=<query name>. The zero value is empty, and copies share the
// loaded rows.
type ManyToMany[T any] struct {
	items *[]T
}

// Loaded returns the related objects PrefetchRelated loaded, in T's
// Meta.Ordering (else by primary key), and true; or nil and false when
// they were not prefetched. A prefetch that found none gives an empty
// slice and true.
func (r ManyToMany[T]) Loaded() ([]T, bool) {
	if r.items == nil {
		return nil, false
	}
	return *r.items, true
}

// m2mMarker identifies ManyToMany[T] types and names T.
type m2mMarker interface{ m2mTarget() reflect.Type }

func (ManyToMany[T]) m2mTarget() reflect.Type { return reflect.TypeFor[T]() }

var m2mMarkerType = reflect.TypeFor[m2mMarker]()

// m2mField is a ManyToMany[T] field of a model.
type m2mField struct {
	goName      string
	name        string // the query name: snake_case of the Go name
	target      reflect.Type
	relatedName string
	table       string        // the db_table option, "" for the default
	holder      *reverseField // where PrefetchRelated puts the objects
	through     *modelInfo    // the join table, as a model
	rel         *reverseRel   // the relation from the model's side
}

// m2mEnd is the placeholder target of the join table's foreign keys: the
// real targets are set on the fields after the builder made them (Go
// cannot instantiate FK[T] for a T known only at run time; FK's layout is
// the same for every T).
type m2mEnd struct{}

// m2mField records a ManyToMany[T] struct field, or an error.
func (b *builder) m2mField(sf reflect.StructField, tag string, offset uintptr) {
	opts, err := parseTag(tag)
	if err != nil {
		b.fail(sf.Name, "", "%v", err)
		return
	}
	mf := &m2mField{goName: sf.Name, name: snakeCase(sf.Name)}
	mf.target = reflect.Zero(sf.Type).Interface().(m2mMarker).m2mTarget()
	for _, o := range opts {
		switch o.key {
		case "related_name":
			mf.relatedName = o.value
			if o.value != "+" {
				if err := dialect.CheckIdent(o.value); err != nil {
					b.fail(sf.Name, "related_name", "%v", err)
					return
				}
			}
		case "db_table":
			if err := dialect.CheckIdent(o.value); err != nil {
				b.fail(sf.Name, "db_table", "join table name: %v", err)
				return
			}
			mf.table = o.value
		default:
			b.fail(sf.Name, o.key, "an orm.ManyToMany field takes only related_name and db_table (a custom through model is not supported yet)")
			return
		}
	}
	mf.holder = &reverseField{goName: sf.Name, offset: offset, target: mf.target, related: mf.name, slice: reflect.SliceOf(mf.target)}
	b.m.m2m = append(b.m.m2m, mf)
}

// buildThroughs builds the join table of each ManyToMany field, once the
// model's table name is known.
func (b *builder) buildThroughs() {
	m := b.m
	for _, mf := range m.m2m {
		if f, ok := m.byName[mf.name]; ok {
			b.fail(mf.goName, "", "the many-to-many relation %q has the name of field %s; rename one", mf.name, f.goName)
			continue
		}
		if slices.ContainsFunc(m.reverseFields, func(rf *reverseField) bool { return rf.goName == mf.goName }) {
			continue // Go forbids it already
		}
		table := mf.table
		if table == "" {
			table = m.table + "_" + mf.name
		}
		if err := dialect.CheckIdent(table); err != nil {
			b.fail(mf.goName, "db_table", "join table name %q: %v; set a shorter db_table", table, err)
			continue
		}
		src, dst := strings.ToLower(m.name), strings.ToLower(typeName(mf.target))
		if mf.target == m.typ {
			src, dst = "from_"+src, "to_"+dst // Django's names for a relation to self
		}
		th, err := newThrough(m, mf, table, src, dst)
		if err != nil {
			b.fail(mf.goName, "", "%v", err)
			continue
		}
		mf.through = th
		mf.rel = &reverseRel{name: mf.name, m: th, fk: th.fields[1], via: th.fields[2]}
	}
}

// newThrough makes the metadata of a join table: a model with an auto
// key and the foreign keys src (to the owner) and dst (to the target).
// Its Go type is a struct made at run time, unique to the relation, and
// registered so that subqueries find it.
func newThrough(owner *modelInfo, mf *m2mField, table, src, dst string) (*modelInfo, error) {
	fkt := reflect.TypeFor[FK[m2mEnd]]()
	key := owner.typ.PkgPath() + "." + owner.typ.Name() + "." + mf.goName
	t := reflect.StructOf([]reflect.StructField{
		{Name: "ID", Type: reflect.TypeFor[int64](), Tag: reflect.StructTag(`orm:"primary_key" m2m:` + strconv.Quote(key))},
		{Name: "From", Type: fkt, Tag: reflect.StructTag(`orm:` + strconv.Quote("on_delete=cascade,db_column="+src+"_id"))},
		{Name: "To", Type: fkt, Tag: reflect.StructTag(`orm:` + strconv.Quote("on_delete=cascade,db_column="+dst+"_id"))},
	})
	name := owner.name + "_" + mf.name
	tm := &modelInfo{typ: t, name: name, table: table, byName: map[string]*field{}}
	tb := &builder{m: tm, seenAt: map[string]int{}}
	tb.walk(t, 0, nil, 0)
	if len(tb.errs) > 0 {
		return nil, tb.errs[0]
	}
	if len(tm.fields) != 3 {
		return nil, fmt.Errorf("join table %s: %d fields built", table, len(tm.fields))
	}
	tm.pk = tm.fields[0]
	from, to := tm.fields[1], tm.fields[2]
	from.name, from.fkTarget = src, owner.typ
	to.name, to.fkTarget = dst, mf.target
	for _, f := range tm.fields {
		f.model = name
		tm.byName[f.name] = f
		tm.byName[f.column] = f
	}
	tm.uniqueTogether = [][]string{{from.column, to.column}}
	tm.scanPool.New = func() any { return newScanState(tm) }
	e := &regEntry{info: tm}
	e.once.Do(func() {})
	registry.Store(t, e)
	return tm, nil
}

// m2mFor returns m's ManyToMany field called name, or nil.
func (m *modelInfo) m2mFor(name string) *m2mField {
	for _, mf := range m.m2m {
		if mf.name == name {
			return mf
		}
	}
	return nil
}

// m2mNames lists m's ManyToMany fields.
func (m *modelInfo) m2mNames() []string {
	out := make([]string, 0, len(m.m2m))
	for _, mf := range m.m2m {
		out = append(out, mf.name)
	}
	return out
}

// ManyToManyTables returns the neutral description of the join tables of
// T's ManyToMany fields, in declaration order: what Migrate creates after
// T's table (see [Schema] for T's own table). Each refers to T's table
// and to its target's.
func ManyToManyTables[T any]() ([]dialect.Table, error) {
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	var out []dialect.Table
	for _, mf := range m.m2m {
		t, err := mf.through.schema()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// ---- the manager ----

// ManyRelated is one object's side of a many-to-many relation: Django's
// post.tags (a ManyRelatedManager). Get it with [M2M]. It holds the
// object's key, taken when M2M was called, and no database: every method
// takes the context and *sql.DB, and runs on the transaction in the
// context if there is one. The objects given to Add, Remove and Set must
// have been saved (non-zero integer keys); a mistake is an error wrapping
// ErrInvalidQuery, and nothing is sent.
type ManyRelated[T any] struct {
	owner   string // "Post.tags", for messages
	through *modelInfo
	own     *field // the join table's key to the owner
	other   *field // the join table's key to T
	key     int64  // the owner's primary key
	target  *modelInfo
}

// M2M returns the many-to-many relation name of the object owner, whose
// other side is model T: owner's ManyToMany field (Django's post.tags) or
// the reverse side of T's ManyToMany field pointing at owner's model,
// named by its related_name or the lowercased model name (Django's
// tag.posts or tag.post_set).
//
//	tags, err := orm.M2M[Tag](&post, "tags")
//	err = tags.Add(ctx, db, &golang, &sql)
//	list, err := tags.Query(db).OrderBy("name").All(ctx)
//	posts, err := orm.M2M[Post](&golang, "posts") // the other way
//
// A manager from a function, not methods on the ManyToMany field: a field
// value does not know which row holds it (Go has no back pointer from a
// field to its struct), the reverse side has no field at all, and a Go
// method cannot take the type parameter T a reverse side needs. An owner
// not saved yet, an unknown name, or a relation whose other side is not T
// is an error wrapping ErrInvalidQuery naming the choices.
func M2M[T, O any](owner *O, name string) (*ManyRelated[T], error) {
	om, err := infoFor(reflect.TypeFor[O]())
	if err != nil {
		return nil, err
	}
	tm, err := infoFor(reflect.TypeFor[T]()) // registers T's relations
	if err != nil {
		return nil, err
	}
	rel := reverseOf(om, name)
	if rel == nil || rel.via == nil {
		var known []string
		known = append(known, om.m2mNames()...)
		reverseMu.RLock()
		for _, r := range reverseByTarget[om.typ] {
			if r.via != nil {
				known = append(known, r.name)
			}
		}
		reverseMu.RUnlock()
		list := "(none)"
		if len(known) > 0 {
			list = strings.Join(known, ", ")
		}
		return nil, queryError("M2M[%s](*%s, %q): %s has no many-to-many relation %q; they are %s (the reverse side of another model's ManyToMany is known once that model is registered with orm.Register or used)",
			tm.name, om.name, name, om.name, name, list)
	}
	if rel.via.fkTarget != tm.typ {
		return nil, queryError("M2M[%s](*%s, %q): the relation's other side is %s, not %s; use orm.M2M[%s]", tm.name, om.name, name, typeName(rel.via.fkTarget), tm.name, typeName(rel.via.fkTarget))
	}
	key, err := savedKey(om, fmt.Sprintf("M2M[%s](*%s, %q)", tm.name, om.name, name), unsafe.Pointer(owner))
	if err != nil {
		return nil, err
	}
	return &ManyRelated[T]{owner: om.name + "." + name, through: rel.m, own: rel.fk, other: rel.via, key: key, target: tm}, nil
}

// keys returns the keys of objs, without repeats, in the order given.
func (r *ManyRelated[T]) keys(op string, objs []*T) ([]int64, error) {
	out := make([]int64, 0, len(objs))
	for _, o := range objs {
		id, err := savedKey(r.target, r.owner+"."+op, unsafe.Pointer(o))
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// Add relates the objects to the owner: Django's add(). Pairs already
// related are left alone, and so are repeats among objs. It is one INSERT
// of every new pair (per batch of the dialect's parameter limit) that
// ignores existing pairs: INSERT OR IGNORE on SQLite, ON CONFLICT DO
// NOTHING on PostgreSQL, ON DUPLICATE KEY UPDATE with a no-op on
// MySQL/MariaDB (INSERT IGNORE, which Django uses there, would also
// ignore a missing object). Oracle cannot
// ignore conflicts: there Add reads the pairs present first and inserts
// the others, in one transaction. Several statements run in one
// transaction ([Atomic]: a savepoint inside the context's transaction).
// An object that does not exist is an error wrapping
// ErrForeignKeyViolation.
func (r *ManyRelated[T]) Add(ctx context.Context, db *sql.DB, objs ...*T) error {
	ids, err := r.keys("Add", objs)
	if err != nil {
		return err
	}
	return r.add(ctx, db, ids)
}

func (r *ManyRelated[T]) add(ctx context.Context, db *sql.DB, ids []int64) error {
	d, err := dialectFor(ctx, db)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	plan, err := r.through.bulkInsertPlan(d, bulkOptions{ignoreConflicts: true})
	if err == nil && d.Has(dialect.OnDuplicateKey) {
		// INSERT IGNORE would also hide a missing object (a foreign-key
		// error becomes a warning): a no-op update skips duplicates only.
		b := newSQLBuf(d)
		b.str(" ON DUPLICATE KEY UPDATE ")
		b.ident(r.other.column)
		b.str(" = ")
		b.ident(r.other.column)
		plan = insertPlan{verb: "INSERT INTO", suffix: b.String()}
	}
	if err != nil {
		// Oracle: read what exists, insert the rest.
		return Atomic(ctx, db, func(ctx context.Context) error {
			have, err := r.present(ctx, db, d, ids)
			if err != nil {
				return err
			}
			ids = slices.DeleteFunc(ids, func(id int64) bool { return have[id] })
			return r.insert(ctx, db, d, insertPlan{verb: "INSERT INTO"}, ids)
		})
	}
	if len(ids) <= bulkBatchSize(d, 2, bulkOptions{}) {
		return r.insert(ctx, db, d, plan, ids)
	}
	return Atomic(ctx, db, func(ctx context.Context) error { return r.insert(ctx, db, d, plan, ids) })
}

// insert inserts the pairs (owner, id) for ids with plan's verb.
func (r *ManyRelated[T]) insert(ctx context.Context, db *sql.DB, d dialect.Dialect, plan insertPlan, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows := reflect.MakeSlice(reflect.SliceOf(r.through.typ), len(ids), len(ids))
	idx := make([]int, len(ids))
	for i, id := range ids {
		p := rows.Index(i).Addr().UnsafePointer()
		setKey(r.own.ptr(p), r.key)
		setKey(r.other.ptr(p), id)
		idx[i] = i
	}
	s := r.through.stmtsFor(d)
	plan.returning = false
	for chunk := range slices.Chunk(idx, bulkBatchSize(d, 2, bulkOptions{})) {
		if err := r.through.insertBatch(ctx, db, d, s, plan, s.insertFields, rows.Interface(), chunk); err != nil {
			return err
		}
	}
	return nil
}

// setKey makes the FK at fp refer to id.
func setKey(fp unsafe.Pointer, id int64) {
	*(*int64)(unsafe.Add(fp, fkIDOffset)) = id
	*(*bool)(unsafe.Add(fp, fkValidOffset)) = true
}

// present returns which of ids are related to the owner (all of them
// when ids is nil).
func (r *ManyRelated[T]) present(ctx context.Context, db *sql.DB, d dialect.Dialect, ids []int64) (map[int64]bool, error) {
	have := map[int64]bool{}
	read := func(in []int64) error {
		b := newSQLBuf(d)
		b.str("SELECT ")
		b.ident(r.other.column)
		b.str(" FROM ")
		b.ident(r.through.table)
		r.where(b, in)
		rows, err := queryContext(ctx, db, b.String(), b.Args()...)
		if err != nil {
			return r.through.dbError("m2m read", d, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return r.through.dbError("m2m read", d, err)
			}
			have[id] = true
		}
		if err := rows.Err(); err != nil {
			markFailed(ctx, db, err)
			return r.through.dbError("m2m read", d, err)
		}
		return nil
	}
	if ids == nil {
		return have, read(nil)
	}
	for chunk := range slices.Chunk(ids, prefetchBatch(d)) {
		if err := read(chunk); err != nil {
			return nil, err
		}
	}
	return have, nil
}

// where writes " WHERE own = key" and, for a non-nil in, " AND other IN
// (...)".
func (r *ManyRelated[T]) where(b *sqlBuf, in []int64) {
	b.str(" WHERE ")
	b.ident(r.own.column)
	b.str(" = ")
	b.arg(r.key)
	if in == nil {
		return
	}
	b.str(" AND ")
	b.ident(r.other.column)
	b.str(" IN (")
	for i, id := range in {
		if i > 0 {
			b.str(", ")
		}
		b.arg(id)
	}
	b.str(")")
}

// Remove unrelates the objects from the owner (deletes the pairs; the
// objects stay): Django's remove(). Objects not related are ignored. One
// DELETE per batch of keys, in one transaction when there are several.
func (r *ManyRelated[T]) Remove(ctx context.Context, db *sql.DB, objs ...*T) error {
	ids, err := r.keys("Remove", objs)
	if err != nil {
		return err
	}
	d, err := dialectFor(ctx, db)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	if len(ids) <= prefetchBatch(d) {
		return r.remove(ctx, db, d, ids)
	}
	return Atomic(ctx, db, func(ctx context.Context) error { return r.remove(ctx, db, d, ids) })
}

// remove deletes the pairs of ids (every pair of the owner for nil).
func (r *ManyRelated[T]) remove(ctx context.Context, db *sql.DB, d dialect.Dialect, ids []int64) error {
	del := func(in []int64) error {
		b := newSQLBuf(d)
		b.str("DELETE FROM ")
		b.ident(r.through.table)
		r.where(b, in)
		if _, err := execContext(ctx, db, b.String(), b.Args()...); err != nil {
			return r.through.dbError("m2m delete", d, err)
		}
		return nil
	}
	if ids == nil {
		return del(nil)
	}
	for chunk := range slices.Chunk(ids, prefetchBatch(d)) {
		if err := del(chunk); err != nil {
			return err
		}
	}
	return nil
}

// Clear unrelates every object from the owner, with one DELETE: Django's
// clear(). The objects stay.
func (r *ManyRelated[T]) Clear(ctx context.Context, db *sql.DB) error {
	d, err := dialectFor(ctx, db)
	if err != nil {
		return err
	}
	return r.remove(ctx, db, d, nil)
}

// Set makes objs the owner's related objects: Django's set(). It reads
// the pairs present, deletes those not in objs and adds the missing ones,
// in one transaction ([Atomic]: a savepoint inside the context's
// transaction); pairs in both are not touched. Set with no objects is
// Clear.
func (r *ManyRelated[T]) Set(ctx context.Context, db *sql.DB, objs ...*T) error {
	ids, err := r.keys("Set", objs)
	if err != nil {
		return err
	}
	d, err := dialectFor(ctx, db)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return r.remove(ctx, db, d, nil)
	}
	return Atomic(ctx, db, func(ctx context.Context) error {
		have, err := r.present(ctx, db, d, nil)
		if err != nil {
			return err
		}
		var gone []int64
		for id := range have {
			if !slices.Contains(ids, id) {
				gone = append(gone, id)
			}
		}
		slices.Sort(gone)
		if len(gone) > 0 {
			if err := r.remove(ctx, db, d, gone); err != nil {
				return err
			}
		}
		ids = slices.DeleteFunc(ids, func(id int64) bool { return have[id] })
		return r.add(ctx, db, ids)
	})
}

// Query returns the owner's related objects as a QuerySet of T on db:
// Django's post.tags.all(), to filter, order, count or read further. The
// rows are those whose key is in the join table's pairs of the owner
// (WHERE id IN (SELECT <target>_id FROM <join table> WHERE <model>_id =
// key)), so each appears once.
func (r *ManyRelated[T]) Query(db *sql.DB) *QuerySet[T] {
	sub := &inner{q: query{limit: -1, where: []Condition{Q{r.own.name: r.key}}}, typ: r.through.typ, fields: []string{r.other.name}, values: true}
	return Objects[T](db).Filter(Q{"pk__in": Expr{&expr{op: opSubquery, sub: sub}}})
}

// ---- prefetching ----

// prefetchM2M loads the objects related to the objects at objs through
// rel (a relation with a join table) into their field rf: one query of the
// join table joined with the related model per batch of keys.
func prefetchM2M(ctx context.Context, db *sql.DB, d dialect.Dialect, m *modelInfo, rel *reverseRel, rf *reverseField, objs []unsafe.Pointer, path string) (*modelInfo, []unsafe.Pointer, error) {
	tm, err := rel.target()
	if err != nil {
		return nil, nil, err
	}
	byKey, keys, err := keysOf(m, objs, path)
	if err != nil {
		return nil, nil, err
	}
	th := rel.m
	s := th.stmtsFor(d)
	lists := map[int64]reflect.Value{}
	for chunk := range slices.Chunk(keys, prefetchBatch(d)) {
		q := query{db: db, limit: -1, where: []Condition{Q{rel.fk.name + lookups.Sep + "in": chunk}},
			selRel: []string{rel.via.name}, order: []any{rel.via.name}, orderSet: true}
		st, err := q.selectRows(th, d, s, rowsSpec{ordered: true, limit: -1})
		if err != nil {
			return nil, nil, err
		}
		if st.never {
			continue
		}
		rows, err := queryContext(ctx, db, st.sql, st.args...)
		if err != nil {
			return nil, nil, th.dbError("prefetch", d, err)
		}
		rr := newRowReader(rows, th, st, s.vs.read())
		row := reflect.New(th.typ).UnsafePointer()
		for rr.next() {
			if _, err := rr.scan(row); err != nil {
				rows.Close()
				return nil, nil, err
			}
			own := *(*int64)(unsafe.Add(rel.fk.ptr(row), fkIDOffset))
			obj := *(*unsafe.Pointer)(unsafe.Add(rel.via.ptr(row), fkObjOffset))
			if obj == nil {
				continue
			}
			l, ok := lists[own]
			if !ok {
				l = reflect.New(rf.slice)
				lists[own] = l
			}
			l.Elem().Set(reflect.Append(l.Elem(), reflect.NewAt(tm.typ, obj).Elem()))
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			markFailed(ctx, db, err)
			return nil, nil, th.dbError("prefetch", d, err)
		}
		if err := rows.Close(); err != nil {
			return nil, nil, th.dbError("prefetch", d, err)
		}
	}
	return tm, attachLists(rf, byKey, lists), nil
}
