package driver

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	sqlite3 "github.com/mattn/go-sqlite3"
	goora "github.com/sijms/go-ora/v2"
	"github.com/sijms/go-ora/v2/configurations"
	"github.com/xo/dburl"

	"github.com/sqlorm/sqlorm/dialect"
)

// backend is the real driver behind a sqlorm connector.
type backend struct {
	connector driver.Connector
	dialect   dialect.Name
	// argsNeedPrepare: the backend answers ErrSkip to Exec/Query with
	// arguments (go-sql-driver/mysql without interpolateParams), so the
	// wrapper answers ErrSkip itself without calling it and without firing
	// hooks for an attempt that never runs.
	argsNeedPrepare bool
	// killQuery, when set, stops the statement running on the connection
	// with the given server id from a side connection (MySQL/MariaDB, whose
	// server keeps executing a statement whose client went away). The
	// connection is unusable afterwards.
	killQuery func(ctx context.Context, id int64) error
	// close releases what the backend holds (the anchor connection of an
	// in-memory SQLite database).
	close func() error
	// setup, when set, runs on every new connection before it is used
	// (MySQL/MariaDB's statement time limit, whose variable depends on the
	// server's flavour).
	setup func(ctx context.Context, raw driver.Conn) error
}

// newBackend builds the real backend connector for cfg, applying sqlorm's
// safe defaults. It does not connect, except for an in-memory SQLite
// database, which needs an anchor connection to live as long as the
// connector.
func newBackend(cfg Config) (*backend, error) {
	u, err := parseDBURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	name, err := backendDialect(u, cfg.URL)
	if err != nil {
		return nil, err
	}
	switch name {
	case dialect.Postgres:
		return postgresBackend(u, cfg.URL, cfg.StatementTimeout)
	case dialect.MySQL:
		return mysqlBackend(u, cfg.URL, cfg.StatementTimeout)
	case dialect.SQLite:
		return sqliteBackend(u)
	case dialect.Oracle:
		return oracleBackend(u, cfg.URL)
	}
	return nil, fmt.Errorf("%w: dialect %q has no backend", ErrConfig, name)
}

var pgSchemeRE = regexp.MustCompile(`^(?i)(postgres|postgresql|pg|pgsql|pgx)://`)

// postgresBackend hands pgx the cleaned URL itself (with the scheme
// rewritten to postgres://): pgx parses multi-host URLs, host= sockets and
// literal '+' that dburl's regenerated DSN mangles.
func postgresBackend(u *dburl.URL, clean string, timeout time.Duration) (*backend, error) {
	dsn := u.DSN
	if pgSchemeRE.MatchString(clean) {
		dsn = pgSchemeRE.ReplaceAllString(clean, "postgres://")
	}
	pc, err := pgx.ParseConfig(dsn) // pgconn redacts the password in its errors
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	// Times in UTC: the session time zone governs now(), date_trunc and text
	// renderings of timestamptz. A timezone the URL names wins.
	if !hasKeyFold(pc.RuntimeParams, "timezone") {
		pc.RuntimeParams["timezone"] = "UTC"
	}
	if timeout > 0 {
		pc.RuntimeParams["statement_timeout"] = strconv.FormatInt(max(timeout.Milliseconds(), 1), 10)
	}
	return &backend{connector: stdlib.GetConnector(*pc), dialect: dialect.Postgres}, nil
}

