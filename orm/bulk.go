package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
)

// BulkOption changes what BulkCreate and BulkUpdate do; see BatchSize,
// IgnoreConflicts and UpdateConflicts.
type BulkOption func(*bulkOptions)

type bulkOptions struct {
	batchSize       int
	batchSet        bool
	ignoreConflicts bool
	updateConflicts bool
	uniqueFields    []string
	updateFields    []string
}

// BatchSize makes BulkCreate and BulkUpdate send at most n rows per
// statement (Django's batch_size). It is lowered, never raised, to what
// the dialect's bind-parameter limit allows. n must be positive.
func BatchSize(n int) BulkOption {
	return func(o *bulkOptions) { o.batchSize, o.batchSet = n, true }
}

// IgnoreConflicts makes BulkCreate skip rows that would violate a unique
// constraint instead of failing (Django's ignore_conflicts): INSERT OR
// IGNORE on SQLite, ON CONFLICT DO NOTHING on PostgreSQL, INSERT IGNORE on
// MySQL/MariaDB (which also ignores other errors, such as a value too long,
// as MySQL does). Primary keys are not set, since the database does not say
// which rows went in. Oracle cannot do it: an error wrapping
// dialect.ErrUnsupported.
func IgnoreConflicts() BulkOption { return func(o *bulkOptions) { o.ignoreConflicts = true } }

// UpdateConflicts makes BulkCreate update the existing row when a row
// would violate a unique constraint (an upsert; Django's
// update_conflicts): the updateFields of the existing row take the new
// row's values. uniqueFields name the unique constraint's fields (the
// conflict target, required by PostgreSQL and SQLite: ON CONFLICT (...) DO
// UPDATE); MySQL/MariaDB (ON DUPLICATE KEY UPDATE) react to any unique key
// and ignore them. Oracle cannot do it: an error wrapping
// dialect.ErrUnsupported.
func UpdateConflicts(uniqueFields []string, updateFields ...string) BulkOption {
	return func(o *bulkOptions) {
		o.updateConflicts = true
		o.uniqueFields = append([]string{}, uniqueFields...)
		o.updateFields = append([]string{}, updateFields...)
	}
}

// BulkCreate inserts objs with as few statements as possible — one
// multi-row INSERT per batch — and sets their primary keys where the
// database can return them (PostgreSQL, SQLite and MariaDB through
// RETURNING; not Oracle, nor with IgnoreConflicts): Django's
// bulk_create().
//
// As in Django, BeforeSave and AfterSave are not called; fields that have
// a default and hold their zero value get it, and auto_now and
// auto_now_add fields are set to the current time, as Create does. Objects
// whose primary key is already set are inserted with it. A batch holds at
// most BatchSize rows and never more than the dialect's bind-parameter
// limit allows (MaxParams / the number of columns); several batches run in
// one transaction (Atomic), so a failure inserts nothing. objs are updated
// in place. An empty objs sends nothing.
//
// With UpdateConflicts on PostgreSQL, SQLite and MariaDB every object gets
// the key of the row it inserted or updated.
func (qs *QuerySet[T]) BulkCreate(ctx context.Context, objs []T, opts ...BulkOption) error {
	qs = qs.forWrite(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return err
	}
	o, err := bulkOpts(m, opts)
	if err != nil {
		return err
	}
	plan, err := m.bulkInsertPlan(d, o)
	if err != nil {
		return err
	}
	if len(objs) == 0 {
		return nil
	}
	now := nowUTC()
	var withPK, withoutPK []int
	for i := range objs {
		p := unsafe.Pointer(&objs[i])
		if ls := m.loaded(p); ls != nil {
			return m.partialError("BulkCreate of object "+strconv.Itoa(i), ls)
		}
		m.applyDefaults(p, true)
		for _, f := range m.autoNowAddFields {
			f.setTime(p, now)
		}
		for _, f := range m.autoNowFields {
			f.setTime(p, now)
		}
		if m.pk.auto && m.pk.keyIsZero(p) {
			withoutPK = append(withoutPK, i)
		} else {
			withPK = append(withPK, i)
		}
	}
	type batch struct {
		fields []*field
		idx    []int
	}
	var batches []batch
	for _, g := range []struct {
		fields []*field
		idx    []int
	}{{s.insertPKFields, withPK}, {s.insertFields, withoutPK}} {
		if len(g.idx) == 0 {
			continue
		}
		size := bulkBatchSize(d, len(g.fields), o)
		for chunk := range slices.Chunk(g.idx, size) {
			batches = append(batches, batch{g.fields, chunk})
		}
	}
	run := func(ctx context.Context) error {
		for _, b := range batches {
			if err := m.insertBatch(ctx, qs.db, d, s, plan, b.fields, objs, b.idx); err != nil {
				return err
			}
		}
		return nil
	}
	if len(batches) == 1 {
		return run(ctx)
	}
	return Atomic(ctx, qs.db, run)
}

