package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"    // registers driver "pgx"
	sqlite3 "github.com/mattn/go-sqlite3" // registers driver "sqlite3"

	"github.com/sqlorm/sqlorm/dialect"
)

// Raw driver names registered by the backend drivers this package imports.
const (
	DriverSQLite   = "sqlite3"
	DriverPostgres = "pgx"
	DriverMySQL    = "mysql"
)

// NamePrefix starts the name of every schema (PostgreSQL) or database
// (MySQL) that [Backend.Fresh] creates; a leftover one from a killed run can
// be recognised and dropped by hand.
const NamePrefix = "sqlorm_t_"

// opTimeout bounds each admin statement (create, drop, existence check).
const opTimeout = 30 * time.Second

// Database is an isolated database made by [Backend.Fresh] for one test.
type Database struct {
	// Backend is the backend the database lives on.
	Backend *Backend
	// Name is the schema (PostgreSQL), database (MySQL) or file path
	// (SQLite) created for the test.
	Name string
	// URL is what sql.Open("sqlorm", URL) takes: postgres://...&search_path=<schema>,
	// mysql://.../<database>, or "sqlite:" + path. It may carry a password;
	// log [Database.Redacted] instead.
	URL string
	// DriverName is the backend's own database/sql driver: "sqlite3", "pgx"
	// or "mysql".
	DriverName string
	// DSN is what sql.Open(DriverName, DSN) takes to reach the same
	// database without sqlorm's driver.
	DSN string
}

// Redacted returns URL with any password replaced by "xxxxx".
func (d *Database) Redacted() string { return redact(d.URL) }

// OpenDirect opens the database with the backend's own driver (DriverName,
// DSN), checks that it answers, and closes it when t ends.
func (d *Database) OpenDirect(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open(d.DriverName, d.DSN)
	if err != nil {
		t.Fatalf("sqlorm testenv: %s: open %s: %v", d.Backend.Name, d.DriverName, err)
		return nil
	}
	t.Cleanup(func() { _ = db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("sqlorm testenv: %s: ping %s: %v", d.Backend.Name, d.Name, err)
		return nil
	}
	return db
}

// EnvOpen chooses how [Database.Open] opens a database: "sqlorm" (the
// default) through the sqlorm driver with URL, "bare" with the backend's
// own driver and DSN. CI runs the ORM's tests both ways.
const EnvOpen = "SQLORM_TEST_OPEN"

// Open modes, the values of EnvOpen.
const (
	OpenSQLORM = "sqlorm"
	OpenBare   = "bare"
)

// OpenMode returns the mode EnvOpen selects, or an error naming the
// variable for a value that is neither "sqlorm" nor "bare".
func OpenMode() (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(os.Getenv(EnvOpen))); v {
	case "", OpenSQLORM:
		return OpenSQLORM, nil
	case OpenBare:
		return OpenBare, nil
	default:
		return "", fmt.Errorf("%s=%q: use %s (the default) or %s", EnvOpen, v, OpenSQLORM, OpenBare)
	}
}

// Open opens the database as [EnvOpen] says: sql.Open("sqlorm", URL) (the
// caller imports the sqlorm driver; this package does not), or
// sql.Open(DriverName, DSN), the backend's own driver as existing code
// opens it. Like sql.Open it does not connect; the caller closes the
// result.
func (d *Database) Open() (*sql.DB, error) {
	mode, err := OpenMode()
	if err != nil {
		return nil, err
	}
	if mode == OpenBare {
		name := d.DriverName
		if name == DriverSQLite {
			registerRegexp.Do(func() {
				sql.Register(DriverSQLiteRegexp, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
					return c.RegisterFunc("regexp", dialect.SQLiteRegexpFunc(), true)
				}})
			})
			name = DriverSQLiteRegexp
		}
		return sql.Open(name, d.DSN)
	}
	return sql.Open("sqlorm", d.URL)
}

// DriverSQLiteRegexp is go-sqlite3 with a REGEXP function (SQLite has the
// operator but no implementation), registered as an application that uses
// regex lookups on go-sqlite3 registers one; [Database.Open] uses it for
// SQLite in bare mode.
const DriverSQLiteRegexp = "sqlite3_sqlorm_testenv_regexp"

