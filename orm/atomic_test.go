package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	_ "github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// Models of the transaction tests.
type (
	// TxNote is Django's transactions test model, Reporter: one unique
	// name, so a duplicate provokes a database error.
	TxNote struct {
		orm.Model
		Name string `orm:"max_length=50,unique"`
	}
	// TxCounter is the counter of the concurrency tests.
	TxCounter struct {
		orm.Model
		N int64
	}
)

// txEnv is one backend's database, opened through the sqlorm driver, for
// the transaction tests.
type txEnv struct {
	b     *testenv.Backend
	fresh *testenv.Database
	db    *sql.DB
}

// newTxEnv makes a fresh database on b with the transaction tests' tables.
func newTxEnv(t *testing.T, b *testenv.Backend) *txEnv {
	t.Helper()
	fresh := b.Fresh(t)
	db := openSQLORM(t, fresh)
	ctx := context.Background()
	if err := orm.Migrate[TxNote](ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := orm.Migrate[TxCounter](ctx, db); err != nil {
		t.Fatal(err)
	}
	return &txEnv{b: b, fresh: fresh, db: db}
}

// openSQLORM opens fresh through the sqlorm driver, closed when t ends.
func openSQLORM(t *testing.T, fresh *testenv.Database) *sql.DB {
	t.Helper()
	db, err := fresh.Open() // SQLORM_TEST_OPEN: sqlorm or bare
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func (e *txEnv) reset(t *testing.T) {
	t.Helper()
	for _, q := range []string{"DELETE FROM tx_note", "DELETE FROM tx_counter"} {
		if _, err := orm.Exec(context.Background(), e.db, q); err != nil {
			t.Fatal(err)
		}
	}
}

func (e *txEnv) create(ctx context.Context, name string) error {
	return orm.Objects[TxNote](e.db).Create(ctx, &TxNote{Name: name})
}

// mustCreate creates a note and fails the test on error.
func (e *txEnv) mustCreate(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if err := e.create(ctx, name); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
}

// names returns the notes' names in order, read with ctx.
func (e *txEnv) names(t *testing.T, ctx context.Context) []string {
	t.Helper()
	notes, err := orm.Objects[TxNote](e.db).OrderBy("name").All(ctx)
	if err != nil {
		t.Fatalf("reading notes: %v", err)
	}
	out := []string{}
	for _, n := range notes {
		out = append(out, n.Name)
	}
	return out
}

var errBoom = errors.New("boom")

// wantErr fails unless errors.Is(err, target) (target nil: err must be nil).
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if target == nil {
		if err != nil {
			t.Fatalf("%s: unexpected error %v", what, err)
		}
		return
	}
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

// djangoCase is one of Django's AtomicTests (tests/transactions/tests.py),
// in Go: it runs against e with ctx and returns the names the table must
// hold afterwards, read with ctx.
type djangoCase struct {
	name string
	run  func(t *testing.T, e *txEnv, ctx context.Context) []string
}

var djangoCases = []djangoCase{
	{"commit", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			return e.create(ctx, "Tintin")
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Tintin"}
	}},
	{"rollback on error", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Haddock")
			return errBoom
		})
		wantErr(t, "Atomic", err, errBoom)
		return nil
	}},
	{"rollback on panic", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		got := func() (r any) {
			defer func() { r = recover() }()
			_ = orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				e.mustCreate(t, ctx, "Haddock")
				panic(errBoom)
			})
			return nil
		}()
		if got != errBoom {
			t.Fatalf("recovered %v, want the function's panic value", got)
		}
		return nil
	}},
	{"nested commit commit", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				return e.create(ctx, "Archibald")
			})
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Archibald", "Tintin"}
	}},
	{"nested commit rollback", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				e.mustCreate(t, ctx, "Haddock")
				return errBoom
			})
			wantErr(t, "inner Atomic", err, errBoom)
			return nil
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Tintin"}
	}},
	{"nested rollback commit", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				return e.create(ctx, "Haddock")
			})
			wantErr(t, "inner Atomic", err, nil)
			return errBoom
		})
		wantErr(t, "Atomic", err, errBoom)
		return nil
	}},
	{"nested rollback rollback", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				e.mustCreate(t, ctx, "Haddock")
				return errBoom
			})
			wantErr(t, "inner Atomic", err, errBoom)
			return errBoom
		})
		wantErr(t, "Atomic", err, errBoom)
		return nil
	}},
	{"nested panic keeps outer", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			func() {
				defer func() { _ = recover() }()
				_ = orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					e.mustCreate(t, ctx, "Haddock")
					panic("inner")
				})
			}()
			return e.create(ctx, "Archibald")
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Archibald", "Tintin"}
	}},
	{"merged commit commit", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				return e.create(ctx, "Archibald")
			}, orm.WithoutSavepoint())
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Archibald", "Tintin"}
	}},
	{"merged commit rollback", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		// Django: "Writes in the outer block are rolled back too."
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				e.mustCreate(t, ctx, "Haddock")
				return errBoom
			}, orm.WithoutSavepoint())
			wantErr(t, "inner Atomic", err, errBoom)
			err = e.create(ctx, "Archibald")
			wantErr(t, "create after a failed merged block", err, orm.ErrTransactionBroken)
			return nil
		})
		// Django returns normally here; sqlorm reports the failure.
		wantErr(t, "Atomic", err, errBoom)
		return nil
	}},
	{"merged rollback commit", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				return e.create(ctx, "Haddock")
			}, orm.WithoutSavepoint())
			wantErr(t, "inner Atomic", err, nil)
			return errBoom
		})
		wantErr(t, "Atomic", err, errBoom)
		return nil
	}},
	{"merged rollback rollback", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				e.mustCreate(t, ctx, "Haddock")
				return errBoom
			}, orm.WithoutSavepoint())
			wantErr(t, "inner Atomic", err, errBoom)
			return errBoom
		})
		wantErr(t, "Atomic", err, errBoom)
		return nil
	}},
	{"reused function commit then rollback", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		// Django's reuse tests: one block function run twice, nested.
		var fail bool
		var block func(ctx context.Context) error
		block = func(ctx context.Context) error {
			if !fail {
				e.mustCreate(t, ctx, "Tintin")
				fail = true
				return orm.Atomic(ctx, e.db, block)
			}
			e.mustCreate(t, ctx, "Haddock")
			return errBoom
		}
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			err := orm.Atomic(ctx, e.db, block)
			wantErr(t, "reused block", err, errBoom)
			return nil
		})
		wantErr(t, "Atomic", err, nil)
		return nil
	}},
	{"force rollback", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			if err := orm.SetRollback(ctx, true); err != nil {
				return err
			}
			wantErr(t, "create after SetRollback(true)", e.create(ctx, "Haddock"), orm.ErrTransactionBroken)
			return nil
		})
		wantErr(t, "Atomic", err, nil)
		return nil
	}},
	{"force rollback nested keeps outer", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				e.mustCreate(t, ctx, "Haddock")
				return orm.SetRollback(ctx, true)
			})
			wantErr(t, "inner Atomic", err, nil)
			return nil
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Tintin"}
	}},
	{"prevent rollback with savepoint after database error", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			sid, err := orm.Savepoint(ctx)
			if err != nil {
				return err
			}
			err = orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				_, err := orm.ExecuteRawSQL(ctx, e.db, "SELECT no_such_col FROM tx_note")
				return err
			}, orm.WithoutSavepoint())
			if err == nil {
				t.Fatal("query of a missing column succeeded")
			}
			wantErr(t, "create in the broken block", e.create(ctx, "Haddock"), orm.ErrTransactionBroken)
			if err := orm.SavepointRollback(ctx, sid); err != nil {
				return err
			}
			return e.create(ctx, "Archibald")
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Archibald", "Tintin"}
	}},
	{"seed savepoint example", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Product 1")
			sid, err := orm.Savepoint(ctx)
			if err != nil {
				return err
			}
			if err := func() error {
				e.mustCreate(t, ctx, "Product 2")
				return errors.New("rollback to savepoint")
			}(); err != nil {
				if err := orm.SavepointRollback(ctx, sid); err != nil {
					return err
				}
			}
			return nil
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Product 1"}
	}},
	{"explicit savepoint release keeps work", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			sid, err := orm.Savepoint(ctx)
			if err != nil {
				return err
			}
			e.mustCreate(t, ctx, "Tintin")
			if err := orm.SavepointRelease(ctx, sid); err != nil {
				return err
			}
			wantErr(t, "rollback to a released savepoint", orm.SavepointRollback(ctx, sid), orm.ErrTransactionManagement)
			return nil
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Tintin"}
	}},
	{"database error in nested block keeps outer", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				e.mustCreate(t, ctx, "Haddock")
				return e.create(ctx, "Tintin") // unique violation
			})
			wantErr(t, "inner Atomic", err, orm.ErrUniqueViolation)
			return e.create(ctx, "Archibald") // PostgreSQL: works after ROLLBACK TO SAVEPOINT
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Archibald", "Tintin"}
	}},
	{"database error swallowed in nested block still rolls it back", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				e.mustCreate(t, ctx, "Haddock")
				_ = e.create(ctx, "Tintin") // the error is ignored ...
				return nil
			})
			// ... but the block rolled back and says why.
			wantErr(t, "inner Atomic", err, orm.ErrUniqueViolation)
			return nil
		})
		wantErr(t, "Atomic", err, nil)
		return []string{"Tintin"}
	}},
	{"broken block refuses statements", func(t *testing.T, e *txEnv, ctx context.Context) []string {
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			err := e.create(ctx, "Tintin")
			wantErr(t, "duplicate create", err, orm.ErrUniqueViolation)
			// Django's test_atomic_prevents_queries_in_broken_transaction.
			_, err = orm.Objects[TxNote](e.db).Count(ctx)
			wantErr(t, "query in broken block", err, orm.ErrTransactionBroken)
			if !errors.Is(errors.Unwrap(err), orm.ErrUniqueViolation) {
				t.Errorf("errors.Unwrap(%v) is not the unique violation", err)
			}
			return nil
		})
		wantErr(t, "Atomic", err, orm.ErrUniqueViolation)
		return nil
	}},
}

