package orm

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"unsafe"
)

// FK is a foreign key to model T: Django's ForeignKey. The field named
// Category of type FK[Category] is the column category_id, a FOREIGN KEY to
// Category's table. The required tag option on_delete (cascade, protect,
// restrict, set_null, set_default, set(N), do_nothing) says what deleting
// a Category does to the rows referring to it; Delete carries it out
// itself on every backend (see the package doc, "Deleting").
// related_name names the reverse relation in lookups from Category
// (products__price__gt) and in PrefetchRelated; without it the reverse
// query name is the lowercased model name (product), as in Django.
//
// FK holds the referenced primary key, not the object: ID is the key and
// Valid reports whether there is one (false is SQL NULL, allowed only with
// the null option). T must have an integer primary key.
//
//	type Product struct {
//		orm.Model
//		Category orm.FK[Category] `orm:"on_delete=cascade,related_name=products,null"`
//	}
//
//	p.Category.Set(&electronics)          // or orm.FK[Category]{ID: 7, Valid: true}
//	cat, err := p.Category.Get(ctx, db)   // one query
//
// The zero value is a NULL reference.
//
// A QuerySet with SelectRelated or PrefetchRelated also loads the
// referenced object and keeps a pointer to it in the FK: Loaded returns
// it, and Get returns it without a query. Copies of an FK share that
// object. Because of the hidden pointer, == on two FKs (or on two models
// holding them) also compares whether and which object is loaded: compare
// IDs to ask whether two references point at the same row.
type FK[T any] struct {
	ID    int64 // primary key of the referenced row; meaningful when Valid
	Valid bool  // false: no referenced row (NULL)
	obj   *T    // the referenced object, when loaded by SelectRelated or PrefetchRelated
}

// fkMarker identifies FK[T] types and names their target.
type fkMarker interface{ fkTarget() reflect.Type }

func (FK[T]) fkTarget() reflect.Type { return reflect.TypeFor[T]() }

var fkMarkerType = reflect.TypeFor[fkMarker]()

// fkLayout: FK[T] is laid out as {ID int64; Valid bool; obj *T} whatever
// T is.
var (
	fkIDOffset    = unsafe.Offsetof(FK[struct{}]{}.ID)
	fkValidOffset = unsafe.Offsetof(FK[struct{}]{}.Valid)
	fkObjOffset   = unsafe.Offsetof(FK[struct{}]{}.obj)
)

// setFKObj stores obj (a *T for the FK's T, or nil) as the loaded object
// of the FK field at fp.
func setFKObj(fp, obj unsafe.Pointer) { *(*unsafe.Pointer)(unsafe.Add(fp, fkObjOffset)) = obj }

// Loaded returns the referenced object loaded by SelectRelated or
// PrefetchRelated, and true; or nil and false when none was loaded (the
// FK was not selected, or is NULL, or its ID was changed since).
//
//	p, err := orm.Objects[Product](db).SelectRelated("category").Get(ctx, orm.Q{"pk": 1})
//	if cat, ok := p.Category.Loaded(); ok { fmt.Println(cat.Name) }
func (f FK[T]) Loaded() (*T, bool) {
	if f.obj == nil || !f.Valid {
		return nil, false
	}
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return nil, false
	}
	if id, ok := m.pk.intValue(unsafe.Pointer(f.obj)); !ok || id != f.ID {
		return nil, false
	}
	return f.obj, true
}

// Ref returns a reference to the row of T whose primary key is id.
func Ref[T any](id int64) FK[T] { return FK[T]{ID: id, Valid: true} }

// Set points f at obj, which must have been saved (its integer primary key
// is non-zero): Django refuses to relate an unsaved object. Set(nil) makes f
// NULL.
func (f *FK[T]) Set(obj *T) error {
	if obj == nil {
		*f = FK[T]{}
		return nil
	}
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	id, ok := m.pk.intValue(unsafe.Pointer(obj))
	if !ok {
		return fmt.Errorf("%w: FK[%s].Set: %s's primary key %s is not an integer", ErrInvalidQuery, m.name, m.name, m.pk.goName)
	}
	if id == 0 {
		return fmt.Errorf("%w: FK[%s].Set: the %s has not been saved (its %s is zero); save it first", ErrInvalidQuery, m.name, m.name, m.pk.goName)
	}
	*f = FK[T]{ID: id, Valid: true}
	return nil
}

// Get loads the referenced object with one query on db (or the transaction
// in ctx); when SelectRelated or PrefetchRelated loaded it already (see
// Loaded), it returns that object and sends nothing. A NULL reference
// returns an error wrapping ErrDoesNotExist.
func (f FK[T]) Get(ctx context.Context, db *sql.DB) (*T, error) {
	if obj, ok := f.Loaded(); ok {
		return obj, nil
	}
	if !f.Valid {
		m, err := infoFor(reflect.TypeFor[T]())
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("sqlorm: %s reference is NULL: %w", m.name, ErrDoesNotExist)
	}
	return Objects[T](db).Get(ctx, Q{"pk": f.ID})
}
