package orm_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// The QuerySet benchmarks run each ORM call beside the hand-written
// database/sql code that sends the same statement and scans into the same
// struct, on SQLite and PostgreSQL, in the same run:
//
//	List100    Filter + OrderBy + Limit(100) into a []BenchItem
//	Count      Filter + Count
//	Aggregate  Sum, Avg, Max over a filtered table
//	BulkCreate 100 rows with their keys: one BulkCreate against 100
//	           single INSERTs in one transaction
//
// Each pair runs alternately in one loop (see BenchmarkInterleaved) and
// reports orm-ns/op, hand-ns/op and orm/hand; the plain sub-benchmarks
// report allocations.

// seedBench fills db's bench_item table with n rows.
func seedBench(b *testing.B, db *sql.DB, n int) {
	b.Helper()
	items := make([]BenchItem, n)
	for i := range items {
		items[i] = BenchItem{Name: fmt.Sprintf("item %d", i), Qty: int64(i % 50), Price: float64(i%997) / 7, Active: i%3 != 0, CreatedAt: benchTime}
	}
	if err := orm.Objects[BenchItem](db).BulkCreate(context.Background(), items); err != nil {
		b.Fatal(err)
	}
}

// qsHand is the hand-written SQL of the QuerySet benchmarks.
type qsHand struct {
	list, count, aggregate, insert string
	lastInsertID                   bool
}

func qsHandFor(d dialect.Dialect) qsHand {
	h := qsHand{
		list:      `SELECT "bench_item"."id", "bench_item"."name", "bench_item"."qty", "bench_item"."price", "bench_item"."active", "bench_item"."created_at" FROM "bench_item" WHERE "bench_item"."active" = ? AND "bench_item"."qty" >= ? ORDER BY "bench_item"."price" DESC LIMIT 100`,
		count:     `SELECT COUNT(*) FROM "bench_item" WHERE "bench_item"."active" = ? AND "bench_item"."qty" >= ?`,
		aggregate: `SELECT SUM("bench_item"."qty") AS "qty__sum", AVG("bench_item"."price") AS "price__avg", MAX("bench_item"."price") AS "price__max" FROM "bench_item" WHERE "bench_item"."active" = ?`,
		insert:    `INSERT INTO "bench_item" ("name", "qty", "price", "active", "created_at") VALUES (?, ?, ?, ?, ?) RETURNING "id"`,
	}
	if d.Name() == dialect.SQLite {
		h.insert = strings.TrimSuffix(h.insert, ` RETURNING "id"`)
		h.lastInsertID = true
	}
	return h.rebind(d)
}

func (h qsHand) rebind(d dialect.Dialect) qsHand {
	h.list, h.count, h.aggregate, h.insert = orm.Rebind(d, h.list), orm.Rebind(d, h.count), orm.Rebind(d, h.aggregate), orm.Rebind(d, h.insert)
	return h
}

func (h qsHand) List(ctx context.Context, db *sql.DB) ([]BenchItem, error) {
	rows, err := db.QueryContext(ctx, h.list, true, 10)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]BenchItem, 0, 100)
	for rows.Next() {
		out = append(out, BenchItem{})
		p := &out[len(out)-1]
		if err := rows.Scan(&p.ID, &p.Name, &p.Qty, &p.Price, &p.Active, &p.CreatedAt); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

func (h qsHand) Count(ctx context.Context, db *sql.DB) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, h.count, true, 10).Scan(&n)
	return n, err
}

func (h qsHand) Aggregate(ctx context.Context, db *sql.DB) (int64, float64, float64, error) {
	var sum int64
	var avg, mx float64
	err := db.QueryRowContext(ctx, h.aggregate, true).Scan(&sum, &avg, &mx)
	return sum, avg, mx, err
}

