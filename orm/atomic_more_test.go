package orm_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// TestAtomicWriteSkewRetry is FI-PG-06: two SERIALIZABLE transactions each
// read the sum of two balances and, seeing 200 >= 150, withdraw 150 from
// their own row. One of them must fail (PostgreSQL 40001; MariaDB, whose
// SERIALIZABLE reads take shared locks, 1213); Retry re-runs it, it now
// sees 50 and does nothing. The invariant sum >= 0 holds; the attempts are
// 1 and 2.
func TestAtomicWriteSkewRetry(t *testing.T) {
	// Not SQLite: its transactions are serial, no write skew to provoke.
	testenv.RunOn(t, []string{testenv.Postgres, testenv.MySQL}, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		ids := e.newCounters(t, 100, 100)
		sum := rebind(e, "SELECT SUM(n) FROM tx_counter WHERE id IN (?, ?)")
		withdraw := rebind(e, "UPDATE tx_counter SET n = n - 150 WHERE id = ?")
		barrier := newBarrier(2)
		var attempts [2]atomic.Int32
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() {
				errs[i] = orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
					n := attempts[i].Add(1)
					rows, err := orm.ExecuteRawSQL(ctx, e.db, sum, ids[0], ids[1])
					if err != nil {
						return err
					}
					if n == 1 {
						barrier.wait()
					}
					var total int64
					switch v := rows[0][0].(type) {
					case int64:
						total = v
					case string: // MariaDB's SUM is a DECIMAL
						_, _ = fmt.Sscan(v, &total)
					}
					if total >= 150 {
						_, err = orm.Exec(ctx, e.db, withdraw, ids[i])
					}
					return err
				}, orm.Isolation(sql.LevelSerializable), orm.Retry(3), orm.RetryBackoff(time.Millisecond, 10*time.Millisecond))
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("transaction %d: %v", i, err)
			}
		}
		// One transaction commits at once; the other is retried. PostgreSQL's
		// SSI may fail the retry too while the winner is still committing,
		// so the loser can need more than one retry (Retry(3) allows three).
		got := []int32{attempts[0].Load(), attempts[1].Load()}
		slices.Sort(got)
		if got[0] != 1 || got[1] < 2 || got[1] > 4 {
			t.Fatalf("attempts %v, want one transaction run once and the other retried (2 to 4 runs)", got)
		}
		if total := e.counter(t, ids[0]) + e.counter(t, ids[1]); total != 50 {
			t.Fatalf("sum = %d, want 50 (one withdrawal)", total)
		}
	})
}

// TestAtomicTwoDatabases: an Atomic on a second database inside one on the
// first is a transaction of its own (Django's using=), and statements on
// the first database made with the inner context still run in the first
// transaction.
func TestAtomicTwoDatabases(t *testing.T) {
	b := testenv.Lookup(t, testenv.SQLite)
	one, two := newTxEnv(t, b), newTxEnv(t, b)
	bg := context.Background()
	err := orm.Atomic(bg, one.db, func(ctx context.Context) error {
		one.mustCreate(t, ctx, "one-outer")
		if err := orm.Atomic(ctx, two.db, func(ctx context.Context) error {
			two.mustCreate(t, ctx, "two")
			one.mustCreate(t, ctx, "one-inner") // still the first transaction
			return nil
		}); err != nil {
			return err
		}
		return errBoom
	})
	wantErr(t, "Atomic", err, errBoom)
	if got := one.names(t, bg); len(got) != 0 {
		t.Fatalf("first database holds %q after its rollback", got)
	}
	if got := two.names(t, bg); !slices.Equal(got, []string{"two"}) {
		t.Fatalf("second database holds %q, want its own commit", got)
	}
}

// TestAtomicGoexit: a function that ends its goroutine (t.FailNow does)
// still has its transaction rolled back and its connection returned.
func TestAtomicGoexit(t *testing.T) {
	e := newTxEnv(t, testenv.Lookup(t, testenv.SQLite))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "lost")
			runtime.Goexit()
			return nil
		})
		t.Error("Atomic returned after runtime.Goexit")
	}()
	<-done
	if got := e.names(t, context.Background()); len(got) != 0 {
		t.Fatalf("table holds %q", got)
	}
	if s := e.db.Stats(); s.InUse != 0 {
		t.Fatalf("%d connections in use", s.InUse)
	}
}

