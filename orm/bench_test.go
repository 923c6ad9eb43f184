package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// BenchItem is the model of the ORM-versus-database/sql benchmarks.
type BenchItem struct {
	orm.Model
	Name      string `orm:"max_length=100"`
	Qty       int64
	Price     float64
	Active    bool
	CreatedAt time.Time
}

// handSQL is the hand-written database/sql code doing the same work as the
// ORM: the same statements, Scan straight into the struct.
type handSQL struct {
	insert, get, update string
}

func handFor(d dialect.Dialect) handSQL {
	switch d.Name() {
	case dialect.Postgres:
		return handSQL{
			insert: `INSERT INTO "bench_item" ("name", "qty", "price", "active", "created_at") VALUES ($1, $2, $3, $4, $5) RETURNING "id"`,
			get:    `SELECT "id", "name", "qty", "price", "active", "created_at" FROM "bench_item" WHERE "id" = $1`,
			update: `UPDATE "bench_item" SET "name" = $1, "qty" = $2, "price" = $3, "active" = $4, "created_at" = $5 WHERE "id" = $6`,
		}
	default:
		return handSQL{
			insert: `INSERT INTO "bench_item" ("name", "qty", "price", "active", "created_at") VALUES (?, ?, ?, ?, ?) RETURNING "id"`,
			get:    `SELECT "id", "name", "qty", "price", "active", "created_at" FROM "bench_item" WHERE "id" = ?`,
			update: `UPDATE "bench_item" SET "name" = ?, "qty" = ?, "price" = ?, "active" = ?, "created_at" = ? WHERE "id" = ?`,
		}
	}
}

func (h handSQL) create(ctx context.Context, db *sql.DB, p *BenchItem) error {
	return db.QueryRowContext(ctx, h.insert, p.Name, p.Qty, p.Price, p.Active, p.CreatedAt).Scan(&p.ID)
}

