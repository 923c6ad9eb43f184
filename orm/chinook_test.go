package orm_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
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

// The Chinook schema (internal/chinook: the same snake_case names on every
// backend) as sqlorm models.
type (
	ChArtist struct {
		ArtistID int64   `orm:"primary_key"`
		Name     *string `orm:"max_length=120,null"`
	}
	ChAlbum struct {
		AlbumID int64            `orm:"primary_key"`
		Title   string           `orm:"max_length=160"`
		Artist  orm.FK[ChArtist] `orm:"on_delete=do_nothing"`
	}
	ChGenre struct {
		GenreID int64   `orm:"primary_key"`
		Name    *string `orm:"max_length=120,null"`
	}
	ChMediaType struct {
		MediaTypeID int64   `orm:"primary_key"`
		Name        *string `orm:"max_length=120,null"`
	}
	ChTrack struct {
		TrackID      int64               `orm:"primary_key"`
		Name         string              `orm:"max_length=200"`
		Album        orm.FK[ChAlbum]     `orm:"on_delete=do_nothing,null"`
		MediaType    orm.FK[ChMediaType] `orm:"on_delete=do_nothing"`
		Genre        orm.FK[ChGenre]     `orm:"on_delete=do_nothing,null"`
		Composer     *string             `orm:"max_length=220,null"`
		Milliseconds int64
		Bytes        *int64          `orm:"null"`
		UnitPrice    decimal.Decimal `orm:"max_digits=10,decimal_places=2"`
	}
	ChEmployee struct {
		EmployeeID int64              `orm:"primary_key"`
		LastName   string             `orm:"max_length=20"`
		FirstName  string             `orm:"max_length=20"`
		Title      *string            `orm:"max_length=30,null"`
		ReportsTo  orm.FK[ChEmployee] `orm:"on_delete=do_nothing,null,db_column=reports_to"`
		BirthDate  *time.Time         `orm:"null"`
		HireDate   *time.Time         `orm:"null"`
		City       *string            `orm:"max_length=40,null"`
		Country    *string            `orm:"max_length=40,null"`
		Email      *string            `orm:"max_length=60,null"`
	}
	ChCustomer struct {
		CustomerID int64                  `orm:"primary_key"`
		FirstName  string                 `orm:"max_length=40"`
		LastName   string                 `orm:"max_length=20"`
		Company    *string                `orm:"max_length=80,null"`
		City       *string                `orm:"max_length=40,null"`
		State      *string                `orm:"max_length=40,null"`
		Country    *string                `orm:"max_length=40,null"`
		PostalCode *string                `orm:"max_length=10,null"`
		Fax        *string                `orm:"max_length=24,null"`
		Email      string                 `orm:"max_length=60"`
		SupportRep orm.FK[ChEmployee]     `orm:"on_delete=do_nothing,null"`
		Invoices   orm.Reverse[ChInvoice] `orm:"related=chinvoice"`
	}
	ChInvoice struct {
		InvoiceID      int64              `orm:"primary_key"`
		Customer       orm.FK[ChCustomer] `orm:"on_delete=do_nothing"`
		InvoiceDate    time.Time
		BillingCity    *string         `orm:"max_length=40,null"`
		BillingState   *string         `orm:"max_length=40,null"`
		BillingCountry *string         `orm:"max_length=40,null"`
		Total          decimal.Decimal `orm:"max_digits=10,decimal_places=2"`
	}
	ChInvoiceLine struct {
		InvoiceLineID int64             `orm:"primary_key"`
		Invoice       orm.FK[ChInvoice] `orm:"on_delete=do_nothing"`
		Track         orm.FK[ChTrack]   `orm:"on_delete=do_nothing"`
		UnitPrice     decimal.Decimal   `orm:"max_digits=10,decimal_places=2"`
		Quantity      int64
	}
)

func (ChArtist) Meta() orm.Meta    { return orm.Meta{Table: "artist"} }
func (ChAlbum) Meta() orm.Meta     { return orm.Meta{Table: "album"} }
func (ChGenre) Meta() orm.Meta     { return orm.Meta{Table: "genre", Ordering: []string{"name"}} }
func (ChMediaType) Meta() orm.Meta { return orm.Meta{Table: "media_type"} }
func (ChTrack) Meta() orm.Meta     { return orm.Meta{Table: "track"} }
func (ChEmployee) Meta() orm.Meta  { return orm.Meta{Table: "employee"} }
func (ChCustomer) Meta() orm.Meta  { return orm.Meta{Table: "customer"} }
func (ChInvoice) Meta() orm.Meta {
	return orm.Meta{Table: "invoice", Ordering: []string{"-invoice_date", "invoice_id"}}
}
func (ChInvoiceLine) Meta() orm.Meta { return orm.Meta{Table: "invoice_line"} }

