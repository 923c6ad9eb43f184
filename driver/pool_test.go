package driver

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/pool"
)

// warm opens n connections and returns them all to the pool.
func warm(t *testing.T, db *sql.DB, n int) {
	t.Helper()
	ctx := context.Background()
	var cs []*sql.Conn
	for range n {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.PingContext(ctx); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	for _, c := range cs {
		c.Close()
	}
}

// TestKilledIdleConnections is DRV-01/DRV-04 and FI-PG-01 without a
// server: every idle connection dies (statements fail with an error that is
// not ErrBadConn, as pgx's 57P01). With health checks every kind of call
// succeeds; without them the caller sees the failures.
func TestKilledIdleConnections(t *testing.T) {
	ops := []struct {
		name string
		do   func(ctx context.Context, db *sql.DB) error
	}{
		{"Query", func(ctx context.Context, db *sql.DB) error {
			var id int64
			return db.QueryRowContext(ctx, "SELECT").Scan(&id)
		}},
		{"Exec", func(ctx context.Context, db *sql.DB) error { _, err := db.ExecContext(ctx, "INSERT"); return err }},
		{"Begin", func(ctx context.Context, db *sql.DB) error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			return tx.Rollback()
		}},
		{"Prepare+Exec", func(ctx context.Context, db *sql.DB) error {
			st, err := db.PrepareContext(ctx, "INSERT")
			if err != nil {
				return err
			}
			defer st.Close()
			_, err = st.ExecContext(ctx, 1)
			return err
		}},
		{"Conn.Raw", func(ctx context.Context, db *sql.DB) error {
			c, err := db.Conn(ctx)
			if err != nil {
				return err
			}
			defer c.Close()
			return c.Raw(func(dc any) error {
				if Unwrap(dc).(*fakeConn).bad.Load() {
					return errDead
				}
				return nil
			})
		}},
	}
	for _, checks := range []bool{true, false} {
		for _, op := range ops {
			name := op.name + "/health_checks=" + map[bool]string{true: "true", false: "false"}[checks]
			t.Run(name, func(t *testing.T) {
				c, fb := newFake(Config{URL: "fake:", Pool: pool.Config{HealthChecks: checks}})
				db := sql.OpenDB(c)
				defer db.Close()
				db.SetMaxOpenConns(3)
				db.SetMaxIdleConns(3)
				warm(t, db, 3)
				for _, fc := range fb.liveConns() {
					fc.bad.Store(true)
				}
				ctx := context.Background()
				var failures int
				for range 5 {
					if err := op.do(ctx, db); err != nil {
						failures++
					}
				}
				if checks {
					if failures != 0 {
						t.Fatalf("%d of 5 calls failed with health checks on", failures)
					}
					st := c.policy.Stats()
					if st.FailedHealthChecks < 1 || fb.closes.Load() < 1 {
						t.Fatalf("dead connections not replaced: stats %+v, closes %d", st, fb.closes.Load())
					}
				} else if failures == 0 {
					t.Fatalf("without health checks the dead connections should have surfaced; the test cannot tell otherwise")
				}
				if n := db.Stats().OpenConnections; n > 3 {
					t.Fatalf("OpenConnections = %d, want <= 3", n)
				}
			})
		}
	}
}

// TestErrBadConnRetried is DRV-02: ErrBadConn from the backend reaches
// database/sql untouched, so it retries on another connection.
func TestErrBadConnRetried(t *testing.T) {
	c, fb := newFake(Config{URL: "fake:"})
	db := sql.OpenDB(c)
	defer db.Close()
	warm(t, db, 1)
	fb.execBadOne.Store(true)
	if _, err := db.Exec("INSERT one"); err != nil {
		t.Fatalf("Exec after one ErrBadConn: %v", err)
	}
	if got := fb.logged(); len(got) != 1 || got[0] != "INSERT one" {
		t.Fatalf("exec log = %q, want exactly one INSERT", got)
	}
}

