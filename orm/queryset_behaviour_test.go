package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/lookups"
	"github.com/sqlorm/sqlorm/orm"
)

// qsFixture is a small catalogue on one backend, opened through the sqlorm
// driver so statements can be counted.
type qsFixture struct {
	b   *testenv.Backend
	db  *sql.DB
	raw *sql.DB // the backend's own driver, same database
	ctx context.Context
	ids map[string]int64 // product name → id
}

// The fixture's products:
//
//	name       description  price   status     category
//	Widget     "small"       9.99   draft      Books
//	Gadget     NULL        120.00   published  Games
//	gizmo      "A_b%c"      50.00   draft      NULL
//	Doohickey  "x"          75.50   published  Books
func newQSFixture(t *testing.T, b *testenv.Backend) *qsFixture {
	t.Helper()
	fresh := b.Fresh(t)
	db, err := fresh.Open() // SQLORM_TEST_OPEN: sqlorm or bare
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &qsFixture{b: b, db: db, raw: fresh.OpenDirect(t), ctx: context.Background(), ids: map[string]int64{}}
	for _, m := range []func(context.Context, *sql.DB) error{orm.Migrate[Category], orm.Migrate[Product], orm.Migrate[Shelf], orm.Migrate[Book]} {
		must(t, m(f.ctx, db))
	}
	books := &Category{Name: "Books"}
	games := &Category{Name: "Games"}
	must(t, orm.Objects[Category](db).Create(f.ctx, books))
	must(t, orm.Objects[Category](db).Create(f.ctx, games))
	for _, p := range []struct {
		name, desc, price, status string
		cat                       *Category
	}{
		{"Widget", "small", "9.99", "draft", books},
		{"Gadget", "", "120", "published", games},
		{"gizmo", "A_b%c", "50", "draft", nil},
		{"Doohickey", "x", "75.50", "published", books},
	} {
		pr := &Product{Name: p.name, Price: decimal.RequireFromString(p.price), Status: p.status}
		if p.desc != "" {
			pr.Description = strp(p.desc)
		}
		if p.cat != nil {
			pr.Category = orm.Ref[Category](p.cat.ID)
		}
		must(t, orm.Objects[Product](db).Create(f.ctx, pr))
		f.ids[p.name] = pr.ID
	}
	return f
}

func (f *qsFixture) catID(t *testing.T, name string) int64 {
	t.Helper()
	c, err := orm.Objects[Category](f.db).Get(f.ctx, orm.Q{"name": name})
	must(t, err)
	return c.ID
}

