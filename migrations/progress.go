package migrations

import (
	"context"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// Progress is one report of a running operation, for Runner.Progress:
// when it starts, every Runner.ProgressEvery while it runs, and when it
// ends.
type Progress struct {
	Migration string
	Operation string // the operation's String
	// Rows is the number of rows of the table the operation rebuilds or
	// alters (AlterField, and every rebuild on SQLite), counted when it
	// starts; -1 for the others.
	Rows    int64
	Elapsed time.Duration
	Done    bool
}

// defaultProgressEvery is how often a running operation is reported when
// Runner.ProgressEvery is 0.
const defaultProgressEvery = 5 * time.Second

// track reports op's start to r.Progress and then every ProgressEvery
// until the returned function, called when op ends, reports its end.
func (r *Runner) track(ctx context.Context, d dialect.Dialect, ex Executor, id string, op Operation, s *State) func() {
	if r.Progress == nil {
		return func() {}
	}
	rows := int64(-1)
	table := rebuiltTable(d, op, s)
	if o, ok := op.(*alterColumn); ok {
		table = o.table
	}
	if table != "" {
		var n int64
		if err := ex.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(d, table)).Scan(&n); err == nil {
			rows = n
		}
	}
	start := time.Now()
	p := Progress{Migration: id, Operation: op.String(), Rows: rows}
	r.Progress(p)
	every := r.ProgressEvery
	if every <= 0 {
		every = defaultProgressEvery
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				q := p
				q.Elapsed = time.Since(start)
				r.Progress(q)
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		q := p
		q.Elapsed, q.Done = time.Since(start), true
		r.Progress(q)
	}
}
