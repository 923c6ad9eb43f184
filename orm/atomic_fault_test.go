package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// newCounters inserts one counter per value and returns their ids.
func (e *txEnv) newCounters(t *testing.T, values ...int64) []int64 {
	t.Helper()
	ids := make([]int64, len(values))
	for i, v := range values {
		c := &TxCounter{N: v}
		if err := orm.Objects[TxCounter](e.db).Create(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		ids[i] = c.ID
	}
	return ids
}

// counter reads a counter outside any transaction.
func (e *txEnv) counter(t *testing.T, id int64) int64 {
	t.Helper()
	c, err := orm.Objects[TxCounter](e.db).Get(context.Background(), orm.Q{"pk": id})
	if err != nil {
		t.Fatal(err)
	}
	return c.N
}

// backendID returns the server's id of the connection ctx's statements run
// on (PostgreSQL pid, MySQL connection id).
func backendID(ctx context.Context, b *testenv.Backend, db *sql.DB) (int64, error) {
	q := "SELECT pg_backend_pid()"
	if b.Name == testenv.MySQL {
		q = "SELECT CONNECTION_ID()"
	}
	rows, err := orm.ExecuteRawSQL(ctx, db, q)
	if err != nil {
		return 0, err
	}
	switch v := rows[0][0].(type) {
	case int64:
		return v, nil
	case uint64:
		return int64(v), nil
	}
	return 0, fmt.Errorf("backend id %T %v", rows[0][0], rows[0][0])
}

// kill ends the server connection id from admin, a connection outside the
// pool under test.
func kill(b *testenv.Backend, admin *sql.DB, id int64) error {
	q := fmt.Sprintf("SELECT pg_terminate_backend(%d)", id)
	if b.Name == testenv.MySQL {
		q = fmt.Sprintf("KILL CONNECTION %d", id)
	}
	_, err := admin.Exec(q)
	return err
}

// sqlState returns the PostgreSQL SQLSTATE or MySQL error number in err,
// or "".
func errCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return fmt.Sprint(me.Number)
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		return fmt.Sprintf("sqlite %d/%d", se.Code, se.ExtendedCode)
	}
	return ""
}

