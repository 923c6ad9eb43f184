package orm

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// ErrTransactionManagement is Django's TransactionManagementError: a
// transaction API was used where it cannot work (Atomic with options that
// only the outermost block can have, a durable block inside another,
// SelectForUpdate or Savepoint outside a transaction, a savepoint of another
// block, OnCommit in a transaction sqlorm did not begin). Nothing was sent
// to the database. errors.Is(err, ErrTransactionManagement) also holds for
// ErrTransactionBroken errors.
var ErrTransactionManagement = errors.New("sqlorm: transaction management error")

// ErrTransactionBroken is returned, without sending anything to the
// database, by every ORM statement (queries, Create, Save, ExecuteRawSQL,
// Raw, Savepoint ...) made in an atomic block after a statement in it
// failed, until the block ends: Django's "An error occurred in the current
// transaction. You can't execute queries until the end of the 'atomic'
// block." The error returned matches errors.Is(err, ErrTransactionBroken)
// and errors.Unwrap gives the error that broke the block.
//
// A nested Atomic (a savepoint) ends the broken state when it rolls back to
// its savepoint, so the enclosing block can go on; so does SavepointRollback.
// When the error means the whole transaction is gone (a deadlock victim on
// MySQL, SQLITE_FULL, a lost connection, a serialization failure) no
// savepoint can help: the state lasts until the outermost Atomic rolls back.
var ErrTransactionBroken error = &proxyError{
	msg:        "sqlorm: an error occurred in the current transaction; statements cannot run until the end of the atomic block",
	background: ErrTransactionManagement,
}

// brokenError is the error a statement in a broken block gets.
type brokenError struct{ cause error }

func (e *brokenError) Error() string {
	return ErrTransactionBroken.Error() + ": " + e.cause.Error()
}

// Is matches ErrTransactionBroken and ErrTransactionManagement.
func (e *brokenError) Is(target error) bool {
	return target == ErrTransactionBroken || target == ErrTransactionManagement
}

// Unwrap returns the error that broke the block.
func (e *brokenError) Unwrap() error { return e.cause }

func txMgmtError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrTransactionManagement}, args...)...)
}

// atomicTx is the bookkeeping of one database transaction: begun by the
// outermost Atomic (owned), or begun elsewhere and joined through WithTx.
// Every context derived for the transaction points at the same atomicTx.
type atomicTx struct {
	tx    *sql.Tx
	db    *sql.DB // nil when joined through WithTx
	owned bool    // Atomic began tx and ends it

	// isBroken mirrors broken != nil, so statements check it without the
	// mutex.
	isBroken atomic.Bool

	mu        sync.Mutex // guards the fields below
	d         dialect.Dialect
	blocks    []*block     // active Atomic blocks, outermost first
	sps       []*savepoint // live savepoints, oldest first
	spSeq     int          // savepoint names are s1, s2, ...: unique in the transaction
	broken    error        // the error that broke the innermost block(s), or nil
	fatal     bool         // broken ended the whole transaction: no savepoint can recover it
	callbacks []func()     // OnCommit callbacks, in registration order
	done      bool         // the transaction was committed or rolled back by Atomic
}

// block is one active Atomic call.
type block struct {
	sp      *savepoint // nil: no savepoint (outermost, or WithoutSavepoint)
	cbStart int        // len(callbacks) when the block began
}

// savepoint is one live savepoint: an Atomic block's or an explicit one.
type savepoint struct {
	name    string
	owner   *block // the block that made it (nil: made outside any block, in a WithTx transaction)
	cbStart int    // len(callbacks) when it was made
}

// usable returns the error a statement gets while the transaction is
// broken, or nil.
func (at *atomicTx) usable() error {
	if !at.isBroken.Load() {
		return nil
	}
	at.mu.Lock()
	defer at.mu.Unlock()
	if at.broken == nil {
		return nil
	}
	return &brokenError{cause: at.broken}
}

// failed records that a statement inside an atomic block failed with err:
// the block is broken. Outside any block (a plain WithTx transaction) it
// does nothing, as Django does outside atomic(). sql.ErrNoRows is an
// answer, not a failure.
func (at *atomicTx) failed(err error) {
	if err == nil || errors.Is(err, sql.ErrNoRows) {
		return
	}
	at.mu.Lock()
	defer at.mu.Unlock()
	if len(at.blocks) == 0 {
		return
	}
	at.breakLocked(err)
}

