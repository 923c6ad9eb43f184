package orm

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/sqlorm/sqlorm/dialect"
)

// This file is Django's deletion.Collector: Delete carries out every
// foreign key's on_delete option itself, on every backend, instead of
// leaving it to the database's ON DELETE clause. A table sqlorm did not
// create, a SQLite connection without _fk=1, or a backend that rejects a
// clause (InnoDB and Oracle have no ON DELETE SET DEFAULT) would otherwise
// lose the rule silently and leave rows pointing at nothing.
//
// A Delete that touches only rows nothing refers to (Django's
// can_fast_delete: no foreign key points at the model, or only do_nothing
// ones) stays one DELETE statement. Otherwise, in one transaction (a
// savepoint inside an outer Atomic):
//
//  1. collect: the keys of the rows to delete, then, for each foreign key
//     pointing at them, the rows it reaches (SELECT key ... WHERE fk IN
//     (...)), recursively through cascade; protect refuses at once with a
//     *ProtectedError and nothing is deleted; restrict refuses with a
//     *RestrictedError unless the restricting row is itself deleted
//     through another cascade; set_null, set_default and set(N) are noted
//     for an UPDATE, without reading the rows;
//  2. cascades to a model nothing refers to become DELETE ... WHERE fk IN
//     (...) without reading the rows (Django's fast deletes); so do the
//     join rows of ManyToMany fields;
//  3. run: the fast deletes, the UPDATEs, then the DELETEs by key, models
//     in an order where a row is deleted before the rows it refers to
//     (Django's Collector.sort), each model's rows found later first.
//
// Key lists are sent in batches within the dialect's parameter and IN-list
// limits. The foreign keys' ON DELETE clauses in the DDL stay as a
// backstop for deletes made outside the ORM: CASCADE, SET NULL, and NO
// ACTION for protect, restrict, set_default and set(N).
//
// The collector knows the foreign keys of every model whose metadata has
// been built (Register, Migrate, or first use): Go has no registry of types
// at init time, so register every model at start-up, as Django's app
// registry loads every model, or Delete cannot see the rows of a model it
// has never met (the database's ON DELETE then applies).

// delAction is a foreign key's on_delete option.
type delAction uint8

const (
	delDoNothing delAction = iota
	delCascade
	delProtect
	delRestrict
	delSetNull
	delSetDefault
	delSet
)

// parseSetKey reads N of on_delete=set(N): a key of the foreign key's
// target, converted as every value given for the field is (prep.go).
func (f *field) parseSetKey(arg string) error {
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(arg) {
	case "":
		return errors.New("set() needs the key the referring rows are given, such as set(1)")
	case "null", "none", "nil":
		return errors.New("use on_delete=set_null (with null) to set NULL")
	}
	v, err := f.keyValue(arg, reflect.ValueOf(arg))
	n, ok := v.(int64)
	if err != nil || !ok {
		return fmt.Errorf("%q is not a key of %s: write its integer key, such as set(1)", arg, typeName(f.fkTarget))
	}
	f.delKey = n
	return nil
}

// delRel is a foreign key that deleting a row of its target must look at:
// model m's field fk (m may be a ManyToMany join table).
type delRel struct {
	m  *modelInfo
	fk *field
}

// The foreign keys pointing at each model type, hidden ones
// (related_name=+) and join tables' included, sorted by table and column
// so that Delete sends its statements in the same order on every run. A
// slice stored here is never changed afterwards: readers use it without
// the lock.
var (
	delMu       sync.RWMutex
	delByTarget = map[reflect.Type][]delRel{}
)

