package driver

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/pool"
)

// conn wraps one backend connection. It is a superset of the optional
// driver.Conn interfaces; where the backend lacks one, the wrapper does
// exactly what database/sql does without it, so the wrapper cannot be told
// apart from the backend (go doc database/sql/driver; otelsql's conn.go is
// the model). database/sql never uses one driver.Conn from two goroutines
// at once, so the plain fields need no lock.
type conn struct {
	c        *connector
	raw      driver.Conn
	id       uint64
	state    pool.State
	serverID int64 // MySQL/MariaDB connection id for KILL; 0 = none
	killed   bool  // the server connection was killed after a cancel: discard

	// The backend's optional interfaces, asserted once when the connection
	// is opened (nil: not implemented).
	execer    driver.ExecerContext
	queryer   driver.QueryerContext
	resetter  driver.SessionResetter
	pinger    driver.Pinger
	validator driver.Validator
	checker   driver.NamedValueChecker

	// skipQuery/skipOp remember a statement answered with driver.ErrSkip:
	// database/sql prepares it at once on the same connection, and that
	// prepare is not a user "prepare" event.
	skipQuery string
	skipOp    hooks.Op
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
)

// newConn wraps raw and records which optional interfaces it has.
func newConn(c *connector, raw driver.Conn) *conn {
	cn := &conn{c: c, raw: raw, id: c.ids.Add(1), state: c.policy.Opened()}
	cn.execer, _ = raw.(driver.ExecerContext)
	cn.queryer, _ = raw.(driver.QueryerContext)
	cn.resetter, _ = raw.(driver.SessionResetter)
	cn.pinger, _ = raw.(driver.Pinger)
	cn.validator, _ = raw.(driver.Validator)
	cn.checker, _ = raw.(driver.NamedValueChecker)
	return cn
}

// Raw returns the backend connection (the otelsql convention; see Unwrap).
func (c *conn) Raw() driver.Conn { return c.raw }

// span is one statement being traced; the zero span traces nothing.
type span struct {
	e   *hooks.Event
	rec *hooks.Recorder
	ctx context.Context
}

// before starts an event if a hook or a context capture wants it. With
// neither, it costs one context lookup and allocates nothing.
func (c *conn) before(ctx context.Context, op hooks.Op, query string, args []driver.NamedValue) (context.Context, span) {
	c.skipQuery, c.skipOp = "", ""
	rec := hooks.RecorderFrom(ctx)
	h := c.c.hook
	if h == nil && rec == nil {
		return ctx, span{}
	}
	e := &hooks.Event{Op: op, SQL: query, Args: args, Dialect: c.c.dialect, ConnID: c.id, Start: time.Now(), RowsAffected: -1}
	if h != nil {
		ctx = h.Before(ctx, e)
	}
	return ctx, span{e: e, rec: rec, ctx: ctx}
}

// after finishes the event (if any) and remembers a failure for the health
// check. An event ending in driver.ErrSkip reaches user hooks (so a tracer
// can end its span) but not the capture: the statement is reported again
// when database/sql runs it through a prepared statement.
func (c *conn) after(s span, err error, rows int64) {
	if err != nil && err != driver.ErrSkip {
		c.state.MarkError()
	}
	if s.e == nil {
		return
	}
	s.e.Duration = time.Since(s.e.Start)
	s.e.Err = err
	s.e.RowsAffected = rows
	if c.c.hook != nil {
		c.c.hook.After(s.ctx, s.e)
	}
	if s.rec != nil && err != driver.ErrSkip {
		s.rec.After(s.ctx, s.e)
	}
}

// skip answers driver.ErrSkip and remembers the statement.
func (c *conn) skip(op hooks.Op, query string) error {
	c.skipQuery, c.skipOp = query, op
	return driver.ErrSkip
}

