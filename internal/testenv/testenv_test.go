package testenv

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/xo/dburl"
)

// helperEnv, when set to a mode, makes TestHelperProcess act instead of
// skipping; the subprocess tests below set it.
const helperEnv = "SQLORM_TESTENV_HELPER"

func TestMain(m *testing.M) { Main(m) }

// tables lists the tables visible in db's own database or schema.
func tables(t *testing.T, b *Backend, db *sql.DB) []string {
	t.Helper()
	var q string
	switch b.Name {
	case SQLite:
		q = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	case Postgres:
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
	case MySQL:
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name"
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// exists reports, from the admin connection (or the file system for
// SQLite), whether the database made by Fresh is still there.
func exists(t *testing.T, d *Database) bool {
	t.Helper()
	var (
		admin *sql.DB
		err   error
		q     string
	)
	switch d.Backend.Name {
	case SQLite:
		_, err := os.Stat(d.Name)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		return err == nil
	case Postgres:
		u, perr := pgURL(d.Backend.url)
		if perr != nil {
			t.Fatal(perr)
		}
		admin, err = adminDB(DriverPostgres, u.String())
		q = "SELECT count(*) FROM pg_namespace WHERE nspname = $1"
	case MySQL:
		u, cfg, merr := mysqlURL(d.Backend.url)
		if merr != nil {
			t.Fatal(merr)
		}
		admin, err = adminDB(DriverMySQL, mysqlDSN(cfg, u.RawQuery))
		q = "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?"
	}
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := admin.QueryRow(q, d.Name).Scan(&n); err != nil {
		t.Fatalf("check %s: %v", d.Name, err)
	}
	return n > 0
}

func TestFreshIsEmptyAndUsable(t *testing.T) {
	Run(t, func(t *testing.T, b *Backend) {
		d := b.Fresh(t)
		if d.Backend != b || d.DriverName == "" || d.DSN == "" || d.URL == "" || d.Name == "" {
			t.Fatalf("incomplete Database: %+v", d)
		}
		if b.Name != SQLite && !strings.HasPrefix(d.Name, NamePrefix) {
			t.Errorf("name %q lacks prefix %q", d.Name, NamePrefix)
		}
		db := d.OpenDirect(t)
		if got := tables(t, b, db); len(got) != 0 {
			t.Fatalf("fresh database has tables %v", got)
		}
		if _, err := db.Exec("CREATE TABLE widget (id INTEGER PRIMARY KEY, name VARCHAR(20))"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec("INSERT INTO widget (id, name) VALUES (1, 'gear')"); err != nil {
			t.Fatal(err)
		}
		var name string
		if err := db.QueryRow("SELECT name FROM widget WHERE id = 1").Scan(&name); err != nil || name != "gear" {
			t.Fatalf("read back %q, %v", name, err)
		}
		if got := tables(t, b, db); len(got) != 1 || got[0] != "widget" {
			t.Fatalf("tables = %v, want [widget]", got)
		}
	})
}

func TestFreshDatabasesAreIsolated(t *testing.T) {
	Run(t, func(t *testing.T, b *Backend) {
		d1, d2 := b.Fresh(t), b.Fresh(t)
		if d1.Name == d2.Name || d1.DSN == d2.DSN || d1.URL == d2.URL {
			t.Fatalf("two Fresh calls share a database: %q", d1.Name)
		}
		db1, db2 := d1.OpenDirect(t), d2.OpenDirect(t)
		if _, err := db1.Exec("CREATE TABLE only_in_one (id INTEGER)"); err != nil {
			t.Fatal(err)
		}
		if _, err := db2.Exec("CREATE TABLE only_in_two (id INTEGER)"); err != nil {
			t.Fatal(err)
		}
		if got := tables(t, b, db1); len(got) != 1 || got[0] != "only_in_one" {
			t.Errorf("first database sees %v", got)
		}
		if got := tables(t, b, db2); len(got) != 1 || got[0] != "only_in_two" {
			t.Errorf("second database sees %v", got)
		}
		if _, err := db2.Exec("SELECT count(*) FROM only_in_one"); err == nil {
			t.Errorf("second database can read the first one's table")
		}
	})
}

func TestCleanupRemovesDatabase(t *testing.T) {
	Run(t, func(t *testing.T, b *Backend) {
		var d *Database
		t.Run("inner", func(t *testing.T) {
			d = b.Fresh(t)
			db := d.OpenDirect(t)
			if _, err := db.Exec("CREATE TABLE doomed (id INTEGER)"); err != nil {
				t.Fatal(err)
			}
			if !exists(t, d) {
				t.Fatalf("%s does not exist while its test runs", d.Name)
			}
		})
		if d == nil {
			t.Fatal("inner test made no database")
		}
		if exists(t, d) {
			t.Fatalf("%s still exists after its test ended", d.Name)
		}
	})
}

// TestURLAndDSN checks that both ways of reaching a Fresh database lead to
// the same place, that dburl understands the URL, and the DSN options the
// package promises (foreign keys on SQLite, parseTime on MySQL).
func TestURLAndDSN(t *testing.T) {
	Run(t, func(t *testing.T, b *Backend) {
		d := b.Fresh(t)
		u, err := dburl.Parse(d.URL)
		if err != nil {
			t.Fatalf("dburl cannot parse %q: %v", d.Redacted(), err)
		}
		t.Logf("URL %s -> dburl driver %s", d.Redacted(), u.Driver)
		db := d.OpenDirect(t)
		if _, err := db.Exec("CREATE TABLE marker (id INTEGER)"); err != nil {
			t.Fatal(err)
		}
		// Open the same database through dburl's own DSN with the raw driver.
		viaURL, err := sql.Open(d.DriverName, u.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer viaURL.Close()
		if got := tables(t, b, viaURL); len(got) != 1 || got[0] != "marker" {
			t.Errorf("via URL the database has tables %v, want [marker]", got)
		}
		switch b.Name {
		case SQLite:
			if !strings.HasPrefix(d.URL, "sqlite:") {
				t.Errorf("URL %q does not start with sqlite:", d.URL)
			}
			var fk int
			if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
				t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
			}
		case Postgres:
			if !strings.HasPrefix(d.URL, "postgres://") || !strings.Contains(d.URL, "search_path="+d.Name) {
				t.Errorf("URL %q lacks postgres:// or search_path", d.Redacted())
			}
		case MySQL:
			if !strings.HasPrefix(d.URL, "mysql://") || !strings.Contains(d.DSN, "parseTime=true") {
				t.Errorf("URL %q / DSN %q not as documented", d.Redacted(), dsnForMessage(DriverMySQL, d.DSN))
			}
			var ts time.Time
			if err := db.QueryRow("SELECT CAST('2024-01-02 03:04:05' AS DATETIME)").Scan(&ts); err != nil {
				t.Fatalf("DATETIME does not scan into time.Time: %v", err)
			}
			if want := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC); !ts.Equal(want) || ts.Location() != time.UTC {
				t.Errorf("got %v, want %v in UTC", ts, want)
			}
		}
	})
}

// TestPostgresSearchPathEveryConnection holds several pool connections at
// once and checks that each of them lands in the fresh schema.
func TestPostgresSearchPathEveryConnection(t *testing.T) {
	b := Lookup(t, Postgres)
	d := b.Fresh(t)
	db := d.OpenDirect(t)
	ctx := context.Background()
	var conns []*sql.Conn
	for i := 0; i < 3; i++ {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var schema, path string
		if err := c.QueryRowContext(ctx, "SELECT current_schema(), current_setting('search_path')").Scan(&schema, &path); err != nil {
			t.Fatal(err)
		}
		if schema != d.Name || path != d.Name {
			t.Errorf("connection %d: current_schema %q, search_path %q; want %q", i, schema, path, d.Name)
		}
	}
	if _, err := conns[0].ExecContext(ctx, "CREATE TABLE unqualified (id int)"); err != nil {
		t.Fatal(err)
	}
	var schema string
	if err := conns[2].QueryRowContext(ctx, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'unqualified'").Scan(&schema); err != nil || schema != d.Name {
		t.Errorf("unqualified table created in %q (%v), want %q", schema, err, d.Name)
	}
}

// fakeTB records Fatalf/Skipf instead of stopping the test, so that the
// failure and skip paths can be checked in-process.
type fakeTB struct {
	testing.TB
	fatals, skips, logs []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skips = append(f.skips, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

// keepSkips saves the recorded skips and restores them when t ends, so the
// in-process checks below do not change what Main reports for the real run.
func keepSkips(t *testing.T) {
	skips.Lock()
	saved := map[string]string{}
	for k, v := range skips.m {
		saved[k] = v
	}
	skips.m = map[string]string{}
	skips.Unlock()
	t.Cleanup(func() {
		skips.Lock()
		skips.m = saved
		skips.Unlock()
	})
}

func TestBackendsOptionalMissingIsSkippedAndRecorded(t *testing.T) {
	keepSkips(t)
	t.Setenv(EnvPG, "")
	t.Setenv(EnvMySQL, "")
	t.Setenv(EnvRequire, "")
	f := &fakeTB{TB: t}
	got := Backends(f)
	if len(f.fatals) != 0 {
		t.Fatalf("unexpected failure: %v", f.fatals)
	}
	if len(got) != 1 || got[0].Name != SQLite {
		t.Fatalf("Backends = %v, want [sqlite]", got)
	}
	want := "postgres: SQLORM_TEST_PG not set; skipped (set it or run make test on a machine with the servers)"
	if len(f.logs) != 2 || f.logs[0] != want {
		t.Errorf("logs = %q, want first %q", f.logs, want)
	}
	if s, want := Summary(), "sqlorm testenv: backends skipped: postgres (SQLORM_TEST_PG not set), mysql (SQLORM_TEST_MYSQL not set)"; s != want {
		t.Errorf("Summary = %q, want %q", s, want)
	}

	f = &fakeTB{TB: t}
	if b := Lookup(f, MySQL); b == nil || len(f.skips) != 1 || !strings.HasPrefix(f.skips[0], "mysql: SQLORM_TEST_MYSQL not set; skipped") {
		t.Errorf("Lookup(mysql) skips = %q", f.skips)
	}
}

func TestBackendsRequiredMissingFails(t *testing.T) {
	keepSkips(t)
	t.Setenv(EnvPG, "")
	t.Setenv(EnvMySQL, "mysql://root@127.0.0.1:3306/test")
	t.Setenv(EnvRequire, "postgres, mysql")
	f := &fakeTB{TB: t}
	Backends(f)
	if len(f.fatals) != 1 || !strings.Contains(f.fatals[0], "set "+EnvPG) {
		t.Fatalf("fatals = %q, want one naming %s", f.fatals, EnvPG)
	}
	if s := Summary(); s != "" {
		t.Errorf("a required backend was recorded as skipped: %q", s)
	}

	f = &fakeTB{TB: t}
	b := Lookup(f, Postgres)
	if len(f.fatals) != 1 || len(f.skips) != 0 || b == nil || !b.Required() || b.Available() {
		t.Errorf("Lookup(postgres): fatals %q skips %q backend %+v", f.fatals, f.skips, b)
	}
	f = &fakeTB{TB: t}
	if d := b.Fresh(f); d != nil || len(f.fatals) != 1 {
		t.Errorf("Fresh on a missing required backend: %+v, fatals %q", d, f.fatals)
	}
}

func TestRequireParsing(t *testing.T) {
	for in, want := range map[string][]string{
		"":                      nil,
		"postgres,mysql":        {Postgres, MySQL},
		" Postgres , MariaDB ,": {Postgres, MySQL},
		"all":                   {SQLite, Postgres, MySQL},
		"sqlite":                {SQLite},
		"pg":                    {Postgres},
	} {
		req, err := parseRequire(in)
		if err != nil {
			t.Errorf("parseRequire(%q): %v", in, err)
		}
		if len(req) != len(want) {
			t.Errorf("parseRequire(%q) = %v, want %v", in, req, want)
		}
		for _, n := range want {
			if !req[n] {
				t.Errorf("parseRequire(%q) lacks %s", in, n)
			}
		}
	}
	if _, err := parseRequire("postgres,oracel"); err == nil || !strings.Contains(err.Error(), "oracel") {
		t.Errorf("a typo is not reported: %v", err)
	}
	keepSkips(t)
	t.Setenv(EnvRequire, "postgress")
	f := &fakeTB{TB: t}
	if Backends(f); len(f.fatals) != 1 {
		t.Errorf("Backends with a typo in %s: fatals %q", EnvRequire, f.fatals)
	}
}

func TestURLParsing(t *testing.T) {
	u, cfg, err := mysqlURL("mariadb://app:s3cr%40t@db.local/shop?timeout=5s")
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "mysql" || cfg.User != "app" || cfg.Passwd != "s3cr@t" || cfg.Addr != "db.local:3306" || cfg.DBName != "shop" {
		t.Errorf("mysqlURL: %s %+v", u, cfg)
	}
	dsn := mysqlDSN(cfg, u.RawQuery)
	if want := "app:s3cr@t@tcp(db.local:3306)/shop?parseTime=true&loc=UTC&timeout=5s"; dsn != want {
		t.Errorf("dsn = %q, want %q", dsn, want)
	}
	if msg := dsnForMessage(DriverMySQL, dsn); strings.Contains(msg, "s3cr") {
		t.Errorf("password not hidden: %q", msg)
	}
	if _, _, err := mysqlURL("root@tcp(127.0.0.1)/test"); err == nil {
		t.Error("a go-sql-driver DSN was accepted as a URL")
	}
	p, err := pgURL("postgresql://postgres:pw@127.0.0.1/test?sslmode=disable")
	if err != nil || p.Scheme != "postgres" {
		t.Errorf("pgURL: %v %v", p, err)
	}
	if _, err := pgURL("host=127.0.0.1 user=postgres"); err == nil {
		t.Error("a keyword/value DSN was accepted as a URL")
	}
	if r := redact("postgres://u:pw@h/db"); strings.Contains(r, "pw") {
		t.Errorf("redact = %q", r)
	}
}

// TestHelperProcess is run as a subprocess by TestMainReports*; on its own
// it does nothing.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		t.Skip("helper for the subprocess tests")
	}
	Run(t, func(t *testing.T, b *Backend) {})
}

// runHelper runs this test binary's TestHelperProcess with env on top of an
// environment cleared of every SQLORM_ variable.
func runHelper(t *testing.T, env ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.v")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SQLORM_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, helperEnv+"=1")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestMainReportsSkippedBackends(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a subprocess")
	}
	out, err := runHelper(t)
	if err != nil {
		t.Fatalf("helper failed: %v\n%s", err, out)
	}
	for _, want := range []string{
		"--- PASS: TestHelperProcess/sqlite",
		"--- SKIP: TestHelperProcess/postgres",
		"postgres: SQLORM_TEST_PG not set; skipped (set it or run make test on a machine with the servers)",
		"--- SKIP: TestHelperProcess/mysql",
		"sqlorm testenv: backends skipped: postgres (SQLORM_TEST_PG not set), mysql (SQLORM_TEST_MYSQL not set)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestMainFailsOnRequiredMissingBackend(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a subprocess")
	}
	out, err := runHelper(t, EnvRequire+"=postgres,mysql", EnvMySQL+"=mysql://root@127.0.0.1:3306/test")
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("helper did not fail: %v\n%s", err, out)
	}
	if !strings.Contains(out, "--- FAIL: TestHelperProcess/postgres") || !strings.Contains(out, "set "+EnvPG) {
		t.Errorf("output does not name %s as the failure:\n%s", EnvPG, out)
	}
	if strings.Contains(out, "backends skipped") {
		t.Errorf("a required backend was reported as skipped:\n%s", out)
	}
}
