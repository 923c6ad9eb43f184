package orm

import (
	"context"
	"database/sql"
	"errors"

	"github.com/sqlorm/sqlorm/dialect"
)

// querier is what every ORM statement runs on: *sql.DB or *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ querier = (*sql.DB)(nil)
	_ querier = (*sql.Tx)(nil)
)

// txKey is the context key of the transaction state.
type txKey struct{}

// txState is the transaction the context carries. It is a pointer to an
// unexported struct so that the transactions work (Atomic, savepoints,
// on-commit callbacks) can grow it without changing WithTx.
type txState struct {
	tx *sql.Tx
	db *sql.DB // the database tx belongs to; nil: unknown (WithTx), join every call
}

// WithTx returns a context that makes every ORM call made with it (or with a
// context derived from it) run on tx instead of on the *sql.DB passed to the
// call: how ORM calls join a transaction that existing database/sql code
// began. The caller still commits or rolls back tx. A nil tx returns ctx
// unchanged.
//
//	tx, _ := db.BeginTx(ctx, nil)
//	ctx = orm.WithTx(ctx, tx)
//	err := orm.Objects[Product](db).Create(ctx, &p) // runs on tx
func WithTx(ctx context.Context, tx *sql.Tx) context.Context {
	if tx == nil {
		return ctx
	}
	return context.WithValue(ctx, txKey{}, &txState{tx: tx})
}

// txFor returns the transaction carried by ctx for a statement on db, or
// nil: the transaction if there is one and it belongs to db (when that is
// known).
func txFor(ctx context.Context, db *sql.DB) *sql.Tx {
	if st, ok := ctx.Value(txKey{}).(*txState); ok && st != nil && st.tx != nil && (st.db == nil || st.db == db) {
		return st.tx
	}
	return nil
}

// executor picks where a statement for db runs: the transaction carried by
// ctx if any, else db. Every ORM statement goes through it or through the
// three helpers below, which make the same choice with direct calls (so
// the compiler keeps their argument slices off the heap).
func executor(ctx context.Context, db *sql.DB) querier {
	if tx := txFor(ctx, db); tx != nil {
		return tx
	}
	return db
}

func execContext(ctx context.Context, db *sql.DB, query string, args ...any) (sql.Result, error) {
	if tx := txFor(ctx, db); tx != nil {
		return tx.ExecContext(ctx, query, args...)
	}
	return db.ExecContext(ctx, query, args...)
}

func queryContext(ctx context.Context, db *sql.DB, query string, args ...any) (*sql.Rows, error) {
	if tx := txFor(ctx, db); tx != nil {
		return tx.QueryContext(ctx, query, args...)
	}
	return db.QueryContext(ctx, query, args...)
}

// queryRowScan runs a query expected to return one row and scans its one
// column into dest. (It does not return the *sql.Row, which would then have
// to live on the heap.)
func queryRowScan(ctx context.Context, db *sql.DB, dest any, query string, args ...any) error {
	if tx := txFor(ctx, db); tx != nil {
		return tx.QueryRowContext(ctx, query, args...).Scan(dest)
	}
	return db.QueryRowContext(ctx, query, args...).Scan(dest)
}

// dialectKey is the context key of a dialect override.
type dialectKey struct{}

type dialectOverride struct{ d dialect.Dialect }

// WithDialect returns a context that makes ORM calls use d instead of the
// dialect detected from the *sql.DB. Use it when detection cannot work: a
// go-sqlmock database, or a driver sqlorm does not know that speaks one of
// the supported dialects. A nil d returns ctx unchanged.
func WithDialect(ctx context.Context, d dialect.Dialect) context.Context {
	if d == nil {
		return ctx
	}
	return context.WithValue(ctx, dialectKey{}, &dialectOverride{d: d})
}

// errNilDB is returned by calls given a nil *sql.DB.
var errNilDB = errors.New("sqlorm: nil *sql.DB; pass the database the call works on")

// dialectFor returns the dialect for a call on db with ctx.
func dialectFor(ctx context.Context, db *sql.DB) (dialect.Dialect, error) {
	if o, ok := ctx.Value(dialectKey{}).(*dialectOverride); ok && o != nil {
		return o.d, nil
	}
	if db == nil {
		return nil, errNilDB
	}
	return dialect.Detect(db)
}

// classify passes a database error through the dialect's classification so
// constraint violations become *ConstraintError.
func classify(d dialect.Dialect, err error) error {
	if err == nil || d == nil {
		return err
	}
	return d.ClassifyError(err)
}