// registerDeleteRels records m's foreign keys and the two foreign keys of
// each of its join tables.
func registerDeleteRels(m *modelInfo) {
	delMu.Lock()
	defer delMu.Unlock()
	add := func(target reflect.Type, r delRel) {
		old := delByTarget[target]
		for _, o := range old {
			if o.m.typ == r.m.typ && o.fk.column == r.fk.column {
				return
			}
		}
		rels := append(slices.Clip(old), r)
		slices.SortFunc(rels, func(a, b delRel) int {
			return cmp.Or(strings.Compare(a.m.table, b.m.table), strings.Compare(a.fk.column, b.fk.column))
		})
		delByTarget[target] = rels
	}
	for _, f := range m.fields {
		if f.fkTarget != nil {
			add(f.fkTarget, delRel{m: m, fk: f})
		}
	}
	for _, mf := range m.m2m {
		if th := mf.through; th != nil {
			add(m.typ, delRel{m: th, fk: th.fields[1]})
			add(mf.target, delRel{m: th, fk: th.fields[2]})
		}
	}
}

// relsTo returns the foreign keys pointing at m.
func relsTo(m *modelInfo) []delRel {
	delMu.RLock()
	rels := delByTarget[m.typ]
	delMu.RUnlock()
	return rels
}

// fastDeletable reports whether deleting rows of m concerns no other row:
// no foreign key points at m but do_nothing ones (Django's
// can_fast_delete; sqlorm has no delete signals).
func fastDeletable(m *modelInfo) bool {
	delMu.RLock()
	defer delMu.RUnlock()
	for _, r := range delByTarget[m.typ] {
		if r.fk.del != delDoNothing {
			return false
		}
	}
	return true
}

// ErrProtected is wrapped by every *ProtectedError: Delete refused because
// rows refer to the deleted ones through an on_delete=protect foreign key.
var ErrProtected = errors.New("sqlorm: delete refused: protected foreign key")

// ErrRestricted is wrapped by every *RestrictedError: Delete refused
// because rows refer to the deleted ones through an on_delete=restrict
// foreign key and are not deleted themselves by another cascade.
var ErrRestricted = errors.New("sqlorm: delete refused: restricted foreign key")

// Referrers are rows of one model referring, through one foreign key, to
// rows a Delete would remove.
type Referrers struct {
	Model string // the Go type name of the model holding the foreign key ("Book")
	Field string // the foreign key's field name ("author")
	Keys  []any  // the primary keys of the referring rows (int64 for integer keys), ascending
}

// ProtectedError is Django's ProtectedError: Delete found rows referring to
// the rows it was to delete through on_delete=protect foreign keys, and
// deleted nothing. errors.Is(err, ErrProtected) and errors.Is(err,
// ErrForeignKeyViolation) hold (the database's NO ACTION would have said
// the latter).
type ProtectedError struct {
	Model     string      // the model whose rows could not be deleted
	Protected []Referrers // the protecting rows, per foreign key
}

// Error names the model, the foreign keys and a few of the keys:
// "sqlorm: cannot delete some Author rows: they are referenced through
// protected foreign key Book.author (Book 3, 4, 9)".
func (e *ProtectedError) Error() string { return refusal(e.Model, "protected", e.Protected) }

// Unwrap returns ErrProtected and ErrForeignKeyViolation.
func (e *ProtectedError) Unwrap() []error { return []error{ErrProtected, ErrForeignKeyViolation} }

// RestrictedError is Django's RestrictedError: Delete found rows referring
// to the rows it was to delete through on_delete=restrict foreign keys,
// rows that the same Delete does not remove through another cascade, and
// deleted nothing. errors.Is(err, ErrRestricted) and errors.Is(err,
// ErrForeignKeyViolation) hold.
type RestrictedError struct {
	Model      string      // the model whose rows could not be deleted
	Restricted []Referrers // the restricting rows, per foreign key
}

// Error names the model, the foreign keys and a few of the keys.
func (e *RestrictedError) Error() string { return refusal(e.Model, "restricted", e.Restricted) }

// Unwrap returns ErrRestricted and ErrForeignKeyViolation.
func (e *RestrictedError) Unwrap() []error { return []error{ErrRestricted, ErrForeignKeyViolation} }

// refusalKeysShown is how many keys per foreign key an error message shows.
const refusalKeysShown = 5

