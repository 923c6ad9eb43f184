package driver

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/pool"
)

// connector is a sqlorm connector: the backend's connector plus the policy,
// hooks and identity shared by every connection of one database.
type connector struct {
	cfg     Config
	be      *backend
	policy  *pool.Policy
	hook    hooks.Hook // nil when there is none: the fast path
	dialect string
	ids     atomic.Uint64
	bound   *boundDriver

	// kills tracks the background kills after a cancel (MySQL/MariaDB), so
	// Close waits for them; once closed, no new one starts.
	killMu     sync.Mutex
	killClosed bool
	kills      sync.WaitGroup
}

var (
	_ driver.Connector = (*connector)(nil)
	_ io.Closer        = (*connector)(nil)
)

// NewConnector returns a database/sql connector for cfg, for sql.OpenDB. It
// checks the configuration and builds the backend's connector but does not
// connect (except that an in-memory SQLite database is created, so it
// lives as long as the connector).
func NewConnector(cfg Config) (driver.Connector, error) {
	if cfg.URL == "" {
		return nil, fmt.Errorf("%w: Config.URL is empty; build the Config with ParseURL, ConfigFromEnv or ConfigFromFile", ErrConfig)
	}
	if err := cfg.Pool.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	be, err := newBackend(cfg)
	if err != nil {
		return nil, err
	}
	c, err := newConnector(cfg, be)
	if err != nil {
		if be.close != nil {
			be.close()
		}
		return nil, err
	}
	return c, nil
}

// newConnector wraps a built backend; tests give it a fake one.
func newConnector(cfg Config, be *backend) (*connector, error) {
	if cfg.Dialect != "" && cfg.Dialect != be.dialect {
		return nil, fmt.Errorf("%w: Config.Dialect is %q but the URL %s is %q; leave Dialect empty or fix the URL", ErrConfig, cfg.Dialect, Redact(cfg.URL), be.dialect)
	}
	cfg.Dialect = be.dialect
	if err := cfg.checkStatementTimeout(); err != nil {
		return nil, err
	}
	c := &connector{cfg: cfg, be: be, policy: pool.New(cfg.Pool), dialect: string(be.dialect)}
	var hs []hooks.Hook
	if cfg.Debug != DebugOff {
		hs = append(hs, hooks.Logger(cfg.Logger, hooks.LogOptions{Args: cfg.Debug == DebugArgs}))
	}
	hs = append(hs, cfg.Hooks...)
	c.hook = hooks.Multi(hs...)
	c.bound = &boundDriver{c: c}
	return c, nil
}

// Connect opens a backend connection and wraps it.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	raw, err := c.be.connector.Connect(ctx)
	if err != nil {
		// The backend's own error, as the bare driver returns it (code
		// type-asserts it: err.(sqlite3.Error)); redacted only when its
		// text would carry a secret of the URL.
		err = redactErr(err, c.cfg.URL)
		c.logConn(ctx, "sqlorm connect failed", slog.String("error", err.Error()))
		return nil, err
	}
	cn := newConn(c, raw)
	if c.be.killQuery != nil {
		// Not the caller's deadline: a connection opened under a context
		// about to end must still learn its id, or it could never be killed.
		idctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		cn.serverID = serverConnID(idctx, raw)
		cancel()
	}
	if c.be.setup != nil {
		if err := c.be.setup(ctx, raw); err != nil {
			raw.Close()
			return nil, err
		}
	}
	return cn, nil
}

// goKill kills the statement running on server connection id from a side
// connection, in the background: the caller whose context ended returns at
// once.
func (c *connector) goKill(id int64) {
	c.killMu.Lock()
	defer c.killMu.Unlock()
	if c.killClosed {
		return
	}
	c.kills.Add(1)
	go func() {
		defer c.kills.Done()
		c.kill(id)
	}()
}

