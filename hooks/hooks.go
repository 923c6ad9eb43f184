// Package hooks lets code watch every statement that runs through the sqlorm
// driver without changing it.
//
// A [Hook] is a Before/After pair, in the manner of pgx's tracers: Before
// runs just before the backend is called and may return a derived context
// (to carry a span, say); After runs when the backend returns, with the
// duration, the rows affected and the error filled in. Hooks observe; they
// cannot change the statement, its arguments or its result.
//
// Hooks attach to one database through driver.OpenDB (a URL cannot carry
// functions). There is no package-level registry. Two hooks come built in:
// [Logger], the log/slog logger behind the debug=true URL option, and
// [Capture], a context-scoped recorder that tests use the way Django tests use
// assertNumQueries.
package hooks

import (
	"context"
	"database/sql/driver"
	"time"
)

// Op names the kind of operation an [Event] describes.
type Op string

// The operations the sqlorm driver reports.
const (
	OpExec     Op = "exec"     // a statement run without rows (ExecContext, Stmt.ExecContext)
	OpQuery    Op = "query"    // a statement returning rows (QueryContext, Stmt.QueryContext)
	OpPrepare  Op = "prepare"  // an explicit PrepareContext
	OpBegin    Op = "begin"    // BeginTx
	OpCommit   Op = "commit"   // Tx.Commit
	OpRollback Op = "rollback" // Tx.Rollback
)

// Event describes one statement. The driver fills Op, SQL, Args, Dialect,
// ConnID and Start before calling [Hook.Before], and Duration, RowsAffected
// and Err before calling [Hook.After]. Hooks must treat an Event and its Args
// as read-only and must not keep them after After returns (copy what you
// need): the driver may reuse them.
type Event struct {
	Op      Op
	SQL     string              // the statement text as sent to the backend ("" for begin/commit/rollback)
	Args    []driver.NamedValue // bound arguments, after database/sql conversion
	Dialect string              // "sqlite", "postgres", "mysql" or "oracle"
	ConnID  uint64              // a per-database counter identifying the connection
	Start   time.Time

	Duration time.Duration
	// RowsAffected is the affected row count of an exec, or -1 when unknown
	// (queries: the rows are handed to the caller unwrapped, so that every
	// optional interface of the backend's rows survives, and are not counted).
	RowsAffected int64
	Err          error
}

// Hook observes statements. Both methods are called on the goroutine that
// runs the statement, possibly from many goroutines at once: implementations
// must be safe for concurrent use. Before returns the context the statement
// runs with (return ctx unchanged if there is nothing to add).
type Hook interface {
	Before(ctx context.Context, e *Event) context.Context
	After(ctx context.Context, e *Event)
}

// Funcs adapts two functions to a [Hook]. A nil field does nothing.
type Funcs struct {
	BeforeFunc func(ctx context.Context, e *Event) context.Context
	AfterFunc  func(ctx context.Context, e *Event)
}

// Before calls BeforeFunc if it is set and returns its context, else ctx.
func (f Funcs) Before(ctx context.Context, e *Event) context.Context {
	if f.BeforeFunc == nil {
		return ctx
	}
	if c := f.BeforeFunc(ctx, e); c != nil {
		return c
	}
	return ctx
}

// After calls AfterFunc if it is set.
func (f Funcs) After(ctx context.Context, e *Event) {
	if f.AfterFunc != nil {
		f.AfterFunc(ctx, e)
	}
}

// Multi composes hooks into one: Before runs in order, each seeing the
// context the previous one returned; After runs in reverse order, as deferred
// calls would. Nil hooks are dropped; Multi of no hooks returns nil.
func Multi(hs ...Hook) Hook {
	var out multi
	for _, h := range hs {
		switch h := h.(type) {
		case nil:
		case multi:
			out = append(out, h...)
		default:
			out = append(out, h)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

type multi []Hook

func (m multi) Before(ctx context.Context, e *Event) context.Context {
	for _, h := range m {
		ctx = h.Before(ctx, e)
	}
	return ctx
}

func (m multi) After(ctx context.Context, e *Event) {
	for i := len(m) - 1; i >= 0; i-- {
		m[i].After(ctx, e)
	}
}
