package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/DATA-DOG/go-sqlmock"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

var (
	errSerialization = &pgconn.PgError{Severity: "ERROR", Code: "40001", Message: "could not serialize access"}
	fastRetry        = orm.RetryBackoff(time.Microsecond, time.Millisecond)
)

// TestAtomicRetryPolicy checks what Retry re-runs and what it never does,
// with go-sqlmock standing in for the database: only retryable errors
// (dialect.IsRetryable), at most n more times, each attempt in a new
// transaction; never other errors, panics, a cancelled context, or a
// COMMIT whose outcome is unknown; ignored on a nested Atomic.
func TestAtomicRetryPolicy(t *testing.T) {
	tests := []struct {
		name      string
		expect    func(mock sqlmock.Sqlmock)
		opts      []orm.AtomicOption
		fn        func(ctx context.Context, db *sql.DB, call int) error
		wantCalls int
		wantErr   error // nil: success
	}{
		{
			name: "retryable error retried up to n more times",
			expect: func(m sqlmock.Sqlmock) {
				for range 3 {
					m.ExpectBegin()
					m.ExpectRollback()
				}
			},
			opts:      []orm.AtomicOption{orm.Retry(2), fastRetry},
			fn:        func(context.Context, *sql.DB, int) error { return errSerialization },
			wantCalls: 3, wantErr: errSerialization,
		},
		{
			name: "succeeds on the second attempt",
			expect: func(m sqlmock.Sqlmock) {
				m.ExpectBegin()
				m.ExpectRollback()
				m.ExpectBegin()
				m.ExpectCommit()
			},
			opts: []orm.AtomicOption{orm.Retry(5), fastRetry},
			fn: func(_ context.Context, _ *sql.DB, call int) error {
				if call == 1 {
					return errSerialization
				}
				return nil
			},
			wantCalls: 2,
		},
		{
			name: "no retry without the option",
			expect: func(m sqlmock.Sqlmock) {
				m.ExpectBegin()
				m.ExpectRollback()
			},
			fn:        func(context.Context, *sql.DB, int) error { return errSerialization },
			wantCalls: 1, wantErr: errSerialization,
		},
		{
			name: "other errors never retried",
			expect: func(m sqlmock.Sqlmock) {
				m.ExpectBegin()
				m.ExpectRollback()
			},
			opts:      []orm.AtomicOption{orm.Retry(5), fastRetry},
			fn:        func(context.Context, *sql.DB, int) error { return errBoom },
			wantCalls: 1, wantErr: errBoom,
		},
		{
			name: "commit failing with a retryable code is retried",
			expect: func(m sqlmock.Sqlmock) {
				m.ExpectBegin()
				m.ExpectCommit().WillReturnError(errSerialization)
				m.ExpectBegin()
				m.ExpectCommit()
			},
			opts:      []orm.AtomicOption{orm.Retry(1), fastRetry},
			fn:        func(context.Context, *sql.DB, int) error { return nil },
			wantCalls: 2,
		},
		{
			name: "commit with unknown outcome never retried",
			expect: func(m sqlmock.Sqlmock) {
				m.ExpectBegin()
				m.ExpectCommit().WillReturnError(io.ErrUnexpectedEOF)
			},
			opts:      []orm.AtomicOption{orm.Retry(5), fastRetry},
			fn:        func(context.Context, *sql.DB, int) error { return nil },
			wantCalls: 1, wantErr: io.ErrUnexpectedEOF,
		},
		{
			name: "SQLite busy at BEGIN is retried",
			expect: func(m sqlmock.Sqlmock) {
				m.ExpectBegin().WillReturnError(sqlite3.Error{Code: sqlite3.ErrBusy, ExtendedCode: sqlite3.ErrNoExtended(sqlite3.ErrBusy)})
				m.ExpectBegin()
				m.ExpectCommit()
			},
			opts:      []orm.AtomicOption{orm.Retry(1), fastRetry},
			fn:        func(context.Context, *sql.DB, int) error { return nil },
			wantCalls: 1,
		},
		{
			name: "nested Retry is ignored",
			expect: func(m sqlmock.Sqlmock) {
				m.ExpectBegin()
				m.ExpectExec(`SAVEPOINT "s1"`).WillReturnResult(sqlmock.NewResult(0, 0))
				m.ExpectExec(`ROLLBACK TO SAVEPOINT "s1"`).WillReturnResult(sqlmock.NewResult(0, 0))
				m.ExpectRollback()
			},
			fn: func(ctx context.Context, db *sql.DB, _ int) error {
				return orm.Atomic(ctx, db, func(context.Context) error { return errSerialization }, orm.Retry(5))
			},
			wantCalls: 1, wantErr: errSerialization,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			tt.expect(mock)
			ctx := orm.WithDialect(context.Background(), mustDialect(t, dialect.Postgres))
			calls := 0
			err = orm.Atomic(ctx, db, func(ctx context.Context) error {
				calls++
				return tt.fn(ctx, db, calls)
			}, tt.opts...)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("Atomic = %v, want %v", err, tt.wantErr)
			}
			if calls != tt.wantCalls {
				t.Fatalf("the function ran %d times, want %d", calls, tt.wantCalls)
			}
			if err := mock.ExpectationsWereMet(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestAtomicRetryStops: a panic is never retried (it goes on), and a
// context cancelled during an attempt stops the retries.
func TestAtomicRetryStops(t *testing.T) {
	t.Run("panic", func(t *testing.T) {
		db, mock, err := sqlmock.New()
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		mock.ExpectBegin()
		mock.ExpectRollback()
		calls := 0
		r := func() (r any) {
			defer func() { r = recover() }()
			_ = orm.Atomic(context.Background(), db, func(context.Context) error {
				calls++
				panic(errSerialization)
			}, orm.Retry(5), fastRetry)
			return nil
		}()
		if r != errSerialization || calls != 1 {
			t.Fatalf("recovered %v after %d calls; want the panic after 1", r, calls)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		db, mock, err := sqlmock.New()
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		mock.ExpectBegin()
		mock.ExpectRollback()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		calls := 0
		err = orm.Atomic(ctx, db, func(context.Context) error {
			calls++
			cancel()
			return errSerialization
		}, orm.Retry(5), orm.RetryBackoff(time.Hour, time.Hour))
		if !errors.Is(err, errSerialization) || calls != 1 {
			t.Fatalf("Atomic = %v after %d calls", err, calls)
		}
	})
	t.Run("cancelled during backoff", func(t *testing.T) {
		db, mock, err := sqlmock.New()
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		mock.ExpectBegin()
		mock.ExpectRollback()
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		err = orm.Atomic(ctx, db, func(context.Context) error { return errSerialization },
			orm.Retry(5), orm.RetryBackoff(time.Hour, time.Hour))
		if !errors.Is(err, errSerialization) || time.Since(start) > 10*time.Second {
			t.Fatalf("Atomic = %v after %v", err, time.Since(start))
		}
	})
}

func mustDialect(t *testing.T, n dialect.Name) dialect.Dialect {
	t.Helper()
	d, err := dialect.Get(n)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestOracleAtomicSQLMock: the statements Atomic and the savepoint
// functions send on Oracle (through go-sqlmock and orm.WithDialect): upper
// case quoted savepoint names, and no RELEASE SAVEPOINT, which Oracle does
// not have: releasing sends nothing.
func TestOracleAtomicSQLMock(t *testing.T) {
	db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := oracleCtx(t)
	ok := sqlmock.NewResult(0, 0)
	mock.ExpectBegin()
	mock.ExpectExec(`SAVEPOINT "S1"`).WillReturnResult(ok)
	mock.ExpectExec(`INSERT INTO "TX_NOTE" ("NAME") VALUES (:1) RETURNING "ID" INTO :2`).
		WithArgs("Tintin", sqlmock.AnyArg()).WillReturnResult(sqlmock.NewResult(0, 1))
	mock.ExpectExec(`SAVEPOINT "S2"`).WillReturnResult(ok)
	mock.ExpectExec(`ROLLBACK TO SAVEPOINT "S2"`).WillReturnResult(ok)
	mock.ExpectExec(`SAVEPOINT "S3"`).WillReturnResult(ok)
	mock.ExpectExec(`ROLLBACK TO SAVEPOINT "S3"`).WillReturnResult(ok)
	mock.ExpectExec(`SAVEPOINT "S4"`).WillReturnResult(ok)
	mock.ExpectCommit()

	committed := false
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		if err := orm.Atomic(ctx, db, func(ctx context.Context) error {
			return orm.Objects[TxNote](db).Create(ctx, &TxNote{Name: "Tintin"})
		}); err != nil {
			return err
		}
		if err := orm.Atomic(ctx, db, func(context.Context) error { return errBoom }); !errors.Is(err, errBoom) {
			t.Errorf("failing block: %v", err)
		}
		sid, err := orm.Savepoint(ctx)
		if err != nil {
			return err
		}
		if sid.Name() != "s3" {
			t.Errorf("savepoint name %q", sid.Name())
		}
		if err := orm.SavepointRollback(ctx, sid); err != nil {
			return err
		}
		if err := orm.SavepointRelease(ctx, sid); err != nil {
			return err
		}
		if err := orm.SavepointRollback(ctx, sid); !errors.Is(err, orm.ErrTransactionManagement) {
			t.Errorf("rollback to a released savepoint: %v", err)
		}
		sid, err = orm.Savepoint(ctx)
		if err != nil {
			return err
		}
		if err := orm.SavepointRelease(ctx, sid); err != nil {
			return err
		}
		return orm.OnCommit(ctx, func() { committed = true })
	})
	if err != nil {
		t.Fatal(err)
	}
	if !committed {
		t.Error("OnCommit callback did not run")
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Fatal(err)
	}
}

// TestWithTxSavepointNeedsDialect: in a WithTx transaction sqlorm does not
// know the database, so a Savepoint outside Atomic needs WithDialect.
func TestWithTxSavepointNeedsDialect(t *testing.T) {
	db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mock.ExpectBegin()
	mock.ExpectExec(`SAVEPOINT "s1"`).WillReturnResult(sqlmock.NewResult(0, 0))
	mock.ExpectExec(`RELEASE SAVEPOINT "s1"`).WillReturnResult(sqlmock.NewResult(0, 0))
	mock.ExpectRollback()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	ctx := orm.WithTx(context.Background(), tx)
	if _, err := orm.Savepoint(ctx); !errors.Is(err, orm.ErrTransactionManagement) {
		t.Fatalf("Savepoint without a known dialect: %v", err)
	}
	ctx = orm.WithDialect(ctx, mustDialect(t, dialect.Postgres))
	sid, err := orm.Savepoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := orm.SavepointRelease(ctx, sid); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Fatal(err)
	}
}