func (h qsHand) Insert100(ctx context.Context, db *sql.DB, items []BenchItem) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := range items {
		p := &items[i]
		if h.lastInsertID {
			res, err := tx.ExecContext(ctx, h.insert, p.Name, p.Qty, p.Price, p.Active, p.CreatedAt)
			if err != nil {
				return err
			}
			if p.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			continue
		}
		if err := tx.QueryRowContext(ctx, h.insert, p.Name, p.Qty, p.Price, p.Active, p.CreatedAt).Scan(&p.ID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func new100() []BenchItem {
	items := make([]BenchItem, 100)
	for i := range items {
		items[i] = BenchItem{Name: "bulk", Qty: int64(i), Price: 1.5, Active: true, CreatedAt: benchTime}
	}
	return items
}

// qsOps are the benchmarked operations on one database.
func qsOps(b *testing.B, db *sql.DB) []struct {
	name      string
	orm, hand func() error
} {
	ctx := context.Background()
	d, _ := dialect.Detect(db)
	h := qsHandFor(d)
	items := orm.Objects[BenchItem](db)
	list := items.Filter(orm.Q{"active": true, "qty__gte": 10}).OrderBy("-price").Limit(100)
	counted := items.Filter(orm.Q{"active": true, "qty__gte": 10})
	aggregated := items.Filter(orm.Q{"active": true})
	check100 := func(n int, err error) error {
		if err == nil && n != 100 {
			err = fmt.Errorf("%d rows, want 100", n)
		}
		return err
	}
	return []struct {
		name      string
		orm, hand func() error
	}{
		{"List100",
			func() error { r, err := list.All(ctx); return check100(len(r), err) },
			func() error { r, err := h.List(ctx, db); return check100(len(r), err) }},
		{"Count",
			func() error { _, err := counted.Count(ctx); return err },
			func() error { _, err := h.Count(ctx, db); return err }},
		{"Aggregate",
			func() error {
				_, err := aggregated.Aggregate(ctx, orm.Sum("qty"), orm.Avg("price"), orm.Max("price"))
				return err
			},
			func() error { _, _, _, err := h.Aggregate(ctx, db); return err }},
		{"BulkCreate100",
			func() error {
				rows := new100()
				if err := items.BulkCreate(ctx, rows); err != nil {
					return err
				}
				if rows[99].ID == 0 {
					return fmt.Errorf("no keys")
				}
				return nil
			},
			func() error {
				rows := new100()
				if err := h.Insert100(ctx, db, rows); err != nil {
					return err
				}
				if rows[99].ID == 0 {
					return fmt.Errorf("no keys")
				}
				return nil
			}},
	}
}

// BenchmarkQuerySet reports ns/op and allocations of each QuerySet
// operation and its hand-written twin, per backend.
func BenchmarkQuerySet(b *testing.B) {
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		db := benchDBs(b)[name]
		if db == nil {
			continue
		}
		seedBench(b, db, 5000)
		for _, op := range qsOps(b, db) {
			b.Run(name+"/"+op.name+"/orm", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := op.orm(); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/"+op.name+"/hand", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := op.hand(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkQuerySetInterleaved runs each QuerySet operation and its
// hand-written twin alternately in one loop and reports both times and
// their ratio (orm/hand), immune to load that changes between separate
// benchmarks.
func BenchmarkQuerySetInterleaved(b *testing.B) {
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		db := benchDBs(b)[name]
		if db == nil {
			continue
		}
		seedBench(b, db, 5000)
		for _, op := range qsOps(b, db) {
			b.Run(op.name+"/"+name, func(b *testing.B) {
				var tOrm, tHand time.Duration
				n := 0
				for b.Loop() {
					first, second := op.orm, op.hand
					if n%2 == 1 {
						first, second = second, first
					}
					t0 := time.Now()
					if err := first(); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					if err := second(); err != nil {
						b.Fatal(err)
					}
					t2 := time.Now()
					if n%2 == 0 {
						tOrm, tHand = tOrm+t1.Sub(t0), tHand+t2.Sub(t1)
					} else {
						tHand, tOrm = tHand+t1.Sub(t0), tOrm+t2.Sub(t1)
					}
					n++
				}
				b.ReportMetric(float64(tOrm.Nanoseconds())/float64(n), "orm-ns/op")
				b.ReportMetric(float64(tHand.Nanoseconds())/float64(n), "hand-ns/op")
				b.ReportMetric(float64(tOrm)/float64(tHand), "orm/hand")
			})
		}
	}
}