// TestAtomicServerRollback: after errors where the server already rolled
// back the transaction, or only the failed statement, Atomic rolls back the
// whole transaction and returns the original error; nothing done before
// the error is committed, and no statement reaches the server after it
// (reliability TX-09: FI-MY-06, FI-MY-07, FI-SL-03, FI-PG-03).
func TestAtomicServerRollback(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		type fault struct {
			name     string
			backend  string
			provoke  func(t *testing.T, ctx context.Context) error // runs in the block; returns the failed statement's error
			wantCode string
		}
		faults := []fault{
			{"lock wait timeout (FI-MY-06)", testenv.MySQL, func(t *testing.T, ctx context.Context) error {
				id := e.newCounters(t, 0)[0]
				holder, err := e.db.BeginTx(context.Background(), nil)
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = holder.Rollback() }()
				if _, err := holder.Exec("UPDATE tx_counter SET n = 1 WHERE id = ?", id); err != nil {
					t.Fatal(err)
				}
				if _, err := orm.Exec(ctx, e.db, "SET SESSION innodb_lock_wait_timeout = 1"); err != nil {
					t.Fatal(err)
				}
				_, err = orm.Exec(ctx, e.db, "UPDATE tx_counter SET n = 2 WHERE id = ?", id)
				return err
			}, "1205"},
			{"deadlock victim (FI-MY-07)", testenv.MySQL, func(t *testing.T, ctx context.Context) error {
				return provokeDeadlock(t, e, ctx, nil)
			}, "1213"},
			{"deadlock victim", testenv.Postgres, func(t *testing.T, ctx context.Context) error {
				return provokeDeadlock(t, e, ctx, nil)
			}, "40P01"},
			{"statement timeout (FI-PG-03)", testenv.Postgres, func(t *testing.T, ctx context.Context) error {
				if _, err := orm.Exec(ctx, e.db, "SET LOCAL statement_timeout = 200"); err != nil {
					t.Fatal(err)
				}
				_, err := orm.ExecuteRawSQL(ctx, e.db, "SELECT pg_sleep(2)")
				return err
			}, "57014"},
			{"disk full (FI-SL-03)", testenv.SQLite, func(t *testing.T, ctx context.Context) error {
				if _, err := orm.Exec(ctx, e.db, "CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, b BLOB)"); err != nil {
					t.Fatal(err)
				}
				rows, err := orm.ExecuteRawSQL(ctx, e.db, "PRAGMA page_count")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := orm.ExecuteRawSQL(ctx, e.db, fmt.Sprintf("PRAGMA max_page_count = %d", rows[0][0].(int64)+20)); err != nil {
					t.Fatal(err)
				}
				blob := make([]byte, 4096)
				for range 1000 {
					if _, err := orm.Exec(ctx, e.db, "INSERT INTO blobs (b) VALUES (?)", blob); err != nil {
						return err
					}
				}
				t.Fatal("never full")
				return nil
			}, "sqlite 13/13"},
		}
		for _, f := range faults {
			if f.backend != b.Name {
				continue
			}
			t.Run(f.name, func(t *testing.T) {
				e.reset(t)
				ctx, rec := hooks.Capture(context.Background())
				var failed error
				err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					e.mustCreate(t, ctx, "before the error")
					failed = f.provoke(t, ctx)
					if got := errCode(failed); got != f.wantCode {
						t.Fatalf("provoked %v (code %q), want code %s", failed, got, f.wantCode)
					}
					// The function goes on as if nothing happened.
					sent := rec.Count()
					wantErr(t, "create after the error", e.create(ctx, "after the error"), orm.ErrTransactionBroken)
					if n := rec.Count() - sent; n != 0 {
						t.Errorf("%d statements sent after the error:\n%s", n, rec)
					}
					return nil
				})
				if err == nil || errCode(err) != f.wantCode || !errors.Is(err, failed) {
					t.Fatalf("Atomic = %v, want the provoked error %v", err, failed)
				}
				if got := e.names(t, context.Background()); slices.Contains(got, "before the error") || slices.Contains(got, "after the error") {
					t.Fatalf("table holds %q: work of the failed transaction was committed", got)
				}
				if b.Name == testenv.SQLite {
					rows, err := orm.ExecuteRawSQL(context.Background(), e.db, "PRAGMA integrity_check")
					if err != nil || rows[0][0] != "ok" {
						t.Fatalf("integrity_check: %v %v", rows, err)
					}
				}
				// The database is usable afterwards.
				if err := orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
					return e.create(ctx, "next")
				}); err != nil {
					t.Fatalf("next Atomic: %v", err)
				}
			})
		}
	})
}