// TestAtomicDjangoCases runs Django's AtomicTests on every backend, on a
// plain context and again inside an outer Atomic and inside a WithTx
// transaction (Django's AtomicInsideTransactionTests), where the cases'
// blocks are savepoints. The outer transactions are rolled back at the end.
func TestAtomicDjangoCases(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		wrappers := []struct {
			name string
			wrap func(t *testing.T, fn func(ctx context.Context))
		}{
			{"plain", func(t *testing.T, fn func(ctx context.Context)) { fn(context.Background()) }},
			{"inside Atomic", func(t *testing.T, fn func(ctx context.Context)) {
				errOuter := errors.New("roll back the outer transaction")
				err := orm.Atomic(context.Background(), e.db, func(ctx context.Context) error {
					fn(ctx)
					return errOuter
				})
				wantErr(t, "outer Atomic", err, errOuter)
			}},
			{"inside WithTx", func(t *testing.T, fn func(ctx context.Context)) {
				tx, err := e.db.BeginTx(context.Background(), nil)
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = tx.Rollback() }()
				fn(orm.WithTx(context.Background(), tx))
			}},
		}
		for _, w := range wrappers {
			t.Run(w.name, func(t *testing.T) {
				for _, c := range djangoCases {
					t.Run(c.name, func(t *testing.T) {
						e.reset(t)
						w.wrap(t, func(ctx context.Context) {
							want := c.run(t, e, ctx)
							if got := e.names(t, ctx); !slices.Equal(got, append([]string{}, want...)) {
								t.Fatalf("table holds %q, want %q", got, want)
							}
						})
					})
				}
			})
		}
	})
}

