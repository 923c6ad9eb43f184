// Package sqlormtest is what Django's TestCase gives a test, for Go tests
// of code that uses sqlorm: a database of its own per test on any backend,
// or a transaction rolled back after each test, an assertion on the number
// of statements a piece of code runs (assertNumQueries), and fixtures
// loaded from JSON or YAML files (loaddata).
//
//	func TestPublish(t *testing.T) {
//		db := sqlormtest.Open(t, os.Getenv("DATABASE_URL")) // "" is SQLite
//		migrate(t, db)
//		sqlormtest.LoadFixtures(t, ctx, db, "testdata/posts.yaml")
//		sqlormtest.AssertNumQueries(t, ctx, 1, func(ctx context.Context) {
//			_, _ = orm.Objects[Post](db).Filter(orm.Q{"published": true}).All(ctx)
//		})
//	}
//
// # Isolation
//
// [Open] makes a database for one test and removes it when the test ends:
// a new file in t.TempDir() on SQLite, a schema sqlorm_t_<random> on
// PostgreSQL (reached through search_path, in the URL's database), a
// database sqlorm_t_<random> on MySQL/MariaDB (the URL's account must be
// allowed to create one). Tests may run in parallel, and test binaries of
// different packages at the same time against one server.
//
// [Tx] is Django's TestCase instead: one transaction per test, rolled back
// when it ends, with ORM calls joined to it through orm.WithTx. Atomic
// blocks inside it are savepoints, as in Django. It is faster than a new
// database per test, and sees what the enclosing database holds; but DDL
// on MySQL/MariaDB commits by itself (create tables before Tx), and code
// that opens its own transaction on another connection does not see the
// test's rows.
package sqlormtest

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// Database is a database made for one test by [Fresh].
type Database struct {
	// URL opens the database through the sqlorm driver:
	// sql.Open("sqlorm", URL). It may carry a password.
	URL string
	// Name is the schema (PostgreSQL), database (MySQL) or file (SQLite)
	// made for the test.
	Name string
}

// Fresh makes an empty database for t alone on the server url names (see
// the package documentation) and drops it when t ends. "" and any sqlite:
// URL mean a new SQLite file. An unsupported URL or a server that does not
// answer fails t.
func Fresh(t testing.TB, url string) *Database {
	t.Helper()
	b, err := testenv.ForURL(url)
	if err != nil {
		t.Fatalf("sqlormtest: %v", err)
		return nil
	}
	d := b.Fresh(t)
	if d == nil {
		return nil
	}
	return &Database{URL: d.URL, Name: d.Name}
}

// Open is [Fresh] opened through the sqlorm driver: a *sql.DB on a database
// of t's own, pinged, and closed when t ends (before the database is
// dropped). Options after url are sqlorm's URL options, such as
// "debug=true".
func Open(t testing.TB, url string, options ...string) *sql.DB {
	t.Helper()
	d := Fresh(t, url)
	if d == nil {
		return nil
	}
	u := d.URL
	for _, o := range options {
		if strings.ContainsRune(u, '?') {
			u += "&" + o
		} else {
			u += "?" + o
		}
	}
	cfg, err := driver.ParseURL(u)
	if err != nil {
		t.Fatalf("sqlormtest: %v", err)
		return nil
	}
	db, err := driver.OpenDB(cfg)
	if err != nil {
		t.Fatalf("sqlormtest: %v", err)
		return nil
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatalf("sqlormtest: %s: %v", driver.Redact(u), err)
		return nil
	}
	return db
}

// Tx begins a transaction on db for the rest of t and returns a context
// that runs every ORM call made with it (orm.Objects, Exec, Raw, Atomic)
// in that transaction; the transaction is rolled back when t ends, so
// nothing the test wrote stays: Django's TestCase. orm.Atomic called with
// the context makes savepoints, so code under test that rolls back a
// nested block keeps working. The transaction holds one connection of db
// until t ends; statements made on db without the context run outside it.
func Tx(t testing.TB, ctx context.Context, db *sql.DB) context.Context {
	t.Helper()
	d, err := dialect.Detect(db)
	if err != nil {
		t.Fatalf("sqlormtest: Tx: %v", err)
		return ctx
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatalf("sqlormtest: Tx: begin: %v", err)
		return ctx
	}
	t.Cleanup(func() {
		if err := tx.Rollback(); err != nil && err != sql.ErrTxDone {
			t.Errorf("sqlormtest: Tx: rollback at the end of the test: %v", err)
		}
	})
	return orm.WithTx(orm.WithDialect(ctx, d), tx)
}

// AssertNumQueries fails t unless fn runs exactly n statements (execs and
// queries; begin, commit and rollback are not counted, as in Django) with
// the context it is given, listing them when the count is wrong: Django's
// assertNumQueries. It counts statements that go through the sqlorm
// driver only.
func AssertNumQueries(t testing.TB, ctx context.Context, n int, fn func(ctx context.Context)) {
	t.Helper()
	ctx, rec := hooks.Capture(ctx)
	fn(ctx)
	if got := rec.Count(); got != n {
		t.Errorf("sqlormtest: %d statements run, want %d:\n%s", got, n, rec)
	}
}
