package migrations

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// Copy-and-swap, the rewrite where DDL commits at once (MySQL/MariaDB,
// Oracle): build <table>__new beside the table, copy and verify, swap the
// two in one RENAME TABLE, and put the old one back if what follows fails.

// runSwap is copy-and-swap, for backends whose DDL commits at once
// (MySQL/MariaDB, Oracle): build <table>__new beside the table, copy and
// verify, then swap the two in one atomic RENAME TABLE and drop the old
// one.
func (r *rebuild) runSwap(ctx context.Context, db *sql.DB) error {
	d := r.d
	name := r.target.Name
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%w: table %q: %w; nothing was changed", ErrRewriteFailed, name, err)
	}
	defer conn.Close()
	if s := d.StrictSession(); s != "" {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%w: table %q: making the session strict: %w; nothing was changed", ErrRewriteFailed, name, err)
		}
		// The session's settings must not reach the application's pool.
		defer conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	if ok, err := tableExists(ctx, d, conn, r.backup()); err != nil {
		return fmt.Errorf("%w: table %q: %w; nothing was changed", ErrRewriteFailed, name, err)
	} else if ok {
		return fmt.Errorf("%w: %q exists, so an earlier rewrite of %q was interrupted; call migrations.Recover first", ErrLeftover, r.backup(), name)
	}
	dropNew, err1 := d.DropTable(r.scratch())
	dropBak, err2 := d.DropTable(r.backup())
	swap, err3 := dialect.RenameTables(d, [2]string{name, r.backup()}, [2]string{r.scratch(), name})
	dropChildren, addChildren, err4 := r.childStmts()
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
	}
	if !r.exists {
		if swap, err = dialect.RenameTables(d, [2]string{r.scratch(), name}); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
		}
	}
	// Until the swap, a failure drops the scratch table (and puts back the
	// foreign keys of other tables) and the table is as it was.
	// context.WithoutCancel: the cleanup must run when ctx is what failed.
	cleanCtx := context.WithoutCancel(ctx)
	// MySQL/MariaDB: writers wait from the copy to the swap (see
	// dialect.SwapLocking); unlock is set while this session holds the
	// lock.
	sl, locking, err := dialect.SwapLocking(d, r.swapLocks())
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidRewrite, err)
	}
	locking = locking && r.exists
	var unlock string
	before := func(step string, cause error, restoreChildren []string) error {
		var lost []string
		if unlock != "" {
			if e := exec(cleanCtx, conn, unlock); e != nil {
				lost = append(lost, "the table lock could not be released: "+e.Error())
			}
			unlock = ""
		}
		if e := exec(cleanCtx, conn, restoreChildren...); e != nil {
			lost = append(lost, "the foreign keys of other tables to it could not be restored: "+e.Error())
		}
		if e := exec(cleanCtx, conn, dropNew); e != nil {
			lost = append(lost, fmt.Sprintf("%q could not be dropped (call Recover): %v", r.scratch(), e))
		}
		if errors.Is(cause, ErrLossyConversion) || errors.Is(cause, ErrRewriteFailed) {
			if len(lost) == 0 {
				return cause
			}
			return fmt.Errorf("%w; but %s", cause, strings.Join(lost, "; "))
		}
		what := "the table is as it was"
		if len(lost) > 0 {
			what = "the table's rows are as they were, but " + strings.Join(lost, "; ")
		}
		return fmt.Errorf("%w: table %q: %s: %w; %s", ErrRewriteFailed, name, step, cause, what)
	}
	if err := exec(ctx, conn, dropNew); err != nil { // a leftover of a killed run
		return before("dropping a leftover "+r.scratch(), err, nil)
	}
	if !locking {
		if err := r.checkMisfits(ctx, conn); err != nil {
			return before("", err, nil)
		}
	}
	if err := exec(ctx, conn, r.plan.Create...); err != nil {
		return before("creating "+r.scratch(), err, nil)
	}
	if locking {
		if err := exec(ctx, conn, sl.Lock); err != nil {
			return before("locking the table against writes", err, nil)
		}
		unlock = sl.Unlock
		// Under the lock, so that no row written meanwhile escapes it.
		if err := r.checkMisfits(ctx, conn); err != nil {
			return before("", err, nil)
		}
	}
	if err := r.copyRows(ctx, conn); err != nil {
		return before("copying the rows", err, nil)
	}
	if err := r.verifyCount(ctx, conn); err != nil {
		return before("", err, nil)
	}
	if err := r.checkOrphans(ctx, conn); err != nil {
		return before("", err, nil)
	}
	for i, s := range dropChildren {
		if err := exec(ctx, conn, s); err != nil {
			return before("dropping the foreign keys that reference the table", err, addChildren[:i])
		}
	}
	// The columns of other tables that follow a type change, once their
	// foreign keys are gone; from here a way back puts them back first.
	for i, s := range r.childAlter {
		if err := exec(ctx, conn, s); err != nil {
			return before("changing the type of the columns that reference the table", err, append(r.revertChildAlter(i), addChildren...))
		}
	}
	addChildrenOld := append(r.revertChildAlter(len(r.childAlter)), addChildren...)
	if locking {
		swapped, err := r.swapQueued(ctx, db, conn, sl, swap)
		unlock = ""
		if !swapped {
			return before("swapping the tables", err, addChildrenOld)
		}
	} else if err := exec(ctx, conn, swap...); err != nil {
		return before("swapping the tables", err, addChildrenOld)
	}
	// The new table is in place. The foreign keys of other tables go back
	// first, while the old table can still be swapped back if they fail.
	for i, st := range addChildren {
		if err := exec(ctx, conn, st); err != nil {
			return r.swapBack(cleanCtx, conn, "restoring the foreign keys that reference the table", err, dropChildren[:i], addChildrenOld)
		}
	}
	// Past this point there is no way back; a failure is reported with
	// what is left to do.
	after := func(step string, cause error) error {
		return fmt.Errorf("%w: table %q: the new table is in place with every row, but %s failed: %w; finish it by hand (see the statement)", ErrRewriteFailed, name, step, cause)
	}
	var bakErr error
	if r.exists {
		if err := exec(ctx, conn, dropBak); err != nil {
			// Not fatal: Recover drops it. The steps below still run.
			bakErr = after("dropping "+r.backup()+" (call Recover to drop it)", err)
		}
	}
	if err := exec(ctx, conn, r.plan.Renames...); err != nil {
		return errors.Join(bakErr, after("renaming constraints", err))
	}
	if err := exec(ctx, conn, r.plan.Indexes...); err != nil {
		return errors.Join(bakErr, after("creating the indexes", err))
	}
	if err := exec(ctx, conn, r.plan.ForeignKeys...); err != nil {
		return errors.Join(bakErr, after("adding the foreign keys", err))
	}
	if err := r.resetIdentity(ctx, conn); err != nil {
		return errors.Join(bakErr, after("moving the identity past the copied keys", err))
	}
	return bakErr
}

