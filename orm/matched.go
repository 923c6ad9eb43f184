package orm

import (
	"context"
	"database/sql"

	"github.com/sqlorm/sqlorm/dialect"
)

// updMarks are the positions, in an UPDATE built by updateStmt or
// updateBatch, of the
// table name, of " SET " and of the WHERE clause, so that the rows it
// matches can be counted with the same conditions and arguments.
type updMarks struct{ table, set, where mark }

// mark is the current position in b, as compiler.mark gives it.
func (b *sqlBuf) mark() mark { return mark{b.Len(), len(b.Args())} }

// matchedRowsReported reports whether RowsAffected of an UPDATE on db counts
// the rows matched (Django's update()) rather than those changed. The
// sqlorm driver knows its connections' flags (it answers for
// clientFoundRows=true on MySQL); any other driver is taken to have its
// backend's default, dialect.MatchedRowCounts.
func matchedRowsReported(db *sql.DB, d dialect.Dialect) bool {
	if r, ok := db.Driver().(interface{ ReportsMatchedRows() bool }); ok {
		return r.ReportsMatchedRows()
	}
	return d.Has(dialect.MatchedRowCounts)
}

// updateMatched runs the UPDATE st on a connection that reports changed
// rows and returns the number of rows it matched: in one transaction (the
// caller's, or its own), SELECT COUNT(*) with the UPDATE's conditions and
// FOR UPDATE, which locks the rows the UPDATE then changes, then the
// UPDATE. Rows inserted by others between the two cannot match: the
// count's locks cover the ranges its conditions scanned.
func (m *modelInfo) updateMatched(ctx context.Context, db *sql.DB, d dialect.Dialect, st stmt) (int64, error) {
	u := st.update
	count := "SELECT COUNT(*) FROM " + st.sql[u.table.b:u.set.b] + st.sql[u.where.b:] + " FOR UPDATE"
	args := st.args[u.where.args:]
	var n int64
	run := func(ctx context.Context) error {
		if err := queryRowScan(ctx, db, &n, count, args...); err != nil {
			return m.dbError("update", d, err)
		}
		if _, err := execContext(ctx, db, st.sql, st.args...); err != nil {
			return m.dbError("update", d, err)
		}
		return nil
	}
	var err error
	if stateFor(ctx, db) != nil {
		err = run(ctx)
	} else {
		err = Atomic(ctx, db, run)
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}
