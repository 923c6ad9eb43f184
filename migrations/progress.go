package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// Progress is one report of a running operation, for Runner.Progress:
// when it starts, after each batch of rows a table rewrite copies, every
// Runner.ProgressEvery while it runs, and when it ends.
type Progress struct {
	Migration string
	Operation string // the operation's String
	// Rows is the number of rows of the table the operation rebuilds or
	// alters (AlterField, and every rebuild on SQLite), counted when it
	// starts; -1 for the others.
	Rows int64
	// Copied is how many of Rows have been written so far: it grows
	// batch by batch while a rebuild copies (an ALTER the server runs as
	// one statement goes from 0 to Rows at its end), never goes down, and
	// is Rows in the report of an operation that succeeded. 0 when Rows
	// is -1.
	Copied  int64
	Elapsed time.Duration
	Done    bool
}

// RowsCopied is one report of a table rewrite's copy (RecreateTable,
// ChangeColumnType, BackupTable, RestoreTable, given ReportRows): Copied
// rows of Total have been written into the new table. The first report
// has Copied 0 and the last Copied == Total; Copied never goes down.
type RowsCopied struct {
	Table  string // the table being rewritten (or backed up)
	Copied int64
	Total  int64
}

// RewriteOption changes what RecreateTable, ChangeColumnType and
// RestoreTable do. ReportRows is one.
type RewriteOption interface{ applyRewrite(*rewriteOptions) }

// BackupOption changes what BackupTable does: ReplaceBackup, ReportRows.
type BackupOption interface{ applyBackup(*backupOptions) }

type rewriteOptions struct{ report func(RowsCopied) }

// RowsOption is what ReportRows returns: a RewriteOption and a
// BackupOption.
type RowsOption struct{ fn func(RowsCopied) }

func (o RowsOption) applyRewrite(r *rewriteOptions) { r.report = o.fn }
func (o RowsOption) applyBackup(b *backupOptions)   { b.report = o.fn }

// ReportRows makes a table rewrite or backup call fn as it copies: once
// before the first row (Copied 0), after each batch, and once all rows
// are in (Copied == Total), on the calling goroutine. With it the rows
// of a table whose primary key is one integer column are copied
// in batches of about a hundredth of the table (1 000 to 100 000 rows)
// in key order (a twenty-fifth on MySQL/MariaDB and Oracle, where each
// batch commits), inside the same transaction or table lock as the single
// INSERT ... SELECT used without it, so the result is the same; other
// tables are copied in one statement, reported at 0 and at the end.
// BackupTable batches only where DDL is transactional, holding writers off
// for the copy (see BackupTable). A nil fn reports nothing.
func ReportRows(fn func(RowsCopied)) RowsOption { return RowsOption{fn} }

func rewriteOpts(opts []RewriteOption) rewriteOptions {
	var o rewriteOptions
	for _, opt := range opts {
		if opt != nil {
			opt.applyRewrite(&o)
		}
	}
	return o
}

// copyBatchMin and copyBatchMax bound a batch of a reported copy; tests
// lower them to see several batches of a small table.
var copyBatchMin, copyBatchMax int64 = 1000, 100000

// batchSize is the batch of a reported copy of total rows on d: a
// hundredth of the table where the batches share one transaction, a
// twenty-fifth where each commits on its own (MySQL/MariaDB under LOCK
// TABLES: a commit per batch; 100 000 rows of MariaDB took 1.3-1.6x the
// time of one statement in a hundred batches, the same time in 25).
func batchSize(d dialect.Dialect, total int64) int64 {
	parts := int64(100)
	if !d.Has(dialect.TransactionalDDL) {
		parts = 25
	}
	return min(max(total/parts, copyBatchMin), copyBatchMax)
}

// tableCopy is the INSERT ... SELECT of a rewrite: the columns cols of
// into take exprs read from from. key is a column of from that orders
// and bounds batches (batchKey), "" when there is none.
type tableCopy struct {
	d          dialect.Dialect
	into, from string
	cols       []string // unquoted
	exprs      []string
	key        string
	table      string // reported as RowsCopied.Table
}

// stmt is the copy as one statement.
func (c *tableCopy) stmt() string { return c.where("") }

// where is the copy of the rows that cond selects.
func (c *tableCopy) where(cond string) string {
	d := c.d
	var b strings.Builder
	b.WriteString("INSERT INTO " + quote(d, c.into) + " (" + quotedList(d, c.cols) + ") SELECT ")
	b.WriteString(strings.Join(c.exprs, ", "))
	b.WriteString(" FROM " + quote(d, c.from))
	if cond != "" {
		b.WriteString(" WHERE " + cond)
	}
	return b.String()
}

// batchKey returns the key column of t that a batched copy can use, if
// any: a single-column primary key of an integer kind, whose values come
// back from every driver as int64.
func batchKey(t dialect.Table) string {
	var key *dialect.Column
	for i := range t.Columns {
		if t.Columns[i].Primary {
			if key != nil {
				return ""
			}
			key = &t.Columns[i]
		}
	}
	if key == nil || !key.Kind.Integer() {
		return ""
	}
	return key.Name
}