// bulkBatchSize is the number of rows per statement: the user's batch
// size, lowered to what the bind-parameter limit allows.
func bulkBatchSize(d dialect.Dialect, paramsPerRow int, o bulkOptions) int {
	size := d.MaxParams() / max(paramsPerRow, 1)
	if o.batchSet && o.batchSize < size {
		size = o.batchSize
	}
	return max(size, 1)
}

func bulkOpts(m *modelInfo, opts []BulkOption) (bulkOptions, error) {
	var o bulkOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.batchSet && o.batchSize <= 0 {
		return o, queryError("%s: BatchSize(%d): the batch size must be a positive integer", m.name, o.batchSize)
	}
	if o.ignoreConflicts && o.updateConflicts {
		return o, queryError("%s: IgnoreConflicts and UpdateConflicts are mutually exclusive", m.name)
	}
	return o, nil
}

// insertPlan is the conflict handling of a bulk insert for one dialect.
type insertPlan struct {
	verb      string // "INSERT INTO", "INSERT OR IGNORE INTO", "INSERT IGNORE INTO"
	suffix    string // ON CONFLICT ... / ON DUPLICATE KEY UPDATE ...
	returning bool   // RETURNING the key
}

func (m *modelInfo) bulkInsertPlan(d dialect.Dialect, o bulkOptions) (insertPlan, error) {
	p := insertPlan{verb: "INSERT INTO", returning: d.Has(dialect.Returning) && !o.ignoreConflicts}
	q := func(name string) string { return string(d.AppendQuote(nil, name)) }
	switch {
	case o.ignoreConflicts:
		switch {
		case d.Traits().InsertIgnore != "":
			p.verb = d.Traits().InsertIgnore
		case d.Has(dialect.OnConflict):
			p.suffix = " ON CONFLICT DO NOTHING"
		default:
			return p, fmt.Errorf("sqlorm: %s: BulkCreate: %s cannot ignore conflicts: %w", m.name, d.Name(), dialect.ErrUnsupported)
		}
	case o.updateConflicts:
		if len(o.updateFields) == 0 {
			return p, queryError("%s: UpdateConflicts needs the fields to update", m.name)
		}
		var upd []string
		for _, n := range o.updateFields {
			f, _ := fieldOf(m, n)
			if f == nil {
				return p, queryError("%s: UpdateConflicts: no field %q; choices are %s", m.name, n, m.fieldList())
			}
			if f.primary {
				return p, queryError("%s: UpdateConflicts cannot update the primary key (%s)", m.name, n)
			}
			upd = append(upd, f.column)
		}
		var uniq []string
		for _, n := range o.uniqueFields {
			f, _ := fieldOf(m, n)
			if f == nil {
				return p, queryError("%s: UpdateConflicts: no unique field %q; choices are %s", m.name, n, m.fieldList())
			}
			uniq = append(uniq, f.column)
		}
		var b strings.Builder
		switch {
		case d.Has(dialect.OnConflict):
			if len(uniq) == 0 {
				return p, queryError("%s: UpdateConflicts on %s needs the unique fields of the conflict", m.name, d.Name())
			}
			b.WriteString(" ON CONFLICT (")
			for i, c := range uniq {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(q(c))
			}
			b.WriteString(") DO UPDATE SET ")
			for i, c := range upd {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(q(c) + " = EXCLUDED." + q(c))
			}
		case d.Has(dialect.OnDuplicateKey):
			b.WriteString(" ON DUPLICATE KEY UPDATE ")
			for i, c := range upd {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(q(c) + " = VALUES(" + q(c) + ")")
			}
		default:
			return p, fmt.Errorf("sqlorm: %s: BulkCreate: %s cannot update conflicts: %w", m.name, d.Name(), dialect.ErrUnsupported)
		}
		p.suffix = b.String()
	}
	return p, nil
}