// TestAtomicBrokenBlockSendsNothing: after a database error in a block
// without a savepoint, statements fail with ErrTransactionBroken and none
// reaches the database (counted by the sqlorm driver's hooks); the block's
// Atomic returns the original error and its earlier work is gone (TX-03).
func TestAtomicBrokenBlockSendsNothing(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		ctx, rec := hooks.Capture(context.Background())
		var sent int
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
			e.mustCreate(t, ctx, "Tintin")
			wantErr(t, "duplicate", e.create(ctx, "Tintin"), orm.ErrUniqueViolation)
			sent = rec.Count()
			calls := []struct {
				name string
				call func() error
			}{
				{"Create", func() error { return e.create(ctx, "Haddock") }},
				{"Count", func() error { _, err := orm.Objects[TxNote](e.db).Count(ctx); return err }},
				{"All", func() error { _, err := orm.Objects[TxNote](e.db).All(ctx); return err }},
				{"Get", func() error { _, err := orm.Objects[TxNote](e.db).Get(ctx, orm.Q{"pk": 1}); return err }},
				{"Save", func() error { return orm.Save(ctx, e.db, &TxNote{Model: orm.Model{ID: 1}, Name: "x"}) }},
				{"Delete", func() error { return orm.Delete(ctx, e.db, &TxNote{Model: orm.Model{ID: 1}}) }},
				{"Refresh", func() error { return orm.Refresh(ctx, e.db, &TxNote{Model: orm.Model{ID: 1}}) }},
				{"TableExists", func() error { _, err := orm.TableExists[TxNote](ctx, e.db); return err }},
				{"Migrate", func() error { return orm.Migrate[TxNote](ctx, e.db) }},
				{"ExecuteRawSQL", func() error { _, err := orm.ExecuteRawSQL(ctx, e.db, "SELECT 1"); return err }},
				{"ExecuteRawSQLMaps", func() error { _, err := orm.ExecuteRawSQLMaps(ctx, e.db, "SELECT 1"); return err }},
				{"Exec", func() error { _, err := orm.Exec(ctx, e.db, "DELETE FROM tx_note"); return err }},
				{"Raw", func() error { _, err := orm.Raw[TxNote](e.db, "SELECT * FROM tx_note").All(ctx); return err }},
				{"Savepoint", func() error { _, err := orm.Savepoint(ctx); return err }},
				{"nested Atomic", func() error { return orm.Atomic(ctx, e.db, func(context.Context) error { return nil }) }},
			}
			for _, c := range calls {
				err := c.call()
				if !errors.Is(err, orm.ErrTransactionBroken) || !errors.Is(err, orm.ErrTransactionManagement) {
					t.Errorf("%s in a broken block: %v, want ErrTransactionBroken", c.name, err)
				}
				if !errors.Is(err, orm.ErrUniqueViolation) {
					t.Errorf("%s in a broken block: %v does not wrap the unique violation", c.name, err)
				}
			}
			if n := rec.Count(); n != sent {
				t.Errorf("%d statements reached the database in the broken block:\n%s", n-sent, rec)
			}
			return nil
		})
		wantErr(t, "Atomic", err, orm.ErrUniqueViolation)
		if !strings.Contains(err.Error(), "did not return") {
			t.Errorf("Atomic error %q does not say the function swallowed the error", err)
		}
		for _, q := range rec.All() {
			if q.Op == hooks.OpCommit {
				t.Errorf("a broken transaction was committed:\n%s", rec)
			}
		}
		if got := e.names(t, context.Background()); len(got) != 0 {
			t.Fatalf("table holds %q after the rollback", got)
		}
	})
}

