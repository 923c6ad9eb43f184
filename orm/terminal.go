package orm

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// Count returns the number of rows the QuerySet matches: Django's count(),
// SELECT COUNT(*). A sliced or distinct QuerySet is counted through a
// subquery, so the slice and DISTINCT count. A query that can match no row
// returns 0 without sending a statement.
func (qs *QuerySet[T]) Count(ctx context.Context) (int64, error) {
	qs, ctx = qs.forRead(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return 0, err
	}
	st, err := qs.countStmt(m, d, s)
	if err != nil || st.never {
		return 0, err
	}
	var n int64
	if err := queryRowScan(ctx, qs.db, &n, st.sql, st.args...); err != nil {
		return 0, m.dbError("count", d, err)
	}
	return n, nil
}

func (q *query) countStmt(m *modelInfo, d dialect.Dialect, s *stmtSet) (stmt, error) {
	if q.none || q.limit == 0 {
		return stmt{never: true}, nil
	}
	if q.sliced || q.distinct || len(q.annots) > 0 || q.combo != nil {
		inner, err := q.selectRows(m, d, s, rowsSpec{ordered: q.sliced, limit: q.limit, offset: q.offset})
		if err != nil || inner.never {
			return inner, err
		}
		return stmt{sql: "SELECT COUNT(*) FROM (" + inner.sql + ") subquery", args: inner.args}, nil
	}
	c := newCompiler(m, d, s, q.reg)
	if err := c.prepareConds(q.where); err != nil {
		return stmt{}, err
	}
	c.finishJoins()
	c.b.str("SELECT COUNT(*)")
	c.writeFrom()
	never, err := c.writeWhere(q.where)
	if err != nil || never {
		return stmt{never: never}, err
	}
	return stmt{sql: c.b.String(), args: c.b.Args()}, nil
}

// Exists reports whether the QuerySet matches at least one row: Django's
// exists(), SELECT 1 ... LIMIT 1. A query that can match no row returns
// false without sending a statement.
func (qs *QuerySet[T]) Exists(ctx context.Context) (bool, error) {
	qs, ctx = qs.forRead(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return false, err
	}
	st, err := qs.existsStmt(m, d, s)
	if err != nil || st.never {
		return false, err
	}
	rows, err := queryContext(ctx, qs.db, st.sql, st.args...)
	if err != nil {
		return false, m.dbError("exists", d, err)
	}
	found := rows.Next()
	if err := rows.Err(); err != nil {
		rows.Close()
		markFailed(ctx, qs.db, err)
		return false, m.dbError("exists", d, err)
	}
	return found, m.dbError("exists", d, rows.Close())
}

func (q *query) existsStmt(m *modelInfo, d dialect.Dialect, s *stmtSet) (stmt, error) {
	limit := q.capLimit(1)
	if q.none || limit == 0 {
		return stmt{never: true}, nil
	}
	if len(q.annots) > 0 || q.combo != nil {
		return q.selectRows(m, d, s, rowsSpec{limit: limit, offset: q.offset})
	}
	c := newCompiler(m, d, s, q.reg)
	if err := c.prepareConds(q.where); err != nil {
		return stmt{}, err
	}
	c.finishJoins()
	c.b.str("SELECT 1 AS ")
	c.b.ident("a")
	c.writeFrom()
	never, err := c.writeWhere(q.where)
	if err != nil || never {
		return stmt{never: never}, err
	}
	c.writeLimit(limit, q.offset)
	return stmt{sql: c.b.String(), args: c.b.Args()}, nil
}

// ordered reports whether the QuerySet has an ordering: OrderBy with keys,
// or the model's Meta.Ordering (Django's QuerySet.ordered).
func (q *query) ordered(m *modelInfo) bool {
	if q.orderSet {
		return len(q.order) > 0
	}
	return len(m.ordering) > 0
}