var registerRegexp sync.Once

// OpenDirect is a shorthand for b.Fresh(t).OpenDirect(t): a new isolated
// database, opened with the backend's own driver and closed when t ends.
func (b *Backend) OpenDirect(t testing.TB) *sql.DB {
	t.Helper()
	return b.Fresh(t).OpenDirect(t)
}

// Fresh creates an empty database for t alone and removes it when t ends:
// a file in t.TempDir() on SQLite, a schema NamePrefix+<random> on
// PostgreSQL, a database NamePrefix+<random> on MySQL. Connections opened
// from the result's URL or DSN see only that database. Fresh skips or fails
// t like [Lookup] when the backend is not configured, and fails t when the
// server cannot be reached.
//
// Close every connection to the database before t ends (t.Cleanup or defer
// in the test does so in time): PostgreSQL and MySQL wait for open
// transactions before dropping it.
func (b *Backend) Fresh(t testing.TB) *Database {
	t.Helper()
	checkAvailable(t, b)
	if !b.Available() {
		return nil // reached only under a t whose Fatalf/Skipf returns
	}
	var (
		d   *Database
		err error
	)
	switch b.Name {
	case SQLite:
		d = freshSQLite(t, b)
	case Postgres:
		d, err = freshPostgres(t, b)
	case MySQL:
		d, err = freshMySQL(t, b)
	default:
		err = fmt.Errorf("unknown backend %q", b.Name)
	}
	if err != nil {
		t.Fatalf("sqlorm testenv: %s: %v", b.Name, err)
		return nil
	}
	return d
}

// sqliteParams are the go-sqlite3 parameters of a fresh SQLite database,
// in its URL and its DSN alike, the settings README recommends for the
// ORM: foreign keys on, as Django has them (on_delete relies on them),
// BEGIN IMMEDIATE so that a read-then-write transaction waits for the
// write lock instead of failing with SQLITE_BUSY, and go-sqlite3's own 5 s
// busy timeout spelt out. Neither the sqlorm driver nor go-sqlite3 sets
// the first two by default. The journal mode is left to the test (the
// migrations kill tests append _journal_mode=DELETE or WAL; go-sqlite3
// reads the first one given).
const sqliteParams = "_fk=1&_txlock=immediate&_busy_timeout=5000"

func freshSQLite(t testing.TB, b *Backend) *Database {
	path := filepath.Join(t.TempDir(), "sqlorm.db")
	return &Database{
		Backend:    b,
		Name:       path,
		URL:        "sqlite:" + path + "?" + sqliteParams,
		DriverName: DriverSQLite,
		DSN:        path + "?" + sqliteParams,
	}
}

func freshPostgres(t testing.TB, b *Backend) (*Database, error) {
	u, err := pgURL(b.url)
	if err != nil {
		return nil, err
	}
	admin, err := adminDB(DriverPostgres, u.String())
	if err != nil {
		return nil, err
	}
	name := randomName()
	if err := adminExec(admin, "CREATE SCHEMA "+name); err != nil {
		return nil, fmt.Errorf("create schema on %s: %w", redact(b.url), err)
	}
	t.Cleanup(func() {
		if err := adminExec(admin, "DROP SCHEMA IF EXISTS "+name+" CASCADE"); err != nil {
			t.Errorf("sqlorm testenv: postgres: drop schema %s: %v", name, err)
		}
	})
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return &Database{
		Backend:    b,
		Name:       name,
		URL:        u.String(),
		DriverName: DriverPostgres,
		DSN:        u.String(),
	}, nil
}

// pgURL parses the PostgreSQL URL and normalises its scheme to postgres.
func pgURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return nil, fmt.Errorf("%s=%q is not a postgres:// URL (e.g. %s)", EnvPG, redact(raw), exampleURL(Postgres))
	}
	u.Scheme = "postgres"
	return u, nil
}