// watch arranges for a cancelled ctx to stop the statement on the server
// (MySQL/MariaDB). The returned function must be called with the
// statement's error when it returns. The kill runs in the background
// (go-sql-driver returns the context's error at once, and so does the
// wrapper); when the backend gave up before the context's AfterFunc ran,
// the kill is started then. Either way the connection is marked dead, so
// database/sql discards it and a kill can never hit a later statement.
func (c *conn) watch(ctx context.Context) func(error) {
	if c.serverID == 0 || ctx.Done() == nil {
		return nil
	}
	id := c.serverID
	stop := context.AfterFunc(ctx, func() { c.c.goKill(id) })
	return func(err error) {
		if !stop() {
			c.killed = true
			return
		}
		if err != nil && ctx.Err() != nil {
			c.c.goKill(id)
			c.killed = true
		}
	}
}

// Prepare is PrepareContext with a background context.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext prepares on the backend and wraps the statement.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	implicit := c.skipQuery == query && c.skipOp != ""
	op := c.skipOp
	var s driver.Stmt
	var err error
	if implicit {
		c.skipQuery, c.skipOp = "", ""
		start := time.Now()
		s, err = c.prepare(ctx, query)
		if err != nil {
			// The user's statement failed at its prepare: report it once,
			// as the statement it was.
			_, sp := c.before(ctx, op, query, nil)
			if sp.e != nil {
				sp.e.Start = start
			}
			c.after(sp, err, -1)
			return nil, err
		}
	} else {
		ctx2, sp := c.before(ctx, hooks.OpPrepare, query, nil)
		s, err = c.prepare(ctx2, query)
		c.after(sp, err, -1)
		if err != nil {
			return nil, err
		}
	}
	return &stmt{c: c, raw: s, query: query}, nil
}

func (c *conn) prepare(ctx context.Context, query string) (driver.Stmt, error) {
	if pc, ok := c.raw.(driver.ConnPrepareContext); ok {
		return pc.PrepareContext(ctx, query)
	}
	// database/sql's ctxDriverPrepare.
	s, err := c.raw.Prepare(query)
	if err != nil {
		return nil, err
	}
	select {
	case <-ctx.Done():
		s.Close()
		return nil, ctx.Err()
	default:
	}
	return s, nil
}

// ExecContext runs a statement without rows through the backend's fast
// path, or answers driver.ErrSkip where the backend would.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) > 0 && c.c.be.argsNeedPrepare {
		return nil, c.skip(hooks.OpExec, query)
	}
	ec, hasCtx := c.execer, c.execer != nil
	//lint:ignore SA1019 database/sql's own fallback for pre-context backends
	legacy, hasLegacy := c.raw.(driver.Execer)
	if !hasCtx && !hasLegacy {
		return nil, c.skip(hooks.OpExec, query)
	}
	ctx2, sp := c.before(ctx, hooks.OpExec, query, args)
	stop := c.watch(ctx)
	var res driver.Result
	var err error
	if hasCtx {
		res, err = ec.ExecContext(ctx2, query, args)
	} else {
		res, err = legacyExec(ctx2, legacy, query, args)
	}
	if stop != nil {
		stop(err)
	}
	if err == driver.ErrSkip {
		c.after(sp, err, -1)
		return nil, c.skip(hooks.OpExec, query)
	}
	c.after(sp, err, rowsAffected(sp, res))
	return res, err
}

// QueryContext runs a statement returning rows through the backend's fast
// path, or answers driver.ErrSkip where the backend would. The backend's
// rows are returned as they are.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) > 0 && c.c.be.argsNeedPrepare {
		return nil, c.skip(hooks.OpQuery, query)
	}
	qc, hasCtx := c.queryer, c.queryer != nil
	//lint:ignore SA1019 database/sql's own fallback for pre-context backends
	legacy, hasLegacy := c.raw.(driver.Queryer)
	if !hasCtx && !hasLegacy {
		return nil, c.skip(hooks.OpQuery, query)
	}
	ctx2, sp := c.before(ctx, hooks.OpQuery, query, args)
	stop := c.watch(ctx)
	var rows driver.Rows
	var err error
	if hasCtx {
		rows, err = qc.QueryContext(ctx2, query, args)
	} else {
		rows, err = legacyQuery(ctx2, legacy, query, args)
	}
	if stop != nil {
		stop(err)
	}
	if err == driver.ErrSkip {
		c.after(sp, err, -1)
		return nil, c.skip(hooks.OpQuery, query)
	}
	c.after(sp, err, -1)
	return rows, err
}

