package orm_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/shopspring/decimal"

	_ "github.com/sqlorm/sqlorm/driver" // the "sqlorm" driver, for statement capture
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// TestStatementCounts opens each backend through sqlorm's own driver (so
// the dialect comes from the driver and hooks.Capture sees every
// statement) and checks that each ORM call sends exactly the statements it
// should: Django's assertNumQueries.
func TestStatementCounts(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		fresh := b.Fresh(t)
		u := fresh.URL
		if b.Name == testenv.MySQL {
			// Matched-row counts from the server: without the flag, Save of
			// an unchanged row and Update count the rows themselves
			// (TestMySQLMatchedRows).
			u += "?clientFoundRows=true"
		}
		db, err := sql.Open("sqlorm", u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		ctx := context.Background()
		must(t, orm.Migrate[Category](ctx, db))
		must(t, orm.Migrate[Product](ctx, db))

		count := func(name string, want int, fn func(ctx context.Context) error) {
			t.Helper()
			cctx, rec := hooks.Capture(ctx)
			if err := fn(cctx); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if rec.Count() != want {
				t.Errorf("%s sent %d statements, want %d:\n%s", name, rec.Count(), want, rec)
			}
		}
		c := &Category{Name: "Counted"}
		p := &Product{Name: "Counted", Price: decimal.NewFromInt(3)}
		count("Create", 1, func(ctx context.Context) error { return orm.Objects[Category](db).Create(ctx, c) })
		p.Category = orm.Ref[Category](c.ID)
		count("Create with FK", 1, func(ctx context.Context) error { return orm.Objects[Product](db).Create(ctx, p) })
		count("Get by pk", 1, func(ctx context.Context) error {
			_, err := orm.Objects[Product](db).Get(ctx, orm.Q{"pk": p.ID})
			return err
		})
		count("Get by fields", 1, func(ctx context.Context) error {
			_, err := orm.Objects[Product](db).Get(ctx, orm.Q{"name": "Counted", "status": "draft"})
			return err
		})
		count("Save", 1, func(ctx context.Context) error { return orm.Save(ctx, db, p) })
		count("Save UpdateFields", 1, func(ctx context.Context) error { return orm.Save(ctx, db, p, orm.UpdateFields("name")) })
		count("Refresh", 1, func(ctx context.Context) error { return orm.Refresh(ctx, db, p) })
		count("Count", 1, func(ctx context.Context) error {
			_, err := orm.Objects[Product](db).Count(ctx)
			return err
		})
		count("FK.Get", 1, func(ctx context.Context) error {
			_, err := p.Category.Get(ctx, db)
			return err
		})
		count("Delete", 1, func(ctx context.Context) error { return orm.Delete(ctx, db, p) })
		count("TableExists", 1, func(ctx context.Context) error {
			_, err := orm.TableExists[Product](ctx, db)
			return err
		})
	})
}
