package driver_test

// Issue 12: existing database/sql code observes exactly what the bare
// backend gives it. Each numbered case of the issue is one test below, run
// on a database opened with the backend's own driver and on the same
// database opened through sqlorm, with one expectation for both.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/internal/testenv"
)

// opened is one way of opening a database: the backend's driver and DSN,
// or "sqlorm" and a URL.
type opened struct {
	name   string // "bare" or "sqlorm"
	driver string
	dsn    string
}

// with returns o with the query parameters q appended (raw, as written).
func (o opened) with(q string) opened {
	if q == "" {
		return o
	}
	sep := "?"
	if strings.Contains(o.dsn, "?") {
		sep = "&"
	}
	o.dsn += sep + q
	return o
}

func (o opened) open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open(o.driver, o.dsn)
	if err != nil {
		t.Fatalf("%s: sql.Open(%q, %q): %v", o.name, o.driver, o.dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// both runs fn on the bare and the sqlorm way of opening.
func both(t *testing.T, ways []opened, fn func(t *testing.T, o opened)) {
	for _, o := range ways {
		t.Run(o.name, func(t *testing.T) { fn(t, o) })
	}
}

// sqliteWays opens the SQLite file path (or name) bare and through sqlorm,
// with nothing added.
func sqliteWays(path string) []opened {
	return []opened{{name: "bare", driver: "sqlite3", dsn: path}, {name: "sqlorm", driver: "sqlorm", dsn: "sqlite:" + path}}
}

// mysqlWays opens a fresh MySQL database bare (go-sql-driver's defaults:
// no parseTime, no clientFoundRows) and through sqlorm, each with query q.
func mysqlWays(t *testing.T, d *testenv.Database, q string) []opened {
	t.Helper()
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ParseTime = false
	cfg.Loc = time.UTC
	return []opened{
		opened{name: "bare", driver: "mysql", dsn: cfg.FormatDSN()}.with(q),
		opened{name: "sqlorm", driver: "sqlorm", dsn: d.URL}.with(q),
	}
}

// Case 1: a time stored with a zone comes back with that zone on SQLite
// (sqlorm used to add _loc=UTC). The ORM normalises times to UTC itself.
func TestFidelitySQLiteTimesKeepTheirZone(t *testing.T) {
	ctx := context.Background()
	zone := time.FixedZone("", -(9*3600 + 13*60))
	in := time.Date(2012, 4, 6, 13, 37, 0, 0, zone)
	both(t, sqliteWays(filepath.Join(t.TempDir(), "zone.db")), func(t *testing.T, o opened) {
		db := o.open(t)
		table := "t_" + o.name
		if _, err := db.ExecContext(ctx, "CREATE TABLE "+table+" (id INTEGER PRIMARY KEY, ts DATETIME)"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO "+table+" (id, ts) VALUES (1, ?), (2, '2012-04-06 13:37:00-09:13')", in); err != nil {
			t.Fatal(err)
		}
		for id := 1; id <= 2; id++ {
			var got time.Time
			if err := db.QueryRowContext(ctx, "SELECT ts FROM "+table+" WHERE id = ?", id).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if _, off := got.Zone(); off != -(9*3600+13*60) || !got.Equal(in) {
				t.Errorf("row %d reads %v, want %v with its -09:13 offset", id, got, in)
			}
		}
	})
}

// Case 2: an open error is the backend's own value, so the type assertion
// existing code makes works (sqlorm used to wrap it with fmt.Errorf).
func TestFidelitySQLiteOpenErrorKeepsItsType(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	ways := []opened{
		{name: "bare", driver: "sqlite3", dsn: "file:" + missing + "?mode=rw"},
		{name: "sqlorm", driver: "sqlorm", dsn: "sqlite:file:" + missing + "?mode=rw"},
	}
	both(t, ways, func(t *testing.T, o opened) {
		err := o.open(t).Ping()
		serr, ok := err.(sqlite3.Error)
		if !ok || serr.Code != sqlite3.ErrCantOpen {
			t.Fatalf("Ping: %T %v; want a sqlite3.Error with code SQLITE_CANTOPEN", err, err)
		}
		if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("mode=rw created the file: %v", err)
		}
	})
}

// Case 3: sqlite::memory: is go-sqlite3's :memory: (one private database
// per connection). go-sqlite3's own TestNilAndEmptyBytes leaves each
// iteration's rows open, so every CREATE TABLE runs on a new connection;
// sqlorm's shared-cache memory database used to fail it with "database
// table is locked: sqlite_master".
func TestFidelitySQLiteMemory(t *testing.T) {
	ways := []opened{{name: "bare", driver: "sqlite3", dsn: ":memory:"}, {name: "sqlorm", driver: "sqlorm", dsn: "sqlite::memory:"}}
	both(t, ways, func(t *testing.T, o opened) {
		db := o.open(t)
		for i, v := range [][]byte{nil, {}, []byte("x")} {
			if _, err := db.Exec(fmt.Sprintf("CREATE TABLE tbl%d (b BLOB)", i)); err != nil {
				t.Fatalf("iteration %d: %v", i, err)
			}
			if _, err := db.Exec(fmt.Sprintf("INSERT INTO tbl%d (b) VALUES (?)", i), v); err != nil {
				t.Fatalf("iteration %d: %v", i, err)
			}
			rows, err := db.Query(fmt.Sprintf("SELECT b FROM tbl%d", i))
			if err != nil {
				t.Fatalf("iteration %d: %v", i, err)
			}
			var got []byte
			if !rows.Next() || rows.Scan(&got) != nil || (v == nil) != (got == nil) || string(got) != string(v) {
				t.Fatalf("iteration %d: read %#v, want %#v", i, got, v)
			}
			// rows stays open, as in go-sqlite3's test.
			defer rows.Close()
		}
	})
	// A named shared-cache memory database is shared by the pool, as with
	// go-sqlite3, and through sqlorm it also outlives the pool's last idle
	// connection (an anchor connection holds it until db.Close).
	t.Run("sqlorm shared cache outlives idle connections", func(t *testing.T) {
		db := opened{name: "sqlorm", driver: "sqlorm", dsn: "sqlite:file:fidelity_shared?mode=memory&cache=shared"}.open(t)
		db.SetMaxIdleConns(0)
		if _, err := db.Exec("CREATE TABLE kept (x INT)"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM kept").Scan(&n); err != nil {
			t.Fatalf("the table is gone once no connection is idle: %v", err)
		}
	})
}

// Case 4: MySQL parameters reach go-sql-driver byte for byte; dburl's DSN
// turned the charset fallback list none,utf8mb4 into none%2Cutf8mb4.
func TestFidelityMySQLParametersUnmangled(t *testing.T) {
	d := testenv.Lookup(t, testenv.MySQL).Fresh(t)
	both(t, mysqlWays(t, d, "charset=none,utf8mb4"), func(t *testing.T, o opened) {
		var cs string
		if err := o.open(t).QueryRow("SELECT @@character_set_client").Scan(&cs); err != nil || cs != "utf8mb4" {
			t.Fatalf("character set %q, %v; want utf8mb4 (the list's fallback)", cs, err)
		}
	})
}

// Case 5: RowsAffected of an UPDATE that changes nothing, the session time
// zone and the type a DATETIME scans as are go-sql-driver's and the
// server's; clientFoundRows=true and parseTime=true in the URL work as in
// the DSN. (The ORM counts matched rows itself: orm's TestMySQLMatchedRows.)
func TestFidelityMySQLCountsZoneAndTimes(t *testing.T) {
	ctx := context.Background()
	d := testenv.Lookup(t, testenv.MySQL).Fresh(t)
	admin := d.OpenDirect(t)
	if _, err := admin.ExecContext(ctx, "CREATE TABLE u (id INT PRIMARY KEY, v INT)"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, "INSERT INTO u VALUES (1, 5)"); err != nil {
		t.Fatal(err)
	}
	var globalZone string
	if err := admin.QueryRowContext(ctx, "SELECT @@global.time_zone").Scan(&globalZone); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, query string
		affected    int64
		scans       string // the Go type a DATETIME scans into any as
	}{
		{"driver defaults", "", 0, "[]uint8"},
		{"clientFoundRows and parseTime", "clientFoundRows=true&parseTime=true", 1, "time.Time"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			both(t, mysqlWays(t, d, tc.query), func(t *testing.T, o opened) {
				db := o.open(t)
				res, err := db.ExecContext(ctx, "UPDATE u SET v = ? WHERE id = ?", 5, 1)
				if err != nil {
					t.Fatal(err)
				}
				if n, err := res.RowsAffected(); err != nil || n != tc.affected {
					t.Errorf("UPDATE to the same value: RowsAffected %d, %v; want %d", n, err, tc.affected)
				}
				var zone string
				var ts any
				if err := db.QueryRowContext(ctx, "SELECT @@session.time_zone, CAST('2026-01-02 03:04:05' AS DATETIME)").Scan(&zone, &ts); err != nil {
					t.Fatal(err)
				}
				if zone != globalZone {
					t.Errorf("session time_zone %q, want the server's %q", zone, globalZone)
				}
				if got := fmt.Sprintf("%T", ts); got != tc.scans {
					t.Errorf("a DATETIME scans as %s, want %s", got, tc.scans)
				}
			})
		})
	}
}

