package orm

import (
	"context"
	"iter"
	"unsafe"

	"github.com/sqlorm/sqlorm/dialect"
)

// Iterator runs the query and yields its rows one at a time, in the
// QuerySet's ordering, without holding them all: Django's iterator().
// Memory use stays constant however many rows there are: one row is
// decoded at a time into a reused buffer and handed to the loop as a copy,
// while the driver streams the result (pgx, go-sql-driver/mysql and
// go-sqlite3 all read rows from the server as they are consumed).
//
//	for p, err := range products.Filter(orm.Q{"status": "draft"}).Iterator(ctx, 1000) {
//		if err != nil {
//			return err
//		}
//		process(p)
//	}
//
// chunkSize is Django's chunk_size and must be positive: a chunk size of
// zero or less yields one error wrapping ErrInvalidQuery and sends nothing.
// Because the drivers stream, it does not change what is read or kept,
// except with PrefetchRelated.
//
// SelectRelated objects are loaded with each row, as All loads them. With
// PrefetchRelated (Django 4.1+), Iterator reads chunkSize rows, prefetches
// their relations (one query per relation and level for the chunk), yields
// them and reads the next chunk: memory is bounded by the chunk, and a
// relation costs ceil(rows/chunkSize) queries. The prefetch queries run on
// a second connection of the pool while the first still streams the rows,
// so Iterator with PrefetchRelated is refused (an error wrapping
// ErrInvalidQuery, nothing sent) inside a transaction (one connection) and
// on a *sql.DB limited to one open connection, where it would deadlock;
// use All there. Iterator after Annotate is refused too: it yields bare
// objects; use AllAnnotated.
//
// An error (building the query, running it, decoding a row) is yielded
// once, with the zero T, and ends the iteration. Breaking out of the loop
// closes the result at once. The statement holds its connection until the
// loop ends: inside a transaction (one connection), run no other query
// from the loop body while iterating.
func (qs *QuerySet[T]) Iterator(ctx context.Context, chunkSize int) iter.Seq2[T, error] {
	qs, ctx = qs.forRead(ctx)
	return func(yield func(T, error) bool) {
		var zero T
		if chunkSize <= 0 {
			yield(zero, queryError("%s: Iterator: the chunk size must be strictly positive, not %d", typeNameOf[T](), chunkSize))
			return
		}
		m, d, s, err := qs.prepare(ctx)
		if err != nil {
			yield(zero, err)
			return
		}
		if len(qs.annots) > 0 {
			yield(zero, queryError("%s: Iterator yields objects without their annotations; use AllAnnotated", m.name))
			return
		}
		if qs.related() {
			iterRelated(ctx, &qs.query, m, d, s, chunkSize, yield)
			return
		}
		if err := qs.lock.check(ctx, qs.db, d); err != nil {
			yield(zero, err)
			return
		}
		st, err := qs.selectRows(m, d, s, rowsSpec{ordered: true, limit: qs.limit, offset: qs.offset, lock: true})
		if err != nil {
			yield(zero, err)
			return
		}
		if st.never {
			return
		}
		rows, err := queryContext(ctx, qs.db, st.sql, st.args...)
		if err != nil {
			yield(zero, m.dbError("iterate", d, err))
			return
		}
		defer rows.Close()
		var sc *subsetScanner
		if st.fields != nil {
			sc = newSubsetScanner(m, st.fields, s.vs.read())
		}
		buf := new(T)
		p := unsafe.Pointer(buf)
		for rows.Next() {
			*buf = zero
			if sc != nil {
				err = sc.scan(rows, p)
			} else {
				err = m.scanRow(rows, p, s.vs.read())
			}
			if err != nil {
				yield(zero, err)
				return
			}
			if !yield(*buf, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			markFailed(ctx, qs.db, err)
			yield(zero, m.dbError("iterate", d, err))
		}
	}
}

// iterRelated is Iterator for a QuerySet with SelectRelated or
// PrefetchRelated: rows are read with a rowReader, chunkSize at a time
// when there is something to prefetch.
func iterRelated[T any](ctx context.Context, q *query, m *modelInfo, d dialect.Dialect, s *stmtSet, chunkSize int, yield func(T, error) bool) {
	var zero T
	if len(q.prefetch) > 0 {
		if stateFor(ctx, q.db) != nil {
			yield(zero, queryError("%s: Iterator with PrefetchRelated needs a second connection for its prefetch queries and cannot run inside a transaction; use All", m.name))
			return
		}
		if q.db.Stats().MaxOpenConnections == 1 {
			yield(zero, queryError("%s: Iterator with PrefetchRelated needs a second connection for its prefetch queries, and the *sql.DB allows one; use All", m.name))
			return
		}
	}
	if err := q.lock.check(ctx, q.db, d); err != nil {
		yield(zero, err)
		return
	}
	if err := checkPrefetch(m, q.prefetch); err != nil {
		yield(zero, err)
		return
	}
	st, err := q.selectRows(m, d, s, rowsSpec{ordered: true, limit: q.limit, offset: q.offset, lock: true})
	if err != nil {
		yield(zero, err)
		return
	}
	if st.never {
		return
	}
	rows, err := queryContext(ctx, q.db, st.sql, st.args...)
	if err != nil {
		yield(zero, m.dbError("iterate", d, err))
		return
	}
	defer rows.Close()
	rr := newRowReader(rows, m, st, s.vs.read())
	if len(q.prefetch) == 0 {
		buf := new(T)
		for rr.next() {
			*buf = zero
			if _, err := rr.scan(unsafe.Pointer(buf)); err != nil {
				yield(zero, err)
				return
			}
			if !yield(*buf, nil) {
				return
			}
		}
	} else {
		chunk := make([]T, 0, min(chunkSize, 1024))
		var ptrs []unsafe.Pointer
		flush := func() bool {
			ptrs = ptrs[:0]
			for i := range chunk {
				ptrs = append(ptrs, unsafe.Pointer(&chunk[i]))
			}
			if err := prefetch(ctx, q.db, d, m, ptrs, q.prefetch); err != nil {
				yield(zero, err)
				return false
			}
			for _, o := range chunk {
				if !yield(o, nil) {
					return false
				}
			}
			clear(chunk)
			chunk = chunk[:0]
			return true
		}
		for rr.next() {
			chunk = append(chunk, zero)
			if _, err := rr.scan(unsafe.Pointer(&chunk[len(chunk)-1])); err != nil {
				yield(zero, err)
				return
			}
			if len(chunk) == chunkSize && !flush() {
				return
			}
		}
		if err := rows.Err(); err != nil {
			markFailed(ctx, q.db, err)
			yield(zero, m.dbError("iterate", d, err))
			return
		}
		if len(chunk) > 0 {
			flush()
		}
		return
	}
	if err := rows.Err(); err != nil {
		markFailed(ctx, q.db, err)
		yield(zero, m.dbError("iterate", d, err))
	}
}