// TestAtomicSavepointStatements checks the statements Atomic sends: BEGIN,
// SAVEPOINT s1 / RELEASE SAVEPOINT s1 for a nested block that succeeds,
// ROLLBACK TO SAVEPOINT s2 and RELEASE for one that fails, COMMIT; and that
// a WithTx context gets savepoints but no COMMIT.
func TestAtomicSavepointStatements(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		d, _ := dialectOf(t, b)
		q := func(name string) string { s, _ := d.Quote(name); return s }
		needsCapture(t, e.db)
		tests := []struct {
			name string
			run  func(ctx context.Context) error
			want []string
		}{
			{"nested commit and rollback", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					if err := orm.Atomic(ctx, e.db, func(ctx context.Context) error { return nil }); err != nil {
						return err
					}
					_ = orm.Atomic(ctx, e.db, func(ctx context.Context) error { return errBoom })
					return nil
				})
			}, []string{"begin", "SAVEPOINT " + q("s1"), "RELEASE SAVEPOINT " + q("s1"),
				"SAVEPOINT " + q("s2"), "ROLLBACK TO SAVEPOINT " + q("s2"), "RELEASE SAVEPOINT " + q("s2"), "commit"}},
			{"merged block sends nothing", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					return orm.Atomic(ctx, e.db, func(ctx context.Context) error { return nil }, orm.WithoutSavepoint())
				})
			}, []string{"begin", "commit"}},
			{"rollback", func(ctx context.Context) error {
				_ = orm.Atomic(ctx, e.db, func(ctx context.Context) error { return errBoom })
				return nil
			}, []string{"begin", "rollback"}},
			{"WithTx gets savepoints, never a commit", func(ctx context.Context) error {
				tx, err := e.db.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				ctx = orm.WithTx(ctx, tx)
				if err := orm.Atomic(ctx, e.db, func(ctx context.Context) error { return nil }); err != nil {
					return err
				}
				if err := orm.Atomic(ctx, e.db, func(ctx context.Context) error { return nil }); err != nil {
					return err
				}
				return tx.Rollback()
			}, []string{"begin", "SAVEPOINT " + q("s1"), "RELEASE SAVEPOINT " + q("s1"),
				"SAVEPOINT " + q("s2"), "RELEASE SAVEPOINT " + q("s2"), "rollback"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx, rec := hooks.Capture(context.Background())
				if err := tt.run(ctx); err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, q := range rec.All() {
					switch q.Op {
					case hooks.OpBegin, hooks.OpCommit, hooks.OpRollback:
						got = append(got, string(q.Op))
					default:
						got = append(got, q.SQL)
					}
				}
				if !slices.Equal(got, tt.want) {
					t.Fatalf("statements:\n got %q\nwant %q", got, tt.want)
				}
			})
		}
	})
}