// The PostgreSQL session keeps the server's time zone (sqlorm used to set
// UTC; the ORM reads timestamptz AT TIME ZONE 'UTC' itself).
func TestFidelityPostgresTimeZone(t *testing.T) {
	d := testenv.Lookup(t, testenv.Postgres).Fresh(t)
	var want string
	if err := d.OpenDirect(t).QueryRow("SELECT current_setting('TimeZone')").Scan(&want); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{d.URL, d.URL + "&timezone=Pacific/Chatham"} {
		bare := opened{name: "bare", driver: "pgx", dsn: u}
		if strings.Contains(u, "Chatham") {
			want = "Pacific/Chatham"
		}
		both(t, []opened{bare, {name: "sqlorm", driver: "sqlorm", dsn: u}}, func(t *testing.T, o opened) {
			var tz string
			if err := o.open(t).QueryRow("SELECT current_setting('TimeZone')").Scan(&tz); err != nil || tz != want {
				t.Fatalf("TimeZone %q, %v; want %q", tz, err, want)
			}
		})
	}
}

// Connect errors are the backend's own values on every backend: same type,
// same text as the bare driver gives (errors.As and type switches work).
func TestFidelityConnectErrors(t *testing.T) {
	dir := t.TempDir()
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		var ways []opened
		switch b.Name {
		case testenv.SQLite:
			p := filepath.Join(dir, "nodir", "x.db")
			ways = sqliteWays(p)
		case testenv.Postgres:
			d := b.Fresh(t)
			u := strings.Replace(d.URL, "/test?", "/sqlorm_no_such_database?", 1)
			ways = []opened{{name: "bare", driver: "pgx", dsn: u}, {name: "sqlorm", driver: "sqlorm", dsn: u}}
		case testenv.MySQL:
			d := b.Fresh(t)
			ways = mysqlWays(t, d, "")
			ways[0].dsn = strings.Replace(ways[0].dsn, "/"+d.Name, "/sqlorm_no_such_database", 1)
			ways[1].dsn = strings.Replace(ways[1].dsn, "/"+d.Name, "/sqlorm_no_such_database", 1)
		}
		var errs [2]error
		for i, o := range ways {
			errs[i] = o.open(t).Ping()
			if errs[i] == nil {
				t.Fatalf("%s: Ping of a database that cannot open succeeded", o.name)
			}
		}
		if fmt.Sprintf("%T", errs[0]) != fmt.Sprintf("%T", errs[1]) || errs[0].Error() != errs[1].Error() {
			t.Fatalf("bare: %T %q\nsqlorm: %T %q", errs[0], errs[0], errs[1], errs[1])
		}
		t.Logf("%T: %v", errs[1], errs[1])
	})
}