// run copies the rows on ex. Without report it sends stmt; with it, it
// reports 0 of total, copies in batches of the key's order where there is
// a key, reporting after each, and reports total at the end.
func (c *tableCopy) run(ctx context.Context, ex Executor, total int64, report func(RowsCopied)) error {
	if report == nil {
		return exec(ctx, ex, c.stmt())
	}
	report(RowsCopied{Table: c.table, Total: total})
	batch := batchSize(c.d, total)
	if c.key == "" || total <= batch {
		if err := exec(ctx, ex, c.stmt()); err != nil {
			return err
		}
		report(RowsCopied{Table: c.table, Copied: total, Total: total})
		return nil
	}
	d := c.d
	k := quote(d, c.key)
	limit := " LIMIT 1 OFFSET " + fmt.Sprint(batch-1)
	if d.Has(dialect.OffsetFetch) {
		limit = " OFFSET " + fmt.Sprint(batch-1) + " ROWS FETCH NEXT 1 ROWS ONLY"
	}
	var last any // the key of the last row copied; nil before the first batch
	var done int64
	for {
		q, args := "SELECT "+k+" FROM "+quote(d, c.from), []any(nil)
		if last != nil {
			q += " WHERE " + k + " > " + d.Placeholder(1)
			args = append(args, last)
		}
		q += " ORDER BY " + k + limit
		var bound int64
		err := ex.QueryRowContext(ctx, q, args...).Scan(&bound)
		final := errors.Is(err, sql.ErrNoRows)
		if err != nil && !final {
			return fmt.Errorf("%s: %w", q, err)
		}
		var stmt string
		switch {
		case final && last == nil:
			stmt, args = c.stmt(), nil
		case final:
			stmt, args = c.where(k+" > "+d.Placeholder(1)), []any{last}
		case last == nil:
			stmt, args = c.where(k+" <= "+d.Placeholder(1)), []any{bound}
		default:
			stmt, args = c.where(k+" > "+d.Placeholder(1)+" AND "+k+" <= "+d.Placeholder(2)), []any{last, bound}
		}
		res, err := ex.ExecContext(ctx, stmt, args...)
		if err != nil {
			return fmt.Errorf("%s: %w", firstLine(stmt), err)
		}
		if n, err := res.RowsAffected(); err == nil {
			done += n
		} else {
			done += batch
		}
		if final {
			break
		}
		// Never past total while copying (rows written meanwhile on a
		// backend that does not hold writers off are counted at the end).
		report(RowsCopied{Table: c.table, Copied: min(done, total), Total: total})
		last = bound
	}
	report(RowsCopied{Table: c.table, Copied: max(done, total), Total: max(done, total)})
	return nil
}

// defaultProgressEvery is how often a running operation is reported when
// Runner.ProgressEvery is 0.
const defaultProgressEvery = 5 * time.Second

// tracker reports one operation to Runner.Progress: its start, each batch
// its copy reports (rows), a tick every ProgressEvery and its end, never
// two at once.
type tracker struct {
	mu    sync.Mutex
	fn    func(Progress)
	p     Progress
	start time.Time
	stop  chan struct{}
	done  chan struct{}
}

func (t *tracker) send(update func(p *Progress)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	update(&t.p)
	q := t.p
	q.Elapsed = time.Since(t.start)
	t.fn(q)
}

// rows is the copy's report function: it moves Copied forward (never
// back, never past Rows while running).
func (t *tracker) rows(rc RowsCopied) {
	if t == nil {
		return
	}
	t.send(func(p *Progress) {
		if rc.Total > p.Rows {
			p.Rows = rc.Total
		}
		if c := min(rc.Copied, p.Rows); c > p.Copied {
			p.Copied = c
		}
	})
}

// end stops the ticks and reports the end: Copied is Rows when the
// operation succeeded.
func (t *tracker) end(ok bool) {
	if t == nil {
		return
	}
	close(t.stop)
	<-t.done
	t.send(func(p *Progress) {
		if ok && p.Rows > 0 {
			p.Copied = p.Rows
		}
		p.Done = true
	})
}

// track reports op's start to r.Progress and then every ProgressEvery
// until the returned tracker's end; nil when r.Progress is nil.
func (r *Runner) track(ctx context.Context, d dialect.Dialect, ex Executor, id string, op Operation, s *State) *tracker {
	if r.Progress == nil {
		return nil
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
	t := &tracker{fn: r.Progress, p: Progress{Migration: id, Operation: op.String(), Rows: rows},
		start: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	t.mu.Lock()
	t.fn(t.p) // Elapsed 0: the start
	t.mu.Unlock()
	every := r.ProgressEvery
	if every <= 0 {
		every = defaultProgressEvery
	}
	go func() {
		defer close(t.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-t.stop:
				return
			case <-tick.C:
				t.send(func(*Progress) {})
			}
		}
	}()
	return t
}
