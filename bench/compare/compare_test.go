// Package compare benchmarks sqlorm against GORM, Bun and hand-written
// database/sql doing the same work on the same database, in one run:
//
//	cd bench/compare && go test -run '^$' -bench . -benchmem -count 5 | benchstat -
//
// It is a module of its own so that GORM and Bun never become
// dependencies of sqlorm. SQLite always; PostgreSQL too when
// SQLORM_TEST_PG is set (postgres://postgres@127.0.0.1:5432/test?sslmode=disable).
//
// Each library gets its own tables, created its own way, on the same
// database, and the settings its documentation recommends for speed (GORM:
// SkipDefaultTransaction). Every library reads and writes the same
// columns: id, name, qty, price, active, created_at. Reads (Get, List100,
// Count) run on a table of 5000 rows that nothing writes to; writes
// (Create, BulkCreate100) go to a second table, so that no library reads
// a table grown by the writes of another.
package compare

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	gormpostgres "gorm.io/driver/postgres"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/sqlorm/sqlorm/orm"
)

// Item is sqlorm's model.
type Item struct {
	orm.Model
	Name      string `orm:"max_length=100"`
	Qty       int64
	Price     float64
	Active    bool
	CreatedAt time.Time
}

// ItemW is Item on the table the write benchmarks fill.
type ItemW struct{ Item }

// Meta puts ItemW on its own table.
func (ItemW) Meta() orm.Meta { return orm.Meta{Table: "item_w"} }

// GItem is GORM's model of the same columns.
type GItem struct {
	ID        int64  `gorm:"primaryKey"`
	Name      string `gorm:"size:100;not null"`
	Qty       int64  `gorm:"not null"`
	Price     float64
	Active    bool
	CreatedAt time.Time
}

// TableName is GORM's table.
func (GItem) TableName() string { return "gorm_item" }

// BItem is Bun's model of the same columns.
type BItem struct {
	bun.BaseModel `bun:"table:bun_item"`
	ID            int64  `bun:",pk,autoincrement"`
	Name          string `bun:",notnull"`
	Qty           int64  `bun:",notnull"`
	Price         float64
	Active        bool
	CreatedAt     time.Time
}

var when = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

const seedRows = 5000

// lib is one library's implementation of the benchmarked operations.
type lib struct {
	name                        string
	create, get, list100, count func(ctx context.Context, i int) error
	bulk100                     func(ctx context.Context) error
}

type backend struct {
	name string
	db   *sql.DB
	ph   func(n int) string
}

func backends(b *testing.B) []backend {
	dir := b.TempDir()
	lite, err := sql.Open("sqlite3", filepath.Join(dir, "bench.db")+"?_fk=1&_busy_timeout=5000&_journal_mode=WAL&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lite.Close() })
	out := []backend{{"sqlite", lite, func(int) string { return "?" }}}
	if u := os.Getenv("SQLORM_TEST_PG"); u != "" {
		pg, err := sql.Open("pgx", u)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { pg.Close() })
		for _, t := range []string{"item", "gorm_item", "bun_item", "item_w", "gorm_item_w", "bun_item_w"} {
			if _, err := pg.Exec("DROP TABLE IF EXISTS " + t); err != nil {
				b.Fatal(err)
			}
		}
		out = append(out, backend{"postgres", pg, func(n int) string { return fmt.Sprintf("$%d", n) }})
	}
	return out
}

func seedItems(n int) []Item {
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{Name: fmt.Sprintf("item %d", i), Qty: int64(i % 50), Price: float64(i%997) / 7, Active: i%3 != 0, CreatedAt: when}
	}
	return items
}