// First returns the first row in the QuerySet's ordering, or by primary
// key when it has none: Django's first(). An empty result is an error
// wrapping ErrDoesNotExist (Django returns None; a Go caller checks one
// error instead of a nil pointer).
func (qs *QuerySet[T]) First(ctx context.Context) (*T, error) {
	qs, ctx = qs.forRead(ctx)
	return qs.firstLast(ctx, false)
}

// Last returns the last row in the QuerySet's ordering (the first of the
// reversed ordering), or the row with the greatest primary key when it has
// none: Django's last(). An empty result is an error wrapping
// ErrDoesNotExist.
func (qs *QuerySet[T]) Last(ctx context.Context) (*T, error) {
	qs, ctx = qs.forRead(ctx)
	return qs.firstLast(ctx, true)
}

func (qs *QuerySet[T]) firstLast(ctx context.Context, last bool) (*T, error) {
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	q := qs.query
	if !q.ordered(m) {
		q.order, q.orderSet, q.reverse = []any{"pk"}, true, false
	}
	if last {
		q.reverse = !q.reverse
	}
	return one[T](ctx, &q, m, d, s)
}

// Earliest returns the row with the smallest values of fields (each may
// start with "-" to reverse it), Django's earliest(): the first row of
// OrderBy(fields...). No row is an error wrapping ErrDoesNotExist. At
// least one field is required.
func (qs *QuerySet[T]) Earliest(ctx context.Context, fields ...string) (*T, error) {
	qs, ctx = qs.forRead(ctx)
	return qs.earliestLatest(ctx, "Earliest", fields, false)
}

// Latest returns the row with the greatest values of fields, Django's
// latest(): the first row of OrderBy(fields...).Reverse(). No row is an
// error wrapping ErrDoesNotExist. At least one field is required.
func (qs *QuerySet[T]) Latest(ctx context.Context, fields ...string) (*T, error) {
	qs, ctx = qs.forRead(ctx)
	return qs.earliestLatest(ctx, "Latest", fields, true)
}

func (qs *QuerySet[T]) earliestLatest(ctx context.Context, what string, fields []string, rev bool) (*T, error) {
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	if len(fields) == 0 {
		return nil, queryError("%s: %s needs at least one field to order by", m.name, what)
	}
	if qs.sliced {
		return nil, queryError("%s: cannot change a query once a slice has been taken (Limit, Offset)", m.name)
	}
	q := qs.query
	q.order = make([]any, len(fields))
	for i, f := range fields {
		q.order[i] = f
	}
	q.orderSet, q.reverse = true, rev
	return one[T](ctx, &q, m, d, s)
}

// one runs q limited to one row and returns it.
func one[T any](ctx context.Context, q *query, m *modelInfo, d dialect.Dialect, s *stmtSet) (*T, error) {
	if q.related() {
		return getRelated[T](ctx, q, m, d, s, rowsSpec{ordered: true, limit: q.capLimit(1), offset: q.offset, lock: true}, true)
	}
	if err := q.lock.check(ctx, q.db, d); err != nil {
		return nil, err
	}
	st, err := q.selectRows(m, d, s, rowsSpec{ordered: true, limit: q.capLimit(1), offset: q.offset, lock: true})
	if err != nil {
		return nil, err
	}
	if st.never {
		return nil, m.notFound()
	}
	rows, err := queryContext(ctx, q.db, st.sql, st.args...)
	if err != nil {
		return nil, m.dbError("get", d, err)
	}
	obj, err := getOne[T](ctx, q.db, m, rows, true, st.fields, s.vs.read())
	if err != nil {
		return nil, m.dbError("get", d, err)
	}
	return obj, nil
}