// Case 6: cancelling a MySQL statement returns to the caller as at once as
// go-sql-driver does (sqlorm used to wait for its KILL, 2.3 s for a
// prepared statement), and the statement still stops on the server.
func TestFidelityMySQLCancelReturnsAtOnce(t *testing.T) {
	d := testenv.Lookup(t, testenv.MySQL).Fresh(t)
	admin := d.OpenDirect(t)
	const wait = 300 * time.Millisecond
	activity := "SELECT id FROM information_schema.processlist WHERE info LIKE '%%%s%%' AND id <> CONNECTION_ID()"
	var elapsed [2]time.Duration
	for i, o := range mysqlWays(t, d, "") {
		t.Run(o.name, func(t *testing.T) {
			db := o.open(t)
			marker := fmt.Sprintf("sqlorm_fidelity_cancel_%s_%d", o.name, time.Now().UnixNano())
			// An argument: go-sql-driver prepares the statement.
			q := "SELECT SUM(a.seq*b.seq) + ? /* " + marker + " */ FROM seq_1_to_100000 a, seq_1_to_20000 b"
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			defer cancel()
			start := time.Now()
			var n int64
			err := db.QueryRowContext(ctx, q, 1).Scan(&n)
			elapsed[i] = time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want context.DeadlineExceeded", err)
			}
			if elapsed[i] > wait+250*time.Millisecond {
				t.Errorf("returned %v after the statement started; the deadline was %v", elapsed[i], wait)
			}
			// Through sqlorm the statement is killed; bare, it runs on,
			// and the test kills it so as not to load the shared server.
			deadline := time.Now().Add(3 * time.Second)
			for {
				var ids []int64
				rows, err := admin.Query(fmt.Sprintf(activity, marker))
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var id int64
					rows.Scan(&id)
					ids = append(ids, id)
				}
				rows.Close()
				if len(ids) == 0 {
					break
				}
				if o.name == "bare" {
					for _, id := range ids {
						admin.Exec(fmt.Sprintf("KILL %d", id))
					}
				} else if time.Now().After(deadline) {
					t.Fatalf("the cancelled statement still runs on the server 3 s later")
				}
				time.Sleep(20 * time.Millisecond)
			}
			var one int
			if err := db.QueryRow("SELECT 1").Scan(&one); err != nil {
				t.Fatalf("pool did not recover: %v", err)
			}
		})
	}
	t.Logf("returned after: bare %v, sqlorm %v", elapsed[0], elapsed[1])
}