func (f *qsFixture) names(t *testing.T, qs *orm.QuerySet[Product]) []string {
	t.Helper()
	ps, err := qs.All(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func sortedNames(names []string) []string {
	out := slices.Clone(names)
	slices.Sort(out)
	return out
}

// TestQuerySetBehaviour runs filters, exclusions with NULLs, Q trees, F
// expressions, ordering, slicing and the terminal methods on SQLite,
// PostgreSQL and MariaDB.
func TestQuerySetBehaviour(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newQSFixture(t, b)
		P := func() *orm.QuerySet[Product] { return orm.Objects[Product](f.db) }

		sets := []struct {
			name string
			qs   *orm.QuerySet[Product]
			want []string
		}{
			{"exact", P().Filter(orm.Q{"status": "draft"}), []string{"Widget", "gizmo"}},
			{"across a FK", P().Filter(orm.Q{"category__name": "Books"}), []string{"Doohickey", "Widget"}},
			{"exclude across a nullable FK keeps rows without one", P().Exclude(orm.Q{"category__name": "Books"}), []string{"Gadget", "gizmo"}},
			{"exclude on a nullable column keeps NULL", P().Exclude(orm.Q{"description": "small"}), []string{"Doohickey", "Gadget", "gizmo"}},
			{"exclude a pattern keeps NULL", P().Exclude(orm.Q{"description__contains": "_"}), []string{"Doohickey", "Gadget", "Widget"}},
			{"Not keeps NULL too", P().Filter(orm.Not(orm.Q{"description__startswith": "sm"})), []string{"Doohickey", "Gadget", "gizmo"}},
			{"double Not is the filter", P().Filter(orm.Not(orm.Not(orm.Q{"description__startswith": "sm"}))), []string{"Widget"}},
			{"contains is case-sensitive", P().Filter(orm.Q{"name__contains": "G"}), []string{"Gadget"}},
			{"icontains is not", P().Filter(orm.Q{"name__icontains": "G"}), []string{"Gadget", "Widget", "gizmo"}},
			{"contains treats % and _ as text", P().Filter(orm.Q{"description__contains": "_b%"}), []string{"gizmo"}},
			{"startswith", P().Filter(orm.Q{"name__startswith": "g"}), []string{"gizmo"}},
			{"iendswith", P().Filter(orm.Q{"name__iendswith": "ET"}), []string{"Gadget", "Widget"}},
			{"regex", P().Filter(orm.Q{"name__regex": "^[GW]"}), []string{"Gadget", "Widget"}},
			{"iregex", P().Filter(orm.Q{"name__iregex": "^g"}), []string{"Gadget", "gizmo"}},
			{"in", P().Filter(orm.Q{"name__in": []string{"gizmo", "Gadget", "nope"}}), []string{"Gadget", "gizmo"}},
			{"range on a decimal", P().Filter(orm.Q{"price__range": []string{"50", "100"}}), []string{"Doohickey", "gizmo"}},
			{"isnull across a FK", P().Filter(orm.Q{"category__name__isnull": true}), []string{"gizmo"}},
			{"FK isnull", P().Filter(orm.Q{"category__isnull": false}), []string{"Doohickey", "Gadget", "Widget"}},
			{"Or", P().Filter(orm.Or(orm.Q{"price__lt": 10}, orm.Q{"status": "published"})), []string{"Doohickey", "Gadget", "Widget"}},
			{"Or across a FK keeps rows without one", P().Filter(orm.Or(orm.Q{"category__name": "Games"}, orm.Q{"description__contains": "%"})), []string{"Gadget", "gizmo"}},
			{"nested", P().Filter(orm.And(orm.Or(orm.Q{"price__lt": 60}, orm.Q{"category__name": "Games"}), orm.Not(orm.Q{"name__istartswith": "W"}))), []string{"Gadget", "gizmo"}},
			{"Or drops an empty in", P().Filter(orm.Or(orm.Q{"id__in": []int{}}, orm.Q{"name": "gizmo"})), []string{"gizmo"}},
			{"exclude an empty in excludes nothing", P().Exclude(orm.Q{"id__in": []int{}}), []string{"Doohickey", "Gadget", "Widget", "gizmo"}},
			{"F comparison", P().Filter(orm.Q{"price__gt": orm.F("id").Mul(20)}), nil},
			{"F across a FK", P().Filter(orm.Q{"name__startswith": orm.F("category__name")}), nil},
			{"exclude F on nullable keeps NULL", P().Exclude(orm.Q{"name": orm.F("description")}), []string{"Doohickey", "Gadget", "Widget", "gizmo"}},
			{"text compared with a number", P().Filter(orm.Q{"name": 0}), nil},
		}
		for _, c := range sets {
			t.Run(c.name, func(t *testing.T) {
				got := sortedNames(f.names(t, c.qs))
				want := c.want
				if c.name == "F comparison" {
					// price > id*20, computed here from the fixture's ids.
					for n, p := range map[string]float64{"Widget": 9.99, "Gadget": 120, "gizmo": 50, "Doohickey": 75.5} {
						if p > float64(f.ids[n]*20) {
							want = append(want, n)
						}
					}
					want = sortedNames(want)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("got %q, want %q", got, want)
				}
			})
		}

		t.Run("ordering", func(t *testing.T) {
			check := func(name string, qs *orm.QuerySet[Product], want ...string) {
				t.Helper()
				if got := f.names(t, qs); !slices.Equal(got, want) {
					t.Errorf("%s: got %q, want %q", name, got, want)
				}
			}
			check("-price", P().OrderBy("-price"), "Gadget", "Doohickey", "gizmo", "Widget")
			check("reverse", P().OrderBy("-price").Reverse(), "Widget", "gizmo", "Doohickey", "Gadget")
			check("nulls first", P().OrderBy(orm.F("description").Asc(orm.NullsFirst), "name"), "Gadget", "gizmo", "Widget", "Doohickey")
			check("nulls last desc", P().OrderBy(orm.F("description").Desc(orm.NullsLast)), "Doohickey", "Widget", "gizmo", "Gadget")
			check("nulls last reversed is nulls first", P().OrderBy(orm.F("description").Desc(orm.NullsLast)).Reverse(), "Gadget", "gizmo", "Widget", "Doohickey")
			check("across a FK, nulls by backend, then name", P().OrderBy("category__name", "name").Filter(orm.Q{"category__isnull": false}), "Doohickey", "Widget", "Gadget")
			check("expression", P().OrderBy(orm.F("price").Mul(-1)), "Gadget", "Doohickey", "gizmo", "Widget")
			check("limit offset", P().OrderBy("price").Offset(1).Limit(2), "gizmo", "Doohickey")
			check("offset alone", P().OrderBy("price").Offset(3), "Gadget")
			all := f.names(t, P().OrderBy("?"))
			if len(all) != 4 {
				t.Errorf("random order: %d rows", len(all))
			}
		})

		t.Run("terminal", func(t *testing.T) {
			n, err := P().Filter(orm.Q{"category__name": "Books"}).Count(f.ctx)
			must(t, err)
			if n != 2 {
				t.Errorf("Count = %d", n)
			}
			n, err = P().OrderBy("name").Offset(1).Limit(10).Count(f.ctx)
			must(t, err)
			if n != 3 {
				t.Errorf("sliced Count = %d", n)
			}
			ok, err := P().Filter(orm.Q{"name__iexact": "GIZMO"}).Exists(f.ctx)
			must(t, err)
			if !ok {
				t.Error("Exists = false")
			}
			ok, err = P().Offset(4).Exists(f.ctx)
			must(t, err)
			if ok {
				t.Error("Exists past the end = true")
			}
			first, err := P().OrderBy("price").First(f.ctx)
			must(t, err)
			last, err := P().OrderBy("price").Last(f.ctx)
			must(t, err)
			if first.Name != "Widget" || last.Name != "Gadget" {
				t.Errorf("First %s Last %s", first.Name, last.Name)
			}
			byPK, err := orm.Objects[Category](f.db).Last(f.ctx)
			must(t, err)
			if byPK.Name != "Games" {
				t.Errorf("Last by pk = %s", byPK.Name)
			}
			e, err := P().Earliest(f.ctx, "price")
			must(t, err)
			l, err := P().Latest(f.ctx, "price")
			must(t, err)
			if e.Name != "Widget" || l.Name != "Gadget" {
				t.Errorf("Earliest %s Latest %s", e.Name, l.Name)
			}
			_, err = P().Filter(orm.Q{"price__gt": 1000}).First(f.ctx)
			if !errors.Is(err, orm.ErrDoesNotExist) {
				t.Errorf("First of nothing: %v", err)
			}
			g, err := P().Get(f.ctx, orm.Q{"category__name": "Games"})
			must(t, err)
			if g.Name != "Gadget" {
				t.Errorf("Get = %s", g.Name)
			}
			_, err = P().Get(f.ctx, orm.Q{"category__name": "Books"})
			if !errors.Is(err, orm.ErrMultipleObjectsReturned) {
				t.Errorf("Get of two: %v", err)
			}
			m, err := P().InBulk(f.ctx, []any{f.ids["gizmo"], f.ids["Widget"], int64(999999)})
			must(t, err)
			if len(m) != 2 || m[f.ids["gizmo"]].Name != "gizmo" {
				t.Errorf("InBulk = %v", m)
			}
			only, err := P().Only("name").Get(f.ctx, orm.Q{"name": "Widget"})
			must(t, err)
			if only.Name != "Widget" || only.ID != f.ids["Widget"] || !only.Price.IsZero() || only.Description != nil {
				t.Errorf("Only loaded %+v", only)
			}
			def, err := P().Defer("description", "price").Filter(orm.Q{"name": "Widget"}).All(f.ctx)
			must(t, err)
			if len(def) != 1 || def[0].Description != nil || !def[0].Price.IsZero() || def[0].Status != "draft" {
				t.Errorf("Defer loaded %+v", def)
			}
		})

		t.Run("values", func(t *testing.T) {
			rows, err := P().OrderBy("price").Values("name", "price", "description", "category__name", "category").All(f.ctx)
			must(t, err)
			if len(rows) != 4 {
				t.Fatalf("%d rows", len(rows))
			}
			w := rows[0]
			if w["name"] != "Widget" || !w["price"].(decimal.Decimal).Equal(decimal.RequireFromString("9.99")) ||
				w["description"] != "small" || w["category__name"] != "Books" || w["category"] != f.catID(t, "Books") {
				t.Errorf("Widget: %#v", w)
			}
			g := rows[1] // gizmo: no category
			if g["name"] != "gizmo" || g["category__name"] != nil || g["category"] != nil {
				t.Errorf("gizmo: %#v", g)
			}
			if rows[3]["description"] != nil {
				t.Errorf("Gadget: %#v", rows[3])
			}
			all, err := P().Filter(orm.Q{"name": "Widget"}).Values().All(f.ctx)
			must(t, err)
			if len(all) != 1 || all[0]["id"] != f.ids["Widget"] || all[0]["category_id"] != f.catID(t, "Books") || all[0]["status"] != "draft" {
				t.Errorf("Values(): %#v", all)
			}
			list, err := P().OrderBy("-price").ValuesList("pk", "status").All(f.ctx)
			must(t, err)
			if len(list) != 4 || list[0][0] != f.ids["Gadget"] || list[0][1] != "published" {
				t.Errorf("ValuesList: %#v", list)
			}
			distinct, err := P().OrderBy("status").Distinct().ValuesList("status").All(f.ctx)
			must(t, err)
			if len(distinct) != 2 {
				t.Errorf("distinct statuses: %#v", distinct)
			}
			names, err := orm.ValuesListFlat[string](f.ctx, P().OrderBy("price"), "name")
			must(t, err)
			if !slices.Equal(names, []string{"Widget", "gizmo", "Doohickey", "Gadget"}) {
				t.Errorf("flat names %q", names)
			}
			descs, err := orm.ValuesListFlat[*string](f.ctx, P().OrderBy("price"), "description")
			must(t, err)
			if len(descs) != 4 || *descs[0] != "small" || descs[3] != nil {
				t.Errorf("flat descriptions %v", descs)
			}
			if _, err := orm.ValuesListFlat[string](f.ctx, P(), "description"); err == nil {
				t.Error("NULL into string: no error")
			}
			prices, err := orm.ValuesListFlat[decimal.Decimal](f.ctx, P().OrderBy("price"), "price")
			must(t, err)
			if len(prices) != 4 || prices[3].String() != "120" {
				t.Errorf("flat prices %v", prices)
			}
			cats, err := orm.ValuesListFlat[any](f.ctx, P().OrderBy("price"), "category__name")
			must(t, err)
			if len(cats) != 4 || cats[0] != "Books" || cats[1] != nil {
				t.Errorf("flat any %v", cats)
			}
			ids, err := orm.ValuesListFlat[int](f.ctx, P().OrderBy("price"), "id")
			must(t, err)
			if len(ids) != 4 || int64(ids[0]) != f.ids["Widget"] {
				t.Errorf("flat int %v", ids)
			}
		})

		t.Run("aggregate", func(t *testing.T) {
			stats, err := P().Aggregate(f.ctx,
				orm.Sum("price").As("total"), orm.Avg("price").As("average"), orm.Count("id").As("count"),
				orm.Min("price"), orm.Max("name"), orm.Count("category").Distinct().As("cats"), orm.Count("*").As("n"),
				orm.StdDev("price"), orm.Variance("price").Sample().As("svar"), orm.Max("category__name"),
				orm.Sum(orm.F("price").Mul(2)).As("double"))
			must(t, err)
			dec := func(k, want string) {
				t.Helper()
				got, ok := stats[k].(decimal.Decimal)
				if !ok || !got.Equal(decimal.RequireFromString(want)) {
					t.Errorf("%s = %T %v, want %s", k, stats[k], stats[k], want)
				}
			}
			dec("total", "255.49")
			dec("price__min", "9.99")
			avg := stats["average"].(decimal.Decimal)
			if !avg.Round(4).Equal(decimal.RequireFromString("63.8725")) {
				t.Errorf("average = %v", avg)
			}
			if stats["count"] != int64(4) || stats["cats"] != int64(2) || stats["n"] != int64(4) {
				t.Errorf("counts: %v %v %v", stats["count"], stats["cats"], stats["n"])
			}
			if stats["category__name__max"] != "Games" {
				t.Errorf("category__name__max = %v", stats["category__name__max"])
			}
			// Binary order puts "gizmo" last; MySQL's case-insensitive
			// collation puts "Widget" after it.
			wantMax := "gizmo"
			if b.Name == testenv.MySQL {
				wantMax = "Widget"
			}
			if mx := stats["name__max"]; mx != wantMax {
				t.Errorf("name__max = %v", mx)
			}
			prices := []float64{9.99, 120, 50, 75.5}
			mean, ss := 0.0, 0.0
			for _, p := range prices {
				mean += p / 4
			}
			for _, p := range prices {
				ss += (p - mean) * (p - mean)
			}
			if sd, ok := stats["price__stddev"].(float64); !ok || math.Abs(sd-math.Sqrt(ss/4)) > 1e-6 {
				t.Errorf("stddev = %v, want %v", stats["price__stddev"], math.Sqrt(ss/4))
			}
			if v, ok := stats["svar"].(float64); !ok || math.Abs(v-ss/3) > 1e-6 {
				t.Errorf("sample variance = %v, want %v", stats["svar"], ss/3)
			}
			if d, ok := stats["double"].(decimal.Decimal); !ok || !d.Equal(decimal.RequireFromString("510.98")) {
				t.Errorf("double = %T %v", stats["double"], stats["double"])
			}

			empty, err := P().Filter(orm.Q{"price__gt": 1000}).Aggregate(f.ctx, orm.Sum("price"), orm.Count("id"), orm.Max("name").Default("none"), orm.StdDev("price").Default(0.0))
			must(t, err)
			if empty["price__sum"] != nil || empty["id__count"] != int64(0) || empty["name__max"] != "none" || empty["price__stddev"] != 0.0 {
				t.Errorf("empty: %#v", empty)
			}
			ints, err := P().Aggregate(f.ctx, orm.Sum("id"), orm.Avg("id"), orm.Max("created_at"))
			must(t, err)
			var sum int64
			for _, id := range f.ids {
				sum += id
			}
			if ints["id__sum"] != sum {
				t.Errorf("id__sum = %T %v, want %d", ints["id__sum"], ints["id__sum"], sum)
			}
			if a, ok := ints["id__avg"].(float64); !ok || math.Abs(a-float64(sum)/4) > 1e-9 {
				t.Errorf("id__avg = %T %v", ints["id__avg"], ints["id__avg"])
			}
			if _, ok := ints["created_at__max"].(time.Time); !ok {
				t.Errorf("created_at__max = %T", ints["created_at__max"])
			}
			sliced, err := P().OrderBy("price").Limit(2).Aggregate(f.ctx, orm.Sum("price"), orm.Count("*").As("n"))
			must(t, err)
			if !sliced["price__sum"].(decimal.Decimal).Equal(decimal.RequireFromString("59.99")) || sliced["n"] != int64(2) {
				t.Errorf("sliced: %v", sliced)
			}
			ctx, rec := hooks.Capture(f.ctx)
			none, err := P().Filter(orm.Q{"id__in": []int{}}).Aggregate(ctx, orm.Sum("price").Default(decimal.Zero), orm.Count("id"))
			must(t, err)
			if rec.Count() != 0 || !none["price__sum"].(decimal.Decimal).IsZero() || none["id__count"] != int64(0) {
				t.Errorf("empty in: %v, %d statements", none, rec.Count())
			}
		})

		t.Run("no statement for empty results and bad input", func(t *testing.T) {
			ctx, rec := hooks.Capture(f.ctx)
			ps, err := P().Filter(orm.Q{"id__in": []int64{}}).All(ctx)
			if err != nil || ps != nil {
				t.Fatalf("empty in: %v %v", ps, err)
			}
			n, err := P().Filter(orm.Q{"id__in": []any{nil}}, orm.Q{"name": "x"}).Count(ctx)
			if err != nil || n != 0 {
				t.Fatalf("Count: %d %v", n, err)
			}
			if ok, err := P().Limit(0).Exists(ctx); ok || err != nil {
				t.Fatalf("Exists: %v %v", ok, err)
			}
			if n, err := P().None().Update(ctx, orm.Set{"name": "x"}); n != 0 || err != nil {
				t.Fatalf("Update: %d %v", n, err)
			}
			if n, err := P().Filter(orm.Or(orm.Q{"pk__in": []int{}})).Delete(ctx); n != 0 || err != nil {
				t.Fatalf("Delete: %d %v", n, err)
			}
			for _, bad := range []*orm.QuerySet[Product]{
				P().Filter(orm.Q{"nme": 1}),
				P().Filter(orm.Q{`name"--`: 1}),
				P().Filter(orm.Q{"name__nope": 1}),
				P().Filter(orm.Q{"price__gt": nil}),
				P().OrderBy("name; DROP TABLE product"),
				P().Filter(orm.Q{"name": orm.F("category__nope")}),
				P().Limit(-1),
			} {
				if _, err := bad.All(ctx); !errors.Is(err, orm.ErrInvalidQuery) {
					t.Errorf("bad query: %v", err)
				}
			}
			if rec.Count() != 0 {
				t.Fatalf("statements were sent:\n%s", rec)
			}
		})

		t.Run("update and delete", func(t *testing.T) {
			ctx := f.ctx
			// Everything below runs in a transaction that is rolled back,
			// leaving the fixture as it was.
			err := orm.Atomic(ctx, f.db, func(ctx context.Context) error {
				n, err := P().Filter(orm.Q{"status": "draft"}).Update(ctx, orm.Set{"price": orm.F("price").Add(1), "description": nil})
				must(t, err)
				if n != 2 {
					t.Errorf("Update matched %d", n)
				}
				w, err := P().Get(ctx, orm.Q{"name": "Widget"})
				must(t, err)
				if w.Price.String() != "10.99" || w.Description != nil {
					t.Errorf("after Update: %s %v", w.Price, w.Description)
				}
				// Rows already holding the value still count (CLIENT_FOUND_ROWS on MySQL).
				n, err = P().Filter(orm.Q{"status": "draft"}).Update(ctx, orm.Set{"status": "draft"})
				must(t, err)
				if n != 2 {
					t.Errorf("unchanged Update matched %d", n)
				}
				n, err = P().Filter(orm.Q{"category__name": "Books"}).Update(ctx, orm.Set{"status": "published"})
				must(t, err)
				if n != 2 {
					t.Errorf("Update across a FK matched %d", n)
				}
				n, err = P().Exclude(orm.Q{"category__name": "Books"}).Delete(ctx)
				must(t, err)
				if n != 2 {
					t.Errorf("Delete across a FK deleted %d", n)
				}
				ps, err := P().OrderBy("name").All(ctx)
				must(t, err)
				var left []string
				for _, p := range ps {
					left = append(left, p.Name)
				}
				if !slices.Equal(left, []string{"Doohickey", "Widget"}) {
					t.Errorf("left %q", left)
				}
				return orm.SetRollback(ctx, true)
			})
			must(t, err)
			if n, _ := P().Count(f.ctx); n != 4 {
				t.Fatalf("rollback left %d products", n)
			}
		})

		t.Run("custom lookup", func(t *testing.T) {
			reg, err := lookups.Default().With(lookups.NewLookup("ne", func(w *lookups.Writer, lhs lookups.Operand, rhs lookups.RHS) (bool, error) {
				w.Operand(lhs)
				w.Raw(" <> ")
				w.RHS(lhs, rhs)
				return false, nil
			}))
			must(t, err)
			got := sortedNames(f.names(t, P().WithLookups(reg).Filter(orm.Q{"status__ne": "draft"})))
			if !slices.Equal(got, []string{"Doohickey", "Gadget"}) {
				t.Fatalf("ne: %q", got)
			}
		})

		t.Run("SQL", func(t *testing.T) {
			q, args, err := P().Filter(orm.Q{"name": "Widget"}).OrderBy().SQL()
			must(t, err)
			d, _ := dialect.Detect(f.db)
			want := fmt.Sprintf("WHERE %s.%s = %s", quote(d, "product"), quote(d, "name"), d.Placeholder(1))
			if !contains(q, want) || len(args) != 1 || args[0] != "Widget" {
				t.Fatalf("SQL() = %s %v", q, args)
			}
			if _, _, err := P().Filter(orm.Q{"pk__in": []int{}}).SQL(); !errors.Is(err, orm.ErrEmptyResultSet) {
				t.Fatalf("SQL of an empty in: %v", err)
			}
		})

		t.Run("shared between goroutines", func(t *testing.T) {
			base := P().Filter(orm.Q{"price__gt": 1}).OrderBy("name")
			var wg sync.WaitGroup
			errs := make(chan error, 16)
			for i := range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					qs := base
					if i%2 == 0 {
						qs = base.Filter(orm.Q{"status": "draft"})
					}
					ps, err := qs.All(f.ctx)
					if err != nil {
						errs <- err
						return
					}
					if want := map[bool]int{true: 2, false: 4}[i%2 == 0]; len(ps) != want {
						errs <- fmt.Errorf("goroutine %d: %d rows, want %d", i, len(ps), want)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if n := len(f.names(t, base)); n != 4 {
				t.Fatalf("base changed: %d rows", n)
			}
		})
	})
}

func quote(d dialect.Dialect, s string) string {
	q, _ := d.Quote(s)
	return q
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// Counter is keyed by a unique name, for the upsert and race tests.
type Counter struct {
	orm.Model
	Name string  `orm:"max_length=40,unique"`
	Hits int64   `orm:"default=0"`
	Note *string `orm:"null"`
}

// TestBulkAndGetOrCreate runs BulkCreate, BulkUpdate, GetOrCreate and
// UpdateOrCreate on SQLite, PostgreSQL and MariaDB, racing goroutines on
// one key for the last two.
func TestBulkAndGetOrCreate(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newQSFixture(t, b)
		ctx := f.ctx
		must(t, orm.Migrate[Counter](ctx, f.db))
		C := func() *orm.QuerySet[Counter] { return orm.Objects[Counter](f.db) }

		t.Run("BulkCreate sets keys, in order", func(t *testing.T) {
			cs := make([]Counter, 250)
			for i := range cs {
				cs[i] = Counter{Name: fmt.Sprintf("bulk-%03d", i), Hits: int64(i)}
			}
			cctx, rec := hooks.Capture(ctx)
			must(t, C().BulkCreate(cctx, cs, orm.BatchSize(100)))
			if n := countSQL(rec, "INSERT"); n != 3 && captures(f.db) {
				t.Errorf("%d INSERT statements for 250 rows in batches of 100, want 3", n)
			}
			for i, c := range cs {
				if c.ID == 0 {
					t.Fatalf("row %d: no key", i)
				}
				got, err := C().Get(ctx, orm.Q{"pk": c.ID})
				must(t, err)
				if got.Name != c.Name || got.Hits != int64(i) {
					t.Fatalf("row %d: key %d holds %s/%d", i, c.ID, got.Name, got.Hits)
				}
			}
		})

		t.Run("BulkCreate is all or nothing", func(t *testing.T) {
			cs := []Counter{{Name: "aon-1"}, {Name: "aon-2"}, {Name: "bulk-000"}}
			err := C().BulkCreate(ctx, cs, orm.BatchSize(1))
			if !errors.Is(err, orm.ErrUniqueViolation) {
				t.Fatalf("duplicate: %v", err)
			}
			if n, _ := C().Filter(orm.Q{"name__startswith": "aon-"}).Count(ctx); n != 0 {
				t.Fatalf("%d rows of a failed BulkCreate remain", n)
			}
		})

		t.Run("BulkCreate ignore conflicts", func(t *testing.T) {
			cs := []Counter{{Name: "bulk-001", Hits: 999}, {Name: "ign-1"}}
			must(t, C().BulkCreate(ctx, cs, orm.IgnoreConflicts()))
			old, err := C().Get(ctx, orm.Q{"name": "bulk-001"})
			must(t, err)
			if old.Hits != 1 {
				t.Errorf("ignored row changed: %d", old.Hits)
			}
			if ok, _ := C().Filter(orm.Q{"name": "ign-1"}).Exists(ctx); !ok {
				t.Error("new row missing")
			}
		})

		t.Run("BulkCreate update conflicts", func(t *testing.T) {
			cs := []Counter{{Name: "bulk-002", Hits: 500}, {Name: "ups-1", Hits: 7}}
			must(t, C().BulkCreate(ctx, cs, orm.UpdateConflicts([]string{"name"}, "hits")))
			got, err := C().Get(ctx, orm.Q{"name": "bulk-002"})
			must(t, err)
			if got.Hits != 500 {
				t.Errorf("upserted row has %d hits", got.Hits)
			}
			if cs[0].ID != got.ID || cs[1].ID == 0 {
				t.Errorf("keys after upsert: %d (row %d), %d", cs[0].ID, got.ID, cs[1].ID)
			}
		})

		t.Run("BulkUpdate", func(t *testing.T) {
			cs, err := C().Filter(orm.Q{"name__startswith": "bulk-"}).OrderBy("name").Limit(120).All(ctx)
			must(t, err)
			for i := range cs {
				cs[i].Hits = int64(1000 + i)
				if i%2 == 0 {
					cs[i].Note = strp(fmt.Sprintf("n%d", i))
				}
				cs[i].Name = "must not be written"
			}
			n, err := C().BulkUpdate(ctx, cs, []string{"hits", "note"}, orm.BatchSize(50))
			must(t, err)
			if n != 120 {
				t.Errorf("BulkUpdate matched %d", n)
			}
			got, err := C().Filter(orm.Q{"name__startswith": "bulk-"}).OrderBy("name").Limit(120).All(ctx)
			must(t, err)
			for i, c := range got {
				if c.Hits != int64(1000+i) || (i%2 == 0) != (c.Note != nil) || c.Name == "must not be written" {
					t.Fatalf("row %d: %+v", i, c)
				}
			}
		})

		t.Run("GetOrCreate", func(t *testing.T) {
			c, created, err := C().GetOrCreate(ctx, orm.Q{"name": "goc"}, orm.Set{"hits": 5})
			must(t, err)
			if !created || c.ID == 0 || c.Hits != 5 {
				t.Fatalf("first: %+v %v", c, created)
			}
			again, created, err := C().GetOrCreate(ctx, orm.Q{"name": "goc"}, orm.Set{"hits": 9})
			must(t, err)
			if created || again.ID != c.ID || again.Hits != 5 {
				t.Fatalf("second: %+v %v", again, created)
			}
		})

		t.Run("UpdateOrCreate", func(t *testing.T) {
			c, created, err := C().UpdateOrCreate(ctx, orm.Q{"name": "uoc"}, orm.Set{"hits": 1})
			must(t, err)
			if !created || c.Hits != 1 {
				t.Fatalf("first: %+v %v", c, created)
			}
			c2, created, err := C().UpdateOrCreate(ctx, orm.Q{"name": "uoc"}, orm.Set{"hits": 2, "note": "x"})
			must(t, err)
			if created || c2.ID != c.ID || c2.Hits != 2 || c2.Note == nil || *c2.Note != "x" {
				t.Fatalf("second: %+v %v", c2, created)
			}
		})

		race := func(t *testing.T, name string, call func(ctx context.Context, i int) (*Counter, bool, error)) []*Counter {
			const n = 12
			var wg sync.WaitGroup
			out := make([]*Counter, n)
			created := make([]bool, n)
			errs := make([]error, n)
			start := make(chan struct{})
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					out[i], created[i], errs[i] = call(ctx, i)
				}()
			}
			close(start)
			wg.Wait()
			made := 0
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("goroutine %d: %v", i, errs[i])
				}
				if created[i] {
					made++
				}
				if out[i].ID != out[0].ID {
					t.Fatalf("goroutine %d got row %d, goroutine 0 row %d", i, out[i].ID, out[0].ID)
				}
			}
			if made != 1 {
				t.Fatalf("%d goroutines created the row, want 1", made)
			}
			if cnt, _ := C().Filter(orm.Q{"name": name}).Count(ctx); cnt != 1 {
				t.Fatalf("%d rows named %s", cnt, name)
			}
			return out
		}

		t.Run("GetOrCreate race", func(t *testing.T) {
			for round := range 3 {
				name := fmt.Sprintf("race-goc-%d", round)
				race(t, name, func(ctx context.Context, i int) (*Counter, bool, error) {
					return C().GetOrCreate(ctx, orm.Q{"name": name}, orm.Set{"hits": i})
				})
			}
		})

		t.Run("UpdateOrCreate race", func(t *testing.T) {
			for round := range 3 {
				name := fmt.Sprintf("race-uoc-%d", round)
				race(t, name, func(ctx context.Context, i int) (*Counter, bool, error) {
					return C().UpdateOrCreate(ctx, orm.Q{"name": name}, orm.Set{"hits": i + 100})
				})
				c, err := C().Get(ctx, orm.Q{"name": name})
				must(t, err)
				if c.Hits < 100 || c.Hits >= 112 {
					t.Fatalf("hits = %d", c.Hits)
				}
			}
		})
	})
}

// countSQL counts recorded statements starting with prefix.
func countSQL(rec *hooks.Recorder, prefix string) int {
	n := 0
	for _, q := range rec.All() {
		if len(q.SQL) >= len(prefix) && q.SQL[:len(prefix)] == prefix {
			n++
		}
	}
	return n
}