// insertBatch inserts the objects objs[idx...] with one statement.
func (m *modelInfo) insertBatch(ctx context.Context, db *sql.DB, d dialect.Dialect, s *stmtSet, plan insertPlan, fields []*field, objs any, idx []int) error {
	if len(fields) == 0 {
		// Only an auto key: one DEFAULT VALUES row per object.
		return m.insertDefaults(ctx, db, d, s, objs, idx)
	}
	base := reflect.ValueOf(objs)
	ptr := func(i int) unsafe.Pointer { return base.Index(i).Addr().UnsafePointer() }
	b := new(sqlBuf)
	b.Reset(d, nil, make([]any, 0, len(fields)*len(idx)))
	b.str(plan.verb)
	b.str(" ")
	b.ident(m.table)
	b.str(" (")
	for i, f := range fields {
		if i > 0 {
			b.str(", ")
		}
		b.ident(f.column)
	}
	b.str(")")
	unionRows := d.Traits().InsertSelectRows // INSERT ... SELECT ... UNION ALL SELECT
	if !unionRows {
		b.str(" VALUES ")
	}
	n := 0
	for r, i := range idx {
		switch {
		case unionRows && r > 0:
			b.str(" UNION ALL SELECT ")
		case unionRows:
			b.str(" SELECT ")
		case r > 0:
			b.str(", (")
		default:
			b.str("(")
		}
		p := ptr(i)
		for j, f := range fields {
			if j > 0 {
				b.str(", ")
			}
			v, err := f.storeValue(&s.vs, p)
			if err != nil {
				return err
			}
			n++
			b.AddArg(v)
			b.placeholder(n)
		}
		if unionRows {
			b.str(" FROM DUAL")
		} else {
			b.str(")")
		}
	}
	b.str(plan.suffix)
	// With UpdateConflicts the key of every row comes back, inserted or
	// updated.
	returning := plan.returning && m.pk.auto && !containsField(fields, m.pk)
	if !returning {
		if _, err := execContext(ctx, db, b.String(), b.Args()...); err != nil {
			return m.dbError("bulk insert", d, err)
		}
		return nil
	}
	b.str(" RETURNING ")
	b.ident(m.pk.column)
	rows, err := queryContext(ctx, db, b.String(), b.Args()...)
	if err != nil {
		return m.dbError("bulk insert", d, err)
	}
	defer rows.Close()
	sc := &fieldScanner{f: m.pk, rs: s.vs.read()}
	k := 0
	for rows.Next() {
		if k >= len(idx) {
			return fmt.Errorf("sqlorm: bulk insert %s: the database returned more keys than rows", m.name)
		}
		sc.p = ptr(idx[k])
		if err := rows.Scan(sc); err != nil {
			return fmt.Errorf("sqlorm: bulk insert %s: reading the keys: %w", m.name, err)
		}
		k++
	}
	if err := rows.Err(); err != nil {
		return m.dbError("bulk insert", d, err)
	}
	if k != len(idx) {
		return fmt.Errorf("sqlorm: bulk insert %s: the database returned %d keys for %d rows", m.name, k, len(idx))
	}
	return nil
}

// insertDefaults inserts key-only objects one by one.
func (m *modelInfo) insertDefaults(ctx context.Context, db *sql.DB, d dialect.Dialect, s *stmtSet, objs any, idx []int) error {
	base := reflect.ValueOf(objs)
	for _, i := range idx {
		if err := m.insert(ctx, db, d, s, base.Index(i).Addr().UnsafePointer()); err != nil {
			return err
		}
	}
	return nil
}