// breakLocked marks the transaction broken by err (keeping the first
// error), and fatally so when err says the transaction is gone.
func (at *atomicTx) breakLocked(err error) {
	if at.broken == nil {
		if at.d != nil {
			err = at.d.ClassifyError(err)
		}
		at.broken = err
		at.isBroken.Store(true)
	}
	if endsTransaction(err) {
		at.fatal = true
	}
}

// markFailed records that reading the rows of a query on db with ctx failed
// (rows.Err): in an atomic block, the block is broken, as when the query
// itself fails.
func markFailed(ctx context.Context, db *sql.DB, err error) {
	if st := stateFor(ctx, db); st != nil {
		st.at.failed(err)
	}
}

// clearLocked ends a broken state that a savepoint rollback undid.
func (at *atomicTx) clearLocked() {
	if !at.fatal {
		at.broken = nil
		at.isBroken.Store(false)
	}
}

// endsTransaction reports whether err leaves no transaction to roll back to
// a savepoint in: the server ended it, the connection is gone, database/sql
// ended it (its context was cancelled), or it must be retried as a whole.
func endsTransaction(err error) bool {
	return dialect.EndsTransaction(err) || dialect.IsRetryable(err) ||
		errors.Is(err, sql.ErrTxDone) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// dialectLocked returns the transaction's dialect, finding it from ctx
// (WithDialect) or db when not known yet.
func (at *atomicTx) dialectLocked(ctx context.Context, db *sql.DB) (dialect.Dialect, error) {
	if at.d != nil {
		return at.d, nil
	}
	if db == nil {
		db = at.db
	}
	if db == nil {
		if o, ok := ctx.Value(dialectKey{}).(*dialectOverride); ok && o != nil {
			at.d = o.d
			return at.d, nil
		}
		return nil, txMgmtError("savepoints in a WithTx transaction need its dialect: call Atomic with the *sql.DB, or set orm.WithDialect")
	}
	d, err := dialectFor(ctx, db)
	if err != nil {
		return nil, err
	}
	at.d = d
	return d, nil
}

// innermostLocked checks that st's block is the transaction's innermost
// active one: Atomic, Savepoint and friends need it, since blocks nest.
func (at *atomicTx) innermostLocked(st *txState, what string) error {
	var top *block
	if n := len(at.blocks); n > 0 {
		top = at.blocks[n-1]
	}
	if st.blk != top {
		return txMgmtError("%s: the context is not the innermost atomic block's (a context of an enclosing block, or of a block that has ended, used while a nested block runs?)", what)
	}
	if at.done {
		return txMgmtError("%s: the transaction has ended", what)
	}
	return nil
}

// newSavepointLocked makes a savepoint on the transaction and records it.
func (at *atomicTx) newSavepointLocked(ctx context.Context, db *sql.DB, owner *block) (*savepoint, error) {
	d, err := at.dialectLocked(ctx, db)
	if err != nil {
		return nil, err
	}
	if !d.Has(dialect.Savepoints) {
		return nil, fmt.Errorf("sqlorm: %s has no savepoints: %w", d.Name(), dialect.ErrUnsupported)
	}
	at.spSeq++
	name := "s" + strconv.Itoa(at.spSeq)
	q, err := d.Savepoint(name)
	if err != nil {
		return nil, err
	}
	if _, err := at.tx.ExecContext(ctx, q); err != nil {
		if len(at.blocks) > 0 || at.owned {
			at.breakLocked(err)
		}
		return nil, err
	}
	sp := &savepoint{name: name, owner: owner, cbStart: len(at.callbacks)}
	at.sps = append(at.sps, sp)
	return sp, nil
}

// spIndexLocked returns the position of sp among the live savepoints, or
// -1.
func (at *atomicTx) spIndexLocked(sp *savepoint) int {
	for i, s := range at.sps {
		if s == sp {
			return i
		}
	}
	return -1
}

// rollbackToLocked rolls the transaction back to sp, which stays live;
// later savepoints are gone, and so are OnCommit callbacks registered since
// sp was made. It ends a broken state that is not fatal.
func (at *atomicTx) rollbackToLocked(ctx context.Context, sp *savepoint) error {
	i := at.spIndexLocked(sp)
	q, err := at.d.RollbackToSavepoint(sp.name)
	if err != nil {
		return err
	}
	if _, err := at.tx.ExecContext(ctx, q); err != nil {
		// The savepoint is gone (MySQL rolls back the whole transaction of
		// a deadlock victim) or the connection is: nothing can recover it.
		at.breakLocked(err)
		at.fatal = true
		return err
	}
	at.sps = at.sps[:i+1]
	at.callbacks = at.callbacks[:min(len(at.callbacks), sp.cbStart)]
	at.clearLocked()
	return nil
}

// releaseLocked releases sp and every later savepoint. Where the dialect
// has no RELEASE SAVEPOINT (Oracle) nothing is sent: the savepoint lives on
// unused until the transaction ends.
func (at *atomicTx) releaseLocked(ctx context.Context, sp *savepoint) error {
	i := at.spIndexLocked(sp)
	q, err := at.d.ReleaseSavepoint(sp.name)
	if err != nil {
		return err
	}
	if q != "" {
		if _, err := at.tx.ExecContext(ctx, q); err != nil {
			at.breakLocked(err)
			return err
		}
	}
	at.sps = at.sps[:i]
	return nil
}

// AtomicOption changes what Atomic does; see Isolation, ReadOnly,
// WithoutSavepoint, Durable, Retry and RetryBackoff.
type AtomicOption func(*atomicOptions)

type atomicOptions struct {
	txOpts      sql.TxOptions
	setTxOpts   bool
	noSavepoint bool
	durable     bool
	retries     int
	backoffMin  time.Duration
	backoffMax  time.Duration
}

// Isolation sets the isolation level of the transaction Atomic begins
// (database/sql's sql.LevelSerializable and so on), passed to the driver's
// BeginTx. SQLite's driver ignores it (SQLite transactions are
// serializable). Only the outermost Atomic may set it: on a nested one it
// is an ErrTransactionManagement error.
func Isolation(level sql.IsolationLevel) AtomicOption {
	return func(o *atomicOptions) { o.txOpts.Isolation = level; o.setTxOpts = true }
}

// ReadOnly makes the transaction Atomic begins read-only (START TRANSACTION
// READ ONLY on PostgreSQL and MySQL: a write fails). SQLite's driver
// ignores it. Only the outermost Atomic may set it.
func ReadOnly() AtomicOption {
	return func(o *atomicOptions) { o.txOpts.ReadOnly = true; o.setTxOpts = true }
}

// WithoutSavepoint makes a nested Atomic merge into the enclosing block
// instead of making a savepoint (Django's savepoint=False): cheaper, but
// when the function fails nothing of it can be undone on its own, so the
// enclosing block is then broken (ErrTransactionBroken) until it ends. On
// the outermost Atomic it changes nothing.
func WithoutSavepoint() AtomicOption { return func(o *atomicOptions) { o.noSavepoint = true } }

// Durable makes Atomic refuse to run inside another atomic block or a WithTx
// transaction (Django's durable=True): when it returns nil, its work is
// committed, not waiting on an outer transaction.
func Durable() AtomicOption { return func(o *atomicOptions) { o.durable = true } }

// Retry makes the outermost Atomic run the whole transaction again, up to n
// more times, when it fails with an error that a new attempt can resolve
// (dialect.IsRetryable: a serialization failure or deadlock, SQLite busy):
// each attempt begins a new transaction and calls the function again, after
// a random pause that grows with each attempt (see RetryBackoff). Any
// other error, a panic, a cancelled context and a commit that failed in a
// way that leaves its outcome unknown (a lost connection) are never
// retried. The function must therefore be safe to call more than once: keep
// side effects outside the database in OnCommit callbacks.
//
// On a nested Atomic, Retry is ignored: the error reaches the outermost
// block, which retries if it has Retry.
func Retry(n int) AtomicOption { return func(o *atomicOptions) { o.retries = max(n, 0) } }

// RetryBackoff sets the pauses between Retry attempts: before attempt k (k =
// 1 for the first retry) Atomic sleeps a uniformly random duration in
// [0, min(maxWait, minWait·2^(k-1))]. The default is 5ms and 1s.
func RetryBackoff(minWait, maxWait time.Duration) AtomicOption {
	return func(o *atomicOptions) { o.backoffMin, o.backoffMax = minWait, maxWait }
}

// Atomic runs fn in a transaction on db, Django's transaction.atomic(): it
// commits when fn returns nil and rolls back when fn returns an error or
// panics (the panic goes on after the rollback). The transaction travels in
// the context given to fn: every ORM call, ExecuteRawSQL, Exec and Raw made
// with that context (or one derived from it) runs in it. Statements made
// with another context, or directly on db, do not.
//
// Called with a context that is already in a transaction on db, Atomic is a
// savepoint (SAVEPOINT s<N>): when fn fails, only what it did is rolled back
// (ROLLBACK TO SAVEPOINT) and the enclosing block goes on; when it succeeds
// the savepoint is released. That includes a context from WithTx: Atomic
// then makes savepoints in that transaction and never commits it.
//
// When a statement in the block fails, the block is broken: any further
// statement made with its context returns an ErrTransactionBroken error
// without reaching the database, and the block rolls back when it ends (to
// its savepoint, or the whole transaction), even if fn then returns nil:
// Atomic returns the statement's error, never reporting success for work
// that was not committed, nor committing the rest where the database would
// (MySQL after a lock wait timeout, which undoes only the statement).
// Errors after which the server has already ended the transaction (a
// deadlock victim on MySQL, SQLITE_FULL, a lost connection: see
// dialect.EndsTransaction) and serialization failures and deadlocks
// (dialect.IsRetryable) cannot be undone to a savepoint: they roll back the
// whole transaction, whatever the nesting.
//
// A transaction runs on one connection. Goroutines may share its context
// for statements without rows, which database/sql serialises; a query
// whose rows are still open while another statement starts fails with
// some drivers (pgx: "conn busy"), as sharing a connection between threads
// does in Django.
//
// Atomic returns fn's error as is. Other errors come from BEGIN, SAVEPOINT,
// RELEASE, and COMMIT; a failed COMMIT means the transaction's outcome is
// not known for sure (it is rolled back unless the connection broke at the
// wrong moment). OnCommit callbacks run after the outermost COMMIT
// succeeded, before Atomic returns.
//
//	err := orm.Atomic(ctx, db, func(ctx context.Context) error {
//		if err := orm.Objects[Product](db).Create(ctx, p); err != nil {
//			return err // rolls back
//		}
//		return orm.Objects[Inventory](db).Create(ctx, inv)
//	})
func Atomic(ctx context.Context, h DB, fn func(ctx context.Context) error, opts ...AtomicOption) error {
	if fn == nil {
		return txMgmtError("Atomic: nil function")
	}
	db, err := target(ctx, h, nil, true)
	if err != nil {
		return err
	}
	var o atomicOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if st := stateFor(ctx, db); st != nil {
		if o.durable {
			return txMgmtError("Atomic: a durable block cannot be nested in another atomic block or transaction")
		}
		if o.setTxOpts {
			return txMgmtError("Atomic: isolation level and read-only can only be set on the outermost Atomic, which begins the transaction")
		}
		return nested(ctx, db, st, fn, o)
	}
	if db == nil {
		return errNilDB
	}
	for attempt := 0; ; attempt++ {
		err := outermost(ctx, db, fn, &o)
		if err == nil || attempt >= o.retries || !retryable(err) || ctx.Err() != nil {
			return err
		}
		if sleepBackoff(ctx, &o, attempt+1) != nil {
			return err // ctx is done: the last attempt's error says what failed
		}
	}
}

// commitError is a COMMIT that failed. Its outcome is known only when the
// server answered with a retryable error code (PostgreSQL's serialization
// failure at commit, SQLite busy): only then is it retried.
type commitError struct{ err error }

func (e *commitError) Error() string { return "sqlorm: atomic: commit: " + e.err.Error() }
func (e *commitError) Unwrap() error { return e.err }

// retryable reports whether a failed attempt may run again.
func retryable(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ce *commitError
	if errors.As(err, &ce) && !dialect.IsRetryable(ce.err) {
		return false
	}
	return dialect.IsRetryable(err)
}

// sleepBackoff waits before retry attempt k (1-based), or until ctx is done.
func sleepBackoff(ctx context.Context, o *atomicOptions, k int) error {
	lo, hi := o.backoffMin, o.backoffMax
	if lo <= 0 {
		lo = 5 * time.Millisecond
	}
	if hi <= 0 {
		hi = time.Second
	}
	ceil := lo << min(k-1, 30)
	if ceil > hi || ceil <= 0 {
		ceil = hi
	}
	t := time.NewTimer(rand.N(ceil + 1))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// panicCause is what a panic (or runtime.Goexit, r == nil) in a block
// records as the error that broke the transaction.
func panicCause(r any) error {
	if r == nil {
		return errors.New("sqlorm: atomic: the function exited its goroutine (runtime.Goexit)")
	}
	return fmt.Errorf("sqlorm: atomic: panic: %v", r)
}

// outermost runs one attempt of a top-level Atomic: BEGIN, fn, COMMIT or
// ROLLBACK, then the OnCommit callbacks.
func outermost(ctx context.Context, db *sql.DB, fn func(context.Context) error, o *atomicOptions) error {
	var txOpts *sql.TxOptions
	if o.setTxOpts {
		txOpts = &o.txOpts
	}
	tx, err := db.BeginTx(ctx, txOpts)
	if err != nil {
		return fmt.Errorf("sqlorm: atomic: begin: %w", err)
	}
	at := &atomicTx{tx: tx, db: db, owned: true}
	at.d, _ = dialectFor(ctx, db) // needed only for savepoints; found again then
	blk := &block{}
	at.blocks = []*block{blk}
	inner := context.WithValue(ctx, txKey{}, &txState{tx: tx, db: db, at: at, blk: blk, outer: stateOf(ctx)})

	completed := false
	defer func() {
		if completed {
			return
		}
		// fn panicked or called runtime.Goexit: roll back, and let the
		// panic go on.
		r := recover()
		at.end()
		_ = tx.Rollback()
		if r != nil {
			panic(r)
		}
	}()
	fnErr := fn(inner)
	completed = true

	callbacks, broken := at.end()
	if fnErr != nil || broken != nil {
		// ROLLBACK's own error is not what went wrong; fn's error is. (A
		// transaction the server already ended answers ErrTxDone or "no
		// transaction is active".)
		_ = tx.Rollback()
		if fnErr != nil || broken == errRollbackRequested {
			return fnErr
		}
		return fmt.Errorf("sqlorm: atomic: rolled back after an error the function did not return: %w", broken)
	}
	if err := tx.Commit(); err != nil {
		return &commitError{err: err}
	}
	for _, cb := range callbacks {
		cb()
	}
	return nil
}

// end marks an owned transaction's outermost block as over and returns what
// broke it (or nil) and the OnCommit callbacks to run if it commits.
func (at *atomicTx) end() (callbacks []func(), broken error) {
	at.mu.Lock()
	defer at.mu.Unlock()
	at.blocks = at.blocks[:0]
	at.done = true
	callbacks, broken = at.callbacks, at.broken
	at.callbacks = nil
	return callbacks, broken
}

// nested runs a block inside the transaction st: a savepoint, or merged
// into the enclosing block with WithoutSavepoint.
func nested(ctx context.Context, db *sql.DB, st *txState, fn func(context.Context) error, o atomicOptions) error {
	at := st.at
	blk, err := at.enter(ctx, db, st, !o.noSavepoint)
	if err != nil {
		return err
	}
	inner := context.WithValue(ctx, txKey{}, &txState{tx: st.tx, db: st.db, at: at, blk: blk, outer: st.outer})

	completed := false
	defer func() {
		if completed {
			return
		}
		r := recover()
		_ = at.exit(ctx, blk, panicCause(r))
		if r != nil {
			panic(r)
		}
	}()
	fnErr := fn(inner)
	completed = true
	return at.exit(ctx, blk, fnErr)
}

// enter starts a nested block in the transaction, with a savepoint unless
// merged.
func (at *atomicTx) enter(ctx context.Context, db *sql.DB, st *txState, withSavepoint bool) (*block, error) {
	at.mu.Lock()
	defer at.mu.Unlock()
	if err := at.innermostLocked(st, "Atomic"); err != nil {
		return nil, err
	}
	if at.broken != nil {
		return nil, &brokenError{cause: at.broken}
	}
	blk := &block{cbStart: len(at.callbacks)}
	if withSavepoint {
		sp, err := at.newSavepointLocked(ctx, db, blk)
		if err != nil {
			return nil, err
		}
		blk.sp = sp
	}
	at.blocks = append(at.blocks, blk)
	return blk, nil
}

// exit ends the nested block blk, whose function returned fnErr (or
// panicked: fnErr is then the panic's cause), and returns what Atomic
// returns.
func (at *atomicTx) exit(ctx context.Context, blk *block, fnErr error) error {
	at.mu.Lock()
	defer at.mu.Unlock()
	at.blocks = at.blocks[:len(at.blocks)-1]
	sp := blk.sp
	if sp == nil {
		// Merged into the enclosing block: a failure breaks it, since
		// nothing of this block can be undone on its own.
		if fnErr != nil {
			at.breakLocked(fnErr)
			return fnErr
		}
		if at.broken != nil && at.broken != errRollbackRequested {
			return fmt.Errorf("sqlorm: atomic: block failed with an error the function did not return: %w", at.broken)
		}
		return nil
	}
	if fnErr == nil && at.broken == nil {
		if err := at.releaseLocked(ctx, sp); err != nil {
			// Django: when RELEASE fails, roll back to the savepoint.
			if !at.fatal && at.spIndexLocked(sp) >= 0 && at.rollbackToLocked(ctx, sp) == nil {
				_ = at.releaseLocked(ctx, sp)
			}
			return err
		}
		return nil
	}
	broken := at.broken
	if !at.fatal && at.spIndexLocked(sp) >= 0 {
		if at.rollbackToLocked(ctx, sp) == nil {
			_ = at.releaseLocked(ctx, sp)
		}
	}
	if i := at.spIndexLocked(sp); i >= 0 {
		at.sps = at.sps[:i] // gone with the transaction, which can only roll back now
	}
	if fnErr != nil || broken == errRollbackRequested {
		return fnErr
	}
	return fmt.Errorf("sqlorm: atomic: rolled back to savepoint after an error the function did not return: %w", broken)
}

// errRollbackRequested is the cause of a broken state made by SetRollback.
var errRollbackRequested = errors.New("sqlorm: rollback requested with SetRollback")

// SetRollback with rollback true makes the innermost atomic block of ctx
// roll back when it ends, Django's transaction.set_rollback(True): the
// block's Atomic then rolls back (to its savepoint, or the whole
// transaction) and returns fn's result, nil included, and statements made
// in the block meanwhile get an ErrTransactionBroken error.
//
// With rollback false it ends a broken state, Django's set_rollback(False):
// the block may go on and commit what it did before the failed statement.
// Use it only when the failure is known to have left the transaction
// intact (on PostgreSQL it never does: the transaction stays aborted, and
// Atomic then reports the failed COMMIT). When the error ended the whole
// transaction (see ErrTransactionBroken) it returns that error instead.
//
// Outside an atomic block it is an ErrTransactionManagement error.
func SetRollback(ctx context.Context, rollback bool) error {
	st := stateOf(ctx)
	if st == nil || st.blk == nil {
		return txMgmtError("SetRollback: not in an atomic block")
	}
	at := st.at
	at.mu.Lock()
	defer at.mu.Unlock()
	if at.done {
		return txMgmtError("SetRollback: the transaction has ended")
	}
	if rollback {
		at.breakLocked(errRollbackRequested)
		return nil
	}
	if at.fatal {
		return &brokenError{cause: at.broken}
	}
	at.broken = nil
	at.isBroken.Store(false)
	return nil
}

// OnCommit registers fn to run after the transaction in ctx commits,
// Django's transaction.on_commit(): callbacks run in the order they were
// registered, once the outermost Atomic's COMMIT has succeeded, before that
// Atomic returns. They never run when the transaction rolls back; a
// callback registered inside a nested Atomic (or after a Savepoint) that is
// rolled back is dropped with it, even if the transaction later commits.
//
// Outside any transaction, fn runs at once. In a transaction joined with
// WithTx, whose commit sqlorm does not see, OnCommit returns an
// ErrTransactionManagement error and fn never runs. A nil fn is an error
// too. A callback that panics stops the ones after it; the panic reaches
// the caller of Atomic, whose transaction is committed already.
func OnCommit(ctx context.Context, fn func()) error {
	if fn == nil {
		return txMgmtError("OnCommit: nil function")
	}
	st := stateOf(ctx)
	if st == nil {
		fn()
		return nil
	}
	at := st.at
	if !at.owned {
		return txMgmtError("OnCommit: the transaction was begun outside Atomic (WithTx); sqlorm cannot see when it commits")
	}
	at.mu.Lock()
	defer at.mu.Unlock()
	if at.done {
		return txMgmtError("OnCommit: the transaction has ended")
	}
	at.callbacks = append(at.callbacks, fn)
	return nil
}