// revertChildAlter is the undo of the first n statements of childAlter.
// Each column's change is one statement on MySQL/MariaDB and Oracle (a
// MODIFY), so the undo of n is the last n of childRevert.
func (r *rebuild) revertChildAlter(n int) []string {
	if n == 0 || len(r.childRevert) != len(r.childAlter) {
		if n == 0 {
			return nil
		}
		return r.childRevert
	}
	return r.childRevert[len(r.childRevert)-n:]
}

// swapLocks lists what the rewriting session locks for the copy and its
// checks (dialect.SwapLocking): the scratch table to write, the source and
// the table to read (writers wait), and under the aliases checkOrphans
// uses, the tables of the foreign keys; the tables with foreign keys to
// the table are locked for writing, since those keys are dropped before
// the swap.
func (r *rebuild) swapLocks() []dialect.TableLock {
	l := []dialect.TableLock{{Table: r.scratch(), Write: true}, {Table: r.source}}
	if r.exists && r.source != r.target.Name {
		l = append(l, dialect.TableLock{Table: r.target.Name})
	}
	for _, fk := range r.target.ForeignKeys {
		parent := fk.RefTable
		if parent == r.target.Name {
			parent = r.scratch()
		}
		l = append(l, dialect.TableLock{Table: r.scratch(), Alias: "c"}, dialect.TableLock{Table: parent, Alias: "p"})
	}
	for _, c := range r.children {
		l = append(l, dialect.TableLock{Table: c.table, Write: true}, dialect.TableLock{Table: c.table, Alias: "c"}, dialect.TableLock{Table: r.scratch(), Alias: "p"})
	}
	return l
}

