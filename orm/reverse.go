package orm

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
)

// reverseRel is the reverse side of a foreign key: model m's field fk
// points at the target, which reaches m's rows by name. A many-to-many
// relation is one too, with m the join table and via its other foreign
// key, which the relation follows on to the related model.
type reverseRel struct {
	name   string     // the query name: related_name, else the lowercased model name
	m      *modelInfo // the model holding the foreign key
	fk     *field     // that foreign key
	via    *field     // many-to-many: m's foreign key to the related model
	single bool       // the reverse side of a OneToOne: at most one row
}

// target returns the model whose rows the relation reaches: m, or the
// target of via.
func (r *reverseRel) target() (*modelInfo, error) {
	if r.via == nil {
		return r.m, nil
	}
	return r.via.targetInfo(r.m)
}

// The reverse relations of every model whose metadata has been built, by
// the Go type of the foreign keys' target. Go has no registry of types at
// init time, so a model's reverse relations become known when the models
// pointing at it are registered (Register) or first used.
var (
	reverseMu       sync.RWMutex
	reverseByTarget = map[reflect.Type][]*reverseRel{}
)

// queryName is Django's related_query_name: related_name, else the
// lowercased model name.
func (f *field) queryName(m *modelInfo) string {
	if f.relatedName != "" {
		return f.relatedName
	}
	return strings.ToLower(m.name)
}

// registerReverse records m's foreign keys and many-to-many fields as
// reverse relations of their targets. related_name "+" hides the reverse
// side, as in Django. Two relations that would reach one target under the
// same reverse name are refused, as Django's system check refuses them
// (fields.E304/E305): the *ModelError names both fields and the fix, and
// nothing of m is recorded. Models are registered when first used, so the
// second of two clashing models is the one refused.
func registerReverse(m *modelInfo) error {
	reverseMu.Lock()
	defer reverseMu.Unlock()
	type pending struct {
		target reflect.Type
		rel    *reverseRel
		goName string
		named  bool // the name comes from related_name
	}
	var adds []pending
	for _, f := range m.fields {
		if f.fkTarget == nil || f.relatedName == "+" {
			continue
		}
		adds = append(adds, pending{f.fkTarget, &reverseRel{name: f.queryName(m), m: m, fk: f, single: f.oneToOne}, f.goName, f.relatedName != ""})
	}
	for _, mf := range m.m2m {
		if mf.through == nil || mf.relatedName == "+" {
			continue
		}
		name := mf.relatedName
		if name == "" {
			name = strings.ToLower(m.name)
		}
		th := mf.through
		adds = append(adds, pending{mf.target, &reverseRel{name: name, m: th, fk: th.fields[2], via: th.fields[1]}, mf.goName, mf.relatedName != ""})
	}
	clash := func(a pending, other string) error {
		fix := fmt.Sprintf("give %s.%s a related_name (or related_name=+ to have no reverse side)", m.name, a.goName)
		if a.named {
			fix = fmt.Sprintf("change related_name=%s on one of them", a.rel.name)
		}
		return &ModelError{Model: m.name, Field: a.goName, Option: "related_name",
			Msg: fmt.Sprintf("%s and %s both reach %s under the reverse name %q; %s", other, m.name+"."+a.goName, typeName(a.target), a.rel.name, fix)}
	}
	for i, a := range adds {
		for _, b := range adds[:i] {
			if b.target == a.target && b.rel.name == a.rel.name {
				return clash(a, m.name+"."+b.goName)
			}
		}
		for _, r := range reverseByTarget[a.target] {
			if r.name == a.rel.name && r.m != a.rel.m {
				return clash(a, r.origin())
			}
		}
	}
	for _, a := range adds {
		rels := reverseByTarget[a.target]
		if slices.ContainsFunc(rels, func(r *reverseRel) bool { return r.name == a.rel.name }) {
			continue // m registered again under another entry: the same relation
		}
		reverseByTarget[a.target] = append(rels, a.rel)
	}
	return nil
}

// origin names the field the relation comes from, for messages.
func (r *reverseRel) origin() string {
	if r.via != nil {
		if om, err := r.target(); err == nil {
			for _, mf := range om.m2m {
				if mf.through == r.m {
					return om.name + "." + mf.goName
				}
			}
		}
		return r.m.name
	}
	return r.m.name + "." + r.fk.goName
}

