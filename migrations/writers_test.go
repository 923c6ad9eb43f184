package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
)

// writer inserts rows into t, one statement each, on a pool of its own,
// until stopped, and remembers every id whose INSERT the database
// acknowledged.
type writer struct {
	db     *sql.DB
	d      dialect.Dialect
	acked  []int64
	errs   []error
	count  atomic.Int64 // acknowledged so far
	stop   chan struct{}
	wg     sync.WaitGroup
	nextID int64
}

func startWriter(t *testing.T, db *sql.DB, d dialect.Dialect, firstID int64) *writer {
	w := &writer{db: db, d: d, stop: make(chan struct{}), nextID: firstID}
	q := fmt.Sprintf("INSERT INTO t (id, v, n) VALUES (%s, %s, %s)", d.Placeholder(1), d.Placeholder(2), d.Placeholder(3))
	w.wg.Go(func() {
		for {
			select {
			case <-w.stop:
				return
			default:
			}
			id := w.nextID
			w.nextID++
			if _, err := db.Exec(q, id, fmt.Sprintf("written %d", id), id%100); err != nil {
				w.errs = append(w.errs, err)
				continue
			}
			w.acked = append(w.acked, id)
			w.count.Add(1)
			// A busy writer, not a hog: SQLite's busy handler polls, so a
			// writer that never pauses starves the rewrite's BEGIN IMMEDIATE
			// for seconds.
			time.Sleep(200 * time.Microsecond)
		}
	})
	return w
}

// waitFor waits until n more inserts have been acknowledged.
func (w *writer) waitFor(t *testing.T, n int64) {
	t.Helper()
	target := w.count.Load() + n
	for w.count.Load() < target {
		select {
		case <-w.stop:
			t.Fatal("the writer stopped")
		default:
		}
		time.Sleep(time.Millisecond)
	}
}

func (w *writer) halt() {
	close(w.stop)
	w.wg.Wait()
}

// TestRewriteKeepsConcurrentWrites: rows inserted by another session
// while ChangeColumnType and RecreateTable rewrite the table are all in the
// rewritten table, on every backend. A copy-and-swap that copied first and
// swapped later would lose the rows written in between (MySQL/MariaDB);
// a transaction that copied under a snapshot would lose the rows committed
// after it (PostgreSQL).
func TestRewriteKeepsConcurrentWrites(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		fresh := b.Fresh(t)
		db := fresh.OpenDirect(t)
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		seedKillTable(t, db, d)
		wdb := fresh.OpenDirect(t)
		wdb.SetMaxOpenConns(1)
		totalAcked := 0
		for round, text := range []bool{true, false} {
			w := startWriter(t, wdb, d, int64(1_000_000*(round+1)))
			w.waitFor(t, 5) // writing before the rewrite starts
			before := w.count.Load()
			if text {
				err = migrations.ChangeColumnType(ctx, db, "t", killTable(true).Columns[1])
			} else {
				err = migrations.RecreateTable(ctx, db, killTable(false), []string{"id", "v", "n"})
			}
			during := w.count.Load() - before
			w.waitFor(t, 5) // and after it
			w.halt()
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			totalAcked += len(w.acked)
			present := map[int64]bool{}
			rows, err := db.Query(fmt.Sprintf("SELECT id FROM t WHERE id >= %d", 1_000_000*(round+1)))
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				present[id] = true
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
			missing := 0
			var firstMissing int64
			for _, id := range w.acked {
				if !present[id] {
					if missing == 0 {
						firstMissing = id
					}
					missing++
				}
			}
			t.Logf("round %d: %d inserts acknowledged (%d while the rewrite ran), %d failed", round, len(w.acked), during, len(w.errs))
			if missing > 0 {
				t.Errorf("round %d: %d of %d acknowledged inserts are missing after the rewrite (the first: id %d)", round, missing, len(w.acked), firstMissing)
			}
			for i, e := range w.errs {
				if i < 3 {
					t.Errorf("round %d: an insert failed during the rewrite: %v", round, e)
				}
			}
			var total int
			if err := db.QueryRow("SELECT COUNT(*) FROM t").Scan(&total); err != nil {
				t.Fatal(err)
			}
			if want := killRows + totalAcked; total != want {
				t.Errorf("round %d: %d rows, want %d", round, total, want)
			}
		}
	})
}