// provokeDeadlock makes the transaction of ctx the victim of a deadlock
// with another transaction and returns the victim's error. The other
// transaction, begun here, updates two counters by 10 and commits; the
// victim's statements go through inner (nil: straight with ctx), so a test
// can run them in a nested block.
func provokeDeadlock(t *testing.T, e *txEnv, ctx context.Context, inner func(ctx context.Context, fn func(ctx context.Context) error) error) error {
	t.Helper()
	ids := e.newCounters(t, 0, 0)
	a, b := ids[0], ids[1]
	if inner == nil {
		inner = func(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) }
	}
	var victimErr error
	barrier := newBarrier(2)
	done := make(chan error, 1)
	go func() {
		done <- orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
			// The survivor: heavier for InnoDB's victim choice, slower to
			// run PostgreSQL's deadlock check.
			if e.b.Name == testenv.Postgres {
				if _, err := orm.Exec(ctx, e.db, "SET LOCAL deadlock_timeout = '5s'"); err != nil {
					return err
				}
			}
			for i := range 5 {
				if err := e.create(ctx, fmt.Sprintf("survivor %d", i)); err != nil {
					return err
				}
			}
			if _, err := orm.Exec(ctx, e.db, rebind(e, "UPDATE tx_counter SET n = n + 10 WHERE id = ?"), b); err != nil {
				return err
			}
			barrier.wait()
			_, err := orm.Exec(ctx, e.db, rebind(e, "UPDATE tx_counter SET n = n + 10 WHERE id = ?"), a)
			return err
		})
	}()
	_ = inner(ctx, func(ctx context.Context) error {
		if e.b.Name == testenv.Postgres {
			if _, err := orm.Exec(ctx, e.db, "SET LOCAL deadlock_timeout = '50ms'"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := orm.Exec(ctx, e.db, rebind(e, "UPDATE tx_counter SET n = n + 1 WHERE id = ?"), a); err != nil {
			t.Fatal(err)
		}
		barrier.wait()
		_, victimErr = orm.Exec(ctx, e.db, rebind(e, "UPDATE tx_counter SET n = n + 1 WHERE id = ?"), b)
		return victimErr
	})
	if err := <-done; err != nil {
		t.Fatalf("the other transaction failed: %v", err)
	}
	if ga, gb := e.counter(t, a), e.counter(t, b); ga != 10 || gb != 10 {
		t.Fatalf("counters %d, %d after the deadlock; want the survivor's 10, 10", ga, gb)
	}
	return victimErr
}

// rebind converts ? placeholders for e's backend.
func rebind(e *txEnv, q string) string {
	n, _ := dialect.Parse(e.b.Name)
	d, _ := dialect.Get(n)
	return orm.Rebind(d, q)
}

// barrier lets n goroutines wait for each other once.
type barrier struct {
	wg sync.WaitGroup
}

func newBarrier(n int) *barrier {
	b := &barrier{}
	b.wg.Add(n)
	return b
}

func (b *barrier) wait() {
	b.wg.Done()
	b.wg.Wait()
}

// TestAtomicDeadlock provokes a deadlock on purpose (MariaDB, PostgreSQL):
// the victim's Atomic returns the driver's error (errors.As, retryable),
// the data is what the survivor committed; with Retry the victim runs
// again and the data equals a serial execution. The victim's work in a
// nested block: on MySQL the deadlock took the savepoint with it, and
// Atomic does not try to roll back to it (reliability TX-07).
func TestAtomicDeadlock(t *testing.T) {
	// Not SQLite: it has one writer at a time, no deadlock between row locks.
	testenv.RunOn(t, []string{testenv.Postgres, testenv.MySQL}, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		for _, nestedBlock := range []bool{false, true} {
			name := "flat"
			var inner func(ctx context.Context, fn func(ctx context.Context) error) error
			if nestedBlock {
				name = "in a savepoint"
				inner = func(ctx context.Context, fn func(ctx context.Context) error) error {
					err := orm.Atomic(ctx, e.db, fn)
					if err == nil {
						t.Error("the nested block's Atomic succeeded")
					}
					return err
				}
			}
			t.Run(name+" without retry", func(t *testing.T) {
				e.reset(t)
				ctx, rec := hooks.Capture(context.Background())
				var victim error
				err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					victim = provokeDeadlock(t, e, ctx, inner)
					return victim
				})
				if !errors.Is(err, victim) || !dialect.IsRetryable(err) {
					t.Fatalf("Atomic = %v; want the retryable deadlock error", err)
				}
				var pe *pgconn.PgError
				var me *gomysql.MySQLError
				if !(errors.As(err, &pe) && pe.Code == "40P01") && !(errors.As(err, &me) && me.Number == 1213) {
					t.Fatalf("Atomic = %v; errors.As finds no driver deadlock error", err)
				}
				for _, q := range rec.Statements() {
					if strings.HasPrefix(q.SQL, "ROLLBACK TO") {
						t.Errorf("Atomic rolled back to a savepoint the deadlock destroyed: %s", q.SQL)
					}
				}
				if got := e.names(t, context.Background()); len(got) != 5 {
					t.Fatalf("notes %q; want the survivor's 5", got)
				}
			})
			t.Run(name+" with retry", func(t *testing.T) {
				e.reset(t)
				var attempts atomic.Int32
				var ids []int64
				err := orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
					if attempts.Add(1) == 1 {
						_ = provokeDeadlock(t, e, ctx, inner) // counters become 10, 10
						ids = nil
						rows, err := orm.ExecuteRawSQL(context.Background(), e.db, "SELECT id FROM tx_counter ORDER BY id")
						if err != nil {
							t.Fatal(err)
						}
						for _, r := range rows {
							ids = append(ids, r[0].(int64))
						}
						return nil
					}
					for _, id := range ids {
						if _, err := orm.Exec(ctx, e.db, rebind(e, "UPDATE tx_counter SET n = n + 1 WHERE id = ?"), id); err != nil {
							return err
						}
					}
					return e.create(ctx, "victim")
				}, orm.Retry(3), orm.RetryBackoff(time.Millisecond, 10*time.Millisecond))
				if err != nil {
					t.Fatalf("Atomic with Retry: %v", err)
				}
				if n := attempts.Load(); n != 2 {
					t.Fatalf("%d attempts, want 2", n)
				}
				for _, id := range ids {
					if got := e.counter(t, id); got != 11 {
						t.Fatalf("counter %d = %d, want 11 (survivor's 10 then the victim's 1)", id, got)
					}
				}
				if got := e.names(t, context.Background()); len(got) != 6 {
					t.Fatalf("notes %q; want the survivor's 5 and the victim's", got)
				}
			})
		}
	})
}

