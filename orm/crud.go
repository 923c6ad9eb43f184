package orm

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
)

// nowUTC is the time auto_now, auto_now_add and default=now write: UTC,
// truncated to the microsecond every backend keeps, so the struct holds
// exactly what a later read returns.
func nowUTC() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// setTime stores t in a time field (through its pointer or Null wrapper).
func (f *field) setTime(p unsafe.Pointer, t time.Time) {
	fp := f.ptr(p)
	switch f.wrap {
	case wrapPtr:
		np := new(time.Time)
		*np = t
		*(*unsafe.Pointer)(fp) = unsafe.Pointer(np)
	case wrapNull:
		*(*time.Time)(unsafe.Add(fp, f.valOff)) = t
		*(*bool)(unsafe.Add(fp, f.validOff)) = true
	default:
		*(*time.Time)(fp) = t
	}
}

// setBase stores the base value v (of type f.base) into the field.
func (f *field) setBase(p unsafe.Pointer, v reflect.Value) {
	fp := f.ptr(p)
	switch f.wrap {
	case wrapPtr:
		np := reflect.New(f.base)
		np.Elem().Set(v)
		*(*unsafe.Pointer)(fp) = np.UnsafePointer()
	case wrapNull:
		reflect.NewAt(f.base, unsafe.Add(fp, f.valOff)).Elem().Set(v)
		*(*bool)(unsafe.Add(fp, f.validOff)) = true
	default:
		reflect.NewAt(f.base, fp).Elem().Set(v)
	}
}

// applyDefaults fills zero-valued fields that have a default. With all
// false only the primary key's default (uuid4) is applied.
func (m *modelInfo) applyDefaults(p unsafe.Pointer, all bool) {
	for _, f := range m.defaultFields {
		if !all && !f.primary {
			continue
		}
		if !f.isZero(p) {
			continue
		}
		switch {
		case f.defaultNow:
			f.setTime(p, nowUTC())
		case f.defaultUUID:
			u := newUUID4()
			if f.kind == kUUIDString {
				f.setBase(p, reflect.ValueOf(formatUUID(u)).Convert(f.base))
			} else {
				f.setBase(p, reflect.ValueOf(u).Convert(f.base))
			}
		case f.defaultVal.IsValid():
			v := f.defaultVal
			if f.kind == kJSON {
				// A fresh copy each time, so maps and slices are not shared.
				c := reflect.New(f.base)
				if b, err := json.Marshal(v.Interface()); err == nil {
					_ = json.Unmarshal(b, c.Interface())
				}
				v = c.Elem()
			}
			f.setBase(p, v)
		}
	}
}

// newUUID4 returns a random (version 4) UUID.
func newUUID4() [16]byte {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return u
}

