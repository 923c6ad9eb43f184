package hooks

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Query is one statement a [Recorder] saw: a copy of the [Event], safe to keep.
type Query struct {
	Op           Op
	SQL          string
	Args         []any // argument values in order (named arguments lose their names)
	Duration     time.Duration
	RowsAffected int64 // -1 when unknown
	Err          error
}

// Recorder collects the statements run with a context returned by [Capture].
// It is safe for concurrent use. A Recorder is also a [Hook], so it can be
// attached to a whole database through driver.OpenDB to record everything.
type Recorder struct {
	parent *Recorder // an enclosing capture also sees every statement

	mu      sync.Mutex // guards queries
	queries []Query
}

type recorderKey struct{}

// Capture returns a context that records every statement run with it (or
// with a context derived from it) through the sqlorm driver, and the
// Recorder that holds them: Django's CaptureQueriesContext. Captures nest: a
// statement is recorded by the innermost recorder and by every enclosing one.
//
//	ctx, rec := hooks.Capture(ctx)
//	... run ORM calls with ctx ...
//	if rec.Count() != 1 { t.Fatalf("want 1 query, got %d:\n%s", rec.Count(), rec) }
func Capture(ctx context.Context) (context.Context, *Recorder) {
	r := &Recorder{parent: RecorderFrom(ctx)}
	return context.WithValue(ctx, recorderKey{}, r), r
}

// RecorderFrom returns the innermost Recorder installed in ctx by [Capture],
// or nil. The sqlorm driver calls it for every statement.
func RecorderFrom(ctx context.Context) *Recorder {
	if ctx == nil {
		return nil
	}
	r, _ := ctx.Value(recorderKey{}).(*Recorder)
	return r
}

// Before implements [Hook]; it returns ctx unchanged.
func (r *Recorder) Before(ctx context.Context, _ *Event) context.Context { return ctx }

// After implements [Hook]: it records a copy of e in r and in every
// enclosing recorder.
func (r *Recorder) After(_ context.Context, e *Event) {
	q := Query{Op: e.Op, SQL: e.SQL, Duration: e.Duration, RowsAffected: e.RowsAffected, Err: e.Err}
	if len(e.Args) > 0 {
		q.Args = make([]any, len(e.Args))
		for i, a := range e.Args {
			q.Args[i] = copyValue(a.Value)
		}
	}
	for ; r != nil; r = r.parent {
		r.mu.Lock()
		r.queries = append(r.queries, q)
		r.mu.Unlock()
	}
}

func copyValue(v driver.Value) any {
	if b, ok := v.([]byte); ok {
		return slices.Clone(b)
	}
	return v
}

// All returns a copy of every recorded event, including begin, commit and
// rollback, in the order they finished.
func (r *Recorder) All() []Query {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.queries)
}

// Statements returns the recorded exec and query events: the statements
// that carried SQL to the server, as Django's captured_queries lists them.
func (r *Recorder) Statements() []Query {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Query
	for _, q := range r.queries {
		if q.Op == OpExec || q.Op == OpQuery {
			out = append(out, q)
		}
	}
	return out
}

// Count returns the number of exec and query events recorded so far (what
// assertNumQueries counts).
func (r *Recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, q := range r.queries {
		if q.Op == OpExec || q.Op == OpQuery {
			n++
		}
	}
	return n
}

// Reset forgets everything recorded so far (enclosing recorders keep theirs).
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.queries = nil
	r.mu.Unlock()
}

// String lists the recorded statements one per line, for test failure
// messages.
func (r *Recorder) String() string {
	var b strings.Builder
	for i, q := range r.Statements() {
		fmt.Fprintf(&b, "%d. %s\n", i+1, q.SQL)
	}
	return b.String()
}