// BulkUpdate writes the named fields of objs to their rows, with one UPDATE
// per batch (SET f = CASE WHEN pk = ... THEN ... END ... WHERE pk IN
// (...)), and returns the number of rows matched: Django's bulk_update().
// Every object must have its primary key set; the key itself cannot be
// updated. No hooks run and auto_now fields are not touched unless named,
// as in Django. Batches hold at most BatchSize objects and stay within the
// dialect's parameter limit; several run in one transaction. Only
// BatchSize applies. On MySQL the count needs CLIENT_FOUND_ROWS (see
// QuerySet.Update). An empty objs sends nothing.
func (qs *QuerySet[T]) BulkUpdate(ctx context.Context, objs []T, fields []string, opts ...BulkOption) (int64, error) {
	qs = qs.forWrite(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return 0, err
	}
	o, err := bulkOpts(m, opts)
	if err != nil {
		return 0, err
	}
	if o.ignoreConflicts || o.updateConflicts {
		return 0, queryError("%s: BulkUpdate takes only BatchSize", m.name)
	}
	if len(fields) == 0 {
		return 0, queryError("%s: BulkUpdate needs the fields to update", m.name)
	}
	var fs []*field
	for _, n := range fields {
		f, _ := fieldOf(m, n)
		if f == nil {
			return 0, queryError("%s: BulkUpdate: no field %q; choices are %s", m.name, n, m.fieldList())
		}
		if f.primary {
			return 0, queryError("%s: BulkUpdate cannot update the primary key (%s)", m.name, n)
		}
		if !containsField(fs, f) {
			fs = append(fs, f)
		}
	}
	for i := range objs {
		p := unsafe.Pointer(&objs[i])
		if m.pk.keyIsZero(p) {
			return 0, queryError("%s: BulkUpdate: object %d has no primary key; every object must have been saved", m.name, i)
		}
		if ls := m.loaded(p); ls != nil {
			for _, f := range fs {
				if !containsField(ls.fields, f) && !f.autoNow {
					return 0, queryError("%s: BulkUpdate: object %d was loaded without %s (Only, Defer or Raw), and updating it would write its zero value; load it, or leave it out of the fields", m.name, i, f.name)
				}
			}
		}
	}
	if len(objs) == 0 || qs.none {
		return 0, nil
	}
	var casts map[*field]string
	if d.Traits().CastParams {
		// PostgreSQL types a CASE's parameters as text unless told.
		if casts, err = m.castTypes(d, fs); err != nil {
			return 0, err
		}
	}
	size := bulkBatchSize(d, 2*len(fs)+1, o)
	var total int64
	run := func(ctx context.Context) error {
		for chunk := range slices.Chunk(objs, size) {
			n, err := m.updateBatch(ctx, qs.db, d, s, fs, casts, chunk)
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	}
	if len(objs) <= size {
		err = run(ctx)
	} else {
		err = Atomic(ctx, qs.db, run)
	}
	if err != nil {
		return 0, err
	}
	return total, nil
}

// castTypes returns the column type of each field, for CAST.
func (m *modelInfo) castTypes(d dialect.Dialect, fs []*field) (map[*field]string, error) {
	t, err := m.schema()
	if err != nil {
		return nil, err
	}
	out := map[*field]string{}
	for _, f := range fs {
		for _, c := range t.Columns {
			if c.Name == f.column {
				c.Primary, c.Null, c.Unique, c.HasDefault, c.Default, c.Choices = false, true, false, false, nil, nil
				ct, err := d.ColumnType(c)
				if err != nil {
					return nil, err
				}
				out[f] = ct
			}
		}
	}
	return out, nil
}

func (m *modelInfo) updateBatch(ctx context.Context, db *sql.DB, d dialect.Dialect, s *stmtSet, fs []*field, casts map[*field]string, objs any) (int64, error) {
	rv := reflect.ValueOf(objs)
	n := rv.Len()
	keys := make([]any, n)
	for i := range n {
		k, err := m.pk.value(&s.vs, rv.Index(i).Addr().UnsafePointer())
		if err != nil {
			return 0, err
		}
		keys[i] = k
	}
	b := newSQLBuf(d)
	b.str("UPDATE ")
	var marks updMarks
	marks.table = b.mark()
	b.ident(m.table)
	marks.set = b.mark()
	b.str(" SET ")
	for j, f := range fs {
		if j > 0 {
			b.str(", ")
		}
		b.ident(f.column)
		b.str(" = CASE")
		for i := range n {
			b.str(" WHEN ")
			b.col(m.table, m.pk.column)
			b.str(" = ")
			b.arg(keys[i])
			b.str(" THEN ")
			v, err := f.storeValue(&s.vs, rv.Index(i).Addr().UnsafePointer())
			if err != nil {
				return 0, err
			}
			if ct, ok := casts[f]; ok {
				b.str("CAST(")
				b.arg(v)
				b.str(" AS " + ct + ")")
			} else {
				b.arg(v)
			}
		}
		b.str(" ELSE NULL END")
	}
	marks.where = b.mark()
	b.str(" WHERE ")
	b.col(m.table, m.pk.column)
	b.str(" IN (")
	for i := range n {
		if i > 0 {
			b.str(", ")
		}
		b.arg(keys[i])
	}
	b.str(")")
	if !matchedRowsReported(db, d) {
		return m.updateMatched(ctx, db, d, stmt{sql: b.String(), args: b.Args(), update: marks})
	}
	res, err := execContext(ctx, db, b.String(), b.Args()...)
	if err != nil {
		return 0, m.dbError("bulk update", d, err)
	}
	c, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlorm: bulk update %s: rows affected: %w", m.name, err)
	}
	return c, nil
}