// A parameter no driver knows is a server setting on PostgreSQL and MySQL:
// only the server can refuse it, and it does when the connection opens,
// with the same error bare and through sqlorm. (On SQLite sqlorm knows
// every parameter and refuses an unknown one itself: TestParseURLErrors.)
func TestFidelityUnknownServerParameter(t *testing.T) {
	testenv.RunOn(t, []string{testenv.Postgres, testenv.MySQL}, func(t *testing.T, b *testenv.Backend) {
		d := b.Fresh(t)
		var ways []opened
		if b.Name == testenv.Postgres {
			u := d.URL + "&no_such_setting_x=1"
			ways = []opened{{name: "bare", driver: "pgx", dsn: u}, {name: "sqlorm", driver: "sqlorm", dsn: u}}
		} else {
			ways = mysqlWays(t, d, "no_such_setting_x=1")
		}
		var errs [2]error
		for i, o := range ways {
			if errs[i] = o.open(t).Ping(); errs[i] == nil || !strings.Contains(errs[i].Error(), "no_such_setting_x") {
				t.Fatalf("%s: Ping = %v; want the server to refuse no_such_setting_x", o.name, errs[i])
			}
		}
		if fmt.Sprintf("%T", errs[0]) != fmt.Sprintf("%T", errs[1]) || errs[0].Error() != errs[1].Error() {
			t.Fatalf("bare: %T %q\nsqlorm: %T %q", errs[0], errs[0], errs[1], errs[1])
		}
	})
}

// A file: URL is a SQLite URI, handed to go-sqlite3 whole, as bare code
// writes it: mode=ro opens the file read-only.
func TestFidelitySQLiteFileURI(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	rw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw.Exec("CREATE TABLE t (x INT)"); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	ways := []opened{
		{name: "bare", driver: "sqlite3", dsn: "file:" + path + "?mode=ro"},
		{name: "sqlorm", driver: "sqlorm", dsn: "file:" + path + "?mode=ro"},
		{name: "sqlorm sqlite:file:", driver: "sqlorm", dsn: "sqlite:file:" + path + "?mode=ro"},
	}
	both(t, ways, func(t *testing.T, o opened) {
		db := o.open(t)
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n); err != nil {
			t.Fatal(err)
		}
		_, err := db.Exec("INSERT INTO t VALUES (1)")
		var serr sqlite3.Error
		if !errors.As(err, &serr) || serr.Code != sqlite3.ErrReadonly {
			t.Fatalf("INSERT on a mode=ro database: %v; want SQLITE_READONLY", err)
		}
	})
}