// InBulk returns the matching rows whose primary key is in ids, keyed by
// primary key: Django's in_bulk(). The keys are the primary-key values as
// the struct holds them (int64 for orm.Model). A nil ids returns every
// matching row; an empty non-nil ids returns an empty map without a
// statement. Long lists are sent in several statements, each within the
// dialect's parameter limit.
func (qs *QuerySet[T]) InBulk(ctx context.Context, ids []any) (map[any]*T, error) {
	qs, ctx = qs.forRead(ctx)
	m, d, _, err := qs.prepare(ctx)
	if err != nil {
		return nil, err
	}
	if qs.sliced {
		return nil, queryError("%s: cannot use InBulk after Limit or Offset", m.name)
	}
	out := map[any]*T{}
	if ids != nil && len(ids) == 0 {
		return out, nil
	}
	add := func(rows []T) {
		for i := range rows {
			out[m.pk.valueOf(unsafe.Pointer(&rows[i]))] = &rows[i]
		}
	}
	if ids == nil {
		rows, err := qs.OrderBy().All(ctx)
		if err != nil {
			return nil, err
		}
		add(rows)
		return out, nil
	}
	batch := max(d.MaxParams()-64, 1) // room for the QuerySet's own conditions
	for chunk := range slices.Chunk(ids, batch) {
		rows, err := qs.Filter(Q{"pk__in": chunk}).OrderBy().All(ctx)
		if err != nil {
			return nil, err
		}
		add(rows)
	}
	return out, nil
}