func libs(b *testing.B, be backend) []lib {
	ctx := context.Background()
	db := be.db

	// sqlorm, and hand-written SQL on sqlorm's table.
	if err := orm.Migrate[Item](ctx, db); err != nil {
		b.Fatal(err)
	}
	if err := orm.Migrate[ItemW](ctx, db); err != nil {
		b.Fatal(err)
	}
	written := orm.Objects[ItemW](db)
	if err := orm.Objects[Item](db).BulkCreate(ctx, seedItems(seedRows)); err != nil {
		b.Fatal(err)
	}
	items := orm.Objects[Item](db)
	sqlormLib := lib{
		name: "sqlorm",
		create: func(ctx context.Context, i int) error {
			it := ItemW{Item{Name: "new", Qty: int64(i), Price: 1.5, Active: true, CreatedAt: when}}
			return written.Create(ctx, &it)
		},
		get: func(ctx context.Context, i int) error {
			_, err := items.Get(ctx, orm.Q{"pk": int64(i%seedRows + 1)})
			return err
		},
		list100: func(ctx context.Context, _ int) error {
			r, err := items.Filter(orm.Q{"active": true, "qty__gte": 10}).OrderBy("-price").Limit(100).All(ctx)
			return want100(len(r), err)
		},
		count: func(ctx context.Context, _ int) error {
			_, err := items.Filter(orm.Q{"active": true, "qty__gte": 10}).Count(ctx)
			return err
		},
		bulk100: func(ctx context.Context) error {
			rows := make([]ItemW, 100)
			for i, it := range seedItems(100) {
				rows[i] = ItemW{it}
			}
			return written.BulkCreate(ctx, rows)
		},
	}

	p := be.ph
	insert := "INSERT INTO item_w (name, qty, price, active, created_at) VALUES (" + p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) + ", " + p(5) + ") RETURNING id"
	selectPK := "SELECT id, name, qty, price, active, created_at FROM item WHERE id = " + p(1)
	list := "SELECT id, name, qty, price, active, created_at FROM item WHERE active = " + p(1) + " AND qty >= " + p(2) + " ORDER BY price DESC LIMIT 100"
	count := "SELECT COUNT(*) FROM item WHERE active = " + p(1) + " AND qty >= " + p(2)
	scan := func(sc interface{ Scan(...any) error }, it *Item) error {
		return sc.Scan(&it.ID, &it.Name, &it.Qty, &it.Price, &it.Active, &it.CreatedAt)
	}
	// On SQLite sqlorm writes datetimes as fixed-width UTC text; go-sqlite3
	// parses a datetime column back into a time.Time for every library.
	atArg := func() any {
		if be.name == "sqlite" {
			return when.Format("2006-01-02 15:04:05.000000+00:00")
		}
		return when
	}
	hand := lib{
		name: "database_sql",
		create: func(ctx context.Context, i int) error {
			var id int64
			return db.QueryRowContext(ctx, insert, "new", int64(i), 1.5, true, atArg()).Scan(&id)
		},
		get: func(ctx context.Context, i int) error {
			var it Item
			return scan(db.QueryRowContext(ctx, selectPK, int64(i%seedRows+1)), &it)
		},
		list100: func(ctx context.Context, _ int) error {
			rows, err := db.QueryContext(ctx, list, true, 10)
			if err != nil {
				return err
			}
			defer rows.Close()
			out := make([]Item, 0, 100)
			for rows.Next() {
				out = append(out, Item{})
				if err := scan(rows, &out[len(out)-1]); err != nil {
					return err
				}
			}
			return want100(len(out), rows.Err())
		},
		count: func(ctx context.Context, _ int) error {
			var n int64
			return db.QueryRowContext(ctx, count, true, 10).Scan(&n)
		},
		bulk100: func(ctx context.Context) error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			for i := range 100 {
				var id int64
				if err := tx.QueryRowContext(ctx, insert, "bulk", int64(i), 1.5, true, atArg()).Scan(&id); err != nil {
					return err
				}
			}
			return tx.Commit()
		},
	}

	// GORM.
	var dialector gorm.Dialector = gormsqlite.Dialector{Conn: db}
	if be.name == "postgres" {
		dialector = gormpostgres.New(gormpostgres.Config{Conn: db})
	}
	g, err := gorm.Open(dialector, &gorm.Config{SkipDefaultTransaction: true, Logger: logger.Discard})
	if err != nil {
		b.Fatal(err)
	}
	if err := g.AutoMigrate(&GItem{}); err != nil {
		b.Fatal(err)
	}
	if err := g.Table("gorm_item_w").AutoMigrate(&GItem{}); err != nil {
		b.Fatal(err)
	}
	gseed := make([]GItem, seedRows)
	for i, it := range seedItems(seedRows) {
		gseed[i] = GItem{Name: it.Name, Qty: it.Qty, Price: it.Price, Active: it.Active, CreatedAt: it.CreatedAt}
	}
	if err := g.CreateInBatches(gseed, 500).Error; err != nil {
		b.Fatal(err)
	}
	gormLib := lib{
		name: "gorm",
		create: func(ctx context.Context, i int) error {
			it := GItem{Name: "new", Qty: int64(i), Price: 1.5, Active: true, CreatedAt: when}
			return g.WithContext(ctx).Table("gorm_item_w").Create(&it).Error
		},
		get: func(ctx context.Context, i int) error {
			var it GItem
			return g.WithContext(ctx).First(&it, int64(i%seedRows+1)).Error
		},
		list100: func(ctx context.Context, _ int) error {
			var r []GItem
			err := g.WithContext(ctx).Where("active = ? AND qty >= ?", true, 10).Order("price DESC").Limit(100).Find(&r).Error
			return want100(len(r), err)
		},
		count: func(ctx context.Context, _ int) error {
			var n int64
			return g.WithContext(ctx).Model(&GItem{}).Where("active = ? AND qty >= ?", true, 10).Count(&n).Error
		},
		bulk100: func(ctx context.Context) error {
			rows := make([]GItem, 100)
			for i := range rows {
				rows[i] = GItem{Name: "bulk", Qty: int64(i), Price: 1.5, Active: true, CreatedAt: when}
			}
			return g.WithContext(ctx).Table("gorm_item_w").Create(&rows).Error
		},
	}

	// Bun.
	var bdb *bun.DB
	if be.name == "postgres" {
		bdb = bun.NewDB(db, pgdialect.New())
	} else {
		bdb = bun.NewDB(db, sqlitedialect.New())
	}
	for _, table := range []string{"bun_item", "bun_item_w"} {
		if _, err := bdb.NewCreateTable().Model((*BItem)(nil)).ModelTableExpr(table).IfNotExists().Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
	bseed := make([]BItem, seedRows)
	for i, it := range seedItems(seedRows) {
		bseed[i] = BItem{Name: it.Name, Qty: it.Qty, Price: it.Price, Active: it.Active, CreatedAt: it.CreatedAt}
	}
	for i := 0; i < len(bseed); i += 500 {
		chunk := bseed[i:min(i+500, len(bseed))]
		if _, err := bdb.NewInsert().Model(&chunk).Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
	bunLib := lib{
		name: "bun",
		create: func(ctx context.Context, i int) error {
			it := BItem{Name: "new", Qty: int64(i), Price: 1.5, Active: true, CreatedAt: when}
			_, err := bdb.NewInsert().Model(&it).ModelTableExpr("bun_item_w").Exec(ctx)
			return err
		},
		get: func(ctx context.Context, i int) error {
			var it BItem
			return bdb.NewSelect().Model(&it).Where("id = ?", int64(i%seedRows+1)).Scan(ctx)
		},
		list100: func(ctx context.Context, _ int) error {
			var r []BItem
			err := bdb.NewSelect().Model(&r).Where("active = ?", true).Where("qty >= ?", 10).Order("price DESC").Limit(100).Scan(ctx)
			return want100(len(r), err)
		},
		count: func(ctx context.Context, _ int) error {
			_, err := bdb.NewSelect().Model((*BItem)(nil)).Where("active = ?", true).Where("qty >= ?", 10).Count(ctx)
			return err
		},
		bulk100: func(ctx context.Context) error {
			rows := make([]BItem, 100)
			for i := range rows {
				rows[i] = BItem{Name: "bulk", Qty: int64(i), Price: 1.5, Active: true, CreatedAt: when}
			}
			_, err := bdb.NewInsert().Model(&rows).ModelTableExpr("bun_item_w").Exec(ctx)
			return err
		},
	}
	return []lib{hand, sqlormLib, gormLib, bunLib}
}

func want100(n int, err error) error {
	if err == nil && n != 100 {
		err = fmt.Errorf("%d rows, want 100", n)
	}
	return err
}

// BenchmarkCompare reports each operation for each library on each
// backend: <backend>/<operation>/<library>.
func BenchmarkCompare(b *testing.B) {
	ctx := context.Background()
	for _, be := range backends(b) {
		ls := libs(b, be)
		ops := []struct {
			name string
			fn   func(l lib) func(ctx context.Context, i int) error
		}{
			{"Create", func(l lib) func(context.Context, int) error { return l.create }},
			{"Get", func(l lib) func(context.Context, int) error { return l.get }},
			{"List100", func(l lib) func(context.Context, int) error { return l.list100 }},
			{"Count", func(l lib) func(context.Context, int) error { return l.count }},
			{"BulkCreate100", func(l lib) func(context.Context, int) error {
				return func(ctx context.Context, _ int) error { return l.bulk100(ctx) }
			}},
		}
		for _, op := range ops {
			for _, l := range ls {
				b.Run(be.name+"/"+op.name+"/"+l.name, func(b *testing.B) {
					fn := op.fn(l)
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						if err := fn(ctx, i); err != nil {
							b.Fatal(strings.TrimSpace(err.Error()))
						}
						i++
					}
				})
			}
		}
	}
}

