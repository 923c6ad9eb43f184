package driver

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
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
	// close releases what the backend holds (the anchor connection of a
	// shared-cache in-memory SQLite database).
	close func() error
	// matchedRows: UPDATE reports the rows it matched, not only those it
	// changed (MySQL/MariaDB with clientFoundRows=true; every other
	// backend always does).
	matchedRows bool
	// setup, when set, runs on every new connection before it is used
	// (MySQL/MariaDB's statement time limit, whose variable depends on the
	// server's flavour).
	setup func(ctx context.Context, raw driver.Conn) error
	// txSetup, when set, runs at the start of every transaction (the
	// statement timeout behind a transaction-mode pooler, see
	// Config.Pooler).
	txSetup string
	// pg is pgx's configuration (PostgreSQL only), as the connector got it.
	pg *pgx.ConnConfig
}

// newBackend builds the real backend connector for cfg: the backend gets
// what the URL names and nothing of sqlorm's (see the package doc's list of
// the few additions). It does not connect, except for a shared-cache
// in-memory SQLite database, which gets an anchor connection so that it
// lives as long as the connector.
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
		return postgresBackend(u, cfg.URL, cfg.StatementTimeout, cfg.Pooler)
	}
	if cfg.Pooler != "" {
		return nil, fmt.Errorf("%w: %s=%s is for PgBouncer in front of PostgreSQL; %s has no such pooler support, remove the option", ErrConfig, OptPooler, cfg.Pooler, name)
	}
	switch name {
	case dialect.MySQL:
		return mysqlBackend(u, cfg.URL, cfg.StatementTimeout)
	case dialect.SQLite:
		return sqliteBackend(u, cfg.URL)
	case dialect.Oracle:
		return oracleBackend(u, cfg.URL)
	}
	return nil, fmt.Errorf("%w: dialect %q has no backend", ErrConfig, name)
}

var pgSchemeRE = regexp.MustCompile(`^(?i)(postgres|postgresql|pg|pgsql|pgx)://`)

// postgresBackend hands pgx the cleaned URL itself (with the scheme
// rewritten to postgres://): pgx parses multi-host URLs, host= sockets and
// literal '+' that dburl's regenerated DSN mangles. The session keeps the
// server's time zone (the ORM reads timestamptz AT TIME ZONE 'UTC'); only
// statement_timeout, when the sqlorm option asks for it, is added.
//
// Behind a transaction-mode pooler (pooler=transaction) the session holds
// nothing: see Config.Pooler.
func postgresBackend(u *dburl.URL, clean string, timeout time.Duration, pooler string) (*backend, error) {
	dsn := u.DSN
	if pgSchemeRE.MatchString(clean) {
		dsn = pgSchemeRE.ReplaceAllString(clean, "postgres://")
	}
	pc, err := pgx.ParseConfig(dsn) // pgconn redacts the password in its errors
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	b := &backend{dialect: dialect.Postgres, matchedRows: true}
	ms := strconv.FormatInt(max(timeout.Milliseconds(), 1), 10)
	switch {
	case pooler == PoolerTransaction:
		if _, ok := pc.RuntimeParams["search_path"]; ok {
			return nil, fmt.Errorf("%w: %s: search_path cannot be a session setting behind a transaction-mode pooler (%s=%s), and statements outside a transaction would silently use another schema; remove it and set it on the role or database (ALTER ROLE ... SET search_path = ...)", ErrConfig, Redact(clean), OptPooler, pooler)
		}
		if !strings.Contains(clean, "default_query_exec_mode=") {
			pc.DefaultQueryExecMode = pgx.QueryExecModeExec
		}
		if timeout > 0 {
			b.txSetup = "SET LOCAL statement_timeout = " + ms
		}
	case timeout > 0:
		pc.RuntimeParams["statement_timeout"] = ms
	}
	b.connector, b.pg = stdlib.GetConnector(*pc), pc
	return b, nil
}