// TestAtomicConcurrentStatements: goroutines sharing one transaction's
// context for statements without rows, which database/sql serialises on
// the transaction's connection (run with -race): all of them commit
// together, and a failure in one breaks the block for all. (Queries whose
// rows are open at the same time are another matter: pgx refuses them.)
func TestAtomicConcurrentStatements(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		insert := rebind(e, "INSERT INTO tx_note (name) VALUES (?)")
		run := func(names func(i, j int) string) error {
			return orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
				var wg sync.WaitGroup
				for i := range 4 {
					wg.Go(func() {
						for j := range 5 {
							_, _ = orm.Exec(ctx, e.db, insert, names(i, j))
						}
					})
				}
				wg.Wait()
				return nil
			})
		}
		if err := run(func(i, j int) string { return fmt.Sprintf("n%d-%d", i, j) }); err != nil {
			t.Fatal(err)
		}
		if got := e.names(t, context.Background()); len(got) != 20 {
			t.Fatalf("%d notes, want 20", len(got))
		}
		e.reset(t)
		err := run(func(i, j int) string { return fmt.Sprintf("n%d", j) }) // duplicates
		wantErr(t, "Atomic with duplicates among concurrent inserts", err, orm.ErrUniqueViolation)
		if got := e.names(t, context.Background()); len(got) != 0 {
			t.Fatalf("table holds %q", got)
		}
	})
}

// TestAtomicRowsErrorBreaksBlock: an error that arrives while the rows of a
// query are read (rows.Err), not when the query starts, breaks the block
// too.
func TestAtomicRowsErrorBreaksBlock(t *testing.T) {
	// Not MySQL: it has no portable mid-stream error (division by zero is NULL).
	testenv.RunOn(t, []string{testenv.SQLite, testenv.Postgres}, func(t *testing.T, b *testenv.Backend) {
		query := "SELECT CASE WHEN x < 3 THEN x ELSE json('{bad') END FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3) t"
		if b.Name == testenv.Postgres {
			query = "SELECT 1 / (3 - g) FROM generate_series(1, 5) g"
		}
		e := newTxEnv(t, b)
		err := orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "before")
			_, err := orm.ExecuteRawSQL(ctx, e.db, query)
			if err == nil {
				t.Fatal("the query did not fail")
			}
			_, err = orm.Raw[TxNote](e.db, "SELECT * FROM tx_note").All(ctx)
			wantErr(t, "statement after the failed read", err, orm.ErrTransactionBroken)
			return nil
		})
		if err == nil {
			t.Fatal("Atomic succeeded")
		}
		if got := e.names(t, context.Background()); len(got) != 0 {
			t.Fatalf("table holds %q", got)
		}
	})
}

// TestAtomicQuerySetReadErrorBreaksBlock: the same for a QuerySet whose
// rows fail mid-stream (PostgreSQL evaluates the filter row by row; the
// third counter divides by zero): the block is broken at once, the next
// call sends nothing, and a function that swallows the error commits
// nothing.
func TestAtomicQuerySetReadErrorBreaksBlock(t *testing.T) {
	// PostgreSQL only: SQLite and MariaDB give NULL for a division by zero.
	testenv.RunOn(t, []string{testenv.Postgres}, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		e.newCounters(t, 2, 1, 0, 5)
		err := orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "before")
			counters := orm.Objects[TxCounter](e.db).OrderBy()
			_, err := counters.Filter(orm.Q{"n__lt": orm.F("id").Div(orm.F("n"))}).All(ctx)
			if err == nil {
				t.Fatal("the query did not fail")
			}
			_, err = counters.Count(ctx)
			wantErr(t, "statement after the failed read", err, orm.ErrTransactionBroken)
			return nil // swallows the error
		})
		if err == nil {
			t.Fatal("Atomic succeeded after a failed read")
		}
		if got := e.names(t, context.Background()); len(got) != 0 {
			t.Fatalf("table holds %q", got)
		}
	})
}
