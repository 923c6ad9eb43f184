package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/DATA-DOG/go-sqlmock"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// TestSelectForUpdate: the statement All and Get send, the transaction it
// needs, NOWAIT and SKIP LOCKED against a row another transaction locked,
// and the errors for what a dialect lacks — on every backend.
func TestSelectForUpdate(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		bg := context.Background()
		notes := orm.Objects[TxNote](e.db)
		hasLocks := b.Name != testenv.SQLite
		// holdLock locks the note named name in a transaction of its own
		// until the returned function ends it.
		holdLock := func(t *testing.T, name string) func() {
			t.Helper()
			tx, err := e.db.BeginTx(bg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := notes.SelectForUpdate().Get(orm.WithTx(bg, tx), orm.Q{"name": name}); err != nil {
				t.Fatal(err)
			}
			return func() { _ = tx.Rollback() }
		}
		tests := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"outside a transaction is an error and sends nothing", func(t *testing.T) {
				ctx, rec := hooks.Capture(bg)
				_, err := notes.SelectForUpdate().All(ctx)
				wantErr(t, "All", err, orm.ErrTransactionManagement)
				_, err = notes.SelectForUpdate().Get(ctx, orm.Q{"pk": 1})
				wantErr(t, "Get", err, orm.ErrTransactionManagement)
				if !strings.Contains(err.Error(), "outside of a transaction") {
					t.Errorf("error %q does not say why", err)
				}
				if n := rec.Count(); n != 0 {
					t.Fatalf("%d statements sent:\n%s", n, rec)
				}
			}},
			{"statements", func(t *testing.T) {
				needsCapture(t, e.db)
				ctx, rec := hooks.Capture(bg)
				err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					if _, err := notes.SelectForUpdate().OrderBy("name").All(ctx); err != nil {
						return err
					}
					_, err := notes.SelectForUpdate().Get(ctx, orm.Q{"pk": 1})
					if !errors.Is(err, orm.ErrDoesNotExist) {
						return err
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				stmts := rec.Statements()
				if len(stmts) != 2 {
					t.Fatalf("statements:\n%s", rec)
				}
				for _, q := range stmts {
					if got := strings.HasSuffix(q.SQL, " FOR UPDATE"); got != hasLocks {
						t.Errorf("FOR UPDATE at the end: %v, want %v: %s", got, hasLocks, q.SQL)
					}
					if strings.Contains(q.SQL, "LIMIT") {
						t.Errorf("a locking Get has a limit: %s", q.SQL)
					}
				}
			}},
			{"in a WithTx transaction", func(t *testing.T) {
				tx, err := e.db.BeginTx(bg, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = tx.Rollback() }()
				if _, err := notes.SelectForUpdate().All(orm.WithTx(bg, tx)); err != nil {
					t.Fatal(err)
				}
			}},
			{"Nowait with SkipLocked", func(t *testing.T) {
				err := orm.Atomic(bg, e.db, func(ctx context.Context) error {
					_, err := notes.SelectForUpdate(orm.Nowait(), orm.SkipLocked()).All(ctx)
					return err
				})
				wantErr(t, "All", err, dialect.ErrUnsupported)
			}},
			{"Nowait fails at once on a locked row", func(t *testing.T) {
				e.reset(t)
				e.mustCreate(t, bg, "Tintin")
				err := orm.Atomic(bg, e.db, func(ctx context.Context) error {
					if !hasLocks {
						_, err := notes.SelectForUpdate(orm.Nowait()).All(ctx)
						if !errors.Is(err, dialect.ErrUnsupported) || !strings.Contains(err.Error(), "sqlite") {
							t.Errorf("Nowait on SQLite: %v, want ErrUnsupported naming the dialect", err)
						}
						return nil
					}
					release := holdLock(t, "Tintin")
					defer release()
					start := time.Now()
					_, err := notes.SelectForUpdate(orm.Nowait()).Get(ctx, orm.Q{"name": "Tintin"})
					if err == nil {
						t.Error("Nowait got a locked row")
					} else if d := time.Since(start); d > 900*time.Millisecond {
						t.Errorf("Nowait waited %v", d)
					}
					t.Logf("Nowait: %v", err)
					return nil
				})
				if hasLocks {
					if err == nil || errCode(err) == "" {
						t.Fatalf("Atomic = %v, want the lock error", err)
					}
				} else if err != nil {
					t.Fatal(err)
				}
			}},
			{"SkipLocked leaves out locked rows", func(t *testing.T) {
				e.reset(t)
				e.mustCreate(t, bg, "Tintin")
				e.mustCreate(t, bg, "Haddock")
				err := orm.Atomic(bg, e.db, func(ctx context.Context) error {
					if !hasLocks {
						_, err := notes.SelectForUpdate(orm.SkipLocked()).All(ctx)
						wantErr(t, "SkipLocked on SQLite", err, dialect.ErrUnsupported)
						return nil
					}
					release := holdLock(t, "Tintin")
					defer release()
					got, err := notes.SelectForUpdate(orm.SkipLocked()).All(ctx)
					if err != nil {
						return err
					}
					if len(got) != 1 || got[0].Name != "Haddock" {
						t.Errorf("SkipLocked read %+v, want only Haddock", got)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}},
			{"lock waits for the other transaction", func(t *testing.T) {
				e.reset(t)
				e.mustCreate(t, bg, "Tintin")
				release := holdLock(t, "Tintin")
				time.AfterFunc(300*time.Millisecond, release)
				start := time.Now()
				err := orm.Atomic(bg, e.db, func(ctx context.Context) error {
					_, err := notes.SelectForUpdate().Get(ctx, orm.Q{"name": "Tintin"})
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				if d := time.Since(start); d < 250*time.Millisecond {
					t.Fatalf("the locked row was read after %v, before the holder ended", d)
				}
			}},
		}
		for _, tt := range tests {
			if tt.name == "lock waits for the other transaction" && !hasLocks {
				// SQLite has no row locks: the sqlorm driver's BEGIN
				// IMMEDIATE serialises writers instead (TestCounterSelectForUpdate).
				continue
			}
			t.Run(tt.name, tt.run)
		}
	})
}

// TestCounterSelectForUpdate: N goroutines × M read-modify-write increments
// in Atomic with SelectForUpdate end at exactly N×M on every backend (the
// same increments without the lock lose updates: TestCounterConcurrency).
func TestCounterSelectForUpdate(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		id := e.newCounters(t, 0)[0]
		got, failed := runCounter(t, e.db, id, func(ctx context.Context, db *sql.DB, id int64) error {
			return orm.Atomic(ctx, db, func(ctx context.Context) error {
				c, err := orm.Objects[TxCounter](db).SelectForUpdate().Get(ctx, orm.Q{"pk": id})
				if err != nil {
					return err
				}
				time.Sleep(time.Millisecond)
				c.N++
				return orm.Save(ctx, db, c, orm.UpdateFields("n"))
			})
		})
		if failed != 0 || got != counterWorkers*counterIncrements {
			t.Fatalf("counter = %d with %d failures, want %d", got, failed, counterWorkers*counterIncrements)
		}
	})
}

// TestOracleSelectForUpdateSQLMock: Oracle's locking statements, with
// NOWAIT and SKIP LOCKED, and no FETCH FIRST on a locking Get.
func TestOracleSelectForUpdateSQLMock(t *testing.T) {
	db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := oracleCtx(t)
	cols := []string{"ID", "NAME"}
	mock.ExpectBegin()
	mock.ExpectQuery(`SELECT "TX_NOTE"."ID", "TX_NOTE"."NAME" FROM "TX_NOTE" ORDER BY "TX_NOTE"."NAME" ASC FOR UPDATE SKIP LOCKED`).
		WillReturnRows(sqlmock.NewRows(cols).AddRow("1", "Tintin"))
	mock.ExpectQuery(`SELECT "TX_NOTE"."ID", "TX_NOTE"."NAME" FROM "TX_NOTE" WHERE "TX_NOTE"."ID" = :1 FOR UPDATE NOWAIT`).
		WithArgs(int64(1)).WillReturnRows(sqlmock.NewRows(cols).AddRow("1", "Tintin"))
	mock.ExpectQuery(`SELECT "TX_NOTE"."ID", "TX_NOTE"."NAME" FROM "TX_NOTE" WHERE "TX_NOTE"."NAME" = :1 FOR UPDATE`).
		WithArgs("Tintin").WillReturnRows(sqlmock.NewRows(cols).AddRow("1", "Tintin"))
	mock.ExpectCommit()
	notes := orm.Objects[TxNote](db)
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		if _, err := notes.SelectForUpdate(orm.SkipLocked()).OrderBy("name").All(ctx); err != nil {
			return err
		}
		if _, err := notes.SelectForUpdate(orm.Nowait()).Get(ctx, orm.Q{"pk": 1}); err != nil {
			return err
		}
		_, err := notes.SelectForUpdate().Get(ctx, orm.Q{"name": "Tintin"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Fatal(err)
	}
}