// TestMaxAge is DRV-05: a connection past conn_max_age is replaced when it
// is next returned or checked out, never in the middle of a transaction.
func TestMaxAge(t *testing.T) {
	clk := newClock()
	c, fb := newFake(Config{URL: "fake:", Pool: pool.Config{MaxAge: 10 * time.Second, Now: clk.Now}})
	db := sql.OpenDB(c)
	defer db.Close()
	ctx := context.Background()
	connID := func() int64 {
		var id int64
		if err := db.QueryRowContext(ctx, "SELECT").Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := connID()
	if again := connID(); again != first {
		t.Fatalf("young connection not reused: %d then %d", first, again)
	}
	clk.Advance(11 * time.Second)
	second := connID()
	if second == first {
		t.Fatalf("connection %d reused after its max age", first)
	}
	if st := c.policy.Stats(); st.ClosedForAge != 1 || st.Opened != 2 {
		t.Fatalf("stats = %+v, want 1 closed for age, 2 opened", st)
	}

	// A transaction that outlives the age finishes on its connection.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(11 * time.Second)
	if _, err := tx.ExecContext(ctx, "INSERT in tx"); err != nil {
		t.Fatalf("statement in a transaction past max age: %v", err)
	}
	var inTx int64
	if err := tx.QueryRowContext(ctx, "SELECT").Scan(&inTx); err != nil || inTx != second {
		t.Fatalf("transaction moved connection: %d (err %v), want %d", inTx, err, second)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit past max age: %v", err)
	}
	if live := fb.liveConns(); len(live) != 0 {
		t.Fatalf("expired connection kept after the transaction: %d live", len(live))
	}
}

// TestNoReuse: conn_max_age=0 closes each connection after one use.
func TestNoReuse(t *testing.T) {
	cfg, err := ParseURL("sqlite::memory:?conn_max_age=0")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Pool.NoReuse {
		t.Fatalf("conn_max_age=0 parsed as %+v", cfg.Pool)
	}
	c, fb := newFake(Config{URL: "fake:", Pool: cfg.Pool})
	db := sql.OpenDB(c)
	defer db.Close()
	for range 3 {
		if _, err := db.Exec("INSERT"); err != nil {
			t.Fatal(err)
		}
	}
	if fb.opens.Load() != 3 || fb.closes.Load() != 3 {
		t.Fatalf("opens %d closes %d, want 3 and 3", fb.opens.Load(), fb.closes.Load())
	}
}

// TestErroredConnectionChecked: with health checks off, a connection on
// which a statement failed is still pinged before reuse (Django's
// errors_occurred), and replaced if dead.
func TestErroredConnectionChecked(t *testing.T) {
	c, fb := newFake(Config{URL: "fake:"})
	db := sql.OpenDB(c)
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("INSERT"); err != nil {
		t.Fatal(err)
	}
	if fb.pings.Load() != 0 {
		t.Fatalf("healthy connection pinged %d times with health checks off", fb.pings.Load())
	}
	if _, err := db.Exec("FAIL"); err == nil {
		t.Fatal("FAIL did not fail")
	}
	fb.liveConns()[0].bad.Store(true) // it died after the error
	if _, err := db.Exec("INSERT"); err != nil {
		t.Fatalf("statement after a failed one on a dead connection: %v", err)
	}
	if fb.pings.Load() != 1 || fb.opens.Load() != 2 {
		t.Fatalf("pings %d opens %d, want 1 and 2", fb.pings.Load(), fb.opens.Load())
	}
}

// TestBackendResetForwarded is DRV-06: the backend's own ResetSession (pgx
// refuses a connection still inside a transaction) is consulted.
func TestBackendResetForwarded(t *testing.T) {
	c, fb := newFake(Config{URL: "fake:"})
	db := sql.OpenDB(c)
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	cn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var leaked *fakeConn
	if err := cn.Raw(func(dc any) error {
		leaked = Unwrap(dc).(*fakeConn)
		leaked.inTx = true // the user ran BEGIN by hand and returned the connection
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	cn.Close()
	if _, err := db.Exec("INSERT"); err != nil {
		t.Fatal(err)
	}
	if !leaked.closed.Load() || fb.opens.Load() != 2 {
		t.Fatalf("connection left inside a transaction was handed out again (closed=%v opens=%d)", leaked.closed.Load(), fb.opens.Load())
	}
}

// TestBackendPanic is DRV-07: a backend panic propagates, as it does
// without the wrapper, and does not wedge the pool. database/sql releases
// the connection of a panicking Exec (execDC defers the release) but not
// of a panicking Query (queryDC does not), so InUse is checked after Exec;
// after a Query panic the pool must still serve statements.
func TestBackendPanic(t *testing.T) {
	c, fb := newFake(Config{URL: "fake:", Debug: DebugOn, Logger: slog.New(slog.DiscardHandler)})
	db := sql.OpenDB(c)
	defer db.Close()
	expectPanic := func(f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Fatal("panic did not propagate")
			}
		}()
		f()
	}
	fb.panicExec.Store(true)
	expectPanic(func() { db.Exec("INSERT") })
	if n := db.Stats().InUse; n != 0 {
		t.Fatalf("InUse = %d after an Exec panic", n)
	}
	fb.panicQuery.Store(true)
	expectPanic(func() { db.Query("SELECT") })
	var id int64
	if err := db.QueryRow("SELECT").Scan(&id); err != nil {
		t.Fatalf("query after panic: %v", err)
	}
}

// TestCancelStorm is DRV-08 (database/sql's TestIssue18429): many
// goroutines with random short deadlines; run with -race.
func TestCancelStorm(t *testing.T) {
	c, _ := newFake(Config{URL: "fake:", Pool: pool.Config{HealthChecks: true}})
	db := sql.OpenDB(c)
	defer db.Close()
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(rand.IntN(30))*time.Millisecond)
			defer cancel()
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return
			}
			rows, _ := tx.QueryContext(ctx, "WAIT")
			if rows != nil {
				rows.Close()
			}
			tx.Rollback()
		})
	}
	wg.Wait()
	// database/sql rolls back a transaction whose context ended from its
	// own goroutine; give it a moment, as database/sql's TestIssue18429 does.
	for i := 0; db.Stats().InUse != 0 && i < 200; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := db.Stats().InUse; n != 0 {
		t.Fatalf("InUse = %d after the storm", n)
	}
}

