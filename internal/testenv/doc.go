// Package testenv gives the tests of every sqlorm package the same view of
// the database backends: which ones this run can use, a fresh isolated
// database on each of them, and a plain account of what was skipped.
//
// # Backends
//
// SQLite is always available: it needs nothing but a temporary directory.
// PostgreSQL and MySQL/MariaDB are used when their URL is set:
//
//	SQLORM_TEST_PG=postgres://postgres@127.0.0.1:5432/test?sslmode=disable
//	SQLORM_TEST_MYSQL=mysql://root@127.0.0.1:3306/test
//
// A backend whose variable is unset is skipped, for that backend only, and
// the skip is recorded so that [Main] can say so at the end of the run. A
// backend named in SQLORM_REQUIRE_BACKENDS (a comma list such as
// "postgres,mysql", or "all") is never skipped: its tests fail instead,
// naming the variable to set. CI sets it so that a missing server cannot
// pass unnoticed. A variable that is set but points at a server that does
// not answer is a failure, never a skip.
//
// # Isolation
//
// [Backend.Fresh] makes a database for one test and removes it when the test
// ends: a file in t.TempDir() on SQLite, a schema sqlorm_t_<random> on
// PostgreSQL (every connection of the returned URL lands in it through the
// search_path runtime parameter), a database sqlorm_t_<random> on MySQL.
// Tests of different packages may therefore run at the same time against
// the same servers.
//
// # Use
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
//	func TestInsert(t *testing.T) {
//		testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
//			db := b.Fresh(t)
//			conn := db.OpenDirect(t) // the backend's own driver
//			// or: sql.Open("sqlorm", db.URL)
//		})
//	}
//
// [Database.Open] opens a fresh database as SQLORM_TEST_OPEN says: through
// the sqlorm driver (the default, "sqlorm") or with the backend's own
// driver and DSN ("bare"), as existing database/sql code opens it. The
// ORM's behaviour tests open their databases with it, and CI runs them
// both ways.
//
// The admin connections this package opens use the backend drivers
// directly (pgx, go-sql-driver/mysql, mattn/go-sqlite3), never sqlorm's own
// driver, so a bug there cannot hide behind the test harness.
package testenv