func freshMySQL(t testing.TB, b *Backend) (*Database, error) {
	u, cfg, err := mysqlURL(b.url)
	if err != nil {
		return nil, err
	}
	admin, err := adminDB(DriverMySQL, mysqlDSN(cfg, u.RawQuery))
	if err != nil {
		return nil, err
	}
	name := randomName()
	if err := adminExec(admin, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4"); err != nil {
		return nil, fmt.Errorf("create database on %s: %w", redact(b.url), err)
	}
	t.Cleanup(func() {
		if err := adminExec(admin, "DROP DATABASE IF EXISTS "+name); err != nil {
			t.Errorf("sqlorm testenv: mysql: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	cfg.DBName = name
	return &Database{
		Backend:    b,
		Name:       name,
		URL:        u.String(),
		DriverName: DriverMySQL,
		DSN:        mysqlDSN(cfg, u.RawQuery),
	}, nil
}

// mysqlURL parses a mysql:// URL into the URL (scheme normalised to mysql)
// and a go-sql-driver config for the same server and database.
func mysqlURL(raw string) (*url.URL, *mysql.Config, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "mysql" && u.Scheme != "mariadb") || u.Host == "" {
		return nil, nil, fmt.Errorf("%s=%q is not a mysql:// URL (e.g. %s)", EnvMySQL, redact(raw), exampleURL(MySQL))
	}
	u.Scheme = "mysql"
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net = "tcp"
	port := u.Port()
	if port == "" {
		port = "3306"
	}
	cfg.Addr = net.JoinHostPort(u.Hostname(), port)
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	return u, cfg, nil
}

// mysqlDSN formats cfg as a go-sql-driver DSN with parseTime=true&loc=UTC,
// followed by the URL's own query parameters (which win).
func mysqlDSN(cfg *mysql.Config, rawQuery string) string {
	dsn := cfg.FormatDSN() // includes ?parseTime=true
	if !strings.Contains(dsn, "loc=") {
		dsn += "&loc=UTC"
	}
	if rawQuery != "" {
		dsn += "&" + rawQuery
	}
	return dsn
}

// randomName returns NamePrefix followed by 12 random hex digits: a valid
// unquoted identifier on every backend.
func randomName() string {
	var buf [6]byte
	if _, err := rand.Read(buf[:]); err != nil {
		panic("sqlorm testenv: crypto/rand: " + err.Error())
	}
	return NamePrefix + hex.EncodeToString(buf[:])
}

// redact hides the password of a URL; an unparsable string is returned
// with everything between "://" and "@" hidden.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		return u.Redacted()
	}
	if i, j := strings.Index(raw, "://"), strings.LastIndex(raw, "@"); i >= 0 && j > i {
		return raw[:i+3] + "xxxxx" + raw[j:]
	}
	return raw
}

// admins holds one admin connection pool per driver and DSN, opened on
// first use and closed by [Main].
var admins = struct {
	sync.Mutex
	m map[string]*sql.DB
}{m: map[string]*sql.DB{}}

// adminDB returns the shared admin pool for driver and dsn, checking that
// the server answers when the pool is first opened.
func adminDB(driver, dsn string) (*sql.DB, error) {
	admins.Lock()
	defer admins.Unlock()
	key := driver + "\x00" + dsn
	if db, ok := admins.m[key]; ok {
		return db, nil
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open admin connection: %w", err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(2)
	db.SetConnMaxIdleTime(time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("cannot connect to %s: %w", redact(dsnForMessage(driver, dsn)), err)
	}
	admins.m[key] = db
	return db, nil
}

// dsnForMessage hides a go-sql-driver password, which redact cannot parse.
func dsnForMessage(driver, dsn string) string {
	if driver != DriverMySQL {
		return dsn
	}
	if cfg, err := mysql.ParseDSN(dsn); err == nil && cfg.Passwd != "" {
		cfg.Passwd = "xxxxx"
		return cfg.FormatDSN()
	}
	return dsn
}

func adminExec(db *sql.DB, query string) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	_, err := db.ExecContext(ctx, query)
	return err
}

// closeAdmins closes every admin pool.
func closeAdmins() {
	admins.Lock()
	defer admins.Unlock()
	for k, db := range admins.m {
		_ = db.Close()
		delete(admins.m, k)
	}
}
