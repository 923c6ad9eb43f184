package orm_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/sqlorm/sqlorm/orm"
)

// BenchmarkRoutedRead: the same read (a Get by key and a ten-row All) on
// a bare *sql.DB and through Databases with the PrimaryReplica router
// whose replica is that same *sql.DB, so the difference is the routing
// alone: the router's choice and one copy of the QuerySet. Hand-written
// database/sql is the floor.
func BenchmarkRoutedRead(b *testing.B) {
	ctx := context.Background()
	for name, db := range benchDBs(b) {
		for range 20 {
			if err := orm.Objects[BenchItem](db).Create(ctx, newBenchItem()); err != nil {
				b.Fatal(err)
			}
		}
		r := orm.PrimaryReplica("default", []string{"replica"}, orm.HealthEvery(0))
		dbs, err := orm.NewDatabases(map[string]*sql.DB{"default": db, "replica": db}, orm.WithRouters(r))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { dbs.Close() })
		for _, h := range []struct {
			name string
			db   orm.DB
		}{{"bare", db}, {"routed", dbs}} {
			b.Run(name+"/get/"+h.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := orm.Objects[BenchItem](h.db).Get(ctx, orm.Q{"id": 7}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/all10/"+h.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := orm.Objects[BenchItem](h.db).OrderBy("id").Limit(10).All(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(name+"/get/database-sql", func(b *testing.B) {
			b.ReportAllocs()
			var p BenchItem
			for b.Loop() {
				if err := db.QueryRowContext(ctx, `SELECT "id", "name", "qty", "price", "active", "created_at" FROM "bench_item" WHERE "id" = `+placeholder(name), 7).
					Scan(&p.ID, &p.Name, &p.Qty, &p.Price, &p.Active, &p.CreatedAt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func placeholder(backend string) string {
	if backend == "postgres" {
		return "$1"
	}
	return "?"
}
