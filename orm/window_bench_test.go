package orm_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/chinook"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// BenchmarkWindow compares a window query (the three longest tracks of
// each genre, with their rank: a Filter on RowNumber over a partition)
// through the ORM with the same query hand-written on database/sql, on
// the Chinook data of SQLite and PostgreSQL: separately, and interleaved
// in one loop (orm/hand, immune to load that changes between runs).
func BenchmarkWindow(b *testing.B) {
	for _, be := range testenv.Backends(b) {
		if be.Name == testenv.MySQL {
			continue
		}
		fresh := chinook.Load(b, be)
		db, err := fresh.Open()
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		ctx := context.Background()
		d, err := dialect.Detect(db)
		if err != nil {
			b.Fatal(err)
		}
		qs := orm.Objects[ChTrack](db).
			Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds", "track_id")).As("rn")).
			Filter(orm.Q{"rn__lte": 3}).OrderBy("genre_id", "rn")
		hand := orm.Rebind(d, `SELECT * FROM (SELECT track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price,
			ROW_NUMBER() OVER (PARTITION BY genre_id ORDER BY milliseconds DESC, track_id) AS rn FROM track) q
			WHERE rn <= ? ORDER BY genre_id, rn`)
		type row struct {
			t  ChTrack
			rn int64
		}
		runORM := func() (int, error) {
			rows, err := qs.AllAnnotated(ctx)
			return len(rows), err
		}
		runHand := func() (int, error) {
			rs, err := db.QueryContext(ctx, hand, 3)
			if err != nil {
				return 0, err
			}
			defer rs.Close()
			var out []row
			for rs.Next() {
				var r row
				var album, genre sql.NullInt64
				var price string
				if err := rs.Scan(&r.t.TrackID, &r.t.Name, &album, &r.t.MediaType.ID, &genre, &r.t.Composer, &r.t.Milliseconds, &r.t.Bytes, &price, &r.rn); err != nil {
					return 0, err
				}
				r.t.Album.ID, r.t.Album.Valid = album.Int64, album.Valid
				r.t.Genre.ID, r.t.Genre.Valid = genre.Int64, genre.Valid
				if r.t.UnitPrice, err = decimal.NewFromString(price); err != nil {
					return 0, err
				}
				out = append(out, r)
			}
			return len(out), rs.Err()
		}
		no, err1 := runORM()
		nh, err2 := runHand()
		if err1 != nil || err2 != nil || no != nh || no < 60 {
			b.Fatalf("orm %d rows (%v), hand %d rows (%v)", no, err1, nh, err2)
		}
		check := func(f func() (int, error)) {
			if n, err := f(); err != nil || n != no {
				b.Fatalf("%d rows: %v", n, err)
			}
		}
		b.Run(be.Name+"/orm", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				check(runORM)
			}
		})
		b.Run(be.Name+"/hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				check(runHand)
			}
		})
		b.Run(be.Name+"/interleaved", func(b *testing.B) {
			var tOrm, tHand time.Duration
			n := 0
			for b.Loop() {
				first, second := runORM, runHand
				if n%2 == 1 {
					first, second = second, first
				}
				t0 := time.Now()
				check(first)
				t1 := time.Now()
				check(second)
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