// TestAtomicConnectionKilled: the server connection of a transaction is
// killed in the middle of a statement (FI-PG-02, FI-MY-02, TX-05): Atomic
// returns an error, does not run the function again even with Retry (the
// outcome of a statement in flight is unknown), nothing is committed, and
// the next Atomic on the same *sql.DB works.
func TestAtomicConnectionKilled(t *testing.T) {
	// Not SQLite: there is no server connection to kill.
	testenv.RunOn(t, []string{testenv.Postgres, testenv.MySQL}, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		admin := openSQLORM(t, e.fresh)
		slow := "SELECT pg_sleep(5)"
		if b.Name == testenv.MySQL {
			slow = "SELECT sum(a.seq*b.seq) FROM seq_1_to_100000 a, seq_1_to_10000 b"
		}
		var calls atomic.Int32
		start := time.Now()
		err := orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
			calls.Add(1)
			e.mustCreate(t, ctx, "lost")
			id, err := backendID(ctx, b, e.db)
			if err != nil {
				return err
			}
			go func() {
				time.Sleep(300 * time.Millisecond)
				if err := kill(b, admin, id); err != nil {
					t.Errorf("kill: %v", err)
				}
			}()
			_, err = orm.ExecuteRawSQL(ctx, e.db, slow)
			if err == nil {
				t.Error("the statement of a killed connection succeeded")
			}
			return err
		}, orm.Retry(3))
		if err == nil {
			t.Fatal("Atomic succeeded on a killed connection")
		}
		if n := calls.Load(); n != 1 {
			t.Fatalf("the function ran %d times", n)
		}
		if d := time.Since(start); d > 4*time.Second {
			t.Errorf("Atomic took %v: the kill did not end the statement", d)
		}
		if got := e.names(t, context.Background()); len(got) != 0 {
			t.Fatalf("table holds %q", got)
		}
		if err := orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
			return e.create(ctx, "next")
		}); err != nil {
			t.Fatalf("next Atomic: %v", err)
		}
	})
}