// kill stops the statement running on server connection id. The side
// connection can fail to open when the server is busy (max_connections),
// so it tries again for up to five seconds.
func (c *connector) kill(id int64) {
	kctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		err := c.be.killQuery(kctx, id)
		if err == nil {
			return
		}
		select {
		case <-kctx.Done():
			c.logConn(kctx, "sqlorm: kill after cancel failed", slog.String("error", err.Error()))
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Driver returns the bound driver: db.Driver() for a sqlorm database.
func (c *connector) Driver() driver.Driver { return c.bound }

// Close releases the backend connector (database/sql calls it from
// DB.Close), after the kills still under way have finished.
func (c *connector) Close() error {
	c.killMu.Lock()
	c.killClosed = true
	c.killMu.Unlock()
	c.kills.Wait()
	var errs []error
	if cl, ok := c.be.connector.(io.Closer); ok {
		errs = append(errs, cl.Close())
	}
	if c.be.close != nil {
		errs = append(errs, c.be.close())
	}
	return errors.Join(errs...)
}

func (c *connector) logConn(ctx context.Context, msg string, attrs ...slog.Attr) {
	if c.cfg.Debug == DebugOff {
		return
	}
	l := c.cfg.Logger
	if l == nil {
		l = slog.Default()
	}
	attrs = append(attrs, slog.String("url", Redact(c.cfg.URL)), slog.String("dialect", c.dialect))
	l.LogAttrs(ctx, slog.LevelWarn, msg, attrs...)
}

// redactErr returns err itself unless its text carries a secret of rawURL.
// Then it returns a copy of the same dynamic type with the secret replaced
// in its exported string fields (*mysql.MySQLError, *pgconn.PgError and the
// like keep their type and codes), and only when that cannot remove the
// secret (it sits in an unexported field or a wrapped error) an error of
// sqlorm's own that still unwraps to err for errors.Is and errors.As: a
// password is never printed, even at the cost of the type.
func redactErr(err error, rawURL string) error {
	msg := err.Error()
	clean := redactText(msg, rawURL)
	if clean == msg {
		return err
	}
	if cp, ok := redactedCopy(err, rawURL); ok {
		if m := cp.Error(); redactText(m, rawURL) == m {
			return cp
		}
	}
	return &redactedError{msg: clean, err: err}
}

// redactedCopy copies err (a pointer to a struct or a struct) and redacts
// the exported string fields of the copy.
func redactedCopy(err error, rawURL string) (error, bool) {
	v := reflect.ValueOf(err)
	var cp reflect.Value
	switch {
	case v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct:
		cp = reflect.New(v.Elem().Type())
		cp.Elem().Set(v.Elem())
		redactFields(cp.Elem(), rawURL)
	case v.Kind() == reflect.Struct:
		cp = reflect.New(v.Type()).Elem()
		cp.Set(v)
		redactFields(cp, rawURL)
	default:
		return nil, false
	}
	out, ok := cp.Interface().(error)
	return out, ok
}

func redactFields(s reflect.Value, rawURL string) {
	for i := range s.NumField() {
		if f := s.Field(i); f.CanSet() && f.Kind() == reflect.String {
			f.SetString(redactText(f.String(), rawURL))
		}
	}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// serverConnID asks a MySQL/MariaDB connection for its server-side id, used
// to KILL QUERY when a context is cancelled. 0 means unknown (no kill).
func serverConnID(ctx context.Context, raw driver.Conn) int64 {
	q, ok := raw.(driver.QueryerContext)
	if !ok {
		return 0
	}
	rows, err := q.QueryContext(ctx, "SELECT CONNECTION_ID()", nil)
	if err != nil {
		return 0
	}
	defer rows.Close()
	dest := make([]driver.Value, 1)
	if rows.Next(dest) != nil {
		return 0
	}
	switch v := dest[0].(type) {
	case int64:
		return v
	case uint64:
		return int64(v)
	case []byte:
		var n int64
		fmt.Sscan(string(v), &n)
		return n
	}
	return 0
}
