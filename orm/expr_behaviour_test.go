package orm_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/chinook"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// TestExpressionsBehaviour runs the database functions, Case/When and
// subqueries on the QuerySet fixture (see newQSFixture) on SQLite,
// PostgreSQL and MariaDB.
func TestExpressionsBehaviour(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newQSFixture(t, b)
		ctx := f.ctx
		P := func() *orm.QuerySet[Product] { return orm.Objects[Product](f.db) }
		C := func() *orm.QuerySet[Category] { return orm.Objects[Category](f.db) }

		sets := []struct {
			name    string
			qs      *orm.QuerySet[Product]
			want    []string
			ordered bool
		}{
			{"Lower as a value", P().Filter(orm.Q{"name__contains": orm.Lower("name")}), []string{"gizmo"}, false},
			{"Left", P().Filter(orm.Q{"name": orm.Concat(orm.Left("name", 3), orm.Value("get"))}), []string{"Gadget", "Widget"}, false},
			{"Right", P().Filter(orm.Q{"name__endswith": orm.Right("name", 3), "description__isnull": false, "price__lt": 50}), []string{"Widget"}, false},
			{"Right compared with text", P().Filter(orm.Q{"name": orm.Concat(orm.Left("name", 3), orm.Right(orm.Value("budget"), 3))}), []string{"Gadget", "Widget"}, false},
			{"Substr", P().Filter(orm.Q{"name": orm.Concat(orm.Value("W"), orm.Substr("name", 2, 5))}), []string{"Widget"}, false},
			{"Substr to the end", P().Filter(orm.Q{"name": orm.Concat(orm.Value("Doo"), orm.Substr("name", 4, nil))}), []string{"Doohickey"}, false},
			{"StrIndex", P().Filter(orm.Q{"price__gt": orm.StrIndex("name", orm.Value("dg"))}), []string{"Doohickey", "Gadget", "Widget", "gizmo"}, false},
			{"StrIndex found", P().Annotate(orm.StrIndex("name", orm.Value("dg")).As("at")).Filter(orm.Q{"at": 3}), []string{"Gadget", "Widget"}, false},
			{"StrIndex not found is 0", P().Annotate(orm.StrIndex("name", orm.Value("zz")).As("at")).Filter(orm.Q{"at": 0}), []string{"Doohickey", "Gadget", "Widget", "gizmo"}, false},
			{"Trim", P().Filter(orm.Q{"name": orm.Trim(orm.Value("  gizmo "))}), []string{"gizmo"}, false},
			{"LTrim and RTrim", P().Filter(orm.Q{"name": orm.Concat(orm.LTrim(orm.Value("  Wid")), orm.RTrim(orm.Value("get  ")))}), []string{"Widget"}, false},
			{"Replace", P().Annotate(orm.Replace("name", orm.Value("dg"), orm.Value("DG")).As("r")).Filter(orm.Q{"r__contains": "DG"}), []string{"Gadget", "Widget"}, false},
			{"Replace with nothing", P().Filter(orm.Q{"name": orm.Concat(orm.Replace("name", orm.Value("get"), nil), orm.Value("get"))}), []string{"Gadget", "Widget"}, false},
			{"Abs", P().Filter(orm.Q{"price__lt": orm.Abs(orm.F("price").Sub(100))}), []string{"Widget"}, false},
			{"NullIf", P().Filter(orm.Q{"name": orm.Coalesce(orm.NullIf("status", orm.Value("draft")), "name")}), []string{"Widget", "gizmo"}, false},
			{"Extract year", P().Annotate(orm.Extract("created_at", "year").As("y")).Filter(orm.Q{"y": time.Now().UTC().Year()}), []string{"Doohickey", "Gadget", "Widget", "gizmo"}, false},
			{"Extract month of an expression", P().Filter(orm.Q{"id__gte": orm.Extract(orm.Coalesce("updated_at", "created_at"), "month").Sub(int(time.Now().UTC().Month())).Add(1)}), []string{"Doohickey", "Gadget", "Widget", "gizmo"}, false},
			{"Extract before 2000", P().Annotate(orm.Extract("created_at", "year").As("y")).Filter(orm.Q{"y__lt": 2000}), nil, false},
			{"Greatest", P().Filter(orm.Q{"price": orm.Greatest("price", orm.Value(50))}), []string{"Doohickey", "Gadget", "gizmo"}, false},
			{"Least", P().Filter(orm.Q{"price": orm.Least("price", orm.Value(50), orm.Value(60))}), []string{"Widget", "gizmo"}, false},
			{"Upper of a value", P().Filter(orm.Q{"status": orm.Lower(orm.Value("DRAFT"))}), []string{"Widget", "gizmo"}, false},
			{"Length compared", P().Filter(orm.Q{"price__lt": orm.Length("name").Add(4)}), []string{"Widget"}, false},
			{"Coalesce of a nullable column", P().Filter(orm.Q{"status": orm.Coalesce("description", orm.Value("published"))}), []string{"Gadget"}, false},
			{"Concat of columns and text", P().Filter(orm.Q{"description": orm.Concat(orm.Value("sm"), orm.Value("all"))}), []string{"Widget"}, false},
			{"Concat with a NULL part", P().Filter(orm.Q{"name": orm.Concat("description", orm.Value("Gadget"))}), []string{"Gadget"}, false},
			{"OrderBy Lower", P().OrderBy(orm.Lower("name")), []string{"Doohickey", "Gadget", "gizmo", "Widget"}, true},
			{"OrderBy Length desc then name", P().OrderBy(orm.Length("name").Desc(), "name"), []string{"Doohickey", "Gadget", "Widget", "gizmo"}, true},
			{"OrderBy Case", P().OrderBy(orm.Case(orm.When(orm.Q{"category__name": "Games"}, orm.Value(0)), orm.When(orm.Q{"category__isnull": true}, orm.Value(1)), orm.Default(orm.Value(2))), "name"),
				[]string{"Gadget", "gizmo", "Doohickey", "Widget"}, true},
			{"Case as a value", P().Filter(orm.Q{"status": orm.Case(orm.When(orm.Q{"price__gte": 70}, orm.Value("published")), orm.Default(orm.Value("draft")))}),
				[]string{"Doohickey", "Gadget", "Widget", "gizmo"}, false},
			{"Exists with OuterRef", P().Filter(orm.Exists(C().Filter(orm.Q{"id": orm.OuterRef("category"), "name": "Books"}))), []string{"Doohickey", "Widget"}, false},
			{"Exclude Exists keeps rows without one", P().Exclude(orm.Exists(C().Filter(orm.Q{"id": orm.OuterRef("category"), "name": "Books"}))), []string{"Gadget", "gizmo"}, false},
			{"in Subquery", P().Filter(orm.Q{"category__in": orm.Subquery(C().Filter(orm.Q{"name__startswith": "G"}).ValuesList("id"))}), []string{"Gadget"}, false},
			{"scalar Subquery", P().Filter(orm.Q{"price": orm.Subquery(P().Filter(orm.Q{"category": orm.OuterRef("category")}).OrderBy("-price").Limit(1).ValuesList("price"))}),
				[]string{"Doohickey", "Gadget"}, false},
		}
		for _, c := range sets {
			t.Run(c.name, func(t *testing.T) {
				got := f.names(t, c.qs)
				want := c.want
				if !c.ordered {
					got, want = sortedNames(got), sortedNames(want)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("got %v, want %v", got, want)
				}
			})
		}

		t.Run("categories with a product over 100 via Exists", func(t *testing.T) {
			cs, err := C().Filter(orm.Exists(P().Filter(orm.Q{"category": orm.OuterRef("pk"), "price__gt": 100}))).All(ctx)
			must(t, err)
			if len(cs) != 1 || cs[0].Name != "Games" {
				t.Fatalf("got %v", cs)
			}
		})

		t.Run("conditional aggregation", func(t *testing.T) {
			got, err := P().Aggregate(ctx,
				orm.Sum(orm.Case(orm.When(orm.Q{"status": "published"}, "price"), orm.Default(0))).As("published"),
				orm.Sum(orm.Case(orm.When(orm.Q{"status": "draft"}, orm.Value(1)), orm.Default(orm.Value(0)))).As("drafts"),
				orm.Count(orm.Case(orm.When(orm.Q{"description__isnull": true}, orm.Value(1)))).As("nodesc"))
			must(t, err)
			if d, ok := got["published"].(decimal.Decimal); !ok || !d.Equal(decimal.RequireFromString("195.5")) {
				t.Errorf("published = %v (%T)", got["published"], got["published"])
			}
			if got["drafts"] != int64(2) || got["nodesc"] != int64(1) {
				t.Errorf("drafts = %v (%T), nodesc = %v", got["drafts"], got["drafts"], got["nodesc"])
			}
		})

		t.Run("Update with Case, Concat and Upper", func(t *testing.T) {
			err := orm.Atomic(ctx, f.db, func(ctx context.Context) error {
				n, err := P().Filter(orm.AllRows()).Update(ctx, orm.Set{
					"price": orm.Case(
						orm.When(orm.Q{"price__gte": 100}, orm.F("price").Sub(20)),
						orm.When(orm.Q{"category__isnull": true}, decimal.RequireFromString("1.50")),
						orm.Default("price")),
					"description": orm.Concat(orm.Upper("name"), orm.Value(":"), orm.Coalesce("description", orm.Value("-"))),
				})
				must(t, err)
				if n != 4 {
					t.Errorf("Update matched %d", n)
				}
				ps, err := P().OrderBy("name").All(ctx)
				must(t, err)
				want := map[string][2]string{"Doohickey": {"75.5", "DOOHICKEY:x"}, "Gadget": {"100", "GADGET:-"}, "Widget": {"9.99", "WIDGET:small"}, "gizmo": {"1.5", "GIZMO:A_b%c"}}
				for _, p := range ps {
					w := want[p.Name]
					if !p.Price.Equal(decimal.RequireFromString(w[0])) || p.Description == nil || *p.Description != w[1] {
						t.Errorf("%s: price %v description %v, want %v", p.Name, p.Price, deref(p.Description), w)
					}
				}
				return orm.SetRollback(ctx, true)
			})
			must(t, err)
		})

		t.Run("Update from a Subquery", func(t *testing.T) {
			err := orm.Atomic(ctx, f.db, func(ctx context.Context) error {
				_, err := C().Filter(orm.AllRows()).Update(ctx, orm.Set{"name": orm.Coalesce(orm.Subquery(
					P().Filter(orm.Q{"category": orm.OuterRef("pk")}).OrderBy("-price").Limit(1).ValuesList("name")), "name")})
				must(t, err)
				names, err := orm.ValuesListFlat[string](ctx, C().OrderBy("id"), "name")
				must(t, err)
				if !slices.Equal(names, []string{"Doohickey", "Gadget"}) {
					t.Errorf("names %v", names)
				}
				return orm.SetRollback(ctx, true)
			})
			must(t, err)
		})

		t.Run("Now compares with stored datetimes", func(t *testing.T) {
			// created_at was written by Create a moment ago, in sqlorm's
			// storage form; Now is later, and an hour ago is earlier.
			time.Sleep(5 * time.Millisecond)
			n, err := P().Filter(orm.Q{"created_at__lte": orm.Now()}).Count(ctx)
			must(t, err)
			if n != 4 {
				t.Errorf("created_at <= Now(): %d rows", n)
			}
			n, err = P().Filter(orm.Q{"created_at__gt": orm.Now()}).Count(ctx)
			must(t, err)
			if n != 0 {
				t.Errorf("created_at > Now(): %d rows", n)
			}
			err = orm.Atomic(ctx, f.db, func(ctx context.Context) error {
				_, err := P().Filter(orm.Q{"name": "Widget"}).Update(ctx, orm.Set{"updated_at": orm.Now()})
				must(t, err)
				p, err := P().Get(ctx, orm.Q{"name": "Widget"})
				must(t, err)
				if d := time.Since(p.UpdatedAt); d < -time.Minute || d > time.Minute {
					t.Errorf("updated_at set by Now() = %v, %v from here", p.UpdatedAt, d)
				}
				n, err := P().Filter(orm.Q{"updated_at__gt": time.Now().Add(-time.Hour), "updated_at__lte": orm.Now()}).Count(ctx)
				must(t, err)
				if n != 4 {
					t.Errorf("updated_at between an hour ago and Now(): %d rows", n)
				}
				return orm.SetRollback(ctx, true)
			})
			must(t, err)
		})

		t.Run("errors send nothing", func(t *testing.T) {
			for _, qs := range []*orm.QuerySet[Product]{
				P().Filter(orm.Q{"name": orm.OuterRef("name")}),
				P().Filter(orm.Q{"id__in": orm.Subquery(C().Values("id", "name"))}),
				P().OrderBy(orm.Lower("nope")),
			} {
				if _, err := qs.All(ctx); err == nil || !errorsIsInvalid(err) {
					t.Errorf("%v: want ErrInvalidQuery", err)
				}
			}
		})
	})
}