// mysqlBackend hands go-sql-driver/mysql the DSN a user of the bare driver
// would write for the URL: user, password, address and database from the
// URL, and its query byte for byte (dburl would re-encode it, turning
// charset=none,utf8mb4 into an unknown character set, and add sql_mode=ansi
// and loc=Local). sqlorm adds nothing: parseTime, loc, clientFoundRows and
// the session time_zone are the driver's and the server's unless the URL
// names them. Parameters go-sql-driver does not know are system variables
// it sets with SET on each new connection; only the server knows which
// exist, and it refuses an unknown one when the connection opens.
func mysqlBackend(u *dburl.URL, clean string, timeout time.Duration) (*backend, error) {
	bare := *u
	bare.RawQuery = ""
	dsn, _, err := dburl.GenMysql(&bare)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	if u.RawQuery != "" {
		dsn += "?" + u.RawQuery
	}
	mc, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	conn, err := mysql.NewConnector(mc)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	b := &backend{connector: conn, dialect: dialect.MySQL, argsNeedPrepare: !mc.InterpolateParams, matchedRows: mc.ClientFoundRows}
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

// sqliteDriverKeys are the DSN parameters go-sqlite3 v1.14 reads itself
// (sqlite3.go, SQLiteDriver.Open); sqliteURIKeys are the ones SQLite reads
// from a file: URI (https://sqlite.org/uri.html). A SQLite URL with any
// other parameter is refused: no layer would read it.
var (
	sqliteDriverKeys = []string{
		"_auth", "_auth_crypt", "_auth_pass", "_auth_salt", "_auth_user", "_auto_vacuum", "_busy_timeout",
		"_cache_size", "_case_sensitive_like", "_cslike", "_defer_fk", "_defer_foreign_keys", "_fk",
		"_foreign_keys", "_ignore_check_constraints", "_journal", "_journal_mode", "_loc", "_locking",
		"_locking_mode", "_mutex", "_query_only", "_recursive_triggers", "_rt", "_secure_delete",
		"_stmt_cache_size", "_sync", "_synchronous", "_timeout", "_txlock", "_vacuum", "_writable_schema", "vfs",
	}
	sqliteURIKeys = []string{"cache", "immutable", "mode", "modeof", "nolock", "psow", "vfs"}
)

// sqliteBackend hands go-sqlite3 the DSN the URL names, as a user of the
// bare driver would write it: the path (or file: URI) and the query byte
// for byte, without dburl's _loc=auto and without defaults of sqlorm's own,
// so times, foreign keys, journal mode and transactions behave exactly as
// with go-sqlite3 (turn them on with _fk=1, _journal_mode=WAL,
// _txlock=immediate). It checks every parameter against what go-sqlite3
// and SQLite read, and registers the REGEXP function on every connection
// (a statement that works without it works the same with it). A named
// shared-cache in-memory database (file:NAME?mode=memory&cache=shared) gets
// an anchor connection, so it lives as long as the *sql.DB instead of
// vanishing when the pool closes its last idle connection; sqlite::memory:
// is go-sqlite3's :memory:, one private database per connection.
func sqliteBackend(u *dburl.URL, clean string) (*backend, error) {
	q, err := checkSQLiteURL(u, clean)
	if err != nil {
		return nil, err
	}
	path := u.Opaque
	uri := strings.HasPrefix(path, "file:")
	dsn := path
	if u.RawQuery != "" {
		dsn += "?" + u.RawQuery
	}
	drv := &sqlite3.SQLiteDriver{ConnectHook: registerSQLiteFuncs}
	b := &backend{connector: dsnConnector{drv: drv, dsn: dsn}, dialect: dialect.SQLite, matchedRows: true}
	memory := q.Get("mode") == "memory" || path == "file::memory:"
	if uri && memory && q.Get("cache") == "shared" {
		anchor, err := drv.Open(dsn)
		if err != nil {
			return nil, err
		}
		b.close = anchor.Close
	}
	return b, nil
}

// checkSQLiteURL checks the path and every parameter of a SQLite URL
// against what go-sqlite3 and SQLite read, and returns the parameters.
func checkSQLiteURL(u *dburl.URL, clean string) (url.Values, error) {
	path := u.Opaque
	if path == "" {
		return nil, fmt.Errorf("%w: %s: no SQLite path; use sqlite:PATH, sqlite::memory: or sqlite:file:PATH?mode=ro", ErrConfig, Redact(clean))
	}
	if _, err := url.PathUnescape(path); err != nil {
		return nil, fmt.Errorf("%w: %s: the path is not valid URL encoding (%v); write %%25 for a literal %%", ErrConfig, Redact(clean), err)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: the query is not valid URL encoding: %v", ErrConfig, Redact(clean), err)
	}
	uri := strings.HasPrefix(path, "file:")
	for _, k := range sortedKeys(q) {
		switch {
		case slices.Contains(sqliteDriverKeys, k):
		case slices.Contains(sqliteURIKeys, k) && uri:
		case slices.Contains(sqliteURIKeys, k):
			return nil, fmt.Errorf("%w: %s: %s is a SQLite URI parameter, which go-sqlite3 passes on only for a file: URI; write sqlite:file:%s?%s", ErrConfig, Redact(clean), k, path, u.RawQuery)
		default:
			msg := fmt.Sprintf("%s: unknown SQLite parameter %q", Redact(clean), k)
			if near := nearest(k, append(slices.Clone(sqliteDriverKeys), knownOptions...)); near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			}
			return nil, fmt.Errorf("%w: %s (go-sqlite3 reads %s; SQLite reads %s from a file: URI; sqlorm's options are %s)", ErrConfig, msg,
				strings.Join(sqliteDriverKeys, ", "), strings.Join(sqliteURIKeys, ", "), strings.Join(knownOptions, ", "))
		}
	}
	return q, nil
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

var _ driver.Connector = dsnConnector{}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

// oracleBackend uses dburl's DSN (which adds the default port go-ora needs)
// and checks it with go-ora's own parser, so an unknown option or a missing
// service fails at open time, not at first use.
func oracleBackend(u *dburl.URL, clean string) (*backend, error) {
	if _, err := configurations.ParseConfig(u.DSN); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrConfig, Redact(clean), redactText(err.Error(), clean))
	}
	return &backend{connector: goora.NewConnector(u.DSN), dialect: dialect.Oracle, matchedRows: true}, nil
}