// swapQueued swaps the tables while conn holds LOCK TABLES on them: a
// second session sends the swap, which queues for the metadata lock; once
// it is seen waiting, conn unlocks, and the swap runs before any write
// that queued earlier. It reports whether the tables were swapped. The
// lock is released on every path. The swap is not sent on ctx: a
// statement the driver abandons still runs on the server once the lock is
// free; it is stopped with KILL QUERY instead.
func (r *rebuild) swapQueued(ctx context.Context, db *sql.DB, conn *sql.Conn, sl dialect.SwapLock, swap []string) (bool, error) {
	cleanCtx := context.WithoutCancel(ctx)
	unlock := func() error { return exec(cleanCtx, conn, sl.Unlock) }
	other, err := db.Conn(ctx)
	if err != nil {
		return false, errors.Join(fmt.Errorf("a second session for the swap: %w", err), unlock())
	}
	defer other.Close()
	var id int64
	if err := other.QueryRowContext(ctx, sl.SessionID).Scan(&id); err != nil {
		return false, errors.Join(fmt.Errorf("%s: %w", sl.SessionID, err), unlock())
	}
	done := make(chan error, 1)
	go func() { done <- exec(cleanCtx, other, swap...) }()
	// stop interrupts the queued swap and releases the lock; the swap may
	// have got through all the same.
	stop := func(cause error) (bool, error) {
		_, kerr := conn.ExecContext(cleanCtx, sl.KillQuery(id))
		uerr := unlock()
		if e := <-done; e == nil {
			return true, nil
		} else {
			return false, errors.Join(cause, kerr, uerr, e)
		}
	}
	for {
		var n int
		err := conn.QueryRowContext(ctx, sl.Waiting, id).Scan(&n)
		if err == nil && n > 0 {
			break
		}
		select {
		case e := <-done:
			// It ended while the lock is held, so it failed.
			if e == nil {
				e = errors.New("the swap ended while the tables were locked")
			}
			return false, errors.Join(e, unlock())
		default:
		}
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			return stop(fmt.Errorf("waiting for the swap to queue: %w", err))
		}
		time.Sleep(time.Millisecond)
	}
	if err := unlock(); err != nil {
		return stop(fmt.Errorf("releasing the table lock: %w", err))
	}
	if err := <-done; err != nil {
		return false, err
	}
	return true, nil
}

// swapBack undoes a swap whose follow-up failed: the old table goes back
// under its name, the new one is dropped, and the foreign keys of other
// tables are put back on the old table (those of added that were added to
// the new table are dropped with it first).
func (r *rebuild) swapBack(ctx context.Context, conn *sql.Conn, step string, cause error, addedDrops, add []string) error {
	d, name := r.d, r.target.Name
	back, err := dialect.RenameTables(d, [2]string{name, r.scratch()}, [2]string{r.backup(), name})
	dropNew, err2 := d.DropTable(r.scratch())
	if err = errors.Join(err, err2); err == nil {
		err = exec(ctx, conn, addedDrops...)
	}
	if err == nil {
		err = exec(ctx, conn, back...)
	}
	if err == nil {
		err = exec(ctx, conn, add...)
	}
	if err == nil {
		err = exec(ctx, conn, dropNew)
	}
	if err != nil {
		return fmt.Errorf("%w: table %q: %s: %w; putting the old table back failed too: %w; call Recover, then check the foreign keys of other tables to %q", ErrRewriteFailed, name, step, cause, err, name)
	}
	return fmt.Errorf("%w: table %q: %s: %w; the old table was swapped back and is as it was", ErrRewriteFailed, name, step, cause)
}