func refusal(model, kind string, refs []Referrers) string {
	var b strings.Builder
	fmt.Fprintf(&b, "sqlorm: cannot delete some %s rows: they are referenced through %s foreign key", model, kind)
	if len(refs) > 1 {
		b.WriteString("s")
	}
	for i, r := range refs {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s.%s (%s", r.Model, r.Field, r.Model)
		for j, k := range r.Keys[:min(len(r.Keys), refusalKeysShown)] {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " %v", k)
		}
		if n := len(r.Keys) - refusalKeysShown; n > 0 {
			fmt.Fprintf(&b, " and %d more", n)
		}
		b.WriteString(")")
	}
	if kind == "protected" {
		b.WriteString("; delete or re-point those rows first")
	} else {
		b.WriteString("; delete those rows first, or in the same Delete through a cascade")
	}
	return b.String()
}

// DeleteOption changes what Delete does; see DeletedPerModel.
type DeleteOption func(*deleteOptions)

type deleteOptions struct {
	perModel    *map[string]int64
	badPerModel bool
}

// DeletedPerModel makes Delete store in *counts how many rows it deleted
// of each model, cascades and ManyToMany join rows included: the dict of
// Django's delete() return value, keyed by the Go type name of the model
// ("Book"; a join table by model and field, "Post_tags"). Models with no
// row deleted are left out, as in Django. The map is replaced, not merged
// into, and only when Delete succeeds. QuerySet.Delete's int64 is the sum.
//
//	var per map[string]int64
//	n, err := orm.Objects[Author](db).Filter(orm.Q{"pk": 1}).Delete(ctx, orm.DeletedPerModel(&per))
//	// n == 3, per == map[Author:1 Book:2]
func DeletedPerModel(counts *map[string]int64) DeleteOption {
	return func(o *deleteOptions) {
		o.perModel = counts
		o.badPerModel = counts == nil
	}
}

func collectDeleteOptions(what string, opts []DeleteOption) (deleteOptions, error) {
	var o deleteOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.badPerModel {
		return o, queryError("%s: DeletedPerModel(nil): give the address of a map[string]int64", what)
	}
	return o, nil
}

// report stores counts where DeletedPerModel asked, and returns the total.
func (o *deleteOptions) report(counts map[string]int64) int64 {
	var total int64
	for _, n := range counts {
		total += n
	}
	if o.perModel != nil {
		*o.perModel = counts
	}
	return total
}

// oneCount is the per-model count of a delete that touched only m.
func oneCount(m *modelInfo, n int64) map[string]int64 {
	if n == 0 {
		return map[string]int64{}
	}
	return map[string]int64{m.name: n}
}

// collector gathers what one Delete must do; see the top of this file.
type collector struct {
	ctx   context.Context
	db    *sql.DB
	d     dialect.Dialect
	vs    valueStyle
	batch int // keys per IN list

	order      []*modelInfo // models in the order first collected
	data       map[*modelInfo]*collected
	deps       map[*modelInfo]map[*modelInfo]bool // model → models whose rows must go first
	soft       map[*modelInfo]map[*modelInfo]bool // the same through nullable cascades, which NULL can break
	fast       []keyedRel                         // DELETE FROM rel.m WHERE rel.fk IN keys
	updates    []keyedRel                         // UPDATE rel.m SET rel.fk = ... WHERE rel.fk IN keys
	restricted []keyedRel                         // keys: the restricting rows' own keys
	nullable   []keyedRel                         // cascades through a nullable foreign key, read row by row
	counts     map[string]int64
}

// keyedRel is a foreign key and a list of keys.
type keyedRel struct {
	delRel
	keys []any
}

// collected are the keys of one model's rows to delete: each collect
// round's new keys, in order.
type collected struct {
	seen map[any]struct{}
	gens [][]any
}

func newCollector(ctx context.Context, db *sql.DB, d dialect.Dialect) *collector {
	return &collector{
		ctx: ctx, db: db, d: d, vs: styleFor(d), batch: prefetchBatch(d),
		data: map[*modelInfo]*collected{}, deps: map[*modelInfo]map[*modelInfo]bool{}, soft: map[*modelInfo]map[*modelInfo]bool{},
		counts: map[string]int64{},
	}
}

