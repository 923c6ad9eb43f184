package orm_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// Relation shapes for the DDL goldens.
type (
	Node struct {
		orm.Model
		Name   string       `orm:"max_length=30,unique"`
		Parent orm.FK[Node] `orm:"on_delete=set_null,null,related_name=children"`
	}
	SmallParent struct {
		ID   int32  `orm:"primary_key"`
		Code string `orm:"max_length=5"`
	}
	Child struct {
		orm.Model
		Parent orm.FK[SmallParent] `orm:"on_delete=protect"`
		Rank   int16               `orm:"default=0"`
	}
)

func (Child) Meta() orm.Meta {
	return orm.Meta{UniqueTogether: [][]string{{"parent", "rank"}}, Ordering: []string{"parent", "-rank"}}
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixedTime is the instant the golden fixtures use.
var fixedTime = time.Date(2024, 3, 9, 14, 5, 6, 123456789, time.FixedZone("CET", 3600))

func strp(s string) *string { return &s }

// everything returns an Everything with every field set to a fixed value.
func everything() *Everything {
	b := true
	f := 2.5
	u := MustUUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	d := 90 * time.Minute
	return &Everything{
		Char: "héllo", Text: "long text", Small: -3, Int: 70000, Big: 1 << 40,
		PosSmall: 7, Pos: 4000000000, PosBig: 1 << 62, Float: 0.1,
		Dec: decimal.RequireFromString("12345678.1234"), Flag: true,
		Day: fixedTime, Clock: fixedTime, At: fixedTime, Span: 36*time.Hour + 5*time.Microsecond,
		Email: "a@example.com", URL: "https://example.com/x", Slug: "a-slug",
		UUID: u, UUIDText: strp("6BA7B810-9DAD-11D1-80B4-00C04FD430C8"),
		Doc: map[string]any{"a": 1.0, "b": []any{"x"}}, Tags: []string{"t1", "t2"},
		Blob: []byte{0, 1, 2}, NStr: strp("s"), NInt: sql.Null[int64]{V: 5, Valid: true},
		NTime: sql.NullTime{Time: fixedTime, Valid: true},
		NDec:  decimal.NullDecimal{Decimal: decimal.RequireFromString("1.5"), Valid: true},
		NBool: &b, NFloat: &f, NUUID: &u, NDuration: &d,
	}
}

var nowText = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}(\+00:00)?$`)

// formatArg prints an argument stably; times within a minute of now (set
// by auto_now) print as <now>.
func formatArg(a any) string {
	switch v := a.(type) {
	case time.Time:
		if time.Since(v).Abs() < time.Minute {
			return "<now>"
		}
		return "time(" + v.Format(time.RFC3339Nano) + ")"
	case string:
		if nowText.MatchString(v) {
			t, err := time.Parse("2006-01-02 15:04:05.000000-07:00", v)
			if err != nil { // the UTC wall clock MySQL stores
				t, err = time.Parse("2006-01-02 15:04:05.000000", v)
			}
			if err == nil && time.Since(t).Abs() < time.Minute {
				return "<now>"
			}
		}
		return fmt.Sprintf("%q", v)
	case []byte:
		return fmt.Sprintf("[]byte(%x)", v)
	case sql.Out:
		return fmt.Sprintf("sql.Out(%T)", v.Dest)
	case nil:
		return "NULL"
	}
	return fmt.Sprintf("%T(%v)", a, a)
}

type goldenWriter struct{ b strings.Builder }

func (g *goldenWriter) section(title string) { fmt.Fprintf(&g.b, "\n-- %s\n", title) }

func (g *goldenWriter) stmts(r *recorder) {
	for _, s := range r.take() {
		g.b.WriteString(s.query)
		g.b.WriteString("\n")
		if len(s.args) > 0 {
			parts := make([]string, len(s.args))
			for i, a := range s.args {
				parts[i] = formatArg(a)
			}
			g.b.WriteString("   args: " + strings.Join(parts, ", ") + "\n")
		}
	}
}

// do prints the statements recorded so far and then err, if any. Call it
// with the operation as its argument so the operation runs first.
func (g *goldenWriter) do(r *recorder, err error) {
	g.stmts(r)
	g.err(err)
}

func (g *goldenWriter) err(err error) {
	if err != nil {
		fmt.Fprintf(&g.b, "   error: %v\n", err)
	}
}

// TestGoldenSQL runs every ORM statement against each dialect through a
// recording driver and compares (query, args) with testdata/<dialect>.sql.
// Refresh with go test ./orm -run TestGoldenSQL -update.
func TestGoldenSQL(t *testing.T) {
	for _, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			db, r := openRecorder(t)
			ctx := orm.WithDialect(context.Background(), d)
			g := &goldenWriter{}
			fmt.Fprintf(&g.b, "-- Golden SQL of package orm for dialect %s. Regenerate: go test ./orm -run TestGoldenSQL -update\n", d.Name())

			for _, mig := range []struct {
				name string
				fn   func(context.Context, *sql.DB) error
			}{
				{"Migrate[Category]", orm.Migrate[Category]},
				{"Migrate[Product]", orm.Migrate[Product]},
				{"Migrate[AuditedProduct]", orm.Migrate[AuditedProduct]},
				{"Migrate[OrderItem]", orm.Migrate[OrderItem]},
				{"Migrate[Everything]", orm.Migrate[Everything]},
				{"Migrate[Node] (self reference)", orm.Migrate[Node]},
				{"Migrate[SmallParent]", orm.Migrate[SmallParent]},
				{"Migrate[Child] (FK to an int32 key)", orm.Migrate[Child]},
				{"Migrate[Label]", orm.Migrate[Label]},
				{"Migrate[Article] (ManyToMany: the join table after the table)", orm.Migrate[Article]},
				{"Migrate[Person] (ManyToMany to self, db_table)", orm.Migrate[Person]},
				{"Migrate[Account]", orm.Migrate[Account]},
				{"Migrate[Profile] (OneToOne: UNIQUE, no second index)", orm.Migrate[Profile]},
			} {
				g.section(mig.name)
				g.do(r, mig.fn(ctx, db))
			}

			g.section("TableExists[Product]")
			_, err := orm.TableExists[Product](ctx, db)
			g.do(r, err)

			products := orm.Objects[Product](db)
			p := &Product{Name: "Widget", Price: decimal.RequireFromString("9.99")}
			p.Category = orm.Ref[Category](7)
			g.section("Create Product (auto key)")
			g.do(r, products.Create(ctx, p))

			g.section("Save Product (update every column)")
			p.Name, p.Price, p.Status = "", decimal.Zero, "draft"
			g.do(r, orm.Save(ctx, db, p))

			g.section("Save Product UpdateFields(name, price)")
			g.do(r, orm.Save(ctx, db, p, orm.UpdateFields("name", "price")))

			g.section("Save Product with a zero key (insert)")
			g.do(r, orm.Save(ctx, db, &Product{Name: "New", Status: "draft"}))

			g.section("Get Product by pk")
			_, err = products.Get(ctx, orm.Q{"pk": 1})
			g.do(r, err)

			g.section("Get Product by fields")
			_, err = products.Get(ctx, orm.Q{"status__exact": "draft", "name": "Widget", "category_id": 7, "description": nil})
			g.do(r, err)

			g.section("Filter.Count")
			_, err = products.Filter(orm.Q{"status": "published"}).Count(ctx)
			g.do(r, err)

			g.section("All (Meta.Ordering)")
			_, err = products.Filter(orm.Q{"category": orm.Ref[Category](7)}).All(ctx)
			g.do(r, err)

			g.section("OrderBy(name, -pk).All")
			_, err = products.OrderBy("name", "-pk").All(ctx)
			g.do(r, err)

			g.section("Refresh Product")
			g.do(r, orm.Refresh(ctx, db, p))

			g.section("Delete Product")
			g.do(r, orm.Delete(ctx, db, p))

			g.section("Create OrderItem (explicit string key)")
			g.do(r, orm.Objects[OrderItem](db).Create(ctx, &OrderItem{Code: "A-1", HTTPStatus: 200, UserID: 9}))

			g.section("Create Everything (every field kind)")
			g.do(r, orm.Objects[Everything](db).Create(ctx, everything()))

			g.section("Get Everything by uuid, time and bool")
			_, err = orm.Objects[Everything](db).Get(ctx, orm.Q{"uuid": MustUUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "at": fixedTime, "flag": true, "day": fixedTime})
			g.do(r, err)

			compareGolden(t, filepath.Join("testdata", string(d.Name())+".sql"), g.b.String())
		})
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) == got {
		return
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			t.Fatalf("%s differs at line %d (run with -update to accept):\nwant: %s\ngot:  %s", path, i+1, w, g)
		}
	}
}