// Delete deletes every row the QuerySet matches and returns how many rows
// it deleted, those of other models included: Django's delete(). The
// foreign keys pointing at the model are handled as their on_delete
// options say, by the ORM itself on every backend (see the package doc,
// "Deleting"): cascade deletes the referring rows too, protect and
// restrict refuse with a *ProtectedError or *RestrictedError and delete
// nothing, set_null, set_default and set(N) update the referring rows,
// do_nothing leaves them to the database; ManyToMany join rows go with
// the objects. All of it runs in one transaction (a savepoint inside an
// outer Atomic). When no foreign key but do_nothing ones points at the
// model, Delete is one DELETE statement, as before.
//
// DeletedPerModel(&m) also gives the count per model, as Django's
// delete() returns it. BeforeDelete is not called (Django's QuerySet.delete
// does not call Model.delete either). A condition across a relation
// becomes a subquery on the primary key. Delete after Limit, Offset or
// Distinct is an error, as in Django; a query that can match no row
// deletes nothing and sends no statement.
func (qs *QuerySet[T]) Delete(ctx context.Context, opts ...DeleteOption) (int64, error) {
	qs = qs.forWrite(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return 0, err
	}
	var o deleteOptions
	if len(opts) > 0 {
		if o, err = collectDeleteOptions(m.name+": Delete", opts); err != nil {
			return 0, err
		}
	}
	if !fastDeletable(m) {
		return qs.deleteCollected(ctx, m, d, s, &o)
	}
	st, err := qs.deleteStmt(m, d, s)
	if err != nil || st.never {
		if err == nil {
			o.report(map[string]int64{})
		}
		return 0, err
	}
	res, err := execContext(ctx, qs.db, st.sql, st.args...)
	if err != nil {
		return 0, m.dbError("delete", d, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlorm: %s: Delete: rows affected: %w", m.name, err)
	}
	if o.perModel != nil {
		o.report(oneCount(m, n))
	}
	return n, nil
}

// deleteCollected is Delete when rows of other models may refer to the
// matched ones: their keys are read, then the collector does the rest.
func (q *query) deleteCollected(ctx context.Context, m *modelInfo, d dialect.Dialect, s *stmtSet, o *deleteOptions) (int64, error) {
	never, err := q.deleteCheck(m)
	if err != nil || never {
		if err == nil {
			o.report(map[string]int64{})
		}
		return 0, err
	}
	c := newCompiler(m, d, s, q.reg)
	if err := c.prepareConds(q.where); err != nil {
		return 0, err
	}
	c.finishJoins()
	c.b.str("SELECT ")
	c.b.col(m.table, m.pk.column)
	c.writeFrom()
	never, err = c.writeWhere(q.where)
	if err != nil || never {
		if err == nil {
			o.report(map[string]int64{})
		}
		return 0, err
	}
	query, args := c.b.String(), c.b.Args()
	counts, err := collectAndDelete(ctx, q.db, d, m, func(ctx context.Context) ([]any, error) {
		return readKeys(ctx, q.db, d, &s.vs, m, query, args)
	})
	if err != nil {
		return 0, err
	}
	return o.report(counts), nil
}

// restricted reports whether the query's conditions limit the rows at
// all. Update and Delete refuse to run without: an empty Q, or a filter
// built key by key that stayed empty, must not become the whole table.
func (q *query) restricted() bool {
	for _, c := range q.where {
		if restricts(c) {
			return true
		}
	}
	return false
}

// deleteCheck refuses what Delete cannot do and reports a query that can
// match no row.
func (q *query) deleteCheck(m *modelInfo) (never bool, err error) {
	switch {
	case len(q.annots) > 0:
		return false, queryError("%s: Delete after Annotate is not supported; filter without the annotation, or delete by key", m.name)
	case q.sliced:
		return false, queryError("%s: cannot use Limit or Offset with Delete", m.name)
	case q.distinct:
		return false, queryError("%s: cannot call Delete after Distinct", m.name)
	case q.none:
		return true, nil
	case !q.restricted():
		return false, queryError("%s: Delete without a condition would delete every row; filter first, or say Filter(orm.AllRows()) to delete them all", m.name)
	}
	return false, nil
}

func (q *query) deleteStmt(m *modelInfo, d dialect.Dialect, s *stmtSet) (stmt, error) {
	if never, err := q.deleteCheck(m); err != nil || never {
		return stmt{never: never}, err
	}
	c := newCompiler(m, d, s, q.reg)
	if err := c.prepareConds(q.where); err != nil {
		return stmt{}, err
	}
	c.finishJoins()
	c.b.str("DELETE FROM ")
	c.b.ident(m.table)
	never, err := c.writeRestriction(q.where)
	if err != nil || never {
		return stmt{never: never}, err
	}
	return stmt{sql: c.b.String(), args: c.b.Args()}, nil
}

// writeRestriction writes the WHERE of an UPDATE or DELETE: the conditions
// themselves, or, when they need joins, the primary key IN a subquery that
// has them (through a derived table where the dialect cannot select from the
// table it changes).
func (c *compiler) writeRestriction(conds []Condition) (bool, error) {
	if len(c.joins) == 0 {
		return c.writeWhere(conds)
	}
	start := c.mark()
	c.b.str(" WHERE ")
	c.b.col(c.m.table, c.m.pk.column)
	derived := c.d.Traits().SelfSubqueryDerived
	if derived {
		c.b.str(" IN (SELECT * FROM (SELECT ")
	} else {
		c.b.str(" IN (SELECT ")
	}
	c.b.col(c.m.table, c.m.pk.column)
	c.writeFrom()
	never, err := c.writeWhere(conds)
	if err != nil || never {
		c.rewind(start)
		return never, err
	}
	if derived {
		c.b.str(") subquery)")
	} else {
		c.b.str(")")
	}
	return false, nil
}

// Update sets the fields named in set on every row the QuerySet matches,
// with one UPDATE statement, and returns the number of rows matched:
// Django's update(). A value is a Go value (converted as the field stores
// it), nil for NULL, or an Expr computed by the database from each row
// (F("views").Add(1)); an Expr may only name the model's own fields.
// Keys are field names, "pk", or a foreign key's column name; relation
// paths are an error. auto_now fields are not touched and no hooks run, as
// in Django.
//
// The count is of rows matched, also when a row already held the new
// values. MySQL and MariaDB report rows changed unless the connection sets
// CLIENT_FOUND_ROWS; there Update counts the matched rows itself, in one
// transaction with the UPDATE (the caller's inside orm.Atomic): SELECT
// COUNT(*) ... FOR UPDATE with the same conditions, then the UPDATE. A
// database opened through the sqlorm driver with clientFoundRows=true in
// its URL reports matched rows and skips the count.
//
// An empty set updates nothing and returns 0 without a statement, as does
// a query that can match no row. Update after Limit or Offset is an error.
func (qs *QuerySet[T]) Update(ctx context.Context, set Set) (int64, error) {
	qs = qs.forWrite(ctx)
	m, d, s, err := qs.prepare(ctx)
	if err != nil {
		return 0, err
	}
	st, err := qs.updateStmt(m, d, s, set)
	if err != nil || st.never {
		return 0, err
	}
	if !matchedRowsReported(qs.db, d) {
		return m.updateMatched(ctx, qs.db, d, st)
	}
	res, err := execContext(ctx, qs.db, st.sql, st.args...)
	if err != nil {
		return 0, m.dbError("update", d, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlorm: %s: Update: rows affected: %w", m.name, err)
	}
	return n, nil
}

func (q *query) updateStmt(m *modelInfo, d dialect.Dialect, s *stmtSet, set Set) (stmt, error) {
	if q.sliced {
		return stmt{}, queryError("%s: cannot update a query once a slice has been taken (Limit, Offset)", m.name)
	}
	if len(q.annots) > 0 {
		return stmt{}, queryError("%s: Update after Annotate is not supported; filter without the annotation, or update by key", m.name)
	}
	keys := slices.Sorted(maps.Keys(set))
	fields := make([]*field, len(keys))
	for i, k := range keys {
		f, _ := fieldOf(m, k)
		if f == nil {
			if _, err := lookups.Split(k); err != nil {
				return stmt{}, fmt.Errorf("%w: %s: Update: %w", ErrInvalidQuery, m.name, err)
			}
			return stmt{}, queryError("%s: Update: cannot update %q: no such field (only the model's own fields and foreign keys can be updated); choices are %s", m.name, k, m.fieldList())
		}
		for j := range i {
			if fields[j] == f {
				return stmt{}, queryError("%s: Update: %q and %q name the same column %s", m.name, keys[j], k, f.column)
			}
		}
		fields[i] = f
	}
	if len(keys) == 0 || q.none {
		return stmt{never: true}, nil
	}
	c := newCompiler(m, d, s, q.reg)
	for _, k := range keys {
		if e, ok := exprOf(set[k]); ok {
			if err := c.prepareExpr(e, false); err != nil {
				return stmt{}, fmt.Errorf("Update %q: %w", k, err)
			}
			// The values are prepared before the conditions: a join now
			// is one a value needs, which an UPDATE cannot have.
			if len(c.joins) > 0 {
				j := c.joins[0]
				return stmt{}, queryError("%s: Update %q: joined field references are not permitted (%s reaches %s through %s)", m.name, k, Expr{e}, j.m.name, j.fk.name)
			}
		}
	}
	if !q.restricted() {
		return stmt{}, queryError("%s: Update without a condition would change every row; filter first, or say Filter(orm.AllRows()) to update them all", m.name)
	}
	if err := c.prepareConds(q.where); err != nil {
		return stmt{}, err
	}
	c.finishJoins()
	c.b.str("UPDATE ")
	var marks updMarks
	marks.table = c.mark()
	c.b.ident(m.table)
	marks.set = c.mark()
	c.b.str(" SET ")
	for i, k := range keys {
		if i > 0 {
			c.b.str(", ")
		}
		f := fields[i]
		c.b.ident(f.column)
		c.b.str(" = ")
		if e, ok := exprOf(set[k]); ok {
			c.hint = f
			err := c.writeExpr(e)
			c.hint = nil
			if err != nil {
				return stmt{}, err
			}
			continue
		}
		v, err := f.writeValue(c.vs, set[k])
		if err != nil {
			return stmt{}, fmt.Errorf("%w: %s: Update %q: %w", ErrInvalidQuery, m.name, k, err)
		}
		c.b.arg(v)
	}
	marks.where = c.mark()
	never, err := c.writeRestriction(q.where)
	if err != nil || never {
		return stmt{never: never}, err
	}
	return stmt{sql: c.b.String(), args: c.b.Args(), update: marks}, nil
}