func hasKeyFold(m map[string]string, key string) bool {
	for k := range m {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// mysqlBackend regenerates the DSN without dburl's injected defaults
// (sql_mode=ansi, loc=Local) and applies sqlorm's: parseTime, UTC on both
// sides, and matched-row counts for UPDATE (Django's CLIENT_FOUND_ROWS).
func mysqlBackend(u *dburl.URL, clean string, timeout time.Duration) (*backend, error) {
	dsn, _, err := dburl.GenMysql(u)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	mc, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	given := u.Query()
	if !given.Has("parseTime") {
		mc.ParseTime = true
	}
	if !given.Has("loc") {
		mc.Loc = time.UTC
	}
	if !given.Has("clientFoundRows") {
		mc.ClientFoundRows = true
	}
	if mc.Params == nil {
		mc.Params = map[string]string{}
	}
	if !hasKeyFold(mc.Params, "time_zone") {
		mc.Params["time_zone"] = "'+00:00'"
	}
	conn, err := mysql.NewConnector(mc)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	b := &backend{connector: conn, dialect: dialect.MySQL, argsNeedPrepare: !mc.InterpolateParams}
	if timeout > 0 {
		b.setup = func(ctx context.Context, raw driver.Conn) error { return mysqlStatementTimeout(ctx, raw, timeout) }
	}
	b.killQuery = func(ctx context.Context, id int64) error {
		side, err := conn.Connect(ctx)
		if err != nil {
			return err
		}
		defer side.Close()
		return killConnection(ctx, side, id)
	}
	return b, nil
}

// mysqlStatementTimeout sets the session's statement time limit: MariaDB's
// max_statement_time (seconds, fractional, every statement) or MySQL's
// max_execution_time (milliseconds, SELECT only), told apart by VERSION().
func mysqlStatementTimeout(ctx context.Context, raw driver.Conn, timeout time.Duration) error {
	q, ok := raw.(driver.QueryerContext)
	e, ok2 := raw.(driver.ExecerContext)
	if !ok || !ok2 {
		return fmt.Errorf("sqlorm: %s: the MySQL connection cannot run statements directly", OptStatementTimeout)
	}
	rows, err := q.QueryContext(ctx, "SELECT VERSION()", nil)
	if err != nil {
		return fmt.Errorf("sqlorm: %s: reading the server version: %w", OptStatementTimeout, err)
	}
	dest := make([]driver.Value, 1)
	err = rows.Next(dest)
	rows.Close()
	if err != nil {
		return fmt.Errorf("sqlorm: %s: reading the server version: %w", OptStatementTimeout, err)
	}
	var version string
	switch v := dest[0].(type) {
	case string:
		version = v
	case []byte:
		version = string(v)
	}
	set := fmt.Sprintf("SET SESSION max_execution_time = %d", max(timeout.Milliseconds(), 1))
	if strings.Contains(strings.ToLower(version), "mariadb") {
		set = "SET SESSION max_statement_time = " + strconv.FormatFloat(max(timeout.Seconds(), 0.000001), 'f', -1, 64)
	}
	if _, err := e.ExecContext(ctx, set, nil); err != nil {
		return fmt.Errorf("sqlorm: %s: %w", OptStatementTimeout, err)
	}
	return nil
}

// killConnection stops whatever the server connection id is running by
// killing the connection. KILL QUERY is not enough: one that reaches the
// server before the statement has started is forgotten when it starts, so
// a statement sent just before the cancel would run on. go-sql-driver has
// already closed its side of a cancelled connection, so nothing usable is
// lost.
func killConnection(ctx context.Context, side driver.Conn, id int64) error {
	_, err := side.(driver.ExecerContext).ExecContext(ctx, fmt.Sprintf("KILL CONNECTION %d", id), nil)
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1094 { // unknown thread id: gone already
		return nil
	}
	return err
}

// sqliteDefaults are added to a SQLite DSN unless it names the key (or one
// of its aliases): foreign keys on (Django turns them on), a 5 s busy
// timeout, BEGIN IMMEDIATE for transactions so a read-then-write cannot
// lose an update or fail with SQLITE_BUSY_SNAPSHOT, and times read back in
// UTC.
var sqliteDefaults = []struct {
	keys  []string
	value string
}{
	{[]string{"_foreign_keys", "_fk"}, "1"},
	{[]string{"_busy_timeout", "_timeout"}, "5000"},
	{[]string{"_txlock"}, "immediate"},
	{[]string{"_loc"}, "UTC"},
}

var memSeq atomic.Uint64

// sqliteBackend builds the go-sqlite3 DSN from dburl's opaque form (without
// dburl's _loc=auto), adds sqlorm's defaults and WAL for file databases,
// and registers the REGEXP function on every connection. An in-memory
// database gets a unique shared-cache name, so every pooled connection sees
// the same database, and an anchor connection that keeps it alive until the
// database is closed.
func sqliteBackend(u *dburl.URL) (*backend, error) {
	dsn, _, err := dburl.GenOpaque(u)
	if err != nil {
		return nil, fmt.Errorf("%w: sqlite: %v", ErrConfig, err)
	}
	path, query, _ := strings.Cut(dsn, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("%w: sqlite %s: bad query: %v", ErrConfig, path, err)
	}
	for _, d := range sqliteDefaults {
		found := false
		for _, k := range d.keys {
			found = found || q.Has(k)
		}
		if !found {
			q.Set(d.keys[0], d.value)
		}
	}
	memory := path == ":memory:" || path == "file::memory:" || q.Get("mode") == "memory"
	if memory {
		if path == ":memory:" || path == "file::memory:" {
			path = fmt.Sprintf("file:sqlorm-memory-%d", memSeq.Add(1))
		}
		q.Set("mode", "memory")
		q.Set("cache", "shared")
	} else if !q.Has("_journal_mode") && !q.Has("_journal") && q.Get("mode") != "ro" {
		q.Set("_journal_mode", "WAL")
	}
	dsn = path + "?" + q.Encode()
	drv := &sqlite3.SQLiteDriver{ConnectHook: registerSQLiteFuncs}
	b := &backend{connector: dsnConnector{drv: drv, dsn: dsn}, dialect: dialect.SQLite}
	if memory {
		anchor, err := drv.Open(dsn)
		if err != nil {
			return nil, fmt.Errorf("sqlorm/driver: open in-memory sqlite: %w", err)
		}
		b.close = anchor.Close
	}
	return b, nil
}

// registerSQLiteFuncs adds REGEXP (SQLite has the operator but no
// implementation): dialect.SQLiteRegexpFunc, Go regexp semantics.
func registerSQLiteFuncs(c *sqlite3.SQLiteConn) error {
	return c.RegisterFunc("regexp", dialect.SQLiteRegexpFunc(), true)
}

// dsnConnector adapts a driver without DriverContext (go-sqlite3).
type dsnConnector struct {
	drv driver.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

// oracleBackend uses dburl's DSN (which adds the default port go-ora needs)
// and checks it with go-ora's own parser, so an unknown option or a missing
// service fails at open time, not at first use.
func oracleBackend(u *dburl.URL, clean string) (*backend, error) {
	if _, err := configurations.ParseConfig(u.DSN); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	return &backend{connector: goora.NewConnector(u.DSN), dialect: dialect.Oracle}, nil
}