// hashKey makes a key usable in a map ([]byte keys as strings).
func hashKey(k any) any {
	if b, ok := k.([]byte); ok {
		return string(b)
	}
	return k
}

// add records keys of m and returns those not collected before. A cascade
// from source through a foreign key that cannot be NULL makes source's
// rows wait for m's.
func (c *collector) add(m *modelInfo, keys []any, source *modelInfo, nullable bool) []any {
	col := c.data[m]
	if col == nil {
		col = &collected{seen: make(map[any]struct{}, len(keys))}
		c.data[m] = col
		c.order = append(c.order, m)
	}
	var fresh []any
	for _, k := range keys {
		h := hashKey(k)
		if _, ok := col.seen[h]; !ok {
			col.seen[h] = struct{}{}
			fresh = append(fresh, k)
		}
	}
	if len(fresh) > 0 {
		col.gens = append(col.gens, fresh)
	}
	if source != nil {
		if nullable {
			addDep(c.soft, source, m)
		} else {
			addDep(c.deps, source, m)
		}
	}
	return fresh
}

// addDep records in deps that m's rows are deleted after first's.
func addDep(deps map[*modelInfo]map[*modelInfo]bool, m, first *modelInfo) {
	if deps[m] == nil {
		deps[m] = map[*modelInfo]bool{}
	}
	deps[m][first] = true
}

// deleting reports whether key k of m is collected for deletion.
func (c *collector) deleting(m *modelInfo, k any) bool {
	col := c.data[m]
	if col == nil {
		return false
	}
	_, ok := col.seen[hashKey(k)]
	return ok
}

// collect adds keys of m and what every foreign key pointing at them
// entails (Django's Collector.collect).
func (c *collector) collect(m *modelInfo, keys []any, source *modelInfo, nullable bool) error {
	fresh := c.add(m, keys, source, nullable)
	if len(fresh) == 0 {
		return nil
	}
	var protected []Referrers
	for _, r := range relsTo(m) {
		switch r.fk.del {
		case delDoNothing:
			continue
		case delSetNull, delSetDefault, delSet:
			c.updates = append(c.updates, keyedRel{r, fresh})
			continue
		case delCascade:
			if fastDeletable(r.m) {
				c.fast = append(c.fast, keyedRel{r, fresh})
				continue
			}
		}
		sub, err := c.keysWhere(r, fresh)
		if err != nil {
			return relError(m, r, err)
		}
		if len(sub) == 0 {
			continue
		}
		switch r.fk.del {
		case delCascade:
			if r.fk.col.Null {
				c.nullable = append(c.nullable, keyedRel{r, fresh})
			}
			if err := c.collect(r.m, sub, m, r.fk.col.Null); err != nil {
				return err
			}
		case delProtect:
			protected = append(protected, referrers(r, sub))
		case delRestrict:
			c.restricted = append(c.restricted, keyedRel{r, sub})
			addDep(c.deps, m, r.m)
		}
	}
	if len(protected) > 0 {
		return &ProtectedError{Model: m.name, Protected: protected}
	}
	return nil
}

// referrers describes the rows of r.m with keys.
func referrers(r delRel, keys []any) Referrers {
	out := make([]any, len(keys))
	for i, k := range keys {
		if b, ok := k.([]byte); ok {
			k = string(b)
		}
		out[i] = k
	}
	slices.SortFunc(out, func(a, b any) int {
		x, xok := a.(int64)
		y, yok := b.(int64)
		if xok && yok {
			return cmp.Compare(x, y)
		}
		return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
	})
	return Referrers{Model: r.m.name, Field: r.fk.name, Keys: out}
}

