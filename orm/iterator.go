package orm

import (
	"context"
	"iter"
	"unsafe"
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
// Because the drivers stream, it does not change what is read or kept;
// it is accepted so code ported from Django keeps its meaning.
//
// An error (building the query, running it, decoding a row) is yielded
// once, with the zero T, and ends the iteration. Breaking out of the loop
// closes the result at once. The statement holds its connection until the
// loop ends: inside a transaction (one connection), run no other query
// from the loop body while iterating.
func (qs *QuerySet[T]) Iterator(ctx context.Context, chunkSize int) iter.Seq2[T, error] {
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
		if qs.related() {
			yield(zero, queryError("%s: Iterator does not load SelectRelated, PrefetchRelated or Annotate yet; use All", m.name))
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
			sc = newSubsetScanner(st.fields)
		}
		buf := new(T)
		p := unsafe.Pointer(buf)
		for rows.Next() {
			*buf = zero
			if sc != nil {
				err = sc.scan(rows, p)
			} else {
				err = m.scanRow(rows, p)
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