// countHandler counts slog records and keeps their text.
type countHandler struct {
	n    atomic.Int64
	mu   sync.Mutex
	text strings.Builder
}

func (h *countHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countHandler) Handle(_ context.Context, r slog.Record) error {
	h.n.Add(1)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.text.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		h.text.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	h.text.WriteString("\n")
	return nil
}
func (h *countHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countHandler) WithGroup(string) slog.Handler      { return h }

// TestDebugLogConcurrent is DRV-09: exactly one record per statement from
// many goroutines, with the SQL, and never the password.
func TestDebugLogConcurrent(t *testing.T) {
	cfg, err := ParseURL("postgres://app:s3cr3t-pw@127.0.0.1:1/db?debug=true")
	if err != nil {
		t.Fatal(err)
	}
	h := &countHandler{}
	cfg.Logger = slog.New(h)
	c, _ := newFake(Config{URL: cfg.URL, Debug: cfg.Debug, Logger: cfg.Logger})
	db := sql.OpenDB(c)
	defer db.Close()
	var wg sync.WaitGroup
	for g := range 50 {
		wg.Go(func() {
			for i := range 20 {
				if _, err := db.Exec("INSERT marker", g, i); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if n := h.n.Load(); n != 1000 {
		t.Fatalf("%d log records for 1000 statements", n)
	}
	text := h.text.String()
	if !strings.Contains(text, "sql=INSERT marker") || !strings.Contains(text, "duration=") {
		t.Fatalf("log lacks the SQL or duration:\n%.300s", text)
	}
	if strings.Contains(text, "s3cr3t") || strings.Contains(cfg.String(), "s3cr3t") {
		t.Fatal("password in the log or in Config.String")
	}
	if strings.Contains(text, " args=") {
		t.Fatal("argument values logged without debug=args")
	}
}

// TestMinimalBackend: a backend with none of the optional interfaces gets
// database/sql's own behaviour through the wrapper: Exec via a prepared
// statement (reported once, as exec), no isolation levels, default
// argument conversion.
func TestMinimalBackend(t *testing.T) {
	fb := &fakeBackend{minimal: true}
	c, err := newConnector(Config{URL: "fake:"}, &backend{connector: fb, dialect: "sqlite"})
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	ctx, rec := hooks.Capture(context.Background())
	res, err := db.ExecContext(ctx, "INSERT x", 1, "two")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Fatalf("RowsAffected = %d, want 2 (the fake stmt reports its arg count)", n)
	}
	all := rec.All()
	if len(all) != 1 || all[0].Op != hooks.OpExec || all[0].SQL != "INSERT x" || len(all[0].Args) != 2 {
		t.Fatalf("events = %+v, want one exec with 2 args", all)
	}
	if _, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable}); err == nil || !strings.Contains(err.Error(), "isolation") {
		t.Fatalf("BeginTx with isolation on a backend without ConnBeginTx: %v", err)
	}
	if _, err := db.ExecContext(ctx, "INSERT y", struct{}{}); err == nil {
		t.Fatal("an unsupported argument type was accepted: default conversion not applied")
	}
}

// TestCaptureNested: Capture records per context, nested captures both see
// inner statements, and other contexts are not recorded.
func TestCaptureNested(t *testing.T) {
	c, _ := newFake(Config{URL: "fake:"})
	db := sql.OpenDB(c)
	defer db.Close()
	outer, orec := hooks.Capture(context.Background())
	inner, irec := hooks.Capture(outer)
	db.ExecContext(outer, "A")
	db.ExecContext(inner, "B")
	tx, _ := db.BeginTx(inner, nil)
	tx.ExecContext(inner, "C")
	tx.Commit()
	db.Exec("D") // no capture
	if orec.Count() != 3 || irec.Count() != 2 {
		t.Fatalf("outer counted %d (want 3), inner %d (want 2):\n%s", orec.Count(), irec.Count(), orec)
	}
	ops := []hooks.Op{}
	for _, q := range irec.All() {
		ops = append(ops, q.Op)
	}
	want := []hooks.Op{hooks.OpExec, hooks.OpBegin, hooks.OpExec, hooks.OpCommit}
	if len(ops) != len(want) {
		t.Fatalf("inner events %v, want %v", ops, want)
	}
	for i := range want {
		if ops[i] != want[i] {
			t.Fatalf("inner events %v, want %v", ops, want)
		}
	}
}

// TestUserHooks: hooks given to OpenDB see Before and After for every
// statement, in order, with the error.
func TestUserHooks(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	h := hooks.Funcs{
		BeforeFunc: func(ctx context.Context, e *hooks.Event) context.Context {
			mu.Lock()
			seen = append(seen, "before "+e.SQL)
			mu.Unlock()
			return ctx
		},
		AfterFunc: func(ctx context.Context, e *hooks.Event) {
			mu.Lock()
			s := "after " + e.SQL
			if e.Err != nil {
				s += " err"
			}
			seen = append(seen, s)
			mu.Unlock()
		},
	}
	c, _ := newFake(Config{URL: "fake:", Hooks: []hooks.Hook{h}})
	db := sql.OpenDB(c)
	defer db.Close()
	db.Exec("INSERT")
	db.Exec("FAIL")
	want := "before INSERT,after INSERT,before FAIL,after FAIL err"
	if got := strings.Join(seen, ","); got != want {
		t.Fatalf("hook calls %q, want %q", got, want)
	}
}

// TestConnectErrorRedacted: a failed connect names the redacted URL and
// keeps the cause for errors.Is.
func TestConnectErrorRedacted(t *testing.T) {
	cause := errors.New("dial failed for postgres://app:hunter2@db/x")
	fb := &fakeBackend{failOpen: cause}
	c, err := newConnector(Config{URL: "postgres://app:hunter2@db/x"}, &backend{connector: fb, dialect: "postgres"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Connect(context.Background())
	if err == nil || strings.Contains(err.Error(), "hunter2") || !errors.Is(err, cause) {
		t.Fatalf("connect error %v: must wrap the cause and hide the password", err)
	}
}

var _ driver.Connector = (*fakeBackend)(nil)