// checkRestricted refuses the delete when a restricting row is not deleted
// itself (Django's fail_on_restricted, at the end of the top-level
// collect, when every cascade is known).
func (c *collector) checkRestricted() error {
	var left []Referrers
	var target string
	for _, r := range c.restricted {
		keys := slices.DeleteFunc(slices.Clone(r.keys), func(k any) bool { return c.deleting(r.m, k) })
		if len(keys) > 0 {
			var err error
			if keys, err = c.notFastDeleted(r.m, keys); err != nil {
				return err
			}
		}
		if len(keys) == 0 {
			continue
		}
		if target == "" {
			tm, err := r.fk.targetInfo(r.m)
			if err != nil {
				return err
			}
			target = tm.name
		}
		// One entry per foreign key, keys merged.
		i := slices.IndexFunc(left, func(x Referrers) bool { return x.Model == r.m.name && x.Field == r.fk.name })
		if i >= 0 {
			keys = append(keys, left[i].Keys...)
			seen := map[any]bool{}
			keys = slices.DeleteFunc(keys, func(k any) bool {
				h := hashKey(k)
				if seen[h] {
					return true
				}
				seen[h] = true
				return false
			})
			left[i] = referrers(r.delRel, keys)
			continue
		}
		left = append(left, referrers(r.delRel, keys))
	}
	if len(left) > 0 {
		return &RestrictedError{Model: target, Restricted: left}
	}
	return nil
}

// notFastDeleted returns the keys of m's rows that no fast delete removes.
func (c *collector) notFastDeleted(m *modelInfo, keys []any) ([]any, error) {
	half := max(c.batch/2, 1)
	for _, f := range c.fast {
		if f.m != m || len(keys) == 0 {
			continue
		}
		gone := map[any]bool{}
		for kc := range slices.Chunk(keys, half) {
			for fc := range slices.Chunk(f.keys, half) {
				b := newSQLBuf(c.d)
				b.str("SELECT ")
				b.ident(m.pk.column)
				b.str(" FROM ")
				b.ident(m.table)
				b.str(" WHERE ")
				inList(b, m.pk.column, kc)
				b.str(" AND ")
				inList(b, f.fk.column, fc)
				found, err := c.readKeys(m, b)
				if err != nil {
					return nil, err
				}
				for _, k := range found {
					gone[hashKey(k)] = true
				}
			}
		}
		keys = slices.DeleteFunc(keys, func(k any) bool { return gone[hashKey(k)] })
	}
	return keys, nil
}

// inList appends "col IN (keys...)".
func inList(b *sqlBuf, col string, keys []any) {
	b.ident(col)
	b.str(" IN (")
	for i, k := range keys {
		if i > 0 {
			b.str(", ")
		}
		b.arg(k)
	}
	b.str(")")
}