// TestOnCommit: callbacks run after the outermost commit, in order; never
// after a rollback; dropped with a savepoint that is rolled back; at once
// outside a transaction; refused in a WithTx transaction.
func TestOnCommit(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		tests := []struct {
			name string
			run  func(t *testing.T, ctx context.Context, log func(string) func()) error
			want []string
		}{
			{"in order after commit", func(t *testing.T, ctx context.Context, log func(string) func()) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					_ = orm.OnCommit(ctx, log("first"))
					if err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
						return orm.OnCommit(ctx, log("nested"))
					}); err != nil {
						return err
					}
					_ = orm.OnCommit(ctx, log("last"))
					log("body end")()
					return nil
				})
			}, []string{"body end", "first", "nested", "last"}},
			{"never after rollback", func(t *testing.T, ctx context.Context, log func(string) func()) error {
				err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					_ = orm.OnCommit(ctx, log("dropped"))
					return errBoom
				})
				wantErr(t, "Atomic", err, errBoom)
				return nil
			}, nil},
			{"never after a broken block", func(t *testing.T, ctx context.Context, log func(string) func()) error {
				err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					_ = orm.OnCommit(ctx, log("dropped"))
					_, _ = orm.ExecuteRawSQL(ctx, e.db, "SELECT no_such_col FROM tx_note")
					return nil
				})
				if err == nil {
					t.Fatal("Atomic succeeded after a failed statement")
				}
				return nil
			}, nil},
			{"dropped with a rolled back savepoint", func(t *testing.T, ctx context.Context, log func(string) func()) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					_ = orm.OnCommit(ctx, log("outer"))
					err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
						_ = orm.OnCommit(ctx, log("inner dropped"))
						return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
							return orm.OnCommit(ctx, log("innermost dropped"))
						})
					})
					_ = err
					err = orm.Atomic(ctx, e.db, func(ctx context.Context) error {
						_ = orm.OnCommit(ctx, log("second inner dropped"))
						return errBoom
					})
					wantErr(t, "inner Atomic", err, errBoom)
					sid, err := orm.Savepoint(ctx)
					if err != nil {
						return err
					}
					_ = orm.OnCommit(ctx, log("after explicit savepoint, dropped"))
					if err := orm.SavepointRollback(ctx, sid); err != nil {
						return err
					}
					return orm.OnCommit(ctx, log("kept"))
				})
			}, []string{"outer", "inner dropped", "innermost dropped", "kept"}},
			{"outside a transaction at once", func(t *testing.T, ctx context.Context, log func(string) func()) error {
				if err := orm.OnCommit(ctx, log("now")); err != nil {
					return err
				}
				log("after")()
				return nil
			}, []string{"now", "after"}},
			{"refused in WithTx", func(t *testing.T, ctx context.Context, log func(string) func()) error {
				tx, err := e.db.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer func() { _ = tx.Commit() }()
				err = orm.OnCommit(orm.WithTx(ctx, tx), log("never"))
				wantErr(t, "OnCommit in WithTx", err, orm.ErrTransactionManagement)
				return nil
			}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []string
				log := func(s string) func() { return func() { got = append(got, s) } }
				if err := tt.run(t, context.Background(), log); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tt.want) {
					t.Fatalf("ran %q, want %q", got, tt.want)
				}
			})
		}
		_ = e
	})
}

