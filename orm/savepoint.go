package orm

import (
	"context"
)

// SavepointID identifies a savepoint made by Savepoint, Django's sid. The
// zero value is no savepoint.
type SavepointID struct {
	at *atomicTx
	sp *savepoint
}

// Name returns the savepoint's SQL name (s1, s2, ...: unique within its
// transaction), or "" for the zero SavepointID.
func (id SavepointID) Name() string {
	if id.sp == nil {
		return ""
	}
	return id.sp.name
}

// Savepoint makes a savepoint in the transaction carried by ctx, Django's
// transaction.savepoint(), and returns its id for SavepointRollback and
// SavepointRelease. It must be called in an Atomic block (or with a WithTx
// context) and belongs to the innermost block: that block, not an enclosing
// or nested one, rolls back to it or releases it, before the block ends (the
// block's own end releases or rolls back past it). Outside a transaction
// it is an ErrTransactionManagement error; in a broken block, an
// ErrTransactionBroken one. Both send nothing.
//
//	err := orm.Atomic(ctx, db, func(ctx context.Context) error {
//		products.Create(ctx, &Product{Name: "Product 1"})
//		sid, err := orm.Savepoint(ctx)
//		if err != nil {
//			return err
//		}
//		if err := products.Create(ctx, &Product{Name: "Product 2"}); err != nil {
//			return orm.SavepointRollback(ctx, sid) // Product 1 stays
//		}
//		return orm.SavepointRelease(ctx, sid)
//	})
func Savepoint(ctx context.Context) (SavepointID, error) {
	st := stateOf(ctx)
	if st == nil {
		return SavepointID{}, txMgmtError("Savepoint: no transaction in the context; call it inside Atomic")
	}
	at := st.at
	at.mu.Lock()
	defer at.mu.Unlock()
	if err := at.innermostLocked(st, "Savepoint"); err != nil {
		return SavepointID{}, err
	}
	if at.broken != nil {
		return SavepointID{}, &brokenError{cause: at.broken}
	}
	sp, err := at.newSavepointLocked(ctx, st.db, st.blk)
	if err != nil {
		return SavepointID{}, err
	}
	return SavepointID{at: at, sp: sp}, nil
}

// checkSavepoint validates an explicit savepoint operation on id.
func (at *atomicTx) checkSavepointLocked(st *txState, id SavepointID, what string) error {
	if err := at.innermostLocked(st, what); err != nil {
		return err
	}
	if id.sp == nil || id.at != at {
		return txMgmtError("%s: the savepoint %q is not one of this transaction's", what, id.Name())
	}
	if at.spIndexLocked(id.sp) < 0 {
		return txMgmtError("%s: the savepoint %s was released or rolled back past already", what, id.sp.name)
	}
	if id.sp.owner != st.blk {
		return txMgmtError("%s: the savepoint %s belongs to another atomic block", what, id.sp.name)
	}
	return nil
}

// SavepointRollback rolls the transaction in ctx back to the savepoint id,
// Django's transaction.savepoint_rollback(): what was done since Savepoint
// returned id is undone, savepoints made since are gone, and OnCommit
// callbacks registered since are dropped (Django keeps those). id itself
// stays valid: it can be rolled back to again, or released. It also ends a
// broken state that began after the savepoint (a statement that failed
// since: Django's savepoint_rollback plus set_rollback(False)), unless the
// error ended the whole transaction. An id that is not a live savepoint of
// the innermost block is an ErrTransactionManagement error and sends
// nothing.
func SavepointRollback(ctx context.Context, id SavepointID) error {
	st := stateOf(ctx)
	if st == nil {
		return txMgmtError("SavepointRollback: no transaction in the context")
	}
	at := st.at
	at.mu.Lock()
	defer at.mu.Unlock()
	if err := at.checkSavepointLocked(st, id, "SavepointRollback"); err != nil {
		return err
	}
	if at.fatal {
		return &brokenError{cause: at.broken}
	}
	return at.rollbackToLocked(ctx, id.sp)
}

// SavepointRelease releases the savepoint id, Django's
// transaction.savepoint_commit(): its work stays part of the transaction,
// to be committed or rolled back with it. Savepoints made after id are
// released too. On Oracle, which has no RELEASE SAVEPOINT, nothing is sent
// and the savepoint is merely forgotten. In a broken block it returns an
// ErrTransactionBroken error; an id that is not a live savepoint of the
// innermost block is an ErrTransactionManagement error.
func SavepointRelease(ctx context.Context, id SavepointID) error {
	st := stateOf(ctx)
	if st == nil {
		return txMgmtError("SavepointRelease: no transaction in the context")
	}
	at := st.at
	at.mu.Lock()
	defer at.mu.Unlock()
	if err := at.checkSavepointLocked(st, id, "SavepointRelease"); err != nil {
		return err
	}
	if at.broken != nil {
		return &brokenError{cause: at.broken}
	}
	return at.releaseLocked(ctx, id.sp)
}