func rowsAffected(sp span, res driver.Result) int64 {
	if sp.e == nil || res == nil {
		return -1
	}
	n, err := res.RowsAffected()
	if err != nil {
		return -1
	}
	return n
}

// Begin is BeginTx with default options.
func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a transaction on the backend. Without ConnBeginTx it
// behaves as database/sql does: non-default isolation or read-only is an
// error, else Begin.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	ctx2, sp := c.before(ctx, hooks.OpBegin, "", nil)
	var t driver.Tx
	var err error
	if bt, ok := c.raw.(driver.ConnBeginTx); ok {
		t, err = bt.BeginTx(ctx2, opts)
	} else {
		t, err = legacyBegin(ctx2, c.raw, opts)
	}
	c.after(sp, err, -1)
	if err != nil {
		return nil, err
	}
	if s := c.c.be.txSetup; s != "" && c.execer != nil {
		if _, err := c.execer.ExecContext(ctx2, s, nil); err != nil {
			_ = t.Rollback()
			return nil, fmt.Errorf("sqlorm: %s at the start of the transaction: %w", s, err)
		}
	}
	return &tx{c: c, raw: t, ctx: ctx}, nil
}

// Ping forwards to the backend; without Pinger it does nothing, as
// database/sql does.
func (c *conn) Ping(ctx context.Context) error {
	if c.pinger != nil {
		return c.pinger.Ping(ctx)
	}
	return nil
}

// ResetSession runs before database/sql hands out a reused connection:
// max age, the backend's own reset, then the health check (see pool).
func (c *conn) ResetSession(ctx context.Context) error {
	if c.killed {
		return driver.ErrBadConn
	}
	var reset, ping func(context.Context) error
	if c.resetter != nil {
		reset = c.resetter.ResetSession
	}
	if c.pinger != nil {
		ping = c.pinger.Ping
	}
	return c.c.policy.CheckOut(ctx, &c.state, reset, ping)
}

// IsValid runs when database/sql returns the connection to the pool: an
// expired connection is closed, else the backend's Validator decides.
func (c *conn) IsValid() bool {
	if c.killed || !c.c.policy.Returned(&c.state) {
		return false
	}
	if c.validator != nil {
		return c.validator.IsValid()
	}
	return true
}

// CheckNamedValue forwards to the backend; without a NamedValueChecker it
// answers driver.ErrSkip, which makes database/sql use its default
// conversion, as it would for the backend.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if c.checker != nil {
		return c.checker.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// Close closes the backend connection.
func (c *conn) Close() error { return c.raw.Close() }

// The fallbacks below are database/sql's own (ctxutil.go), for a backend
// that only has the pre-context interfaces.

var errNamedArgs = errors.New("sql: driver does not support the use of Named Parameters")

func namedToValues(named []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(named))
	for i, nv := range named {
		if nv.Name != "" {
			return nil, errNamedArgs
		}
		out[i] = nv.Value
	}
	return out, nil
}

//lint:ignore SA1019 database/sql's own fallback for pre-context backends
func legacyExec(ctx context.Context, e driver.Execer, query string, args []driver.NamedValue) (driver.Result, error) {
	vals, err := namedToValues(args)
	if err != nil {
		return nil, err
	}
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	default:
	}
	return e.Exec(query, vals)
}

//lint:ignore SA1019 database/sql's own fallback for pre-context backends
func legacyQuery(ctx context.Context, q driver.Queryer, query string, args []driver.NamedValue) (driver.Rows, error) {
	vals, err := namedToValues(args)
	if err != nil {
		return nil, err
	}
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	default:
	}
	return q.Query(query, vals)
}

func legacyBegin(ctx context.Context, c driver.Conn, opts driver.TxOptions) (driver.Tx, error) {
	if opts.Isolation != driver.IsolationLevel(0) {
		return nil, errors.New("sql: driver does not support non-default isolation level")
	}
	if opts.ReadOnly {
		return nil, errors.New("sql: driver does not support read-only transactions")
	}
	if ctx.Done() != nil {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		default:
		}
	}
	//lint:ignore SA1019 database/sql's own fallback for pre-context backends
	return c.Begin()
}
