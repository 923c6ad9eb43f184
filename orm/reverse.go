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
// points at the target, which reaches m's rows by name.
type reverseRel struct {
	name      string     // the query name: related_name, else the lowercased model name
	m         *modelInfo // the model holding the foreign key
	fk        *field     // that foreign key
	ambiguous string     // non-empty: another foreign key claims the same name (the message)
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

// registerReverse records m's foreign keys as reverse relations of their
// targets. related_name "+" hides the reverse side, as in Django.
func registerReverse(m *modelInfo) {
	reverseMu.Lock()
	defer reverseMu.Unlock()
	for _, f := range m.fields {
		if f.fkTarget == nil || f.relatedName == "+" {
			continue
		}
		name := f.queryName(m)
		rels := reverseByTarget[f.fkTarget]
		i := slices.IndexFunc(rels, func(r *reverseRel) bool { return r.name == name })
		if i >= 0 {
			if rels[i].fk != f {
				// Django's fields.E304/E305: two reverse accessors clash.
				r := *rels[i]
				r.ambiguous = fmt.Sprintf("both %s.%s and %s.%s point at %s under the reverse name %q; give one of them a related_name",
					r.m.name, r.fk.goName, m.name, f.goName, typeName(f.fkTarget), name)
				rels[i] = &r
			}
			continue
		}
		reverseByTarget[f.fkTarget] = append(rels, &reverseRel{name: name, m: m, fk: f})
	}
}

// reverseOf returns m's reverse relation called name, or nil.
func reverseOf(m *modelInfo, name string) *reverseRel {
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
