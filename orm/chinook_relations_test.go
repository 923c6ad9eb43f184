package orm_test

import (
	"context"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/chinook"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

func artistKey(a *ChArtist) int64 { return a.ArtistID }

// TestChinookRelations compares reverse lookups, Annotate, SelectRelated
// and PrefetchRelated with hand-written SQL on the Chinook data.
func TestChinookRelations(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		fresh := chinook.Load(t, b)
		db, err := fresh.Open() // SQLORM_TEST_OPEN: sqlorm or bare
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		ctx := context.Background()
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []error{orm.Register[ChAlbum](), orm.Register[ChTrack](), orm.Register[ChInvoice](), orm.Register[ChInvoiceLine]()} {
			must(t, r)
		}
		A := orm.Objects[ChArtist](db)
		C := orm.Objects[ChCustomer](db)
		cases := []chCase{
			{name: "artists with more than 3 albums (Annotate Count, HAVING)", got: keys(A.Annotate(orm.Count("chalbum").As("n")).Filter(orm.Q{"n__gt": 3}), artistKey),
				sql: "SELECT artist_id FROM album GROUP BY artist_id HAVING COUNT(*) > 3", min: 5},
			{name: "artists whose albums have a track over 20 minutes (reverse, two levels)", got: keys(A.Filter(orm.Q{"chalbum__chtrack__milliseconds__gt": 1200000}).Distinct(), artistKey),
				sql: "SELECT DISTINCT a.artist_id FROM album a JOIN track t ON t.album_id = a.album_id WHERE t.milliseconds > 1200000", min: 3},
			{name: "artists without a 'Greatest' album (Exclude across a reverse relation)", got: keys(A.Exclude(orm.Q{"chalbum__title__icontains": "greatest"}), artistKey),
				sql: "SELECT r.artist_id FROM artist r WHERE NOT EXISTS (SELECT 1 FROM album a WHERE a.artist_id = r.artist_id AND UPPER(a.title) LIKE '%GREATEST%')", min: 200},
			{name: "artists without albums (reverse isnull)", got: keys(A.Filter(orm.Q{"chalbum__isnull": true}), artistKey),
				sql: "SELECT r.artist_id FROM artist r LEFT JOIN album a ON a.artist_id = r.artist_id WHERE a.album_id IS NULL", min: 50},
			{name: "customers with an invoice over 20, ordered by their count of invoices", got: keys(C.Filter(orm.Q{"chinvoice__total__gt": 20}).Annotate(orm.Count("chinvoice").As("n")).OrderBy("-n", "customer_id"), customerKey),
				sql: "SELECT c.customer_id FROM customer c JOIN invoice i ON i.customer_id = c.customer_id WHERE i.total > 20 GROUP BY c.customer_id ORDER BY COUNT(*) DESC, c.customer_id", ordered: true, min: 1},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, err := c.got(ctx, db)
				must(t, err)
				want := handKeys(t, ctx, db, d, c.sql, c.args...)
				if len(want) < c.min {
					t.Fatalf("the reference query returned %d rows, fewer than %d", len(want), c.min)
				}
				if !c.ordered {
					slices.Sort(got)
					slices.Sort(want)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("QuerySet: %d rows %v\nSQL:      %d rows %v", len(got), head(got), len(want), head(want))
				}
			})
		}

		t.Run("albums with their artist: SelectRelated, one statement", func(t *testing.T) {
			needsCapture(t, db)
			cctx, rec := hooks.Capture(ctx)
			albums, err := orm.Objects[ChAlbum](db).SelectRelated("artist").OrderBy("album_id").All(cctx)
			must(t, err)
			if rec.Count() != 1 {
				t.Fatalf("%d statements", rec.Count())
			}
			ref := handRows(t, ctx, db, d, "SELECT a.album_id, r.name FROM album a JOIN artist r ON a.artist_id = r.artist_id ORDER BY a.album_id")
			if len(albums) != len(ref) || len(albums) < 300 {
				t.Fatalf("%d albums, SQL %d", len(albums), len(ref))
			}
			for i, al := range albums {
				ar, ok := al.Artist.Loaded()
				if !ok || ar.Name == nil || *ar.Name != ref[i][1] {
					t.Fatalf("album %d: artist %v, SQL %v", al.AlbumID, ar, ref[i][1])
				}
			}
		})

		t.Run("customers with invoices prefetched: two statements", func(t *testing.T) {
			needsCapture(t, db)
			cctx, rec := hooks.Capture(ctx)
			customers, err := C.PrefetchRelated("chinvoice").OrderBy("customer_id").All(cctx)
			must(t, err)
			if rec.Count() != 2 {
				t.Fatalf("%d statements:\n%s", rec.Count(), rec)
			}
			ref := handRows(t, ctx, db, d, "SELECT c.customer_id, COUNT(i.invoice_id), SUM(i.total) FROM customer c LEFT JOIN invoice i ON i.customer_id = c.customer_id GROUP BY c.customer_id ORDER BY c.customer_id")
			if len(customers) != len(ref) {
				t.Fatalf("%d customers, SQL %d", len(customers), len(ref))
			}
			for i, c := range customers {
				invs, ok := c.Invoices.Loaded()
				sum := decimal.Zero
				for _, inv := range invs {
					sum = sum.Add(inv.Total)
				}
				if !ok || int64(len(invs)) != toI(t, ref[i][1]) || !sum.Equal(decRound(ref[i][2], 2)) {
					t.Fatalf("customer %d: %d invoices totalling %v, SQL %v %v", c.CustomerID, len(invs), sum, ref[i][1], ref[i][2])
				}
				for k := 1; k < len(invs); k++ {
					if invs[k].InvoiceDate.After(invs[k-1].InvoiceDate) {
						t.Fatalf("customer %d: invoices not in Meta.Ordering", c.CustomerID)
					}
				}
			}
		})

		t.Run("revenue per genre: Values Annotate Sum", func(t *testing.T) {
			rows, err := orm.Objects[ChInvoiceLine](db).Values("track__genre__name").
				Annotate(orm.Sum(orm.F("unit_price").Mul(orm.F("quantity"))).As("revenue")).
				OrderBy("-revenue", "track__genre__name").All(ctx)
			must(t, err)
			ref := handRows(t, ctx, db, d, "SELECT g.name, SUM(l.unit_price * l.quantity) FROM invoice_line l JOIN track t ON l.track_id = t.track_id LEFT JOIN genre g ON t.genre_id = g.genre_id GROUP BY g.name ORDER BY 2 DESC, g.name")
			if len(rows) != len(ref) || len(rows) < 10 {
				t.Fatalf("%d groups, SQL %d", len(rows), len(ref))
			}
			for i, r := range rows {
				if r["track__genre__name"] != ref[i][0] || !r["revenue"].(decimal.Decimal).Equal(decRound(ref[i][1], 2)) {
					t.Fatalf("row %d: %v, SQL %v", i, r, ref[i])
				}
			}
		})
	})
}