// chCase is one comparison: the keys a QuerySet yields against the first
// column of hand-written SQL (? placeholders, rebound per dialect; a
// backend may have its own text).
type chCase struct {
	name    string
	got     func(ctx context.Context, db *sql.DB) ([]int64, error)
	sql     string
	perBack map[string]string // backend name → SQL, when it differs
	args    []any
	ordered bool // compare in order (else as sets)
	min     int  // the hand-written SQL must return at least this many rows
}

// keys runs qs and returns the primary keys of its rows.
func keys[T any](qs *orm.QuerySet[T], key func(*T) int64) func(context.Context, *sql.DB) ([]int64, error) {
	return func(ctx context.Context, _ *sql.DB) ([]int64, error) {
		rows, err := qs.All(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]int64, len(rows))
		for i := range rows {
			out[i] = key(&rows[i])
		}
		return out, nil
	}
}

func trackKey(t *ChTrack) int64       { return t.TrackID }
func customerKey(c *ChCustomer) int64 { return c.CustomerID }
func invoiceKey(i *ChInvoice) int64   { return i.InvoiceID }
func employeeKey(e *ChEmployee) int64 { return e.EmployeeID }
func lineKey(l *ChInvoiceLine) int64  { return l.InvoiceLineID }

// TestChinook runs realistic queries on the Chinook database on SQLite,
// PostgreSQL and MariaDB and compares each QuerySet's rows with what
// hand-written SQL returns from the same database: filters, exclusions
// with NULLs, pattern lookups, dates, Q trees, F comparisons, relations,
// ordering, slicing, counts and aggregates.
func TestChinook(t *testing.T) {
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
		T := orm.Objects[ChTrack](db)
		C := orm.Objects[ChCustomer](db)
		I := orm.Objects[ChInvoice](db)
		E := orm.Objects[ChEmployee](db)
		L := orm.Objects[ChInvoiceLine](db)
		date := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

		cases := []chCase{
			// Filters.
			{name: "exact on a decimal", got: keys(T.Filter(orm.Q{"unit_price": "1.99"}).OrderBy("track_id"), trackKey),
				sql: "SELECT track_id FROM track WHERE unit_price = 1.99 ORDER BY track_id", ordered: true, min: 200},
			{name: "gt and lte", got: keys(T.Filter(orm.Q{"milliseconds__gt": 300000, "bytes__lte": 10000000}), trackKey),
				sql: "SELECT track_id FROM track WHERE milliseconds > 300000 AND bytes <= 10000000", min: 10},
			{name: "in", got: keys(T.Filter(orm.Q{"genre_id__in": []int{1, 3, 25}}), trackKey),
				sql: "SELECT track_id FROM track WHERE genre_id IN (1, 3, 25)", min: 1000},
			{name: "range", got: keys(T.Filter(orm.Q{"milliseconds__range": []int{200000, 210000}}), trackKey),
				sql: "SELECT track_id FROM track WHERE milliseconds BETWEEN 200000 AND 210000", min: 100},
			{name: "isnull", got: keys(T.Filter(orm.Q{"composer__isnull": true}), trackKey),
				sql: "SELECT track_id FROM track WHERE composer IS NULL", min: 900},
			{name: "exact nil", got: keys(C.Filter(orm.Q{"company": nil}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE company IS NULL", min: 40},

			// Exclusions with NULLs.
			{name: "exclude keeps NULL companies", got: keys(C.Exclude(orm.Q{"company": "Google Inc."}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE company IS NULL OR company <> 'Google Inc.'", min: 58},
			{name: "exclude a pattern keeps NULL", got: keys(C.Exclude(orm.Q{"company__icontains": "inc"}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE company IS NULL OR UPPER(company) NOT LIKE '%INC%'", min: 40},
			{name: "exclude across a nullable FK keeps rows without it", got: keys(T.Exclude(orm.Q{"genre__name": "Rock"}), trackKey),
				sql: "SELECT t.track_id FROM track t LEFT JOIN genre g ON t.genre_id = g.genre_id WHERE g.name IS NULL OR g.name <> 'Rock'", min: 2000},
			{name: "exclude isnull", got: keys(C.Exclude(orm.Q{"state__isnull": true}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE state IS NOT NULL", min: 20},
			{name: "Not on a nullable FK column", got: keys(C.Filter(orm.Not(orm.Q{"support_rep_id": 3})), customerKey),
				sql: "SELECT customer_id FROM customer WHERE support_rep_id IS NULL OR support_rep_id <> 3", min: 30},

			// Pattern lookups.
			{name: "contains is case-sensitive", got: keys(T.Filter(orm.Q{"name__contains": "Love"}), trackKey),
				sql:     "SELECT track_id FROM track WHERE name LIKE '%Love%'",
				perBack: map[string]string{testenv.SQLite: "SELECT track_id FROM track WHERE instr(name, 'Love') > 0", testenv.MySQL: "SELECT track_id FROM track WHERE name LIKE BINARY '%Love%'"}, min: 30},
			{name: "icontains", got: keys(T.Filter(orm.Q{"name__icontains": "love"}), trackKey),
				sql: "SELECT track_id FROM track WHERE UPPER(name) LIKE '%LOVE%'", min: 100},
			{name: "startswith", got: keys(T.Filter(orm.Q{"composer__startswith": "Jimmy"}), trackKey),
				sql:     "SELECT track_id FROM track WHERE composer LIKE 'Jimmy%'",
				perBack: map[string]string{testenv.SQLite: "SELECT track_id FROM track WHERE substr(composer, 1, 5) = 'Jimmy'", testenv.MySQL: "SELECT track_id FROM track WHERE composer LIKE BINARY 'Jimmy%'"}, min: 10},
			{name: "iendswith", got: keys(T.Filter(orm.Q{"name__iendswith": "BLUES"}), trackKey),
				sql: "SELECT track_id FROM track WHERE UPPER(name) LIKE '%BLUES'", min: 5},
			{name: "contains a percent sign literally", got: keys(T.Filter(orm.Q{"name__contains": "0%"}).OrderBy("track_id"), trackKey),
				sql:     "SELECT track_id FROM track WHERE instr(name, '0%') > 0 ORDER BY track_id",
				perBack: map[string]string{testenv.Postgres: "SELECT track_id FROM track WHERE strpos(name, '0%') > 0 ORDER BY track_id", testenv.MySQL: "SELECT track_id FROM track WHERE LOCATE(BINARY '0%', name) > 0 ORDER BY track_id"}, ordered: true, min: 1},
			{name: "istartswith a percent sign", got: keys(T.Filter(orm.Q{"name__istartswith": ".07%"}), trackKey),
				sql: "SELECT track_id FROM track WHERE substr(name, 1, 4) = '.07%'", min: 1},
			{name: "underscore is not a wildcard", got: keys(C.Filter(orm.Q{"email__contains": "n_p"}), customerKey),
				sql:     "SELECT customer_id FROM customer WHERE instr(email, 'n_p') > 0",
				perBack: map[string]string{testenv.Postgres: "SELECT customer_id FROM customer WHERE strpos(email, 'n_p') > 0", testenv.MySQL: "SELECT customer_id FROM customer WHERE LOCATE(BINARY 'n_p', email) > 0"}, min: 1},
			{name: "regex", got: keys(T.Filter(orm.Q{"name__regex": "^[0-9]+ "}), trackKey),
				sql:     "SELECT track_id FROM track WHERE name ~ '^[0-9]+ '",
				perBack: map[string]string{testenv.SQLite: "SELECT track_id FROM track WHERE name REGEXP '^[0-9]+ '", testenv.MySQL: "SELECT track_id FROM track WHERE name REGEXP '^[0-9]+ '"}, min: 5},

			// Dates.
			{name: "year", got: keys(I.Filter(orm.Q{"invoice_date__year": 2023}), invoiceKey),
				sql: "SELECT invoice_id FROM invoice WHERE invoice_date >= ? AND invoice_date < ?", args: []any{"2023-01-01", "2024-01-01"}, min: 80},
			{name: "year gte", got: keys(I.Filter(orm.Q{"invoice_date__year__gte": 2024}), invoiceKey),
				sql: "SELECT invoice_id FROM invoice WHERE invoice_date >= ?", args: []any{"2024-01-01"}, min: 80},
			{name: "month", got: keys(I.Filter(orm.Q{"invoice_date__month": 12}), invoiceKey),
				sql:     "SELECT invoice_id FROM invoice WHERE EXTRACT(MONTH FROM invoice_date) = 12",
				perBack: map[string]string{testenv.SQLite: "SELECT invoice_id FROM invoice WHERE strftime('%m', invoice_date) = '12'"}, min: 20},
			{name: "day and quarter", got: keys(I.Filter(orm.Q{"invoice_date__day": 5, "invoice_date__quarter": 2}), invoiceKey),
				sql:     "SELECT invoice_id FROM invoice WHERE EXTRACT(DAY FROM invoice_date) = 5 AND EXTRACT(QUARTER FROM invoice_date) = 2",
				perBack: map[string]string{testenv.SQLite: "SELECT invoice_id FROM invoice WHERE strftime('%d', invoice_date) = '05' AND strftime('%m', invoice_date) IN ('04', '05', '06')"}, min: 1},
			{name: "week_day is Sunday=1", got: keys(I.Filter(orm.Q{"invoice_date__week_day": 1}), invoiceKey),
				sql: "SELECT invoice_id FROM invoice WHERE EXTRACT(DOW FROM invoice_date) = 0",
				perBack: map[string]string{testenv.SQLite: "SELECT invoice_id FROM invoice WHERE strftime('%w', invoice_date) = '0'",
					testenv.MySQL: "SELECT invoice_id FROM invoice WHERE DAYOFWEEK(invoice_date) = 1"}, min: 40},
			{name: "date", got: keys(I.Filter(orm.Q{"invoice_date__date": date(2022, 3, 4)}), invoiceKey),
				sql:     "SELECT invoice_id FROM invoice WHERE CAST(invoice_date AS DATE) = '2022-03-04'",
				perBack: map[string]string{testenv.SQLite: "SELECT invoice_id FROM invoice WHERE date(invoice_date) = '2022-03-04'"}},
			// Chinook's SQLite dates are text in another layout than
			// sqlorm's ("2025-06-01 00:00:00"): comparisons there are text
			// comparisons, right for gt and lte at a stored instant and
			// for any lookup between stored instants.
			{name: "gt a time", got: keys(I.Filter(orm.Q{"invoice_date__gt": date(2025, 6, 1)}), invoiceKey),
				sql: "SELECT invoice_id FROM invoice WHERE invoice_date > ?", args: []any{"2025-06-01 00:00:00"}, min: 30},
			{name: "lte and lt between stored instants", got: keys(I.Filter(orm.Q{"invoice_date__lte": date(2021, 3, 1), "invoice_date__lt": date(2021, 2, 20).Add(12 * time.Hour)}), invoiceKey),
				sql: "SELECT invoice_id FROM invoice WHERE invoice_date <= ? AND invoice_date < ?", args: []any{"2021-03-01 00:00:00", "2021-02-20 12:00:00"}, min: 10},
			{name: "employees born before 1960", got: keys(E.Filter(orm.Q{"birth_date__lt": date(1960, 1, 1)}), employeeKey),
				sql: "SELECT employee_id FROM employee WHERE birth_date < ?", args: []any{"1960-01-01"}, min: 1},

			// Q trees.
			{name: "Or", got: keys(T.Filter(orm.Or(orm.Q{"genre__name": "Jazz"}, orm.Q{"composer__isnull": true, "milliseconds__lt": 60000})), trackKey),
				sql: "SELECT t.track_id FROM track t LEFT JOIN genre g ON t.genre_id = g.genre_id WHERE g.name = 'Jazz' OR (t.composer IS NULL AND t.milliseconds < 60000)", min: 130},
			{name: "nested Not", got: keys(C.Filter(orm.And(orm.Or(orm.Q{"country": "USA"}, orm.Q{"country": "Canada"}), orm.Not(orm.Or(orm.Q{"state": "CA"}, orm.Q{"company__isnull": false})))), customerKey),
				sql: "SELECT customer_id FROM customer WHERE (country = 'USA' OR country = 'Canada') AND NOT ((state = 'CA' AND state IS NOT NULL) OR company IS NOT NULL)", min: 5},
			{name: "Or with an empty in", got: keys(C.Filter(orm.Or(orm.Q{"customer_id__in": []int{}}, orm.Q{"country": "Brazil"})), customerKey),
				sql: "SELECT customer_id FROM customer WHERE country = 'Brazil'", min: 5},

			// Relations and F.
			{name: "two joins", got: keys(T.Filter(orm.Q{"album__artist__name": "AC/DC"}).OrderBy("track_id"), trackKey),
				sql: "SELECT t.track_id FROM track t JOIN album a ON t.album_id = a.album_id JOIN artist r ON a.artist_id = r.artist_id WHERE r.name = 'AC/DC' ORDER BY t.track_id", ordered: true, min: 18},
			{name: "self reference", got: keys(E.Filter(orm.Q{"reports_to__last_name": "Edwards"}), employeeKey),
				sql: "SELECT e.employee_id FROM employee e JOIN employee m ON e.reports_to = m.employee_id WHERE m.last_name = 'Edwards'", min: 3},
			{name: "F across a FK", got: keys(L.Filter(orm.Q{"unit_price__lt": orm.F("track__unit_price")}), lineKey),
				sql: "SELECT l.invoice_line_id FROM invoice_line l JOIN track t ON l.track_id = t.track_id WHERE l.unit_price < t.unit_price"},
			{name: "F equal across a FK", got: keys(I.Filter(orm.Q{"billing_city": orm.F("customer__city")}), invoiceKey),
				sql: "SELECT i.invoice_id FROM invoice i JOIN customer c ON i.customer_id = c.customer_id WHERE i.billing_city = c.city", min: 400},
			{name: "F arithmetic", got: keys(T.Filter(orm.Q{"bytes__gt": orm.F("milliseconds").Mul(40)}), trackKey),
				sql: "SELECT track_id FROM track WHERE bytes > milliseconds * 40", min: 100},
			{name: "exclude F on nullable columns", got: keys(C.Exclude(orm.Q{"state": orm.F("city")}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE NOT (state = city AND state IS NOT NULL AND city IS NOT NULL)", min: 50},
			{name: "FK isnull and FK value", got: keys(E.Filter(orm.Q{"reports_to__isnull": false, "reports_to": 2}), employeeKey),
				sql: "SELECT employee_id FROM employee WHERE reports_to IS NOT NULL AND reports_to = 2", min: 3},

			// Ordering and slicing.
			{name: "ordered and sliced", got: keys(T.OrderBy("-milliseconds", "track_id").Offset(5).Limit(10), trackKey),
				sql: "SELECT track_id FROM track ORDER BY milliseconds DESC, track_id LIMIT 10 OFFSET 5", ordered: true, min: 10},
			{name: "Meta.Ordering", got: keys(I.Filter(orm.Q{"customer_id": 7}), invoiceKey),
				sql: "SELECT invoice_id FROM invoice WHERE customer_id = 7 ORDER BY invoice_date DESC, invoice_id", ordered: true, min: 5},
			{name: "Reverse", got: keys(I.Filter(orm.Q{"customer_id": 7}).Reverse(), invoiceKey),
				sql: "SELECT invoice_id FROM invoice WHERE customer_id = 7 ORDER BY invoice_date, invoice_id DESC", ordered: true, min: 5},
			{name: "ordered across a FK", got: keys(T.Filter(orm.Q{"album_id__lte": 5}).OrderBy("album__title", "-track_id"), trackKey),
				sql: "SELECT t.track_id FROM track t LEFT JOIN album a ON t.album_id = a.album_id WHERE t.album_id <= 5 ORDER BY a.title, t.track_id DESC", ordered: true, min: 20},
			{name: "ordered by a FK with Meta.Ordering", got: keys(T.Filter(orm.Q{"album_id": 141}).OrderBy("genre", "track_id"), trackKey),
				sql: "SELECT t.track_id FROM track t LEFT JOIN genre g ON t.genre_id = g.genre_id WHERE t.album_id = 141 ORDER BY g.name, t.track_id", ordered: true, min: 5},
			{name: "nulls last", got: keys(C.OrderBy(orm.F("company").Asc(orm.NullsLast), "customer_id"), customerKey),
				sql:     "SELECT customer_id FROM customer ORDER BY company IS NULL, company, customer_id",
				perBack: map[string]string{testenv.Postgres: "SELECT customer_id FROM customer ORDER BY company ASC NULLS LAST, customer_id"}, ordered: true, min: 59},
			{name: "nulls first descending", got: keys(C.OrderBy(orm.F("state").Desc(orm.NullsFirst), "customer_id"), customerKey),
				sql:     "SELECT customer_id FROM customer ORDER BY state IS NOT NULL, state DESC, customer_id",
				perBack: map[string]string{testenv.Postgres: "SELECT customer_id FROM customer ORDER BY state DESC NULLS FIRST, customer_id"}, ordered: true, min: 59},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, err := c.got(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				q := c.sql
				if s, ok := c.perBack[b.Name]; ok {
					q = s
				}
				want := handKeys(t, ctx, db, d, q, c.args...)
				if len(want) < c.min {
					t.Fatalf("the reference query returned %d rows, fewer than the %d the case is meant for", len(want), c.min)
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

		t.Run("count and exists", func(t *testing.T) {
			n, err := T.Filter(orm.Q{"genre__name": "Rock", "unit_price": "0.99"}).Count(ctx)
			must(t, err)
			want := handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM track t JOIN genre g ON t.genre_id = g.genre_id WHERE g.name = 'Rock' AND t.unit_price = 0.99")
			if n != want[0] {
				t.Errorf("Count = %d, SQL %d", n, want[0])
			}
			ok, err := C.Filter(orm.Q{"country": "Atlantis"}).Exists(ctx)
			must(t, err)
			if ok {
				t.Error("Exists(Atlantis)")
			}
			n, err = I.Filter(orm.Q{"total__gt": 10}).Offset(10).Limit(1000).Count(ctx)
			must(t, err)
			want = handKeys(t, ctx, db, d, "SELECT COUNT(*) - 10 FROM invoice WHERE total > 10")
			if n != want[0] {
				t.Errorf("sliced Count = %d, SQL %d", n, want[0])
			}
		})

		t.Run("aggregates", func(t *testing.T) {
			got, err := I.Filter(orm.Q{"billing_country": "Germany"}).Aggregate(ctx,
				orm.Sum("total").As("total"), orm.Avg("total").As("avg"), orm.Count("invoice_id").As("n"),
				orm.Min("invoice_date").As("first"), orm.Max("total").As("top"), orm.Count("customer").Distinct().As("customers"))
			must(t, err)
			row := handRow(t, ctx, db, d, "SELECT SUM(total), AVG(total), COUNT(invoice_id), MAX(total), COUNT(DISTINCT customer_id) FROM invoice WHERE billing_country = 'Germany'")
			if !got["total"].(decimal.Decimal).Equal(decRound(row[0], 2)) {
				t.Errorf("Sum = %v, SQL %v", got["total"], row[0])
			}
			if !got["avg"].(decimal.Decimal).Round(6).Equal(decRound(row[1], 6)) {
				t.Errorf("Avg = %v, SQL %v", got["avg"], row[1])
			}
			if got["n"] != toI(t, row[2]) || got["customers"] != toI(t, row[4]) {
				t.Errorf("counts %v %v, SQL %v %v", got["n"], got["customers"], row[2], row[4])
			}
			if !got["top"].(decimal.Decimal).Equal(decRound(row[3], 2)) {
				t.Errorf("Max = %v, SQL %v", got["top"], row[3])
			}
			if first, ok := got["first"].(time.Time); !ok || first.Before(date(2020, 1, 1)) {
				t.Errorf("Min date = %v", got["first"])
			}
			// StdDev against the values computed here.
			totals, err := orm.ValuesListFlat[decimal.Decimal](ctx, I.Filter(orm.Q{"billing_country": "Germany"}), "total")
			must(t, err)
			var mean, ss float64
			for _, v := range totals {
				mean += v.InexactFloat64() / float64(len(totals))
			}
			for _, v := range totals {
				ss += (v.InexactFloat64() - mean) * (v.InexactFloat64() - mean)
			}
			sd, err := I.Filter(orm.Q{"billing_country": "Germany"}).Aggregate(ctx, orm.StdDev("total"), orm.Variance("total").Sample())
			must(t, err)
			if math.Abs(sd["total__stddev"].(float64)-math.Sqrt(ss/float64(len(totals)))) > 1e-9 ||
				math.Abs(sd["total__variance"].(float64)-ss/float64(len(totals)-1)) > 1e-9 {
				t.Errorf("StdDev %v Variance %v, want %v %v", sd["total__stddev"], sd["total__variance"], math.Sqrt(ss/float64(len(totals))), ss/float64(len(totals)-1))
			}
			across, err := L.Filter(orm.Q{"track__genre__name": "Jazz"}).Aggregate(ctx, orm.Sum(orm.F("unit_price").Mul(orm.F("quantity"))).As("revenue"))
			must(t, err)
			row = handRow(t, ctx, db, d, "SELECT SUM(l.unit_price * l.quantity) FROM invoice_line l JOIN track t ON l.track_id = t.track_id JOIN genre g ON t.genre_id = g.genre_id WHERE g.name = 'Jazz'")
			if !across["revenue"].(decimal.Decimal).Equal(decRound(row[0], 2)) {
				t.Errorf("revenue %v, SQL %v", across["revenue"], row[0])
			}
		})

		t.Run("values across a FK", func(t *testing.T) {
			rows, err := T.Filter(orm.Q{"album_id": 1}).OrderBy("track_id").Values("name", "album__title", "genre__name", "unit_price").All(ctx)
			must(t, err)
			ref := handRows(t, ctx, db, d, "SELECT t.name, a.title, g.name FROM track t JOIN album a ON t.album_id = a.album_id LEFT JOIN genre g ON t.genre_id = g.genre_id WHERE t.album_id = 1 ORDER BY t.track_id")
			if len(rows) != len(ref) || len(rows) == 0 {
				t.Fatalf("%d rows, SQL %d", len(rows), len(ref))
			}
			for i, r := range rows {
				if r["name"] != ref[i][0] || r["album__title"] != ref[i][1] || r["genre__name"] != ref[i][2] {
					t.Fatalf("row %d: %v, SQL %v", i, r, ref[i])
				}
				if _, ok := r["unit_price"].(decimal.Decimal); !ok {
					t.Fatalf("unit_price is %T", r["unit_price"])
				}
			}
		})

		t.Run("update and delete in a rolled-back transaction", func(t *testing.T) {
			err := orm.Atomic(ctx, db, func(ctx context.Context) error {
				n, err := T.Filter(orm.Q{"genre__name": "Jazz"}).Update(ctx, orm.Set{"unit_price": orm.F("unit_price").Add("0.10")})
				must(t, err)
				want := handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM track t JOIN genre g ON t.genre_id = g.genre_id WHERE g.name = 'Jazz' AND t.unit_price = 1.09")
				if n != want[0] || n < 100 {
					t.Errorf("Update matched %d, %d now cost 1.09", n, want[0])
				}
				n, err = L.Filter(orm.Q{"invoice__billing_country": "Norway"}).Delete(ctx)
				must(t, err)
				if n == 0 {
					t.Error("Delete across a FK deleted nothing")
				}
				return orm.SetRollback(ctx, true)
			})
			must(t, err)
		})
	})
}

// handKeys runs hand-written SQL and returns its first column as int64s.
func handKeys(t *testing.T, ctx context.Context, db *sql.DB, d dialect.Dialect, q string, args ...any) []int64 {
	t.Helper()
	rows := handRows(t, ctx, db, d, q, args...)
	out := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = toI(t, r[0])
	}
	return out
}

func handRow(t *testing.T, ctx context.Context, db *sql.DB, d dialect.Dialect, q string, args ...any) []any {
	t.Helper()
	rows := handRows(t, ctx, db, d, q, args...)
	if len(rows) != 1 {
		t.Fatalf("%d rows from %s", len(rows), q)
	}
	return rows[0]
}

func handRows(t *testing.T, ctx context.Context, db *sql.DB, d dialect.Dialect, q string, args ...any) [][]any {
	t.Helper()
	rows, err := orm.ExecuteRawSQL(ctx, db, orm.Rebind(d, q), args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return rows
}

func toI(t *testing.T, v any) int64 {
	t.Helper()
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			t.Fatalf("%q is not an integer", x)
		}
		return n
	case []byte:
		return toI(t, string(x))
	}
	t.Fatalf("%T %v is not an integer", v, v)
	return 0
}

// decRound reads a number the driver returned as a decimal rounded to
// places (SQLite returns REAL sums with binary noise).
func decRound(v any, places int32) decimal.Decimal {
	switch x := v.(type) {
	case float64:
		return decimal.NewFromFloat(x).Round(places)
	case int64:
		return decimal.New(x, 0)
	}
	return decimal.RequireFromString(fmt.Sprint(v)).Round(places)
}

func head(ids []int64) []int64 {
	if len(ids) > 12 {
		return ids[:12]
	}
	return ids
}