// BenchmarkCompareInterleaved runs every library's version of an
// operation in each iteration, in a rotating order, and reports each
// library's mean time (<library>-ns/op) and its ratio to hand-written
// database/sql (<library>/sql): load that comes and goes during the run
// falls on all of them alike. Allocations are BenchmarkCompare's.
func BenchmarkCompareInterleaved(b *testing.B) {
	ctx := context.Background()
	for _, be := range backends(b) {
		ls := libs(b, be)
		ops := []struct {
			name string
			fn   func(l lib) func(ctx context.Context, i int) error
		}{
			{"Create", func(l lib) func(context.Context, int) error { return l.create }},
			{"Get", func(l lib) func(context.Context, int) error { return l.get }},
			{"List100", func(l lib) func(context.Context, int) error { return l.list100 }},
			{"Count", func(l lib) func(context.Context, int) error { return l.count }},
			{"BulkCreate100", func(l lib) func(context.Context, int) error {
				return func(ctx context.Context, _ int) error { return l.bulk100(ctx) }
			}},
		}
		for _, op := range ops {
			b.Run(be.name+"/"+op.name, func(b *testing.B) {
				spent := make([]time.Duration, len(ls))
				n := 0
				for b.Loop() {
					for k := range ls {
						j := (n + k) % len(ls)
						t0 := time.Now()
						if err := op.fn(ls[j])(ctx, n); err != nil {
							b.Fatal(err)
						}
						spent[j] += time.Since(t0)
					}
					n++
				}
				for j, l := range ls {
					b.ReportMetric(float64(spent[j].Nanoseconds())/float64(n), l.name+"-ns/op")
					if j > 0 {
						b.ReportMetric(float64(spent[j])/float64(spent[0]), l.name+"/sql")
					}
				}
			})
		}
	}
}