// bindArgs appends the driver values of fields, in order, for the struct
// at p to dst. Callers pass a stack array's slice as dst, so binding a
// model of ordinary size allocates nothing beyond the boxed values.
func bindArgs(vs *valueStyle, fields []*field, p unsafe.Pointer, dst []any) ([]any, error) {
	for _, f := range fields {
		v, err := f.storeValue(vs, p)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

// argBuf is the stack space for a statement's arguments.
type argBuf [32]any

// insert writes the struct at p as a new row, setting a generated key.
func (m *modelInfo) insert(ctx context.Context, db *sql.DB, d dialect.Dialect, s *stmtSet, p unsafe.Pointer) error {
	pk := m.pk
	generated := pk.auto && pk.keyIsZero(p)
	if !generated {
		m.applyDefaults(p, false)
		var buf argBuf
		args, err := bindArgs(&s.vs, s.insertPKFields, p, buf[:0])
		if err != nil {
			return err
		}
		if _, err := execContext(ctx, db, s.insertPK, args...); err != nil {
			return m.dbError("insert", d, err)
		}
		return nil
	}
	switch s.insertReturning {
	case returnRows:
		var buf argBuf
		args, err := bindArgs(&s.vs, s.insertFields, p, buf[:0])
		if err != nil {
			return err
		}
		var dest any
		if pk.kind == kInt64 {
			dest = (*int64)(pk.ptr(p))
		} else {
			dest = &fieldScanner{f: pk, p: p, rs: s.vs.read()}
		}
		if err := queryRowScan(ctx, db, dest, s.insert, args...); err != nil {
			return m.dbError("insert", d, err)
		}
		return nil
	case returnInto:
		var buf argBuf
		args, err := bindArgs(&s.vs, s.insertFields, p, buf[:0])
		if err != nil {
			return err
		}
		var id int64
		args = append(args, sql.Out{Dest: &id})
		if _, err := execContext(ctx, db, s.insert, args...); err != nil {
			return m.dbError("insert", d, err)
		}
		return pk.scan(p, id, readStyle{})
	default:
		var buf argBuf
		args, err := bindArgs(&s.vs, s.insertFields, p, buf[:0])
		if err != nil {
			return err
		}
		res, err := execContext(ctx, db, s.insert, args...)
		if err != nil {
			return m.dbError("insert", d, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("sqlorm: %s: reading the generated %s: %w", m.name, pk.column, err)
		}
		if pk.kind == kInt64 {
			*(*int64)(pk.ptr(p)) = id
			return nil
		}
		return pk.scan(p, id, readStyle{})
	}
}

// SaveOption changes what Save does; see UpdateFields, ForceInsert and
// ForceUpdate.
type SaveOption func(*saveOptions)

type saveOptions struct {
	fields      []string
	hasFields   bool
	forceInsert bool
	forceUpdate bool
}

// UpdateFields makes Save write only the named fields (Django's
// update_fields): an UPDATE of those columns by primary key. auto_now
// fields are refreshed only when named. The object must exist already: if
// no row has its key, Save returns an error wrapping ErrDoesNotExist. With
// no names, Save does nothing. An unknown name is an error.
func UpdateFields(names ...string) SaveOption {
	return func(o *saveOptions) {
		o.fields = append(o.fields, names...)
		o.hasFields = true
	}
}

// ForceInsert makes Save insert, never update (Django's force_insert).
func ForceInsert() SaveOption { return func(o *saveOptions) { o.forceInsert = true } }

// ForceUpdate makes Save update, never insert; no row with the key is an
// error wrapping ErrDoesNotExist (Django's force_update).
func ForceUpdate() SaveOption { return func(o *saveOptions) { o.forceUpdate = true } }

// Save writes obj to db (or to the transaction in ctx), Django's
// Model.save(). It calls BeforeSave, then:
//
//   - if the primary key is an auto key holding zero, it inserts the row
//     and sets the key from the database;
//   - otherwise it updates the row with that key, writing every column —
//     false, 0, "" and nil are written like any other value — and if no row
//     has that key it inserts one with it.
//
// auto_now fields are set to the current time (UTC, microseconds) and
// auto_now_add fields when inserting. Save does not fill other defaults;
// Create and New do. Then it calls AfterSave. Database errors that break a
// constraint come back as *ConstraintError (errors.Is(err,
// ErrUniqueViolation) ...).
func Save[T any](ctx context.Context, h DB, obj *T, opts ...SaveOption) error {
	db, rerr := target(ctx, h, reflect.TypeFor[T](), true)
	if rerr != nil {
		return rerr
	}
	if obj == nil {
		return queryError("Save: nil *%s", typeName(reflect.TypeFor[T]()))
	}
	var o saveOptions
	if len(opts) > 0 {
		o = collectSaveOptions(opts)
	}
	m, d, s, err := prepare[T](ctx, db)
	if err != nil {
		return err
	}
	if o.forceInsert && (o.forceUpdate || o.hasFields) {
		return queryError("Save(%s): ForceInsert cannot be combined with ForceUpdate or UpdateFields", m.name)
	}
	if o.hasFields && len(o.fields) == 0 {
		return nil // Django: update_fields=[] saves nothing
	}
	var only []*field
	p := unsafe.Pointer(obj)
	if ls := m.loaded(p); ls != nil && !o.hasFields {
		// Django saves only the loaded fields of a deferred instance (and
		// auto_now ones): an UPDATE of those, never an INSERT of zeros.
		if o.forceInsert {
			return m.partialError("Save with ForceInsert", ls)
		}
		for _, f := range ls.fields {
			if !f.primary {
				only = append(only, f)
			}
		}
		for _, f := range m.autoNowFields {
			if !containsField(only, f) {
				only = append(only, f)
			}
		}
		o.hasFields = true
		if len(only) == 0 {
			return nil
		}
	}
	if o.hasFields && only == nil {
		seen := map[*field]bool{}
		for _, n := range o.fields {
			f := m.byName[n]
			if n == "pk" {
				f = m.pk
			}
			if f == nil {
				return queryError("Save(%s): UpdateFields(%q): no such field; valid fields are %s", m.name, n, m.fieldList())
			}
			if !f.primary && !seen[f] {
				seen[f] = true
				only = append(only, f)
			}
		}
	}
	if m.beforeSave {
		if err := any(obj).(BeforeSaver).BeforeSave(ctx); err != nil {
			return err
		}
	}
	adding := o.forceInsert || (m.pk.auto && m.pk.keyIsZero(p))
	if adding && (o.forceUpdate || o.hasFields) {
		return queryError("Save(%s): cannot update an object that has not been saved (its %s is zero)", m.name, m.pk.goName)
	}
	var now time.Time
	if len(m.autoNowFields)+len(m.autoNowAddFields) > 0 {
		now = nowUTC()
	}
	if adding {
		for _, f := range m.autoNowAddFields {
			f.setTime(p, now)
		}
	}
	for _, f := range m.autoNowFields {
		if only == nil || containsField(only, f) {
			f.setTime(p, now)
		}
	}
	if !adding {
		n, err := m.update(ctx, db, d, s, p, only)
		if err != nil {
			return err
		}
		if n == 0 {
			if o.forceUpdate || o.hasFields {
				return fmt.Errorf("sqlorm: Save(%s) with %s: no row has %s %v: %w", m.name, map[bool]string{true: "UpdateFields", false: "ForceUpdate"}[o.hasFields], m.pk.column, m.pk.valueOf(p), ErrDoesNotExist)
			}
			for _, f := range m.autoNowAddFields {
				f.setTime(p, now)
			}
			adding = true
		}
	}
	if adding {
		if err := m.insert(ctx, db, d, s, p); err != nil {
			return err
		}
	}
	if m.afterSave {
		return any(obj).(AfterSaver).AfterSave(ctx)
	}
	return nil
}

// collectSaveOptions applies opts; it is a separate function so that a
// Save without options does not allocate them.
func collectSaveOptions(opts []SaveOption) saveOptions {
	var o saveOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

func containsField(fs []*field, f *field) bool {
	for _, g := range fs {
		if g == f {
			return true
		}
	}
	return false
}

// update writes the struct at p over the row with its key (every non-key
// column, or only) and returns how many rows matched.
func (m *modelInfo) update(ctx context.Context, db *sql.DB, d dialect.Dialect, s *stmtSet, p unsafe.Pointer, only []*field) (int64, error) {
	query, fields := s.update, s.updateFields
	if only != nil {
		b := newSQLBuf(d)
		b.str("UPDATE ")
		b.ident(m.table)
		b.str(" SET ")
		for i, f := range only {
			if i > 0 {
				b.str(", ")
			}
			b.ident(f.column)
			b.str(" = ")
			b.placeholder(i + 1)
		}
		b.str(" WHERE ")
		b.ident(m.pk.column)
		b.str(" = ")
		b.placeholder(len(only) + 1)
		query = b.String()
		fields = append(append([]*field{}, only...), m.pk)
	}
	if query == "" {
		// Only a key: the row exists or it does not.
		return m.exists(ctx, db, d, s, p)
	}
	var buf argBuf
	args, err := bindArgs(&s.vs, fields, p, buf[:0])
	if err != nil {
		return 0, err
	}
	res, err := execContext(ctx, db, query, args...)
	if err != nil {
		return 0, m.dbError("update", d, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlorm: %s: rows affected: %w", m.name, err)
	}
	if n == 0 && !matchedRowsReported(db, d) {
		// MySQL counts changed rows, not matched ones, unless the client
		// set CLIENT_FOUND_ROWS: a row saved unchanged reports 0. Ask.
		return m.exists(ctx, db, d, s, p)
	}
	return n, nil
}

func (m *modelInfo) exists(ctx context.Context, db *sql.DB, d dialect.Dialect, s *stmtSet, p unsafe.Pointer) (int64, error) {
	key, err := m.pk.value(&s.vs, p)
	if err != nil {
		return 0, err
	}
	rows, err := queryContext(ctx, db, s.existsPK, key)
	if err != nil {
		return 0, m.dbError("save", d, err)
	}
	defer rows.Close()
	if rows.Next() {
		return 1, nil
	}
	return 0, m.dbError("save", d, rows.Err())
}

// Delete deletes obj's row from db (or the transaction in ctx), Django's
// Model.delete(): it calls BeforeDelete, deletes the row by primary key and
// then sets the key to its zero value, so a later Save inserts a new row.
// The rows of other models referring to it are handled as their foreign
// keys' on_delete options say, by the ORM on every backend, in one
// transaction with the delete, exactly as QuerySet.Delete does (see the
// package doc, "Deleting"); BeforeDelete is called for obj only, not for
// rows deleted by a cascade (as Django calls Model.delete only for the
// object it is called on). A protect or restrict foreign key refusing the
// delete is a *ProtectedError or *RestrictedError, with nothing deleted
// and the key kept. DeletedPerModel(&m) gives the rows deleted per model.
// An object whose key is zero is an error; a key no row has deletes
// nothing and is not an error.
func Delete[T any](ctx context.Context, h DB, obj *T, opts ...DeleteOption) error {
	db, rerr := target(ctx, h, reflect.TypeFor[T](), true)
	if rerr != nil {
		return rerr
	}
	if obj == nil {
		return queryError("Delete: nil *%s", typeName(reflect.TypeFor[T]()))
	}
	m, d, s, err := prepare[T](ctx, db)
	if err != nil {
		return err
	}
	var o deleteOptions
	if len(opts) > 0 {
		if o, err = collectDeleteOptions("Delete("+m.name+")", opts); err != nil {
			return err
		}
	}
	p := unsafe.Pointer(obj)
	if m.pk.keyIsZero(p) {
		return queryError("%s object can't be deleted because its %s attribute is not set", m.name, m.pk.goName)
	}
	if m.beforeDelete {
		if err := any(obj).(BeforeDeleter).BeforeDelete(ctx); err != nil {
			return err
		}
	}
	key, err := m.pk.value(&s.vs, p)
	if err != nil {
		return err
	}
	if fastDeletable(m) {
		res, err := execContext(ctx, db, s.deletePK, key)
		if err != nil {
			return m.dbError("delete", d, err)
		}
		if o.perModel != nil {
			n, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("sqlorm: %s: Delete: rows affected: %w", m.name, err)
			}
			o.report(oneCount(m, n))
		}
	} else {
		counts, err := collectAndDelete(ctx, db, d, m, func(context.Context) ([]any, error) { return []any{key}, nil })
		if err != nil {
			return err
		}
		o.report(counts)
	}
	if m.pk.auto {
		reflect.NewAt(m.pk.typ, m.pk.ptr(p)).Elem().SetZero()
	}
	return nil
}

// Refresh reloads every field of obj from its row (Django's
// refresh_from_db()). No row with obj's key is an error wrapping
// ErrDoesNotExist; obj is then unchanged.
func Refresh[T any](ctx context.Context, h DB, obj *T) error {
	db, ctx, rerr := targetRead(ctx, h, reflect.TypeFor[T]())
	if rerr != nil {
		return rerr
	}
	if obj == nil {
		return queryError("Refresh: nil *%s", typeName(reflect.TypeFor[T]()))
	}
	m, d, s, err := prepare[T](ctx, db)
	if err != nil {
		return err
	}
	p := unsafe.Pointer(obj)
	key, err := m.pk.value(&s.vs, p)
	if err != nil {
		return err
	}
	rows, err := queryContext(ctx, db, s.selectPK, key)
	if err != nil {
		return m.dbError("refresh", d, err)
	}
	// Scan into a copy so a failure leaves obj as it was.
	tmp, err := getOne[T](ctx, db, m, rows, true, nil, s.vs.read())
	if err != nil {
		return m.dbError("refresh", d, err)
	}
	*obj = *tmp
	return nil
}