// GetOrCreate returns the row matching lookup, or creates one: Django's
// get_or_create(). created reports which. The new object has the lookup's
// plain field values (keys without "__") and then defaults, and is
// inserted with Create (defaults of the model, auto times, BeforeSave and
// AfterSave) inside Atomic — a savepoint when ctx is in a transaction.
//
// It stays correct when several goroutines or processes race on the same
// key, provided a unique constraint covers the lookup: the loser's insert
// fails with a unique violation, and GetOrCreate then returns the winner's
// row (created false). Several matching rows are an error wrapping
// ErrMultipleObjectsReturned; names that are not fields of the model are
// an error wrapping ErrInvalidQuery.
func (qs *QuerySet[T]) GetOrCreate(ctx context.Context, lookup Q, defaults Set) (obj *T, created bool, err error) {
	qs = qs.forWrite(ctx)
	m, _, _, err := qs.prepare(ctx)
	if err != nil {
		return nil, false, err
	}
	if err := checkSetFields(m, "GetOrCreate", lookup, defaults); err != nil {
		return nil, false, err
	}
	obj, err = qs.Get(ctx, lookup)
	if err == nil {
		return obj, false, nil
	}
	if !errors.Is(err, ErrDoesNotExist) {
		return nil, false, err
	}
	return qs.createFrom(ctx, m, lookup, defaults, qs)
}

