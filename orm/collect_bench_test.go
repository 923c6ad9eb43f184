package orm_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// BenchOwner and BenchPart are the cascade of the Delete benchmark: a
// part goes with its owner.
type (
	BenchOwner struct {
		orm.Model
	}
	BenchPart struct {
		orm.Model
		Owner orm.FK[BenchOwner] `orm:"on_delete=cascade"`
	}
)

// BenchmarkDelete deletes one row through QuerySet.Delete against
// hand-written database/sql doing the same: a model nothing refers to
// (one DELETE, as before the collector), and an owner with three parts
// (the hand-written code deletes the parts, then the owner, in a
// transaction). The rows are inserted with the timer stopped.
func BenchmarkDelete(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		db := benchDBs(b)[name]
		if db == nil {
			continue
		}
		if err := orm.Migrate[BenchOwner](ctx, db); err != nil {
			b.Fatal(err)
		}
		if err := orm.Migrate[BenchPart](ctx, db); err != nil {
			b.Fatal(err)
		}
		d, _ := dialect.Detect(db)
		ph := func(n int) string { return string(d.AppendPlaceholder(nil, n)) }
		leaf := func(b *testing.B) int64 {
			b.StopTimer()
			defer b.StartTimer()
			p := newBenchItem()
			if err := orm.Objects[BenchItem](db).Create(ctx, p); err != nil {
				b.Fatal(err)
			}
			return p.ID
		}
		owner := func(b *testing.B) int64 {
			b.StopTimer()
			defer b.StartTimer()
			o := &BenchOwner{}
			if err := orm.Objects[BenchOwner](db).Create(ctx, o); err != nil {
				b.Fatal(err)
			}
			for range 3 {
				if err := orm.Objects[BenchPart](db).Create(ctx, &BenchPart{Owner: orm.Ref[BenchOwner](o.ID)}); err != nil {
					b.Fatal(err)
				}
			}
			return o.ID
		}
		b.Run(name+"/leaf/orm", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				id := leaf(b)
				if n, err := orm.Objects[BenchItem](db).Filter(orm.Q{"pk": id}).Delete(ctx); err != nil || n != 1 {
					b.Fatal(n, err)
				}
			}
		})
		delItem := `DELETE FROM "bench_item" WHERE "bench_item"."id" = ` + ph(1)
		b.Run(name+"/leaf/hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				id := leaf(b)
				if res, err := db.ExecContext(ctx, delItem, id); err != nil {
					b.Fatal(err)
				} else if n, _ := res.RowsAffected(); n != 1 {
					b.Fatal(n)
				}
			}
		})
		b.Run(name+"/cascade/orm", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				id := owner(b)
				if n, err := orm.Objects[BenchOwner](db).Filter(orm.Q{"pk": id}).Delete(ctx); err != nil || n != 4 {
					b.Fatal(n, err)
				}
			}
		})
		delParts := `DELETE FROM "bench_part" WHERE "owner_id" = ` + ph(1)
		delOwner := `DELETE FROM "bench_owner" WHERE "id" = ` + ph(1)
		b.Run(name+"/cascade/hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				id := owner(b)
				if n, err := handCascade(ctx, db, delParts, delOwner, id); err != nil || n != 4 {
					b.Fatal(n, err)
				}
			}
		})
	}
}

// handCascade is what a careful database/sql program writes for a cascade
// the database might not do: children, then the parent, in a transaction.
func handCascade(ctx context.Context, db *sql.DB, delParts, delOwner string, id int64) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, delParts, id)
	if err != nil {
		return 0, err
	}
	parts, _ := res.RowsAffected()
	res, err = tx.ExecContext(ctx, delOwner, id)
	if err != nil {
		return 0, err
	}
	owners, _ := res.RowsAffected()
	return parts + owners, tx.Commit()
}
