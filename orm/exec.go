package orm

import (
	"context"
	"database/sql"
	"errors"
	"strings"

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

// txState is the transaction a context carries. Atomic makes one per block
// (they share the transaction's bookkeeping, at); WithTx makes one for a
// transaction begun elsewhere.
type txState struct {
	tx    *sql.Tx
	db    *sql.DB   // the database tx belongs to; nil: unknown (WithTx), join every call
	at    *atomicTx // the transaction's bookkeeping, shared by every context of it; never nil
	blk   *block    // the Atomic block this context belongs to; nil outside any block
	outer *txState  // a transaction on another database that ctx carried before, or nil
}

// WithTx returns a context that makes every ORM call made with it (or with a
// context derived from it) run on tx instead of on the *sql.DB passed to the
// call: how ORM calls join a transaction that existing database/sql code
// began. The caller still commits or rolls back tx. A nil tx returns ctx
// unchanged.
//
// Atomic called with such a context does not begin a transaction: it makes
// a savepoint in tx (Django's atomic() inside a transaction). OnCommit
// cannot be used there, since sqlorm does not see when tx commits.
//
//	tx, _ := db.BeginTx(ctx, nil)
//	ctx = orm.WithTx(ctx, tx)
//	err := orm.Objects[Product](db).Create(ctx, &p) // runs on tx
func WithTx(ctx context.Context, tx *sql.Tx) context.Context {
	if tx == nil {
		return ctx
	}
	return context.WithValue(ctx, txKey{}, &txState{tx: tx, at: &atomicTx{tx: tx}})
}

// stateOf returns the innermost transaction state ctx carries, or nil.
func stateOf(ctx context.Context) *txState {
	st, _ := ctx.Value(txKey{}).(*txState)
	return st
}

// stateFor returns the state of the transaction carried by ctx for a
// statement on db, or nil: the transaction if there is one and it belongs
// to db (when that is known).
func stateFor(ctx context.Context, db *sql.DB) *txState {
	for st := stateOf(ctx); st != nil; st = st.outer {
		if st.db == nil || st.db == db {
			return st
		}
	}
	return nil
}

// executor picks where a statement for db runs: the transaction carried by
// ctx if any, else db. Every ORM statement goes through it or through the
// three helpers below, which make the same choice with direct calls (so
// the compiler keeps their argument slices off the heap). In a transaction
// they refuse to run anything once an atomic block is broken (see
// ErrTransactionBroken) and mark the block broken when a statement fails.
func executor(ctx context.Context, db *sql.DB) querier {
	if st := stateFor(ctx, db); st != nil {
		return st
	}
	return db
}

func execContext(ctx context.Context, db *sql.DB, query string, args ...any) (sql.Result, error) {
	if st := stateFor(ctx, db); st != nil {
		return st.ExecContext(ctx, query, args...)
	}
	return db.ExecContext(ctx, query, args...)
}

func queryContext(ctx context.Context, db *sql.DB, query string, args ...any) (*sql.Rows, error) {
	if st := stateFor(ctx, db); st != nil {
		return st.QueryContext(ctx, query, args...)
	}
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		if alt := failover(ctx, db, err); alt != nil { // a replica that cannot be reached
			return queryContext(ctx, alt, query, args...)
		}
	}
	return rows, err
}

// queryRowScan runs a query expected to return one row and scans its one
// column into dest. (It does not return the *sql.Row, which would then have
// to live on the heap.) In an atomic block a failure other than no row
// marks the block broken, as for the helpers above.
func queryRowScan(ctx context.Context, db *sql.DB, dest any, query string, args ...any) error {
	if st := stateFor(ctx, db); st != nil {
		if err := st.at.usable(); err != nil {
			return err
		}
		err := st.tx.QueryRowContext(ctx, query, args...).Scan(dest)
		if err != nil {
			st.at.failed(err)
		}
		return err
	}
	err := db.QueryRowContext(ctx, query, args...).Scan(dest)
	if err != nil {
		if alt := failover(ctx, db, err); alt != nil { // a replica that cannot be reached
			return queryRowScan(ctx, alt, dest, query, args...)
		}
	}
	return err
}

var _ querier = (*txState)(nil)

// ExecContext runs query on the transaction, unless it is broken.
func (st *txState) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := st.at.usable(); err != nil {
		return nil, err
	}
	res, err := st.tx.ExecContext(ctx, query, args...)
	if err != nil {
		st.at.failed(err)
	}
	return res, err
}

// QueryContext runs query on the transaction, unless it is broken.
func (st *txState) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := st.at.usable(); err != nil {
		return nil, err
	}
	rows, err := st.tx.QueryContext(ctx, query, args...)
	if err != nil {
		st.at.failed(err)
	}
	return rows, err
}

// QueryRowContext runs query on the transaction, unless it is broken: then
// the *sql.Row it returns holds the broken-transaction error and nothing is
// sent. (Code in this package uses queryRowScan, which also marks the
// block broken when Scan fails.)
func (st *txState) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if err := st.at.usable(); err != nil {
		// A context that is already done makes database/sql return a *Row
		// holding its Err() without touching the connection.
		return st.tx.QueryRowContext(refusedContext{ctx, err}, query, args...)
	}
	return st.tx.QueryRowContext(ctx, query, args...)
}

// refusedContext is a context that is already done with err: handed to
// database/sql, it makes the call return err before anything is sent.
type refusedContext struct {
	context.Context
	err error
}

func (c refusedContext) Done() <-chan struct{} { return closedChan }
func (c refusedContext) Err() error            { return c.err }

var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

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

// dbError classifies a database error (see classify) and says which ORM
// operation on which model met it: "sqlorm: save Product: ...". errors.Is
// and errors.As see through it to the *ConstraintError and the driver's
// error.
func (m *modelInfo) dbError(op string, d dialect.Dialect, err error) error {
	if err == nil || errors.Is(err, ErrDoesNotExist) || errors.Is(err, ErrMultipleObjectsReturned) {
		return err // the ORM's own outcomes already name the model
	}
	return &opError{op: op, model: m.name, err: classify(d, err)}
}

// opError is a database error met by an ORM operation: "sqlorm: save
// Product: unique constraint violated ...". The prefix of the error it
// wraps is not repeated; errors.Is and errors.As see through it.
type opError struct {
	op, model string
	err       error
}

func (e *opError) Error() string {
	return "sqlorm: " + e.op + " " + e.model + ": " + strings.TrimPrefix(e.err.Error(), "sqlorm: ")
}

func (e *opError) Unwrap() error { return e.err }

// classify passes a database error through the dialect's classification so
// constraint violations become *ConstraintError.
func classify(d dialect.Dialect, err error) error {
	if err == nil || d == nil {
		return err
	}
	return d.ClassifyError(err)
}
