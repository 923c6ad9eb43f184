package driver

// A fake backend driver with fault injection, after database/sql's
// fakedb_test.go: the pool policy and the interface forwarding are tested
// without a server.

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

type fakeBackend struct {
	opens, closes atomic.Int64
	pings         atomic.Int64
	resets        atomic.Int64

	mu         sync.Mutex
	conns      []*fakeConn
	execLog    []string
	failOpen   error
	execBadOne atomic.Bool // the next Exec returns ErrBadConn without running
	panicQuery atomic.Bool // the next Query panics
	panicExec  atomic.Bool // the next Exec panics
	minimal    bool        // conns implement only driver.Conn (+ legacy stmt)
}

func (b *fakeBackend) Connect(ctx context.Context) (driver.Conn, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failOpen != nil {
		return nil, b.failOpen
	}
	b.opens.Add(1)
	c := &fakeConn{b: b, id: len(b.conns) + 1}
	b.conns = append(b.conns, c)
	if b.minimal {
		return minimalConn{c}, nil
	}
	return c, nil
}

func (b *fakeBackend) Driver() driver.Driver { return fakeDriverT{b} }

type fakeDriverT struct{ b *fakeBackend }

func (d fakeDriverT) Open(string) (driver.Conn, error) { return d.b.Connect(context.Background()) }

// liveConns returns the connections not yet closed.
func (b *fakeBackend) liveConns() []*fakeConn {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []*fakeConn
	for _, c := range b.conns {
		if !c.closed.Load() {
			out = append(out, c)
		}
	}
	return out
}

func (b *fakeBackend) log(s string) {
	b.mu.Lock()
	b.execLog = append(b.execLog, s)
	b.mu.Unlock()
}

func (b *fakeBackend) logged() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.execLog...)
}

// fakeConn implements the interface set of DRV in reliability.md:
// Conn, ConnBeginTx, ExecerContext, QueryerContext, Pinger,
// SessionResetter, Validator.
// errDead is what a statement on a server-killed connection returns: not
// driver.ErrBadConn (the statement may have been sent), like pgx's 57P01.
var errDead = errors.New("fake: terminating connection due to administrator command")

type fakeConn struct {
	b      *fakeBackend
	id     int
	closed atomic.Bool
	bad    atomic.Bool // sticky: every operation fails with ErrBadConn
	inTx   bool
}

func (c *fakeConn) Prepare(q string) (driver.Stmt, error) {
	if c.bad.Load() {
		return nil, errDead
	}
	return &fakeStmt{c: c, q: q}, nil
}
func (c *fakeConn) Close() error {
	if !c.closed.Swap(true) {
		c.b.closes.Add(1)
	}
	return nil
}
func (c *fakeConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}
func (c *fakeConn) BeginTx(ctx context.Context, _ driver.TxOptions) (driver.Tx, error) {
	if c.bad.Load() {
		return nil, errDead
	}
	c.inTx = true
	return &fakeTx{c}, nil
}
func (c *fakeConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if c.bad.Load() {
		return nil, errDead
	}
	if c.b.execBadOne.CompareAndSwap(true, false) {
		return nil, driver.ErrBadConn
	}
	if c.b.panicExec.CompareAndSwap(true, false) {
		panic("fake: exec panic")
	}
	if err := wait(ctx, q); err != nil {
		return nil, err
	}
	if q == "FAIL" {
		return nil, errors.New("fake: statement failed")
	}
	if q == "NOOP" {
		return driver.RowsAffected(0), nil
	}
	c.b.log(q)
	return driver.RowsAffected(1), nil
}
func (c *fakeConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	if c.bad.Load() {
		return nil, errDead
	}
	if c.b.panicQuery.CompareAndSwap(true, false) {
		panic("fake: query panic")
	}
	if err := wait(ctx, q); err != nil {
		return nil, err
	}
	return &fakeRows{n: 1, id: int64(c.id)}, nil
}
func (c *fakeConn) Ping(context.Context) error {
	c.b.pings.Add(1)
	if c.bad.Load() {
		return errors.New("fake: connection is dead")
	}
	return nil
}
func (c *fakeConn) ResetSession(context.Context) error {
	c.b.resets.Add(1)
	if c.inTx {
		return driver.ErrBadConn // like pgx: never hand out a conn inside a tx
	}
	return nil
}
func (c *fakeConn) IsValid() bool { return !c.closed.Load() }

// wait implements the "WAIT" statement: block until ctx is done or 2 s.
func wait(ctx context.Context, q string) error {
	if q != "WAIT" {
		return nil
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(2 * time.Second):
		return nil
	}
}

type fakeTx struct{ c *fakeConn }

func (t *fakeTx) Commit() error   { t.c.inTx = false; return nil }
func (t *fakeTx) Rollback() error { t.c.inTx = false; return nil }

type fakeStmt struct {
	c *fakeConn
	q string
}

func (s *fakeStmt) Close() error  { return nil }
func (s *fakeStmt) NumInput() int { return -1 }
func (s *fakeStmt) Exec(args []driver.Value) (driver.Result, error) {
	if s.c.bad.Load() {
		return nil, driver.ErrBadConn
	}
	s.c.b.log(s.q)
	return driver.RowsAffected(int64(len(args))), nil
}
func (s *fakeStmt) Query(args []driver.Value) (driver.Rows, error) {
	if s.c.bad.Load() {
		return nil, driver.ErrBadConn
	}
	return &fakeRows{n: 1, id: int64(s.c.id)}, nil
}

// fakeRows yields n rows of one column: the backend connection id.
type fakeRows struct {
	n  int
	id int64
}

func (r *fakeRows) Columns() []string { return []string{"conn"} }
func (r *fakeRows) Close() error      { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.n == 0 {
		return io.EOF
	}
	r.n--
	dest[0] = r.id
	return nil
}

// minimalConn hides every optional interface: only Prepare, Close, Begin.
type minimalConn struct{ c *fakeConn }

func (m minimalConn) Prepare(q string) (driver.Stmt, error) { return m.c.Prepare(q) }
func (m minimalConn) Close() error                          { return m.c.Close() }
func (m minimalConn) Begin() (driver.Tx, error)             { return m.c.Begin() }

// newFake returns a connector over a fake backend with cfg's policy.
func newFake(cfg Config) (*connector, *fakeBackend) {
	fb := &fakeBackend{}
	c, err := newConnector(cfg, &backend{connector: fb, dialect: dialect.SQLite})
	if err != nil {
		panic(err)
	}
	return c, fb
}

// clock is an injectable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
