package orm

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unsafe"
)

// Q is a set of field conditions joined with AND: Django's Q(**kwargs) and
// the keyword arguments of filter() and get(). Keys are field names (as
// Fields returns them), "pk" for the primary key, or a foreign key's column
// ("category_id"), optionally followed by "__exact"; a nil value matches
// NULL (IS NULL), as Django's exact=None does. Keys are rendered in sorted
// order, so a Q always produces the same SQL.
//
//	orm.Q{"name": "Widget", "status__exact": "draft"}
//
// Other lookups (gt, contains, in, ...) and relation paths arrive with the
// lookups work; until then they are reported as an error naming the key.
type Q map[string]any

// Condition is anything Filter and Get accept: a Q today, and the
// combinations of Q (Or, Not) that the lookups work adds. It is sealed: only
// package orm implements it.
type Condition interface {
	appendWhere(c *whereCompiler) error
}

// whereCompiler renders conditions into a statement. It is the one place
// that turns field paths into SQL, so the lookups work can replace the
// lookup table without touching the callers.
type whereCompiler struct {
	m  *modelInfo
	vs *valueStyle
	b  *sqlBuf
}

// lookupFunc renders one lookup on a column with a (non-nil) value.
type lookupFunc func(c *whereCompiler, f *field, value any) error

// lookups is the table of supported lookups. The lookups work extends it.
var lookups = map[string]lookupFunc{
	"exact": lookupExact,
}

func lookupExact(c *whereCompiler, f *field, value any) error {
	v, err := f.queryValue(c.vs, value)
	if err != nil {
		return err
	}
	c.b.col(c.m.table, f.column)
	if v == nil { // a nil pointer, an invalid sql.Null: NULL
		c.b.str(" IS NULL")
		return nil
	}
	c.b.str(" = ")
	c.b.arg(v)
	return nil
}

// where appends " WHERE ..." for conds (ANDed), or nothing when empty.
func (c *whereCompiler) where(conds []Condition) error {
	first := true
	for _, cond := range conds {
		if cond == nil {
			continue
		}
		if q, ok := cond.(Q); ok && len(q) == 0 {
			continue
		}
		if first {
			c.b.str(" WHERE ")
			first = false
		} else {
			c.b.str(" AND ")
		}
		if err := cond.appendWhere(c); err != nil {
			return err
		}
	}
	return nil
}

func (q Q) appendWhere(c *whereCompiler) error {
	if len(q) == 1 {
		for k, v := range q {
			return c.term(k, v)
		}
	}
	multi := len(q) > 1
	if multi {
		c.b.str("(")
	}
	for i, k := range slices.Sorted(maps.Keys(q)) {
		if i > 0 {
			c.b.str(" AND ")
		}
		if err := c.term(k, q[k]); err != nil {
			return err
		}
	}
	if multi {
		c.b.str(")")
	}
	return nil
}

// resolve splits key into a field and a lookup name.
func (c *whereCompiler) resolve(key string) (*field, string, error) {
	name, lookup := key, "exact"
	if i := strings.Index(key, "__"); i >= 0 {
		name, lookup = key[:i], key[i+2:]
	}
	var f *field
	if name == "pk" {
		f = c.m.pk
	} else if f = c.m.byName[name]; f == nil {
		return nil, "", queryError("%s has no field %q (in %q); valid fields are %s", c.m.name, name, key, c.m.fieldList())
	}
	if strings.Contains(lookup, "__") {
		return nil, "", queryError("%s: %q: relation paths and chained lookups are not supported yet; filter on %s's own fields", c.m.name, key, c.m.name)
	}
	if _, ok := lookups[lookup]; !ok {
		return nil, "", queryError("%s: %q: unsupported lookup %q on field %s; supported: %s", c.m.name, key, lookup, f.name, strings.Join(slices.Sorted(maps.Keys(lookups)), ", "))
	}
	return f, lookup, nil
}

func (c *whereCompiler) term(key string, value any) error {
	f, lookup, err := c.resolve(key)
	if err != nil {
		return err
	}
	if value == nil && lookup == "exact" {
		c.b.col(c.m.table, f.column)
		c.b.str(" IS NULL")
		return nil
	}
	if value == nil {
		return queryError("%s: %q: cannot use nil as a query value except with exact", c.m.name, key)
	}
	return lookups[lookup](c, f, value)
}

// queryValue converts a value compared with field f into what is bound:
// a value of the field's own Go type (or its base type) goes through the
// field's codec, so it compares equal to what Save wrote; integers of any
// Go type become int64; anything else is passed to the driver as is.
func (f *field) queryValue(vs *valueStyle, v any) (any, error) {
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
