package orm

import (
	"reflect"
	"unsafe"
)

// ModelState is what sqlorm keeps inside a model value about how it was
// loaded, as Django keeps Model._state: today, which fields a row read with
// Only, Defer or a Raw query of some columns holds. Save uses it to write
// only those fields, so a partial object never overwrites what it did not
// load. orm.Model embeds it; a model with its own primary key embeds it
// too to use Only, Defer or partial Raw rows:
//
//	type Country struct {
//		orm.ModelState
//		Code string `orm:"primary_key,max_length=2"`
//		Name string `orm:"max_length=100"`
//	}
//
// Its zero value means "every field was loaded, or the object is new". It
// holds no columns and is copied with the model value.
type ModelState struct {
	loaded *loadedSet
}

// loadedSet is the fields a partial row holds, shared by every row read by
// one query.
type loadedSet struct {
	fields []*field // in model order; the primary key included
}

var modelStateType = reflect.TypeFor[ModelState]()

// loadedFor returns the loadedSet of a query selecting fields (nil: all).
func (m *modelInfo) loadedFor(fields []*field) *loadedSet {
	if fields == nil || len(fields) == len(m.fields) {
		return nil
	}
	return &loadedSet{fields: fields}
}

// setLoaded records ls in the object at p (a no-op for models without a
// ModelState, which loadFields refuses partial rows for).
func (m *modelInfo) setLoaded(p unsafe.Pointer, ls *loadedSet) {
	if m.hasState {
		(*ModelState)(unsafe.Add(p, m.stateOff)).loaded = ls
	}
}

// loaded returns what the object at p holds: nil for every field.
func (m *modelInfo) loaded(p unsafe.Pointer) *loadedSet {
	if !m.hasState {
		return nil
	}
	return (*ModelState)(unsafe.Add(p, m.stateOff)).loaded
}

// partialError is the error of writing a partial object in a way that
// would store the fields it did not load.
func (m *modelInfo) partialError(what string, ls *loadedSet) error {
	names := make([]string, len(ls.fields))
	for i, f := range ls.fields {
		names[i] = f.name
	}
	return queryError("%s: %s: the object was loaded with only %q (Only, Defer or Raw) and would write zeros over the other fields; Save it (which writes what was loaded), or Refresh it first", m.name, what, names)
}
