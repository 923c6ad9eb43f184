package orm

import (
	"context"
	"database/sql"
	"reflect"
	"strings"
	"unsafe"
)

// OneToOne is a one-to-one relation to model T: Django's OneToOneField, a
// foreign key whose column is UNIQUE, so that at most one row points at
// each T and the reverse side is a single object instead of a set.
//
//	type Profile struct {
//		orm.Model
//		User orm.OneToOne[User] `orm:"on_delete=cascade,related_name=profile"`
//		Bio  string
//	}
//
// It embeds [FK]: ID, Valid, Set, Get and Loaded behave as they do for a
// foreign key, and so do the tag options (on_delete is required; null,
// related_name, db_column), the column (user_id), lookups
// (Q{"user__name": "ann"}), SelectRelated and PrefetchRelated. What
// differs is the UNIQUE constraint (a second row pointing at the same T is
// an error wrapping [ErrUniqueViolation]) and the reverse side: from T,
// the query name (related_name, else the lowercased model name) is
// single-valued, so Q{"profile__bio__icontains": "go"} joins at most one
// row, the conditions of every Filter call share that join, and Exclude
// uses it too (LEFT OUTER JOIN with Django's NULL guard) instead of NOT
// EXISTS. [ReverseOne] fetches the reverse object.
//
// A separate type rather than FK with the unique option, because Django
// distinguishes them the same way: a ForeignKey with unique=True keeps a
// multi-valued reverse side (Django's check fields.W342 suggests
// OneToOneField instead), so FK with unique stays exactly that here.
type OneToOne[T any] struct {
	FK[T]
}

// oneToOneMarker identifies OneToOne[T] types.
type oneToOneMarker interface{ oneToOne() }

func (OneToOne[T]) oneToOne() {}

var oneToOneMarkerType = reflect.TypeFor[oneToOneMarker]()

// ReverseOne returns the object of model R whose OneToOne field points at
// obj: Django's user.profile. It sends one query on db (or the transaction
// in ctx). None is an error wrapping [ErrDoesNotExist] (Django's
// RelatedObjectDoesNotExist). R must have exactly one OneToOne[T] field;
// with several, or none, the error wraps [ErrInvalidQuery] and nothing is
// sent: query with Objects[R](db).Get(ctx, orm.Q{"<field>": id}) instead.
// obj must have been saved (a non-zero integer primary key).
//
//	profile, err := orm.ReverseOne[Profile](ctx, db, &user)
func ReverseOne[R, T any](ctx context.Context, db *sql.DB, obj *T) (*R, error) {
	rm, err := infoFor(reflect.TypeFor[R]())
	if err != nil {
		return nil, err
	}
	tm, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	var found []*field
	for _, f := range rm.fields {
		if f.oneToOne && f.fkTarget == tm.typ {
			found = append(found, f)
		}
	}
	switch {
	case len(found) == 0:
		return nil, queryError("ReverseOne[%s]: %s has no orm.OneToOne[%s] field; declare one, or query %s with a filter on its foreign key", rm.name, rm.name, tm.name, rm.name)
	case len(found) > 1:
		names := make([]string, len(found))
		for i, f := range found {
			names[i] = f.name
		}
		return nil, queryError("ReverseOne[%s]: %s has %d OneToOne fields pointing at %s (%s); use orm.Objects[%s](db).Get(ctx, orm.Q{%q: id})", rm.name, rm.name, len(found), tm.name, strings.Join(names, ", "), rm.name, found[0].name)
	}
	key, err := savedKey(tm, "ReverseOne["+rm.name+"]", unsafe.Pointer(obj))
	if err != nil {
		return nil, err
	}
	return Objects[R](db).Get(ctx, Q{found[0].name: key})
}

// savedKey returns the integer primary key of the object of model m at p,
// or an error naming what (the caller) when p is nil, the key is not an
// integer, or the object has not been saved.
func savedKey(m *modelInfo, what string, p unsafe.Pointer) (int64, error) {
	if p == nil {
		return 0, queryError("%s: a nil *%s", what, m.name)
	}
	id, ok := m.pk.intValue(p)
	if !ok {
		return 0, queryError("%s: %s's primary key %s is not an integer", what, m.name, m.pk.goName)
	}
	if id == 0 {
		return 0, queryError("%s: the %s has not been saved (its %s is zero); save it first", what, m.name, m.pk.goName)
	}
	return id, nil
}

// fkValue reads the key of a foreign-key value (FK[X] or OneToOne[X])
// given as a lookup value: its ID, or nil when it is NULL.
func fkValue(v any) (any, bool) {
	if _, ok := v.(fkMarker); !ok {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	p := reflect.New(rv.Type())
	p.Elem().Set(rv)
	fp := p.UnsafePointer() // FK is at offset 0 of OneToOne
	if !*(*bool)(unsafe.Add(fp, fkValidOffset)) {
		return nil, true
	}
	return *(*int64)(unsafe.Add(fp, fkIDOffset)), true
}
