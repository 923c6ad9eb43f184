package orm

import (
	"fmt"
	"math"
	"reflect"
	"time"
	"unsafe"
)

// queryValue converts a value compared with field f into what is bound:
// a value of the field's own Go type (or its base type) goes through the
// field's codec, so it compares equal to what Save wrote; integers of any
// Go type become int64; anything else is passed to the driver as is.
func (f *field) queryValue(vs *valueStyle, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Type() {
	case f.typ:
		p := reflect.New(f.typ)
		p.Elem().Set(rv)
		return f.valueAt(vs, p.UnsafePointer())
	case f.base:
		p := reflect.New(f.base)
		p.Elem().Set(rv)
		return f.baseValue(vs, p.UnsafePointer())
	}
	if fm, ok := v.(fkMarker); ok && f.fkTarget != nil {
		// An FK or OneToOne value compared with a key of another Go type
		// (OneToOne[T] with FK[T], or a join table's key).
		if fm.fkTarget() != f.fkTarget {
			return nil, queryError("%s.%s refers to %s, and the value is a reference to %s", f.model, f.goName, typeName(f.fkTarget), typeName(fm.fkTarget()))
		}
		id, _ := fkValue(v)
		return id, nil
	}
	if f.kind == kString && rv.Kind() != reflect.String {
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
			reflect.Float32, reflect.Float64, reflect.Bool:
			// Django compares a text column with str(value): a number never
			// makes the database coerce the column instead.
			return fmt.Sprint(v), nil
		}
	}
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return nil, queryError("%s.%s: %d is out of range", f.model, f.goName, u)
		}
		return int64(u), nil
	case reflect.Bool:
		if vs.boolAsInt {
			if rv.Bool() {
				return int64(1), nil
			}
			return int64(0), nil
		}
	}
	if t, ok := v.(time.Time); ok && f.kind == kTime {
		return f.timeValue(vs, t), nil
	}
	if f.fkTarget != nil && rv.Kind() == reflect.Pointer && rv.Type().Elem() == f.fkTarget {
		if rv.IsNil() {
			return nil, queryError("%s.%s: nil *%s", f.model, f.goName, typeName(f.fkTarget))
		}
		tm, err := infoFor(f.fkTarget)
		if err != nil {
			return nil, err
		}
		id, ok := tm.pk.intValue(unsafe.Pointer(rv.Pointer()))
		if !ok {
			return nil, queryError("%s.%s: %s has no integer primary key", f.model, f.goName, tm.name)
		}
		return id, nil
	}
	if f.kind == kUUID || f.kind == kUUIDString {
		if s, ok := v.(string); ok {
			u, err := parseUUID(s)
			if err != nil {
				return nil, queryError("%s.%s: %v", f.model, f.goName, err)
			}
			return vs.uuidValue(u), nil
		}
	}
	if _, ok := v.(fmt.Stringer); ok && f.kind == kDecimal {
		return fmt.Sprint(v), nil
	}
	return v, nil
}