// TestAtomicMisuse: what Django answers with TransactionManagementError,
// sqlorm answers with ErrTransactionManagement, sending nothing.
func TestAtomicMisuse(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		bg := context.Background()
		nop := func(context.Context) error { return nil }
		tests := []struct {
			name string
			run  func(ctx context.Context) error
		}{
			{"nil function", func(ctx context.Context) error { return orm.Atomic(ctx, e.db, nil) }},
			{"durable nested", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					return orm.Atomic(ctx, e.db, nop, orm.Durable())
				})
			}},
			{"durable in WithTx", func(ctx context.Context) error {
				tx, err := e.db.BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				defer func() { _ = tx.Rollback() }()
				return orm.Atomic(orm.WithTx(ctx, tx), e.db, nop, orm.Durable())
			}},
			{"isolation nested", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					return orm.Atomic(ctx, e.db, nop, orm.Isolation(sql.LevelSerializable))
				})
			}},
			{"read-only nested", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					return orm.Atomic(ctx, e.db, nop, orm.ReadOnly())
				})
			}},
			{"Savepoint outside a transaction", func(ctx context.Context) error { _, err := orm.Savepoint(ctx); return err }},
			{"SavepointRollback outside a transaction", func(ctx context.Context) error { return orm.SavepointRollback(ctx, orm.SavepointID{}) }},
			{"SavepointRelease outside a transaction", func(ctx context.Context) error { return orm.SavepointRelease(ctx, orm.SavepointID{}) }},
			{"SetRollback outside a block", func(ctx context.Context) error { return orm.SetRollback(ctx, true) }},
			{"OnCommit nil", func(ctx context.Context) error { return orm.OnCommit(ctx, nil) }},
			{"zero SavepointID", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error { return orm.SavepointRollback(ctx, orm.SavepointID{}) })
			}},
			{"savepoint of an enclosing block", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					sid, err := orm.Savepoint(ctx)
					if err != nil {
						return err
					}
					return orm.Atomic(ctx, e.db, func(ctx context.Context) error { return orm.SavepointRollback(ctx, sid) })
				})
			}},
			{"savepoint of another transaction", func(ctx context.Context) error {
				var sid orm.SavepointID
				if err := orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					var err error
					sid, err = orm.Savepoint(ctx)
					return err
				}); err != nil {
					return err
				}
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error { return orm.SavepointRelease(ctx, sid) })
			}},
			{"rollback past a savepoint (Django #23074)", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(ctx context.Context) error {
					s1, err := orm.Savepoint(ctx)
					if err != nil {
						return err
					}
					s2, err := orm.Savepoint(ctx)
					if err != nil {
						return err
					}
					if err := orm.SavepointRollback(ctx, s1); err != nil {
						return err
					}
					return orm.SavepointRollback(ctx, s2)
				})
			}},
			{"outer context used inside a nested block", func(ctx context.Context) error {
				return orm.Atomic(ctx, e.db, func(outer context.Context) error {
					return orm.Atomic(outer, e.db, func(context.Context) error {
						return orm.Atomic(outer, e.db, nop)
					})
				})
			}},
			{"context of an ended transaction", func(ctx context.Context) error {
				var leaked context.Context
				if err := orm.Atomic(ctx, e.db, func(ctx context.Context) error { leaked = ctx; return nil }); err != nil {
					return err
				}
				return orm.OnCommit(leaked, func() {})
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.run(bg)
				wantErr(t, tt.name, err, orm.ErrTransactionManagement)
				if errors.Is(err, orm.ErrTransactionBroken) {
					t.Errorf("misuse reported as a broken transaction: %v", err)
				}
			})
		}
	})
}

