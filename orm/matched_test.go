package orm_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/go-sql-driver/mysql"

	sqlormdriver "github.com/sqlorm/sqlorm/driver"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// captures reports whether hooks.Capture sees the statements run on db:
// only through the sqlorm driver. Under SQLORM_TEST_OPEN=bare the ORM's
// behaviour tests open the backend's own driver, and what they assert about
// statement counts is checked in the sqlorm run.
func captures(db *sql.DB) bool {
	_, err := sqlormdriver.Stats(db)
	return err == nil
}

// needsCapture skips a test that is about the statements an ORM call sends
// when db is not opened through sqlorm (SQLORM_TEST_OPEN=bare): there
// hooks.Capture sees nothing. CI runs it in the sqlorm run.
func needsCapture(t *testing.T, db *sql.DB) {
	t.Helper()
	if !captures(db) {
		t.Skip("counts statements with hooks.Capture, which sees them only through the sqlorm driver (SQLORM_TEST_OPEN=bare); checked in the sqlorm run")
	}
}

// mysqlOpenings are the four ways a MySQL database reaches the ORM: bare
// go-sql-driver and the sqlorm driver, each with and without
// clientFoundRows=true. wantCount says whether Update needs its own
// SELECT COUNT(*) (the connection reports rows changed and the ORM can
// tell, or cannot tell what it reports).
func mysqlOpenings(t testing.TB, d *testenv.Database) []struct {
	name, driver, dsn string
	counts            bool
} {
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	found := cfg.Clone()
	found.ClientFoundRows = true
	return []struct {
		name, driver, dsn string
		counts            bool
	}{
		{"bare", "mysql", cfg.FormatDSN(), true},
		{"bare clientFoundRows", "mysql", found.FormatDSN(), true},
		{"sqlorm", "sqlorm", d.URL, true},
		{"sqlorm clientFoundRows", "sqlorm", d.URL + "?clientFoundRows=true", false},
	}
}

// TestMySQLMatchedRows (issue 12, case 5): Update returns the rows its
// conditions match, Django's update(), also when some already held the
// values, on a MySQL connection opened any way, whether or not it sets
// CLIENT_FOUND_ROWS; through sqlorm with clientFoundRows=true it sends only
// the UPDATE, otherwise a SELECT COUNT(*) ... FOR UPDATE first.
func TestMySQLMatchedRows(t *testing.T) {
	d := testenv.Lookup(t, testenv.MySQL).Fresh(t)
	ctx := context.Background()
	for _, o := range mysqlOpenings(t, d) {
		t.Run(o.name, func(t *testing.T) {
			db, err := sql.Open(o.driver, o.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			must(t, orm.Migrate[Category](ctx, db))
			must(t, orm.Migrate[Product](ctx, db)) // Delete of categories reads products (on_delete=cascade)
			cats := orm.Objects[Category](db)
			_, err = cats.Filter(orm.AllRows()).Delete(ctx)
			must(t, err)
			for _, n := range []string{"same", "same", "other"} {
				must(t, cats.Create(ctx, &Category{Name: n}))
			}
			cases := []struct {
				name string
				run  func(ctx context.Context) (int64, error)
				want int64
			}{
				{"rows already holding the value", func(ctx context.Context) (int64, error) {
					return cats.Filter(orm.Q{"name": "same"}).Update(ctx, orm.Set{"name": "same"})
				}, 2},
				{"some changed, some not", func(ctx context.Context) (int64, error) {
					return cats.Filter(orm.AllRows()).Update(ctx, orm.Set{"name": "other"})
				}, 3},
				{"no row matches", func(ctx context.Context) (int64, error) {
					return cats.Filter(orm.Q{"name": "none"}).Update(ctx, orm.Set{"name": "x"})
				}, 0},
				{"inside Atomic", func(ctx context.Context) (n int64, err error) {
					err = orm.Atomic(ctx, db, func(ctx context.Context) error {
						n, err = cats.Filter(orm.Q{"name": "other"}).Update(ctx, orm.Set{"name": "other"})
						return err
					})
					return n, err
				}, 3},
			}
			for _, c := range cases {
				cctx, rec := hooks.Capture(ctx)
				n, err := c.run(cctx)
				if err != nil || n != c.want {
					t.Errorf("%s: Update = %d, %v; want %d matched", c.name, n, err, c.want)
				}
				if o.driver != "sqlorm" { // hooks.Capture sees statements through sqlorm only
					continue
				}
				counted := false
				for _, q := range rec.All() {
					counted = counted || q.Op == hooks.OpQuery
				}
				if counted != o.counts {
					t.Errorf("%s: a SELECT COUNT(*) was sent: %v, want %v:\n%s", c.name, counted, o.counts, rec)
				}
			}
			// Save of an unchanged row updates it, never inserts a copy.
			c := &Category{Name: "kept"}
			must(t, cats.Create(ctx, c))
			must(t, orm.Save(ctx, db, c))
			if n, err := cats.Filter(orm.Q{"name": "kept"}).Count(ctx); err != nil || n != 1 {
				t.Errorf("after Save of an unchanged row: %d rows, %v; want 1", n, err)
			}
			// BulkUpdate counts the objects matched, changed or not.
			all, err := cats.OrderBy("id").All(ctx)
			must(t, err)
			all[0].Name = "renamed"
			if n, err := cats.BulkUpdate(ctx, all, []string{"name"}); err != nil || n != int64(len(all)) {
				t.Errorf("BulkUpdate of %d objects, one changed: %d, %v", len(all), n, err)
			}
		})
	}
}

// BenchmarkMySQLUpdateMatched measures what counting matched rows costs:
// Update of one row by key through sqlorm, counted by the ORM (the
// default) and reported by the server (clientFoundRows=true).
func BenchmarkMySQLUpdateMatched(b *testing.B) {
	d := testenv.Lookup(b, testenv.MySQL).Fresh(b)
	ctx := context.Background()
	for _, o := range mysqlOpenings(b, d)[2:] {
		b.Run(o.name, func(b *testing.B) {
			db, err := sql.Open(o.driver, o.dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if err := orm.Migrate[Category](ctx, db); err != nil {
				b.Fatal(err)
			}
			c := &Category{Name: "bench"}
			if err := orm.Objects[Category](db).Create(ctx, c); err != nil {
				b.Fatal(err)
			}
			qs := orm.Objects[Category](db).Filter(orm.Q{"pk": c.ID})
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if n, err := qs.Update(ctx, orm.Set{"name": "bench"}); err != nil || n != 1 {
					b.Fatalf("Update = %d, %v", n, err)
				}
			}
		})
	}
}