// reverseOf returns m's reverse relation called name, or m's own
// many-to-many relation of that name, or nil.
func reverseOf(m *modelInfo, name string) *reverseRel {
	if mf := m.m2mFor(name); mf != nil && mf.rel != nil {
		return mf.rel
	}
	reverseMu.RLock()
	defer reverseMu.RUnlock()
	for _, r := range reverseByTarget[m.typ] {
		if r.name == name {
			return r
		}
	}
	return nil
}

// reverseNames lists m's known reverse relations, sorted.
func reverseNames(m *modelInfo) []string {
	reverseMu.RLock()
	defer reverseMu.RUnlock()
	var out []string
	for _, r := range reverseByTarget[m.typ] {
		out = append(out, r.name)
	}
	slices.Sort(out)
	return out
}

// choices is the list of names a path on m can start with: its fields and
// its known reverse relations.
func (m *modelInfo) choices() string {
	s := m.fieldList()
	if len(m.m2m) > 0 {
		s += "; many-to-many " + strings.Join(m.m2mNames(), ", ")
	}
	if rev := reverseNames(m); len(rev) > 0 {
		s += "; reverse relations " + strings.Join(rev, ", ")
	}
	return s
}

// Reverse holds the rows of model T whose foreign key points at the model
// declaring the field: the reverse side of a ForeignKey, Django's
// category.products manager, as a place for PrefetchRelated to put them.
// Declare it on the referenced model with the reverse relation's query
// name (related_name, else the lowercased name of T):
//
//	type Category struct {
//		orm.Model
//		Name     string
//		Products orm.Reverse[Product] `orm:"related=products"`
//	}
//
//	cats, err := orm.Objects[Category](db).PrefetchRelated("products").All(ctx)
//	prods, ok := cats[0].Products.Loaded() // no further query
//
// A Reverse field is not a column: Migrate, Save and Values ignore it.
// Without PrefetchRelated it holds nothing (Loaded reports false); query
// the rows with a filter on the foreign key instead. The zero value is
// empty, and copies share the loaded rows.
type Reverse[T any] struct {
	items *[]T
}

// Loaded returns the rows PrefetchRelated loaded, in the related model's
// Meta.Ordering (else by primary key), and true; or nil and false when
// they were not prefetched. A prefetch that found no row gives an empty
// slice and true.
func (r Reverse[T]) Loaded() ([]T, bool) {
	if r.items == nil {
		return nil, false
	}
	return *r.items, true
}

// reverseMarker identifies Reverse[T] types and names T.
type reverseMarker interface{ reverseTarget() reflect.Type }

func (Reverse[T]) reverseTarget() reflect.Type { return reflect.TypeFor[T]() }

var reverseMarkerType = reflect.TypeFor[reverseMarker]()

// reverseField is a Reverse[T] field of a model.
type reverseField struct {
	goName  string
	offset  uintptr
	target  reflect.Type // T
	related string       // the related= option: the reverse relation's query name
	slice   reflect.Type // []T
}

// reverseField records a Reverse[T] struct field, or an error.
func (b *builder) reverseField(sf reflect.StructField, tag string, offset uintptr) {
	opts, err := parseTag(tag)
	if err != nil {
		b.fail(sf.Name, "", "%v", err)
		return
	}
	rf := &reverseField{goName: sf.Name, offset: offset}
	rf.target = reflect.Zero(sf.Type).Interface().(reverseMarker).reverseTarget()
	rf.slice = reflect.SliceOf(rf.target)
	for _, o := range opts {
		if o.key != "related" {
			b.fail(sf.Name, o.key, "an orm.Reverse field takes only related=<name> (the reverse relation's query name)")
			return
		}
		rf.related = o.value
	}
	if rf.related == "" {
		b.fail(sf.Name, "related", "an orm.Reverse field needs related=<name>: the related_name of %s's foreign key, or its lowercased model name %q", typeName(rf.target), strings.ToLower(typeName(rf.target)))
		return
	}
	if err := dialect.CheckIdent(rf.related); err != nil {
		b.fail(sf.Name, "related", "%v", err)
		return
	}
	b.m.reverseFields = append(b.m.reverseFields, rf)
}

// reverseFieldFor returns m's Reverse field holding relation name.
func (m *modelInfo) reverseFieldFor(name string) *reverseField {
	for _, rf := range m.reverseFields {
		if rf.related == name {
			return rf
		}
	}
	return nil
}

// setReverse stores items (a *[]T, as an unsafe pointer) in the Reverse
// field rf of the object at p.
func (rf *reverseField) set(p, items unsafe.Pointer) {
	*(*unsafe.Pointer)(unsafe.Add(p, rf.offset)) = items
}