func (h handSQL) getByID(ctx context.Context, db *sql.DB, id int64) (*BenchItem, error) {
	p := new(BenchItem)
	err := db.QueryRowContext(ctx, h.get, id).Scan(&p.ID, &p.Name, &p.Qty, &p.Price, &p.Active, &p.CreatedAt)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (h handSQL) save(ctx context.Context, db *sql.DB, p *BenchItem) error {
	res, err := db.ExecContext(ctx, h.update, p.Name, p.Qty, p.Price, p.Active, p.CreatedAt, p.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return sql.ErrNoRows
	}
	return nil
}

// benchBackends are the backends the benchmarks run on: SQLite always,
// PostgreSQL when testenv has it.
func benchDBs(b *testing.B) map[string]*sql.DB {
	out := map[string]*sql.DB{}
	for _, be := range testenv.Backends(b) {
		if be.Name == testenv.MySQL {
			continue
		}
		// Durability off (SQLite synchronous=OFF, PostgreSQL
		// synchronous_commit=off) so the figures measure the client code,
		// not the disk's flush latency, which would swamp the difference.
		fresh := be.Fresh(b)
		dsn := fresh.DSN
		switch be.Name {
		case testenv.SQLite:
			dsn += "&_sync=OFF&_journal=WAL"
		case testenv.Postgres:
			dsn += "&synchronous_commit=off"
		}
		db, err := sql.Open(fresh.DriverName, dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if err := orm.Migrate[BenchItem](context.Background(), db); err != nil {
			b.Fatal(err)
		}
		out[be.Name] = db
	}
	return out
}

var benchTime = time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)

func newBenchItem() *BenchItem {
	return &BenchItem{Name: "widget", Qty: 3, Price: 9.5, Active: true, CreatedAt: benchTime}
}

func BenchmarkCreate(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		db := benchDBs(b)[name]
		if db == nil {
			continue
		}
		d, _ := dialect.Detect(db)
		h := handFor(d)
		b.Run(name+"/orm", func(b *testing.B) {
			items := orm.Objects[BenchItem](db)
			b.ReportAllocs()
			for b.Loop() {
				p := newBenchItem()
				if err := items.Create(ctx, p); err != nil || p.ID == 0 {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p := newBenchItem()
				if err := h.create(ctx, db, p); err != nil || p.ID == 0 {
					b.Fatal(err)
				}
			}
		})
		if d.Name() == dialect.SQLite {
			// What the ORM does on SQLite: Exec, then LastInsertId.
			insert := strings.TrimSuffix(h.insert, ` RETURNING "id"`)
			b.Run(name+"/hand-lastinsertid", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					p := newBenchItem()
					res, err := db.ExecContext(ctx, insert, p.Name, p.Qty, p.Price, p.Active, p.CreatedAt)
					if err != nil {
						b.Fatal(err)
					}
					if p.ID, err = res.LastInsertId(); err != nil || p.ID == 0 {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		db := benchDBs(b)[name]
		if db == nil {
			continue
		}
		d, _ := dialect.Detect(db)
		h := handFor(d)
		p := newBenchItem()
		if err := orm.Objects[BenchItem](db).Create(ctx, p); err != nil {
			b.Fatal(err)
		}
		id := p.ID
		b.Run(name+"/orm", func(b *testing.B) {
			items := orm.Objects[BenchItem](db)
			b.ReportAllocs()
			for b.Loop() {
				got, err := items.Get(ctx, orm.Q{"pk": id})
				if err != nil || got.Qty != 3 {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				got, err := h.getByID(ctx, db, id)
				if err != nil || got.Qty != 3 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSave(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		db := benchDBs(b)[name]
		if db == nil {
			continue
		}
		d, _ := dialect.Detect(db)
		h := handFor(d)
		p := newBenchItem()
		if err := orm.Objects[BenchItem](db).Create(ctx, p); err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/orm", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Qty++
				if err := orm.Save(ctx, db, p); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Qty++
				if err := h.save(ctx, db, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNoDB measures the ORM's own overhead: the same three operations
// against the recording driver (no database, no I/O), with the PostgreSQL
// dialect, beside the hand-written database/sql calls. The difference in
// ns/op is what the ORM adds to every call, whatever the backend.
func BenchmarkNoDB(b *testing.B) {
	db, r := openRecorder(b)
	d, _ := dialect.Get(dialect.Postgres)
	ctx := orm.WithDialect(context.Background(), d)
	h := handFor(d)
	row := []driver.Value{int64(1), "widget", int64(3), 9.5, true, benchTime}
	b.Run("Create/orm", func(b *testing.B) {
		b.ReportAllocs()
		items := orm.Objects[BenchItem](db)
		for b.Loop() {
			r.take()
			if err := items.Create(ctx, newBenchItem()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Create/hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.take()
			if err := h.create(ctx, db, newBenchItem()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Get/orm", func(b *testing.B) {
		b.ReportAllocs()
		items := orm.Objects[BenchItem](db)
		for b.Loop() {
			r.take()
			r.queue(row)
			if _, err := items.Get(ctx, orm.Q{"pk": int64(1)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Get/hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.take()
			r.queue(row)
			if _, err := h.getByID(ctx, db, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	p := newBenchItem()
	p.ID = 1
	b.Run("Save/orm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.take()
			if err := orm.Save(ctx, db, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Save/hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.take()
			if err := h.save(ctx, db, p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkInterleaved runs the ORM call and the hand-written call
// alternately inside one loop and times each separately, so both see the
// same machine load at the same moments; it reports orm-ns/op, hand-ns/op
// and their ratio. On a shared, busy machine this is the figure to trust:
// load that changes between two separate benchmarks cannot skew it.
func BenchmarkInterleaved(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{testenv.SQLite, testenv.Postgres} {
		db := benchDBs(b)[name]
		if db == nil {
			continue
		}
		d, _ := dialect.Detect(db)
		h := handFor(d)
		if d.Name() == dialect.SQLite {
			h.insert = strings.TrimSuffix(h.insert, ` RETURNING "id"`) // the ORM uses LastInsertId there
		}
		seed := newBenchItem()
		if err := orm.Objects[BenchItem](db).Create(ctx, seed); err != nil {
			b.Fatal(err)
		}
		ops := []struct {
			name      string
			orm, hand func() error
		}{
			{"Create",
				func() error { return orm.Objects[BenchItem](db).Create(ctx, newBenchItem()) },
				func() error {
					p := newBenchItem()
					if d.Name() == dialect.SQLite {
						res, err := db.ExecContext(ctx, h.insert, p.Name, p.Qty, p.Price, p.Active, p.CreatedAt)
						if err != nil {
							return err
						}
						p.ID, err = res.LastInsertId()
						return err
					}
					return h.create(ctx, db, p)
				}},
			{"Get",
				func() error { _, err := orm.Objects[BenchItem](db).Get(ctx, orm.Q{"pk": seed.ID}); return err },
				func() error { _, err := h.getByID(ctx, db, seed.ID); return err }},
			{"Save",
				func() error { seed.Qty++; return orm.Save(ctx, db, seed) },
				func() error { seed.Qty++; return h.save(ctx, db, seed) }},
		}
		for _, op := range ops {
			b.Run(op.name+"/"+name, func(b *testing.B) {
				var tOrm, tHand time.Duration
				n := 0
				for b.Loop() {
					first, second := op.orm, op.hand
					if n%2 == 1 { // alternate which goes first
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