// createFrom creates an object from lookup and defaults; on a unique
// violation it gets the row that won the race with again.
func (qs *QuerySet[T]) createFrom(ctx context.Context, m *modelInfo, lookup Q, defaults Set, getter *QuerySet[T]) (*T, bool, error) {
	obj := new(T)
	p := unsafe.Pointer(obj)
	for _, k := range slices.Sorted(maps.Keys(lookup)) {
		if strings.Contains(k, "__") {
			continue
		}
		if err := m.assign(p, k, lookup[k]); err != nil {
			return nil, false, err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(defaults)) {
		if err := m.assign(p, k, defaults[k]); err != nil {
			return nil, false, err
		}
	}
	err := Atomic(ctx, qs.db, func(ctx context.Context) error { return qs.Create(ctx, obj) })
	if err == nil {
		return obj, true, nil
	}
	if errors.Is(err, ErrUniqueViolation) {
		if again, gerr := getter.Get(ctx, lookup); gerr == nil {
			return again, false, nil
		}
	}
	return nil, false, err
}

// UpdateOrCreate updates the row matching lookup with defaults, or creates
// it: Django's update_or_create(). In one transaction (Atomic) it reads
// the row with SelectForUpdate (so concurrent calls on the same row queue
// up), sets the fields in defaults and saves only those (and auto_now
// fields) with Save and UpdateFields; or, when there is no row, creates one
// as GetOrCreate does, and when that insert loses a race (a unique
// violation) updates the winner's row instead. created reports whether the
// row was inserted.
//
// On MySQL/MariaDB two first calls for the same missing row can deadlock:
// SELECT ... FOR UPDATE of a missing row takes a gap lock, and both
// inserts then wait on each other (Django has the same problem). The
// server aborts one transaction; when UpdateOrCreate began that
// transaction itself (ctx carries none) it runs it again, up to 10 times
// (Retry); inside the caller's transaction the deadlock error is returned,
// for the caller's own Atomic with Retry to handle.
func (qs *QuerySet[T]) UpdateOrCreate(ctx context.Context, lookup Q, defaults Set) (obj *T, created bool, err error) {
	qs = qs.forWrite(ctx)
	m, _, _, err := qs.prepare(ctx)
	if err != nil {
		return nil, false, err
	}
	if err := checkSetFields(m, "UpdateOrCreate", lookup, defaults); err != nil {
		return nil, false, err
	}
	locked := qs.SelectForUpdate()
	err = Atomic(ctx, qs.db, func(ctx context.Context) error {
		obj, created = nil, false
		o, err := locked.Get(ctx, lookup)
		if errors.Is(err, ErrDoesNotExist) {
			o, created, err = qs.createFrom(ctx, m, lookup, defaults, locked)
			if err != nil || created {
				obj = o
				return err
			}
		}
		if err != nil {
			return err
		}
		p := unsafe.Pointer(o)
		names := make([]string, 0, len(defaults)+len(m.autoNowFields))
		for _, k := range slices.Sorted(maps.Keys(defaults)) {
			if err := m.assign(p, k, defaults[k]); err != nil {
				return err
			}
			names = append(names, k)
		}
		if len(names) > 0 {
			for _, f := range m.autoNowFields {
				names = append(names, f.name)
			}
			if err := Save(ctx, qs.db, o, UpdateFields(names...)); err != nil {
				return err
			}
		}
		obj = o
		return nil
	}, Retry(10))
	if err != nil {
		return nil, false, err
	}
	return obj, created, nil
}

// checkSetFields checks that defaults name fields of m, and that lookup
// keys without "__" do.
func checkSetFields(m *modelInfo, what string, lookup Q, defaults Set) error {
	for k := range lookup {
		if strings.Contains(k, "__") {
			continue
		}
		if f, _ := fieldOf(m, k); f == nil {
			return queryError("%s: %s: invalid field name %q in the lookup; choices are %s", m.name, what, k, m.fieldList())
		}
	}
	for k, v := range defaults {
		if f, _ := fieldOf(m, k); f == nil {
			return queryError("%s: %s: invalid field name %q in defaults; choices are %s", m.name, what, k, m.fieldList())
		}
		if _, ok := exprOf(v); ok {
			return queryError("%s: %s: defaults[%q] is an Expr; give a value", m.name, what, k)
		}
	}
	if len(defaults) == 0 {
		return nil
	}
	// Each default meets its field now, before the first query: a value
	// of the wrong kind must not wait for the row to be missing.
	scratch := reflect.New(m.typ).UnsafePointer()
	for k, v := range defaults {
		if err := m.assign(scratch, k, v); err != nil {
			return fmt.Errorf("%s: defaults[%q]: %w", what, k, err)
		}
	}
	return nil
}

// assign sets the field called name of the struct at p to v, converted as
// queryValue converts a value written to the field (prep.go): nil to NULL
// where the field can hold it, a value of the field's type or base type, or
// a value of another Go type that means a value of the field (integers and
// integer text for integer fields, text and numbers for decimals, a *T,
// FK[T] or integer key for a foreign key, ...); anything else is an error
// wrapping ErrInvalidQuery.
func (m *modelInfo) assign(p unsafe.Pointer, name string, v any) error {
	f, _ := fieldOf(m, name)
	if f == nil {
		return queryError("%s: no field %q; choices are %s", m.name, name, m.fieldList())
	}
	fv := reflect.NewAt(f.typ, f.ptr(p)).Elem()
	setNull := func() error {
		if !f.canHoldNull() {
			return queryError("%s.%s: cannot set %s to nil", m.name, f.goName, f.typ)
		}
		fv.SetZero()
		return nil
	}
	if v == nil {
		return setNull()
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.Type() == f.typ:
		fv.Set(rv)
		return nil
	case rv.Type() == f.base:
		f.setBase(p, rv)
		return nil
	case f.fkTarget != nil:
		id, err := f.keyValue(v, rv)
		if err != nil {
			return err
		}
		if id == nil {
			return setNull()
		}
		f.setBase(p, reflect.ValueOf(id))
		return nil
	case rv.Kind() == reflect.Pointer:
		if rv.IsNil() {
			return setNull()
		}
		return m.assign(p, name, rv.Elem().Interface())
	}
	bv, err := f.toBase(v, rv)
	if err != nil {
		return err
	}
	f.setBase(p, bv)
	return nil
}
