// Package driver is the "sqlorm" database/sql driver: it opens SQLite,
// PostgreSQL, MySQL/MariaDB and Oracle from one URL and wraps the real
// backend driver with Django's connection policy (CONN_MAX_AGE,
// CONN_HEALTH_CHECKS), statement hooks and a log/slog debug log.
//
//	import _ "github.com/sqlorm/sqlorm/driver"
//
//	db, err := sql.Open("sqlorm", "postgres://app@127.0.0.1/shop?conn_max_age=600&health_checks=true")
//
// # URLs
//
// URLs are parsed with github.com/xo/dburl. The backends are pgx/v5 (stdlib)
// for postgres://, go-sql-driver/mysql for mysql:// and mariadb://,
// mattn/go-sqlite3 for sqlite:PATH and file:PATH, and sijms/go-ora/v2 for
// oracle://. sqlorm's own options are removed from the query before the
// backend sees it; every other parameter reaches the backend unchanged:
//
//   - conn_max_age: Django's CONN_MAX_AGE. Whole seconds or a Go duration
//     (600, 10m); 0 closes each connection after one use; none, or the
//     option absent, means unlimited. The absent default differs from
//     Django's 0 on purpose: Django opens one connection per request, while
//     a Go program shares a pool, and 0 would turn the pool off.
//   - health_checks: Django's CONN_HEALTH_CHECKS. A reused connection is
//     pinged before it is handed out and a dead one is replaced without the
//     caller seeing an error. A connection on which a statement failed is
//     always checked before reuse.
//   - health_check_idle: only ping connections idle at least this long
//     (default 0: every reuse).
//   - debug: true logs one log/slog record per statement (SQL, duration,
//     rows, error); args also logs argument values, truncated and escaped.
//     Records are at slog.LevelInfo, not Debug: the option is the opt-in,
//     and slog's default handler drops Debug records, so debug=true would
//     otherwise print nothing. Failed statements log at Error, cancelled
//     ones at Warn; hooks.Logger with LogOptions.Level picks another level.
//   - statement_timeout: a server-side limit per statement (a Go duration,
//     or whole milliseconds as in PostgreSQL's own parameter): PostgreSQL's
//     statement_timeout, MariaDB's max_statement_time, MySQL's
//     max_execution_time (SELECT only), chosen from VERSION(). The error
//     satisfies dialect.IsStatementTimeout and the connection stays usable.
//     SQLite and Oracle have no such setting: it is a configuration error
//     there (use a context deadline).
//
// # The one rule
//
// What sqlorm adds (health checks, max age, the debug log, the statement
// timeout, hooks, kill-on-cancel) never changes a value, a type, an
// error's dynamic type, a count or a timing that existing database/sql code
// observes: sql.Open("sqlorm", url) behaves as sql.Open of the backend's
// driver with the DSN the URL names. The backend gets the URL's parameters
// byte for byte and no default of sqlorm's; errors from the backend reach
// the caller as the backend's own values (only errors sqlorm makes are
// wrapped, and they wrap ErrConfig). The few things sqlorm still changes
// cannot be observed by correct code:
//
//   - SQLite connections have a REGEXP function (SQLite has the operator
//     but no implementation; only a statement that fails without it
//     behaves differently).
//   - A named shared-cache in-memory SQLite database
//     (sqlite:file:NAME?mode=memory&cache=shared) keeps an anchor
//     connection, so it lives until db.Close instead of vanishing, data and
//     all, when the pool happens to close its last idle connection.
//   - On MySQL/MariaDB each new connection runs SELECT CONNECTION_ID()
//     once, so that a cancelled statement can be killed on the server,
//     which otherwise keeps running it after go-sql-driver has closed the
//     socket. The caller gets the context's error as soon as go-sql-driver
//     returns it; the KILL runs in the background.
//
// What the ORM needs it does itself on any *sql.DB: it stores datetimes in
// UTC and reads them back in UTC whatever the session's time zone or
// parseTime and go-sql-driver's loc (on MySQL it binds dates and datetimes
// as UTC wall-clock text, which the driver does not convert to loc, and
// reads a datetime's wall clock as UTC), extracts PostgreSQL timestamps AT TIME
// ZONE 'UTC' and uses UTC_TIMESTAMP on MySQL, and counts the rows an
// UPDATE matched on MySQL when the connection reports rows changed. Where the ORM and
// existing code want different things, the URL chooses and the default is
// the backend's:
//
//   - clientFoundRows=true (MySQL): UPDATE reports rows matched; the ORM
//     then needs no SELECT COUNT(*) ... FOR UPDATE before its Update.
//   - _fk=1 (SQLite): foreign keys enforced, as Django has them; the ORM's
//     on_delete relies on the database's ON DELETE.
//   - _txlock=immediate (SQLite): BEGIN IMMEDIATE, so a read-then-write
//     transaction waits for the write lock instead of failing with
//     SQLITE_BUSY; _journal_mode=WAL lets readers run beside a writer.
//
// So for the ORM: sqlite:app.db?_fk=1&_txlock=immediate&_journal_mode=WAL
// and mysql://user@host/db?clientFoundRows=true.
//
// # Checked options
//
// A string that is not a URL (no scheme: "%zz", a bare path) is refused
// rather than opened as a SQLite file. A misspelt sqlorm option
// (conn_max_ag) is refused on every backend with the option meant. On
// SQLite every parameter must be one go-sqlite3 reads (_fk, _loc,
// _txlock, …) or, in a file: URI, one SQLite reads (mode, cache, vfs,
// immutable, …). On PostgreSQL and MySQL a parameter the driver does not
// know is a server setting (a runtime parameter for pgx, a system variable
// go-sql-driver SETs); only the server knows which exist, and it refuses
// an unknown one when the connection opens, with its own error. Oracle's
// parameters are checked by go-ora when the connector is built.
//
// # The wrapped connection
//
// A sqlorm connection behaves exactly like the backend's: it forwards every
// optional database/sql interface the backend implements, with database/sql's
// own fallback where it does not; returns driver.ErrSkip and
// driver.ErrBadConn untouched so database/sql's fast paths and retries work;
// does not wrap rows, so column type information and every rows interface
// survive; and gives the real connection to sql.Conn.Raw through [Unwrap].
//
// On MySQL/MariaDB a cancelled context also stops the statement on the
// server: the server otherwise keeps running it after the client has gone.
// sqlorm learns each connection's id when it opens it and, on cancel, kills
// that server connection from a side connection (go-sql-driver has already
// closed its end, so nothing usable is lost). This covers the call that runs
// the statement (ExecContext, QueryContext until the first row arrives);
// cancelling while reading the rows of a large result leaves the server to
// notice the closed socket on its own. pgx sends a cancel request itself.
package driver

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/pool"
)

