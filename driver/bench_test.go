package driver_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	sqlormdriver "github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/internal/testenv"
)

// BenchmarkDriver compares a point SELECT and an INSERT through sqlorm with
// the bare backend driver in the same run, on SQLite and PostgreSQL, and
// shows what debug=true (to io.Discard) and health_checks=true cost.
//
//	go test -run '^$' -bench BenchmarkDriver -benchmem ./driver
func BenchmarkDriver(b *testing.B) {
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		b.Run(name, func(b *testing.B) {
			d := testenv.Lookup(b, name).Fresh(b)
			setup := d.OpenDirect(b)
			ctx := context.Background()
			ddl := "CREATE TABLE bench (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)"
			for _, q := range []string{ddl, "CREATE TABLE ins (name VARCHAR(50) NOT NULL)"} {
				if _, err := setup.ExecContext(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			for i := 1; i <= 1000; i++ {
				if _, err := setup.ExecContext(ctx, ph(name, "INSERT INTO bench (id, name) VALUES (?, ?)"), i, fmt.Sprint("row", i)); err != nil {
					b.Fatal(err)
				}
			}
			bareDSN := d.DSN
			if name == testenv.SQLite {
				// The same settings sqlorm applies, so only the wrapper differs.
				bareDSN += "&_txlock=immediate&_journal_mode=WAL&_loc=UTC"
			}
			variants := []struct {
				label string
				open  func() *sql.DB
			}{
				{"bare", func() *sql.DB {
					db, err := sql.Open(d.DriverName, bareDSN)
					if err != nil {
						b.Fatal(err)
					}
					return db
				}},
				{"sqlorm", func() *sql.DB { return openURL(b, d.URL, "") }},
				{"sqlorm_debug_discard", func() *sql.DB {
					cfg, err := sqlormdriver.ParseURL(withOpt(d.URL, "debug=true"))
					if err != nil {
						b.Fatal(err)
					}
					cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
					db, err := sqlormdriver.OpenDB(cfg)
					if err != nil {
						b.Fatal(err)
					}
					return db
				}},
				{"sqlorm_health_checks", func() *sql.DB { return openURL(b, d.URL, "health_checks=true") }},
			}
			for _, v := range variants {
				db := v.open()
				db.SetMaxIdleConns(4)
				b.Run("select/"+v.label, func(b *testing.B) {
					q := ph(name, "SELECT id, name FROM bench WHERE id = ?")
					var id int64
					var s string
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						i = i%1000 + 1
						if err := db.QueryRowContext(ctx, q, i).Scan(&id, &s); err != nil {
							b.Fatal(err)
						}
					}
				})
				b.Run("insert/"+v.label, func(b *testing.B) {
					q := ph(name, "INSERT INTO ins (name) VALUES (?)")
					b.ReportAllocs()
					for b.Loop() {
						if _, err := db.ExecContext(ctx, q, "benchmark"); err != nil {
							b.Fatal(err)
						}
					}
				})
				db.Close()
			}
		})
	}
}

func ph(backend, q string) string { return rebind(backend, q) }

func withOpt(u, opt string) string {
	if strings.Contains(u, "?") {
		return u + "&" + opt
	}
	return u + "?" + opt
}

func openURL(b testing.TB, u, opt string) *sql.DB {
	if opt != "" {
		u = withOpt(u, opt)
	}
	db, err := sql.Open("sqlorm", u)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkDriverInterleaved alternates the bare backend and sqlorm in one
// loop and times each call, so both see the same machine load (separate
// benchmarks on a shared two-core machine swing by ±20%). It reports
// bare-ns/op, sqlorm-ns/op and their ratio.
func BenchmarkDriverInterleaved(b *testing.B) {
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		b.Run(name, func(b *testing.B) {
			d := testenv.Lookup(b, name).Fresh(b)
			setup := d.OpenDirect(b)
			ctx := context.Background()
			for _, q := range []string{"CREATE TABLE bench (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)", "CREATE TABLE ins (name VARCHAR(50) NOT NULL)"} {
				if _, err := setup.ExecContext(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			for i := 1; i <= 1000; i++ {
				if _, err := setup.ExecContext(ctx, ph(name, "INSERT INTO bench (id, name) VALUES (?, ?)"), i, fmt.Sprint("row", i)); err != nil {
					b.Fatal(err)
				}
			}
			bareDSN := d.DSN
			if name == testenv.SQLite {
				bareDSN += "&_txlock=immediate&_journal_mode=WAL&_loc=UTC"
			}
			bare, err := sql.Open(d.DriverName, bareDSN)
			if err != nil {
				b.Fatal(err)
			}
			defer bare.Close()
			orm := openURL(b, d.URL, "")
			defer orm.Close()
			sel := ph(name, "SELECT id, name FROM bench WHERE id = ?")
			ins := ph(name, "INSERT INTO ins (name) VALUES (?)")
			ops := []struct {
				op string
				do func(db *sql.DB, i int) error
			}{
				{"select", func(db *sql.DB, i int) error {
					var id int64
					var s string
					return db.QueryRowContext(ctx, sel, i).Scan(&id, &s)
				}},
				{"insert", func(db *sql.DB, i int) error {
					_, err := db.ExecContext(ctx, ins, "benchmark")
					return err
				}},
			}
			for _, op := range ops {
				b.Run(op.op, func(b *testing.B) {
					var tBare, tORM time.Duration
					i := 0
					for b.Loop() {
						i = i%1000 + 1
						t0 := time.Now()
						if err := op.do(bare, i); err != nil {
							b.Fatal(err)
						}
						t1 := time.Now()
						if err := op.do(orm, i); err != nil {
							b.Fatal(err)
						}
						tORM += time.Since(t1)
						tBare += t1.Sub(t0)
					}
					b.ReportMetric(float64(tBare.Nanoseconds())/float64(b.N), "bare-ns/op")
					b.ReportMetric(float64(tORM.Nanoseconds())/float64(b.N), "sqlorm-ns/op")
					b.ReportMetric(float64(tORM)/float64(tBare), "ratio")
				})
			}
		})
	}
}