// TestChinookExpressions compares functions, Case and subqueries on the
// Chinook data with hand-written SQL, on SQLite, PostgreSQL and MariaDB.
func TestChinookExpressions(t *testing.T) {
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
		C := orm.Objects[ChCustomer](db)
		I := orm.Objects[ChInvoice](db)
		E := orm.Objects[ChEmployee](db)

		cases := []chCase{
			{name: "customers with an invoice over 15 via Exists",
				got: keys(C.Filter(orm.Exists(I.Filter(orm.Q{"customer": orm.OuterRef("pk"), "total__gt": 15}))), customerKey),
				sql: "SELECT c.customer_id FROM customer c WHERE EXISTS (SELECT 1 FROM invoice i WHERE i.customer_id = c.customer_id AND i.total > 15)", min: 5},
			{name: "customers without one via Exclude Exists",
				got: keys(C.Exclude(orm.Exists(I.Filter(orm.Q{"customer": orm.OuterRef("pk"), "total__gt": 15}))), customerKey),
				sql: "SELECT c.customer_id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM invoice i WHERE i.customer_id = c.customer_id AND i.total > 15)", min: 20},
			{name: "in a Subquery across a FK",
				got: keys(C.Filter(orm.Q{"customer_id__in": orm.Subquery(I.Filter(orm.Q{"billing_country": "Germany", "customer__support_rep__last_name": "Peacock"}).ValuesList("customer"))}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE customer_id IN (SELECT i.customer_id FROM invoice i JOIN customer c ON i.customer_id = c.customer_id JOIN employee e ON c.support_rep_id = e.employee_id WHERE i.billing_country = 'Germany' AND e.last_name = 'Peacock')"},
			{name: "latest invoice of each customer is its largest: scalar Subquery",
				got: keys(C.Filter(orm.Q{"customer_id__lt": 30, "customer_id__in": orm.Subquery(I.Filter(orm.Q{
					"total": orm.Subquery(I.Filter(orm.Q{"customer": orm.OuterRef("customer")}).OrderBy("-total", "invoice_id").Limit(1).ValuesList("total")),
				}).ValuesList("customer"))}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE customer_id < 30 AND customer_id IN (SELECT i.customer_id FROM invoice i WHERE i.total = (SELECT MAX(j.total) FROM invoice j WHERE j.customer_id = i.customer_id))", min: 29},
			{name: "ordered by Lower then key",
				got: keys(C.Filter(orm.Q{"country": "USA"}).OrderBy(orm.Lower("city"), "customer_id"), customerKey),
				sql: "SELECT customer_id FROM customer WHERE country = 'USA' ORDER BY LOWER(city), customer_id", ordered: true, min: 13},
			{name: "Coalesce of a nullable column",
				got: keys(C.Filter(orm.Q{"city": orm.Coalesce("state", "city")}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE city = COALESCE(state, city)", min: 20},
			{name: "Coalesce with a value",
				got: keys(C.Filter(orm.Q{"company__startswith": orm.Coalesce("state", orm.Value("Jet"))}), customerKey),
				sql: "SELECT customer_id FROM customer WHERE state IS NULL AND company LIKE 'Jet%'", min: 1},
			{name: "Concat of first and last name",
				got:     keys(C.Filter(orm.Q{"email__istartswith": orm.Concat("first_name", orm.Value("."), "last_name")}), customerKey),
				sql:     "SELECT customer_id FROM customer WHERE LOWER(email) LIKE LOWER(first_name) || '.' || LOWER(last_name) || '%'",
				perBack: map[string]string{testenv.MySQL: "SELECT customer_id FROM customer WHERE LOWER(email) LIKE CONCAT(LOWER(first_name), '.', LOWER(last_name), '%')"}, min: 5},
			{name: "Length of a name",
				got: keys(E.Filter(orm.Q{"employee_id__lt": orm.Length("last_name")}), employeeKey),
				sql: "SELECT employee_id FROM employee WHERE employee_id < LENGTH(last_name)", min: 3},
			{name: "invoices before Now",
				got: keys(I.Filter(orm.Q{"invoice_date__lt": orm.Now(), "total__gt": 10}), invoiceKey),
				sql: "SELECT invoice_id FROM invoice WHERE total > 10", min: 50},
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

		t.Run("revenue by support rep with Sum of Case", func(t *testing.T) {
			got, err := I.Aggregate(ctx,
				orm.Sum(orm.Case(orm.When(orm.Q{"customer__support_rep__last_name": "Peacock"}, "total"), orm.Default(0))).As("peacock"),
				orm.Count(orm.Case(orm.When(orm.Q{"total__gte": 10}, orm.Value(1)))).As("big"))
			must(t, err)
			row := handRow(t, ctx, db, d, "SELECT SUM(CASE WHEN e.last_name = 'Peacock' THEN i.total ELSE 0 END), COUNT(CASE WHEN i.total >= 10 THEN 1 END) FROM invoice i JOIN customer c ON i.customer_id = c.customer_id LEFT JOIN employee e ON c.support_rep_id = e.employee_id")
			if p, ok := got["peacock"].(decimal.Decimal); !ok || !p.Equal(decRound(row[0], 2)) {
				t.Errorf("Sum(Case) = %v (%T), SQL %v", got["peacock"], got["peacock"], row[0])
			}
			if got["big"] != toI(t, row[1]) {
				t.Errorf("Count(Case) = %v, SQL %v", got["big"], row[1])
			}
		})

		t.Run("Update with Case in a rolled-back transaction", func(t *testing.T) {
			err := orm.Atomic(ctx, db, func(ctx context.Context) error {
				n, err := I.Filter(orm.Q{"billing_country": "Canada"}).Update(ctx, orm.Set{"total": orm.Case(
					orm.When(orm.Q{"total__gte": 10}, orm.F("total").Mul("0.9")),
					orm.Default("total"))})
				must(t, err)
				want := handKeys(t, ctx, db, d, "SELECT COUNT(*) FROM invoice WHERE billing_country = 'Canada'")
				if n != want[0] {
					t.Errorf("Update matched %d, SQL %d", n, want[0])
				}
				over, err := I.Filter(orm.Q{"billing_country": "Canada", "total__gt": "23.76"}).Count(ctx)
				must(t, err)
				if over != 0 {
					t.Errorf("%d Canadian invoices still over 23.76 after the discount", over)
				}
				return orm.SetRollback(ctx, true)
			})
			must(t, err)
		})
	})
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func errorsIsInvalid(err error) bool { return errors.Is(err, orm.ErrInvalidQuery) }