// TestAtomicIsolationReadOnly: the options reach BEGIN. A read-only
// transaction refuses writes (PostgreSQL, MariaDB); PostgreSQL reports the
// isolation level asked for.
func TestAtomicIsolationReadOnly(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		ctx := context.Background()
		if b.Name == testenv.SQLite {
			// go-sqlite3 ignores both options; Atomic still works.
			err := orm.Atomic(ctx, e.db, func(ctx context.Context) error { return e.create(ctx, "a") },
				orm.Isolation(sql.LevelSerializable), orm.ReadOnly())
			wantErr(t, "Atomic", err, nil)
			return
		}
		err := orm.Atomic(ctx, e.db, func(ctx context.Context) error { return e.create(ctx, "ro") }, orm.ReadOnly())
		if err == nil {
			t.Fatal("a write in a read-only transaction succeeded")
		}
		if got := e.names(t, ctx); len(got) != 0 {
			t.Fatalf("table holds %q", got)
		}
		if b.Name == testenv.Postgres {
			err = orm.Atomic(ctx, e.db, func(ctx context.Context) error {
				rows, err := orm.ExecuteRawSQL(ctx, e.db, "SHOW transaction_isolation")
				if err != nil {
					return err
				}
				if got := rows[0][0]; got != "serializable" {
					return fmt.Errorf("isolation %v, want serializable", got)
				}
				return nil
			}, orm.Isolation(sql.LevelSerializable))
			wantErr(t, "Atomic", err, nil)
		}
	})
}

// dialectOf returns the dialect of backend b.
func dialectOf(t *testing.T, b *testenv.Backend) (dialect.Dialect, dialect.Name) {
	t.Helper()
	n, err := dialect.Parse(b.Name)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dialect.Get(n)
	if err != nil {
		t.Fatal(err)
	}
	return d, n
}