// DriverName is the name the driver registers with database/sql.
const DriverName = "sqlorm"

func init() {
	sql.Register(DriverName, Driver{})
}

// Driver is the sqlorm database/sql driver. Its name is the URL to open.
type Driver struct{}

var (
	_ driver.Driver        = Driver{}
	_ driver.DriverContext = Driver{}
)

// Open opens one connection for the URL name. database/sql uses
// OpenConnector instead, which parses the URL once.
func (d Driver) Open(name string) (driver.Conn, error) {
	c, err := d.OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses the URL name with [ParseURL] and returns a connector
// for it. It does not connect.
func (Driver) OpenConnector(name string) (driver.Connector, error) {
	cfg, err := ParseURL(name)
	if err != nil {
		return nil, err
	}
	return NewConnector(cfg)
}

// OpenDB opens a database for cfg: sql.OpenDB over [NewConnector]. Use it
// instead of sql.Open to attach hooks or a logger, or when the
// configuration comes from [ConfigFromFile]. It does not connect; call
// PingContext to check the server is there.
func OpenDB(cfg Config) (*sql.DB, error) {
	c, err := NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

// ErrNotSqlorm is returned by [Stats] and [BackendDriver] for a *sql.DB that
// was not opened through the sqlorm driver.
var ErrNotSqlorm = errors.New("sqlorm/driver: database was not opened through the sqlorm driver")

// Stats returns the pool counters of a database opened through sqlorm:
// connections opened, closed for age, health checks run and failed. Use
// db.Stats() for database/sql's own counters.
func Stats(db *sql.DB) (pool.Stats, error) {
	bd, ok := db.Driver().(*boundDriver)
	if !ok {
		return pool.Stats{}, fmt.Errorf("%w (its driver is %T)", ErrNotSqlorm, db.Driver())
	}
	return bd.c.policy.Stats(), nil
}

// BackendDriver returns the real backend driver of a database opened
// through sqlorm (*stdlib.Driver, *mysql.MySQLDriver, *sqlite3.SQLiteDriver,
// *go_ora.OracleDriver), for backend helpers that type-assert db.Driver().
func BackendDriver(db *sql.DB) (driver.Driver, error) {
	bd, ok := db.Driver().(*boundDriver)
	if !ok {
		return nil, fmt.Errorf("%w (its driver is %T)", ErrNotSqlorm, db.Driver())
	}
	return bd.c.be.connector.Driver(), nil
}

// Unwrap returns the backend connection under a sqlorm connection, as given
// to the function passed to sql.Conn.Raw. It unwraps every layer that has a
// Raw() driver.Conn method (sqlorm's, otelsql's), and returns other values
// unchanged.
//
//	err := conn.Raw(func(dc any) error {
//		pc := driver.Unwrap(dc).(*stdlib.Conn).Conn() // *pgx.Conn
//		_, err := pc.CopyFrom(ctx, ...)
//		return err
//	})
func Unwrap(dc any) any {
	for {
		r, ok := dc.(interface{ Raw() driver.Conn })
		if !ok {
			return dc
		}
		dc = r.Raw()
	}
}

// boundDriver is what db.Driver() returns for a sqlorm database: it names
// the dialect (dialect.Detect uses it) and reaches the connector's state.
type boundDriver struct{ c *connector }

var _ driver.Driver = (*boundDriver)(nil)

// Open opens a new connection for the URL name, like Driver.Open.
func (d *boundDriver) Open(name string) (driver.Conn, error) { return Driver{}.Open(name) }

// Dialect names the backend's dialect.
func (d *boundDriver) Dialect() dialect.Name { return d.c.be.dialect }

// ReportsMatchedRows reports whether RowsAffected of an UPDATE counts the
// rows it matched, as Django's update() does, and not only those whose
// values changed: true on every backend but MySQL/MariaDB, where it is true
// when the URL sets go-sql-driver's clientFoundRows=true. The ORM counts
// matched rows itself where it is false.
func (d *boundDriver) ReportsMatchedRows() bool { return d.c.be.matchedRows }
