package orm_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/chinook"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// text is a value as compared across backends: times as RFC 3339 in
// UTC, decimals and floats with two places, the rest as fmt prints it.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case decimal.Decimal:
		return x.StringFixed(2)
	case float64:
		return strconv.FormatFloat(x, 'f', 2, 64)
	case int64: // MySQL's SUM of integers is a decimal
		return decimal.NewFromInt(x).StringFixed(2)
	case []byte:
		return text(string(x))
	case string:
		if d, err := decimal.NewFromString(x); err == nil {
			return d.StringFixed(2)
		}
	}
	return fmt.Sprint(v)
}

// TestQueryLanguageChinook checks Trunc, Extract, Cast, Round, Mod and
// window functions on the Chinook data of SQLite, PostgreSQL and MariaDB
// against hand-written SQL and against the same computation in Go.
func TestQueryLanguageChinook(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		fresh := chinook.Load(t, b)
		db, err := fresh.Open()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		ctx := context.Background()
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		I := orm.Objects[ChInvoice](db)
		T := orm.Objects[ChTrack](db)
		per := func(def string, m map[string]string) string {
			if s, ok := m[b.Name]; ok {
				return s
			}
			return def
		}

		t.Run("monthly revenue with TruncMonth", func(t *testing.T) {
			rows, err := I.Annotate(orm.TruncMonth("invoice_date").As("month")).Values("month").
				Annotate(orm.Sum("total").As("revenue")).OrderBy("month").All(ctx)
			must(t, err)
			want := handRows(t, ctx, db, d, per("SELECT to_char(invoice_date, 'YYYY-MM'), SUM(total) FROM invoice GROUP BY 1 ORDER BY 1", map[string]string{
				testenv.SQLite: "SELECT strftime('%Y-%m', invoice_date), SUM(total) FROM invoice GROUP BY 1 ORDER BY 1",
				testenv.MySQL:  "SELECT DATE_FORMAT(invoice_date, '%Y-%m'), SUM(total) FROM invoice GROUP BY 1 ORDER BY 1",
			}))
			if len(want) < 12 || len(rows) != len(want) {
				t.Fatalf("%d months, SQL %d", len(rows), len(want))
			}
			for i, r := range rows {
				m, ok := r["month"].(time.Time)
				if !ok {
					t.Fatalf("month is %T %v, not a time.Time", r["month"], r["month"])
				}
				if got, w := m.Format("2006-01")+" "+text(r["revenue"]), text(want[i][0])+" "+text(want[i][1]); got != w {
					t.Errorf("row %d: %s, SQL %s", i, got, w)
				}
				if m.Day() != 1 || m.Hour() != 0 || m.Location() != time.UTC {
					t.Errorf("row %d: month %v is not the first instant of a month in UTC", i, m)
				}
			}
		})

		t.Run("invoices per quarter with Extract", func(t *testing.T) {
			rows, err := I.Annotate(orm.Extract("invoice_date", "year").As("y"), orm.Extract("invoice_date", "quarter").As("q")).
				Values("y", "q").Annotate(orm.Count("*").As("n")).OrderBy("y", "q").All(ctx)
			must(t, err)
			want := handRows(t, ctx, db, d, per("SELECT EXTRACT(YEAR FROM invoice_date), EXTRACT(QUARTER FROM invoice_date), COUNT(*) FROM invoice GROUP BY 1, 2 ORDER BY 1, 2", map[string]string{
				testenv.SQLite: "SELECT CAST(strftime('%Y', invoice_date) AS INTEGER), (CAST(strftime('%m', invoice_date) AS INTEGER) + 2) / 3, COUNT(*) FROM invoice GROUP BY 1, 2 ORDER BY 1, 2",
			}))
			if len(want) < 8 || len(rows) != len(want) {
				t.Fatalf("%d quarters, SQL %d", len(rows), len(want))
			}
			for i, r := range rows {
				got := fmt.Sprint(r["y"], " ", r["q"], " ", r["n"])
				w := fmt.Sprint(toI(t, want[i][0]), " ", toI(t, want[i][1]), " ", toI(t, want[i][2]))
				if got != w {
					t.Errorf("row %d: %s, SQL %s", i, got, w)
				}
			}
		})

		t.Run("every Trunc kind against Go", func(t *testing.T) {
			kinds := []string{"year", "quarter", "month", "week", "day", "hour", "minute", "second", "date"}
			var anns []orm.Annotation
			for _, k := range kinds {
				anns = append(anns, orm.Trunc("invoice_date", k).As("t_"+k))
			}
			rows, err := I.Annotate(anns...).AllAnnotated(ctx)
			must(t, err)
			if len(rows) < 400 {
				t.Fatalf("%d invoices", len(rows))
			}
			for _, r := range rows {
				at := r.Object.InvoiceDate.UTC()
				y, mo, dd := at.Date()
				wd := (int(at.Weekday()) + 6) % 7
				want := map[string]time.Time{
					"year":    time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC),
					"quarter": time.Date(y, (mo-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC),
					"month":   time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC),
					"week":    time.Date(y, mo, dd-wd, 0, 0, 0, 0, time.UTC),
					"day":     time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC),
					"hour":    at.Truncate(time.Hour),
					"minute":  at.Truncate(time.Minute),
					"second":  at.Truncate(time.Second),
					"date":    time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC),
				}
				for _, k := range kinds {
					got, ok := r.Annotations["t_"+k].(time.Time)
					if !ok || !got.Equal(want[k]) {
						t.Fatalf("invoice %d at %v: Trunc %s = %v (%T), want %v", r.Object.InvoiceID, at, k, r.Annotations["t_"+k], r.Annotations["t_"+k], want[k])
					}
				}
			}
		})

		t.Run("Filter on TruncMonth", func(t *testing.T) {
			got, err := keys(I.Annotate(orm.TruncMonth("invoice_date").As("m")).Filter(orm.Q{"m": time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)}), invoiceKey)(ctx, db)
			must(t, err)
			want := handKeys(t, ctx, db, d, "SELECT invoice_id FROM invoice WHERE invoice_date >= ? AND invoice_date < ?", "2023-03-01", "2023-04-01")
			slices.Sort(got)
			slices.Sort(want)
			if len(want) < 5 || !slices.Equal(got, want) {
				t.Fatalf("got %v, SQL %v", got, want)
			}
		})

		t.Run("Cast, Round, Mod against Go", func(t *testing.T) {
			rows, err := I.Annotate(orm.Cast("invoice_id", "text").As("s"), orm.Cast("customer_id", "float").As("f"),
				orm.Round("total", 1).As("r"), orm.Round("total").As("r0"), orm.Mod("invoice_id", 7).As("m"),
				orm.CastDecimal("customer_id", 10, 2).As("dec"), orm.Cast("invoice_date", "date").As("day")).AllAnnotated(ctx)
			must(t, err)
			for _, r := range rows {
				o, a := r.Object, r.Annotations
				wantR := o.Total.Round(1)
				gotR, ok := a["r"].(decimal.Decimal)
				if a["s"] != strconv.FormatInt(o.InvoiceID, 10) || a["f"] != float64(o.Customer.ID) ||
					a["m"] != o.InvoiceID%7 || !ok || !gotR.Equal(wantR) ||
					text(a["dec"]) != decimal.NewFromInt(o.Customer.ID).StringFixed(2) {
					t.Fatalf("invoice %d total %s: %v", o.InvoiceID, o.Total, a)
				}
				if r0, ok := a["r0"].(decimal.Decimal); !ok || !r0.Equal(o.Total.Round(0)) {
					t.Fatalf("invoice %d: Round(total) = %v (%T), want %s", o.InvoiceID, a["r0"], a["r0"], o.Total.Round(0))
				}
				y, mo, dd := o.InvoiceDate.UTC().Date()
				if day, ok := a["day"].(time.Time); !ok || !day.Equal(time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC)) {
					t.Fatalf("invoice %d: Cast(date) = %v (%T)", o.InvoiceID, a["day"], a["day"])
				}
			}
		})

		t.Run("top track per genre with RowNumber", func(t *testing.T) {
			got, err := keys(T.Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds", "track_id")).As("rn")).
				Filter(orm.Q{"rn": 1}).OrderBy("genre_id"), trackKey)(ctx, db)
			must(t, err)
			want := handKeys(t, ctx, db, d, "SELECT track_id FROM (SELECT track_id, genre_id, ROW_NUMBER() OVER (PARTITION BY genre_id ORDER BY milliseconds DESC, track_id) AS rn FROM track) x WHERE rn = 1 ORDER BY genre_id")
			if len(want) < 20 || !slices.Equal(got, want) {
				t.Fatalf("got %v, SQL %v", got, want)
			}
			// The window sees only the rows the other filters keep.
			got, err = keys(T.Filter(orm.Q{"unit_price": "0.99"}).Annotate(orm.Window(orm.Rank(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds")).As("r")).
				Filter(orm.Q{"r__lte": 2}).OrderBy("genre_id", "r", "track_id"), trackKey)(ctx, db)
			must(t, err)
			want = handKeys(t, ctx, db, d, "SELECT track_id FROM (SELECT track_id, genre_id, RANK() OVER (PARTITION BY genre_id ORDER BY milliseconds DESC) AS r FROM track WHERE unit_price = 0.99) x WHERE r <= 2 ORDER BY genre_id, r, track_id")
			if len(want) < 20 || !slices.Equal(got, want) {
				t.Fatalf("filtered first: got %v, SQL %v", got, want)
			}
			n, err := T.Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds", "track_id")).As("rn")).
				Filter(orm.Q{"rn__lte": 3}).Count(ctx)
			must(t, err)
			if w := handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM (SELECT ROW_NUMBER() OVER (PARTITION BY genre_id ORDER BY milliseconds DESC, track_id) AS rn FROM track) x WHERE rn <= 3"); n != w[0] {
				t.Errorf("Count = %d, SQL %d", n, w[0])
			}
			// Exclude and Or on a window, beside a field of the model.
			n, err = T.Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds", "track_id")).As("rn")).
				Exclude(orm.Or(orm.Q{"rn": 1}, orm.Q{"unit_price__gt": 1})).Count(ctx)
			must(t, err)
			if w := handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM (SELECT unit_price, ROW_NUMBER() OVER (PARTITION BY genre_id ORDER BY milliseconds DESC, track_id) AS rn FROM track) x WHERE NOT (rn = 1 OR unit_price > 1)"); n != w[0] || n < 3000 {
				t.Errorf("Exclude on a window: Count = %d, SQL %d", n, w[0])
			}
		})

		t.Run("set operations against hand-written SQL", func(t *testing.T) {
			g1 := T.Filter(orm.Q{"genre_id": 1})
			long := T.Filter(orm.Q{"milliseconds__gt": 400000})
			cheap := T.Filter(orm.Q{"unit_price": "0.99"})
			cases := []struct {
				name    string
				qs      *orm.QuerySet[ChTrack]
				sql     string
				ordered bool
				min     int
			}{
				{"Union", g1.Union(long), "SELECT track_id FROM track WHERE genre_id = 1 UNION SELECT track_id FROM track WHERE milliseconds > 400000", false, 1300},
				{"UnionAll keeps duplicates", g1.UnionAll(long), "SELECT track_id FROM track WHERE genre_id = 1 UNION ALL SELECT track_id FROM track WHERE milliseconds > 400000", false, 1300},
				{"Intersection", g1.Intersection(long, cheap), "SELECT track_id FROM track WHERE genre_id = 1 AND milliseconds > 400000 AND unit_price = 0.99", false, 10},
				{"Difference", g1.Difference(long), "SELECT track_id FROM track WHERE genre_id = 1 AND NOT milliseconds > 400000", false, 1000},
				{"ordered and sliced", g1.Union(long).OrderBy("-milliseconds", "track_id").Offset(3).Limit(20),
					"SELECT track_id FROM track WHERE genre_id = 1 OR milliseconds > 400000 ORDER BY milliseconds DESC, track_id LIMIT 20 OFFSET 3", true, 20},
			}
			for _, c := range cases {
				got, err := keys(c.qs, trackKey)(ctx, db)
				must(t, err)
				want := handKeys(t, ctx, db, d, c.sql)
				if !c.ordered {
					slices.Sort(got)
					slices.Sort(want)
				}
				if len(want) < c.min || !slices.Equal(got, want) {
					t.Errorf("%s: %d rows %v, SQL %d rows %v", c.name, len(got), head(got), len(want), head(want))
				}
			}
			n, err := g1.Union(long).Count(ctx)
			must(t, err)
			if w := handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM track WHERE genre_id = 1 OR milliseconds > 400000"); n != w[0] {
				t.Errorf("Count = %d, SQL %d", n, w[0])
			}
			first, err := g1.Union(long).OrderBy("-bytes").First(ctx)
			must(t, err)
			if w := handKeys(t, ctx, db, d, "SELECT track_id FROM track WHERE genre_id = 1 OR milliseconds > 400000 ORDER BY bytes DESC"); first.TrackID != w[0] {
				t.Errorf("First = %d, SQL %d", first.TrackID, w[0])
			}
			if b.Name != testenv.SQLite {
				got, err := keys(T.OrderBy("-milliseconds").Limit(3).Union(T.OrderBy("bytes", "track_id").Limit(2)).OrderBy("track_id"), trackKey)(ctx, db)
				must(t, err)
				want := handKeys(t, ctx, db, d, "SELECT track_id FROM ((SELECT track_id FROM track ORDER BY milliseconds DESC LIMIT 3) UNION (SELECT track_id FROM track ORDER BY bytes, track_id LIMIT 2)) x ORDER BY track_id")
				if len(want) != 5 || !slices.Equal(got, want) {
					t.Errorf("sliced parts: %v, SQL %v", got, want)
				}
			}
			// Delete after Union must not reach the table.
			if _, err := g1.Union(long).Delete(ctx); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Fatalf("Delete after Union: %v", err)
			}
			if w := handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM track"); w[0] != 3503 {
				t.Fatalf("%d tracks left", w[0])
			}
		})

		t.Run("ValuesQuerySet slicing, First, Count, Exists and Scalar", func(t *testing.T) {
			v := I.Values("invoice_id", "total").Filter(orm.Q{"total__gt": 10}).OrderBy("-total", "invoice_id")
			rows, err := v.Offset(2).Limit(5).All(ctx)
			must(t, err)
			want := handRows(t, ctx, db, d, "SELECT invoice_id, total FROM invoice WHERE total > 10 ORDER BY total DESC, invoice_id LIMIT 5 OFFSET 2")
			if len(rows) != 5 || len(want) != 5 {
				t.Fatalf("%d rows, SQL %d", len(rows), len(want))
			}
			for i := range rows {
				if rows[i]["invoice_id"] != toI(t, want[i][0]) || text(rows[i]["total"]) != text(want[i][1]) {
					t.Errorf("row %d: %v, SQL %v", i, rows[i], want[i])
				}
			}
			first, err := v.First(ctx)
			must(t, err)
			if w := handKeys(t, ctx, db, d, "SELECT invoice_id FROM invoice WHERE total > 10 ORDER BY total DESC, invoice_id"); first["invoice_id"] != w[0] {
				t.Errorf("First = %v, SQL %d", first, w[0])
			}
			if _, err := v.Filter(orm.Q{"total__lt": 0}).First(ctx); !errors.Is(err, orm.ErrDoesNotExist) {
				t.Errorf("First of nothing: %v", err)
			}
			n, err := v.Count(ctx)
			must(t, err)
			if w := handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM invoice WHERE total > 10"); n != w[0] {
				t.Errorf("Count = %d, SQL %d", n, w[0])
			}
			n, err = v.Offset(10).Limit(1000).Count(ctx)
			must(t, err)
			if w := handKeys(t, ctx, db, d, "SELECT COUNT(*) - 10 FROM invoice WHERE total > 10"); n != w[0] || n < 10 {
				t.Errorf("sliced Count = %d, SQL %d", n, w[0])
			}
			groups, err := I.Values("billing_country").Annotate(orm.Count("*").As("n")).Count(ctx)
			must(t, err)
			if w := handKeys(t, ctx, db, d, "SELECT COUNT(DISTINCT billing_country) FROM invoice"); groups != w[0] {
				t.Errorf("groups = %d, SQL %d", groups, w[0])
			}
			ok, err := v.Filter(orm.Q{"total__gt": 1000}).Exists(ctx)
			must(t, err)
			if ok {
				t.Error("Exists(total > 1000)")
			}
			total, err := orm.Scalar[decimal.Decimal](ctx, I, orm.Sum("total"))
			must(t, err)
			if w := handRow(t, ctx, db, d, "SELECT SUM(total) FROM invoice"); text(total) != text(w[0]) {
				t.Errorf("Scalar Sum = %s, SQL %v", total, w[0])
			}
			cnt, err := orm.Scalar[int](ctx, I.Filter(orm.Q{"total__gt": 10}), orm.Count("*"))
			must(t, err)
			if int64(cnt) != handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM invoice WHERE total > 10")[0] {
				t.Errorf("Scalar Count = %d", cnt)
			}
			none, err := orm.Scalar[*decimal.Decimal](ctx, I.Filter(orm.Q{"total__lt": 0}), orm.Sum("total"))
			if err != nil || none != nil {
				t.Errorf("Scalar of a NULL into a pointer: %v, %v", none, err)
			}
			if _, err := orm.Scalar[decimal.Decimal](ctx, I.Filter(orm.Q{"total__lt": 0}), orm.Sum("total")); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("Scalar of a NULL into a value: %v", err)
			}
			if _, err := orm.Scalar[int8](ctx, I, orm.Count("*")); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("Scalar of 412 into int8: %v", err)
			}
			if _, err := orm.Scalar[int64](ctx, I, orm.Sum("total")); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("Scalar of a fractional sum into int64: %v", err)
			}
			// A window over groups: genres ranked by their total length.
			ranked, err := T.Values("genre_id").Annotate(orm.Sum("milliseconds").As("total"),
				orm.Window(orm.Rank(), orm.OrderBy("-total")).As("r")).OrderBy("genre_id").All(ctx)
			must(t, err)
			wantRank := handRows(t, ctx, db, d, "SELECT genre_id, RANK() OVER (ORDER BY SUM(milliseconds) DESC) FROM track GROUP BY genre_id ORDER BY genre_id")
			if len(ranked) != len(wantRank) || len(ranked) < 20 {
				t.Fatalf("ranked genres: %d, SQL %d", len(ranked), len(wantRank))
			}
			for i, r := range ranked {
				if r["genre_id"] != toI(t, wantRank[i][0]) || r["r"] != toI(t, wantRank[i][1]) {
					t.Fatalf("genre row %d: %v, SQL %v", i, r, wantRank[i])
				}
			}
			// Values filtered on a window.
			top, err := T.Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("genre"), orm.OrderBy("-milliseconds", "track_id")).As("rn")).
				Values("track_id", "genre_id", "rn").Filter(orm.Q{"rn": 1}).OrderBy("genre_id").All(ctx)
			must(t, err)
			wantTop := handKeys(t, ctx, db, d, "SELECT track_id FROM (SELECT track_id, genre_id, ROW_NUMBER() OVER (PARTITION BY genre_id ORDER BY milliseconds DESC, track_id) AS rn FROM track) x WHERE rn = 1 ORDER BY genre_id")
			if len(top) != len(wantTop) || len(top) < 20 {
				t.Fatalf("Values on a window: %d rows, SQL %d", len(top), len(wantTop))
			}
			for i, r := range top {
				if r["track_id"] != wantTop[i] || r["rn"] != int64(1) {
					t.Fatalf("row %d: %v, SQL %d", i, r, wantTop[i])
				}
			}
		})

		t.Run("window values against hand-written SQL", func(t *testing.T) {
			rows, err := T.Filter(orm.Q{"album_id__lte": 30}).OrderBy("track_id").Annotate(
				orm.Window(orm.Lag("milliseconds", 1, nil), orm.PartitionBy("album"), orm.OrderBy("track_id")).As("prev"),
				orm.Window(orm.Lead("name", 2, nil), orm.PartitionBy("album"), orm.OrderBy("track_id")).As("next2"),
				orm.Window(orm.Sum("milliseconds"), orm.PartitionBy("album"), orm.OrderBy("track_id"), orm.RowRange(orm.UnboundedPreceding, orm.CurrentRow)).As("running"),
				orm.Window(orm.Avg("bytes"), orm.PartitionBy("album"), orm.OrderBy("track_id"), orm.RowRange(orm.Preceding(1), orm.Following(1))).As("avg3"),
				orm.Window(orm.DenseRank(), orm.PartitionBy("album"), orm.OrderBy("unit_price")).As("dr"),
				orm.Window(orm.Ntile(3), orm.PartitionBy("album"), orm.OrderBy("track_id")).As("tile"),
				orm.Window(orm.LastValue("track_id"), orm.PartitionBy("album"), orm.OrderBy("track_id"), orm.RowRange(orm.UnboundedPreceding, orm.UnboundedFollowing)).As("last"),
				orm.Window(orm.NthValue("track_id", 2), orm.PartitionBy("album"), orm.OrderBy("track_id"), orm.RowRange(orm.UnboundedPreceding, orm.UnboundedFollowing)).As("second"),
				orm.Window(orm.Count("*"), orm.PartitionBy("album")).As("n"),
				orm.Window(orm.Max("milliseconds"), orm.OrderBy("milliseconds"), orm.ValueRange(orm.Preceding(1000), orm.CurrentRow)).As("near"),
			).AllAnnotated(ctx)
			must(t, err)
			want := handRows(t, ctx, db, d, `SELECT track_id,
				LAG(milliseconds, 1) OVER (PARTITION BY album_id ORDER BY track_id),
				LEAD(name, 2) OVER (PARTITION BY album_id ORDER BY track_id),
				SUM(milliseconds) OVER (PARTITION BY album_id ORDER BY track_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
				AVG(bytes) OVER (PARTITION BY album_id ORDER BY track_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING),
				DENSE_RANK() OVER (PARTITION BY album_id ORDER BY unit_price),
				NTILE(3) OVER (PARTITION BY album_id ORDER BY track_id),
				LAST_VALUE(track_id) OVER (PARTITION BY album_id ORDER BY track_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
				NTH_VALUE(track_id, 2) OVER (PARTITION BY album_id ORDER BY track_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
				COUNT(*) OVER (PARTITION BY album_id),
				MAX(milliseconds) OVER (ORDER BY milliseconds RANGE BETWEEN 1000 PRECEDING AND CURRENT ROW)
				FROM track WHERE album_id <= 30 ORDER BY track_id`)
			if len(want) < 200 || len(rows) != len(want) {
				t.Fatalf("%d rows, SQL %d", len(rows), len(want))
			}
			if b.Name != testenv.MySQL {
				got, err := T.Filter(orm.Q{"album_id": 1}).OrderBy("track_id").Annotate(orm.Window(orm.Lead("name", 2, "none"), orm.PartitionBy("album"), orm.OrderBy("track_id")).As("x")).AllAnnotated(ctx)
				must(t, err)
				want := handRows(t, ctx, db, d, "SELECT LEAD(name, 2, 'none') OVER (ORDER BY track_id) FROM track WHERE album_id = 1 ORDER BY track_id")
				if len(got) != len(want) || len(got) < 5 || got[len(got)-1].Annotations["x"] != "none" {
					t.Fatalf("Lead with a default: %d rows, SQL %d; last %v", len(got), len(want), got[len(got)-1].Annotations)
				}
				for i := range got {
					if text(got[i].Annotations["x"]) != text(want[i][0]) {
						t.Fatalf("row %d: %v, SQL %v", i, got[i].Annotations["x"], want[i][0])
					}
				}
			} else {
				_, err := T.Annotate(orm.Window(orm.Lead("name", 2, "none"), orm.OrderBy("track_id")).As("x")).AllAnnotated(ctx)
				if !errors.Is(err, dialect.ErrUnsupported) {
					t.Fatalf("Lead with a default on MariaDB: %v, want ErrUnsupported", err)
				}
			}
			names := []string{"prev", "next2", "running", "avg3", "dr", "tile", "last", "second", "n", "near"}
			for i, r := range rows {
				if r.Object.TrackID != toI(t, want[i][0]) {
					t.Fatalf("row %d: track %d, SQL %v", i, r.Object.TrackID, want[i][0])
				}
				for j, n := range names {
					if g, w := text(r.Annotations[n]), text(want[i][j+1]); g != w {
						t.Fatalf("track %d: %s = %s (%T), SQL %s", r.Object.TrackID, n, g, r.Annotations[n], w)
					}
				}
				if _, ok := r.Annotations["dr"].(int64); !ok {
					t.Fatalf("DenseRank is %T, not int64", r.Annotations["dr"])
				}
				if _, ok := r.Annotations["prev"].(int64); !ok && r.Annotations["prev"] != nil {
					t.Fatalf("Lag of an integer is %T, not int64", r.Annotations["prev"])
				}
			}
		})
	})
}