// keysWhere returns the keys of r.m's rows whose r.fk is one of keys.
func (c *collector) keysWhere(r delRel, keys []any) ([]any, error) {
	var out []any
	for chunk := range slices.Chunk(keys, c.batch) {
		b := newSQLBuf(c.d)
		b.str("SELECT ")
		b.ident(r.m.pk.column)
		b.str(" FROM ")
		b.ident(r.m.table)
		b.str(" WHERE ")
		inList(b, r.fk.column, chunk)
		found, err := c.readKeys(r.m, b)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// readKeys runs b, which selects m's primary key, and returns the keys as
// the primary key binds them.
func (c *collector) readKeys(m *modelInfo, b *sqlBuf) ([]any, error) {
	return readKeys(c.ctx, c.db, c.d, &c.vs, m, b.String(), b.Args())
}

func readKeys(ctx context.Context, db *sql.DB, d dialect.Dialect, vs *valueStyle, m *modelInfo, query string, args []any) ([]any, error) {
	rows, err := queryContext(ctx, db, query, args...)
	if err != nil {
		return nil, m.dbError("delete", d, err)
	}
	defer rows.Close()
	var out []any
	intKey := isIntKind(m.pk.kind) && m.pk.wrap == wrapNone
	var scratch reflect.Value
	for rows.Next() {
		if intKey {
			var n int64
			if err := rows.Scan(&n); err != nil {
				return nil, m.dbError("delete", d, err)
			}
			out = append(out, n)
			continue
		}
		if !scratch.IsValid() {
			scratch = reflect.New(m.typ)
		}
		p := scratch.UnsafePointer()
		if err := rows.Scan(&fieldScanner{f: m.pk, p: p}); err != nil {
			return nil, m.dbError("delete", d, err)
		}
		k, err := m.pk.value(vs, p)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		markFailed(ctx, db, err)
		return nil, m.dbError("delete", d, err)
	}
	return out, nil
}

// exec runs b and returns the rows it affected.
func (c *collector) exec(m *modelInfo, op string, b *sqlBuf) (int64, error) {
	res, err := execContext(c.ctx, c.db, b.String(), b.Args()...)
	if err != nil {
		return 0, m.dbError(op, c.d, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlorm: %s %s: rows affected: %w", op, m.name, err)
	}
	return n, nil
}

// deleteIn deletes m's rows whose col is one of keys, in batches.
func (c *collector) deleteIn(m *modelInfo, col string, keys []any) error {
	for chunk := range slices.Chunk(keys, c.batch) {
		b := newSQLBuf(c.d)
		b.str("DELETE FROM ")
		b.ident(m.table)
		b.str(" WHERE ")
		inList(b, col, chunk)
		n, err := c.exec(m, "delete", b)
		if err != nil {
			return err
		}
		if n > 0 {
			c.counts[m.name] += n
		}
	}
	return nil
}

// run sends the statements: fast deletes, field updates, then the deletes
// by key in dependency order (Django's Collector.delete).
func (c *collector) run() error {
	for _, f := range c.fast {
		if err := c.deleteIn(f.m, f.fk.column, f.keys); err != nil {
			return c.relError(f.delRel, err)
		}
	}
	for _, u := range c.updates {
		if err := c.update(u); err != nil {
			return c.relError(u.delRel, err)
		}
	}
	order, cyclic := c.sorted(true)
	if cyclic {
		order, _ = c.sorted(false)
		// Rows refer to each other in a cycle, so some row is deleted
		// before a row referring to it, and the database's own ON DELETE
		// would act (and go uncounted), or refuse. Django's answer where
		// constraints cannot be deferred: the nullable foreign keys of
		// the cascades are set to NULL first, which breaks every cycle
		// rows can form.
		for _, r := range c.nullable {
			if err := c.update(keyedRel{delRel{r.m, &field{column: r.fk.column, name: r.fk.name, del: delSetNull}}, r.keys}); err != nil {
				return c.relError(r.delRel, err)
			}
		}
	}
	for _, m := range order {
		gens := c.data[m].gens
		for i := len(gens) - 1; i >= 0; i-- {
			if err := c.deleteIn(m, m.pk.column, gens[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// update carries out set_null, set_default or set(N) for the rows of u.m
// referring to u.keys. A key given that is not there (deleted by this
// Delete, or never present) is an error wrapping ErrForeignKeyViolation
// rather than rows pointing at nothing on a database that does not check.
func (c *collector) update(u keyedRel) error {
	var value any
	var tm *modelInfo
	if u.fk.del != delSetNull {
		value = u.fk.delKey
		var err error
		if tm, err = u.fk.targetInfo(u.m); err != nil {
			return err
		}
		if c.deleting(tm, value) {
			sub, err := c.keysWhere(u.delRel, u.keys)
			if err != nil {
				return err
			}
			if len(sub) > 0 {
				return fmt.Errorf("sqlorm: delete %s: %s.%s is on_delete=%s with %s %v, which this delete removes; %d %s rows would point at nothing (%w)",
					tm.name, u.m.name, u.fk.name, delName(u.fk.del), tm.name, value, len(sub), u.m.name, ErrForeignKeyViolation)
			}
			return nil
		}
	}
	var n int64
	for chunk := range slices.Chunk(u.keys, c.batch) {
		b := newSQLBuf(c.d)
		b.str("UPDATE ")
		b.ident(u.m.table)
		b.str(" SET ")
		b.ident(u.fk.column)
		b.str(" = ")
		b.arg(value)
		b.str(" WHERE ")
		inList(b, u.fk.column, chunk)
		k, err := c.exec(u.m, "delete", b)
		if err != nil {
			return err
		}
		n += k
	}
	if value == nil || n == 0 {
		return nil
	}
	b := newSQLBuf(c.d)
	b.str("SELECT ")
	b.ident(tm.pk.column)
	b.str(" FROM ")
	b.ident(tm.table)
	b.str(" WHERE ")
	inList(b, tm.pk.column, []any{value})
	found, err := c.readKeys(tm, b)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return fmt.Errorf("sqlorm: delete: %s.%s is on_delete=%s with %s %v, and no %s row has that key; the %s rows would point at nothing: create it or change the option (%w)",
			u.m.name, u.fk.name, delName(u.fk.del), tm.name, value, tm.name, u.m.name, ErrForeignKeyViolation)
	}
	return nil
}

// relError is relError for a foreign key whose target is collected.
func (c *collector) relError(r delRel, err error) error {
	var oe *opError
	if !errors.As(err, &oe) {
		return err // the ORM's own error, which names the fields
	}
	tm, terr := r.fk.targetInfo(r.m)
	if terr != nil {
		return err
	}
	return relError(tm, r, err)
}

// delName is the on_delete option as the tag spells it.
func delName(a delAction) string {
	switch a {
	case delCascade:
		return "cascade"
	case delProtect:
		return "protect"
	case delRestrict:
		return "restrict"
	case delSetNull:
		return "set_null"
	case delSetDefault:
		return "set_default"
	case delSet:
		return "set(N)"
	}
	return "do_nothing"
}

// relError says which foreign key a database error met while deleting
// rows of target concerns: "sqlorm: delete Category (Product.category,
// on_delete=cascade): no such table: product". A model whose metadata is
// built must have its table wherever its target's rows are deleted, as
// in Django.
func relError(target *modelInfo, r delRel, err error) error {
	var oe *opError
	if errors.As(err, &oe) {
		err = oe.err
	}
	return &opError{op: "delete", model: target.name + " (" + r.m.name + "." + r.fk.name + ", on_delete=" + delName(r.fk.del) + ")", err: err}
}

// sorted orders the collected models so that each comes after the models
// whose rows must go first (Django's Collector.sort), counting the
// nullable cascades too when withSoft; models in a cycle keep their
// collection order after the others, and cyclic reports that there was
// one. A model referring to itself is no cycle: its rows are deleted the
// last found first.
func (c *collector) sorted(withSoft bool) (order []*modelInfo, cyclic bool) {
	out := make([]*modelInfo, 0, len(c.order))
	placed := map[*modelInfo]bool{}
	waits := func(m *modelInfo, deps map[*modelInfo]map[*modelInfo]bool) bool {
		for dep := range deps[m] {
			if dep != m && !placed[dep] && c.data[dep] != nil {
				return true
			}
		}
		return false
	}
	for len(out) < len(c.order) {
		found := false
		for _, m := range c.order {
			if placed[m] {
				continue
			}
			ready := !waits(m, c.deps) && !(withSoft && waits(m, c.soft))
			if ready {
				out = append(out, m)
				placed[m] = true
				found = true
			}
		}
		if !found {
			cyclic = true
			for _, m := range c.order {
				if !placed[m] {
					out = append(out, m)
					placed[m] = true
				}
			}
		}
	}
	return out, cyclic
}

// collectAndDelete deletes the rows of m whose keys roots returns, and
// everything their foreign keys' on_delete entails, in one atomic block.
// It returns the rows deleted per model.
func collectAndDelete(ctx context.Context, db *sql.DB, d dialect.Dialect, m *modelInfo, roots func(ctx context.Context) ([]any, error)) (map[string]int64, error) {
	var counts map[string]int64
	err := Atomic(ctx, db, func(ctx context.Context) error {
		keys, err := roots(ctx)
		if err != nil || len(keys) == 0 {
			counts = map[string]int64{}
			return err
		}
		c := newCollector(ctx, db, d)
		if err := c.collect(m, keys, nil, false); err != nil {
			return err
		}
		if err := c.checkRestricted(); err != nil {
			return err
		}
		if err := c.run(); err != nil {
			return err
		}
		counts = c.counts
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}
