package orm_test

import (
	"context"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// BenchmarkValues measures what converting values to their fields costs
// when a Filter, Get or Update is built and run on an in-process driver:
// four values compared, three written. Compare allocs/op with a build
// without the conversion (the same file runs on earlier commits).
func BenchmarkValues(b *testing.B) {
	db, r := openRecorder(b)
	d, _ := dialect.Get(dialect.Postgres)
	ctx := orm.WithDialect(context.Background(), d)
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	items := orm.Objects[BenchItem](db)
	b.Run("Filter4", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := items.Filter(orm.Q{"qty__gt": 10, "name": "x", "price__lt": 9.5, "created_at__gte": at}).SQLFor(d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Filter4Text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := items.Filter(orm.Q{"qty__gt": "10", "name": "x", "price__lt": "9.5", "active": "true"}).SQLFor(d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Update3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.take()
			if _, err := items.Filter(orm.Q{"id": 1}).Update(ctx, orm.Set{"qty": 5, "name": "y", "price": 1.5}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
