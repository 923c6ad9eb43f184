package orm

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sqlorm/sqlorm/dialect"
)

// lockMode is a QuerySet's row lock: SelectForUpdate and its options.
type lockMode struct {
	on         bool
	nowait     bool
	skipLocked bool
}

// LockOption changes the row lock SelectForUpdate takes; see Nowait and
// SkipLocked.
type LockOption func(*lockMode)

// Nowait makes SelectForUpdate fail at once, instead of waiting, when
// another transaction holds a lock on a selected row (FOR UPDATE NOWAIT):
// Django's nowait=True. The error is the database's (PostgreSQL 55P03,
// MySQL 3572, MariaDB 1205).
func Nowait() LockOption { return func(l *lockMode) { l.nowait = true } }

// SkipLocked makes SelectForUpdate leave out rows another transaction has
// locked (FOR UPDATE SKIP LOCKED): Django's skip_locked=True, the usual way
// to hand out queue entries to several workers.
func SkipLocked() LockOption { return func(l *lockMode) { l.skipLocked = true } }

// SelectForUpdate returns a new QuerySet whose All and Get lock the rows
// they read until the end of the transaction (SELECT ... FOR UPDATE),
// Django's select_for_update(): another transaction that wants to lock or
// change them waits. It must be used inside a transaction (Atomic, or a
// WithTx context): All and Get return an ErrTransactionManagement error
// otherwise, on every backend, sending nothing.
//
// SQLite has no row locks: there, as in Django, the clause is left out;
// with _txlock=immediate in the URL or DSN a transaction holds the
// database's write lock from BEGIN IMMEDIATE on, which makes a
// read-modify-write wait its turn; with go-sqlite3's default deferred
// BEGIN, a transaction whose write comes after another's fails with a
// retryable SQLITE_BUSY error instead (dialect.IsRetryable; never a lost
// update).
// Nowait and SkipLocked where the dialect lacks them (SQLite), and both at
// once, are errors wrapping dialect.ErrUnsupported that name the dialect.
// Count ignores the lock. Get with a lock reads every matching row (Oracle
// cannot combine FOR UPDATE with a row limit), so all of them are locked.
//
//	err := orm.Atomic(ctx, db, func(ctx context.Context) error {
//		acct, err := orm.Objects[Account](db).SelectForUpdate().Get(ctx, orm.Q{"pk": id})
//		if err != nil {
//			return err
//		}
//		acct.Balance -= 10
//		return orm.Save(ctx, db, acct)
//	})
func (qs *QuerySet[T]) SelectForUpdate(opts ...LockOption) *QuerySet[T] {
	n := qs.clone()
	n.lock = lockMode{on: true}
	for _, o := range opts {
		if o != nil {
			o(&n.lock)
		}
	}
	return n
}

// check reports why the lock cannot be taken for a query on db with ctx in
// dialect d, or nil. Nothing is checked without a lock.
func (l lockMode) check(ctx context.Context, db *sql.DB, d dialect.Dialect) error {
	if !l.on {
		return nil
	}
	if stateFor(ctx, db) == nil {
		return txMgmtError("select_for_update cannot be used outside of a transaction: call it inside orm.Atomic")
	}
	switch {
	case l.nowait && l.skipLocked:
		return fmt.Errorf("sqlorm: SelectForUpdate: Nowait cannot be used with SkipLocked: %w", dialect.ErrUnsupported)
	case l.nowait && !d.Has(dialect.SelectForUpdateNowait):
		return fmt.Errorf("sqlorm: SelectForUpdate: %s has no FOR UPDATE NOWAIT: %w", d.Name(), dialect.ErrUnsupported)
	case l.skipLocked && !d.Has(dialect.SelectForUpdateSkipLocked):
		return fmt.Errorf("sqlorm: SelectForUpdate: %s has no FOR UPDATE SKIP LOCKED: %w", d.Name(), dialect.ErrUnsupported)
	}
	return nil
}

// appendTo ends a SELECT with the lock clause, where the dialect has one.
func (l lockMode) appendTo(b *sqlBuf) {
	if !l.on || !b.Dialect().Has(dialect.SelectForUpdate) {
		return
	}
	b.str(" FOR UPDATE")
	switch {
	case l.nowait:
		b.str(" NOWAIT")
	case l.skipLocked:
		b.str(" SKIP LOCKED")
	}
}
