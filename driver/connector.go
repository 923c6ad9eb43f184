package driver

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
		err = fmt.Errorf("sqlorm: connect to %s: %w", Redact(c.cfg.URL), redactErr(err, c.cfg.URL))
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

// Driver returns the bound driver: db.Driver() for a sqlorm database.
func (c *connector) Driver() driver.Driver { return c.bound }

// Close releases the backend connector (database/sql calls it from DB.Close).
func (c *connector) Close() error {
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

// redactErr keeps err's chain (errors.Is/As still work) but makes sure its
// text does not carry a secret of rawURL.
func redactErr(err error, rawURL string) error {
	msg := err.Error()
	if clean := redactText(msg, rawURL); clean != msg {
		return &redactedError{msg: clean, err: err}
	}
	return err
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
