package dialect_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	_ "github.com/sqlorm/sqlorm/driver" // the "sqlorm" driver, for statement capture
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/lookups"
	"github.com/sqlorm/sqlorm/orm"
)

// ToyItem is the model the fifth backend stores.
type ToyItem struct {
	orm.Model
	Name    string `orm:"max_length=40"`
	Qty     int64
	Created time.Time
}

// TestFifthBackend runs a toy fifth backend, dialect.BracketSQLite (SQLite
// quoting identifiers [like this], declared in fifth_internal_test.go and
// nowhere else), through the real orm and lookups code on a real SQLite
// database: DDL, inserts, filters with lookups and transforms, Count,
// Update and Delete all work, and every statement quotes its names the
// toy's way. Adding the backend touched only files under dialect/.
func TestFifthBackend(t *testing.T) {
	fresh := testenv.Lookup(t, testenv.SQLite).Fresh(t)
	db, err := sql.Open("sqlorm", fresh.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := dialect.BracketSQLite
	ctx, rec := hooks.Capture(orm.WithDialect(context.Background(), d))

	if err := orm.Migrate[ToyItem](ctx, db); err != nil {
		t.Fatal(err)
	}
	items := orm.Objects[ToyItem](db)
	jan := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	for i, name := range []string{"apple", "banana", "cherry", "a_b%c"} {
		it := &ToyItem{Name: name, Qty: int64(i + 1), Created: jan.AddDate(i, 0, 0)}
		if err := items.Create(ctx, it); err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
	}

	for _, c := range []struct {
		name string
		q    orm.Q
		want []string
	}{
		{"contains", orm.Q{"name__contains": "an"}, []string{"banana"}},
		{"icontains with LIKE metacharacters", orm.Q{"name__icontains": "_B%"}, []string{"a_b%c"}},
		{"startswith", orm.Q{"name__startswith": "ch"}, []string{"cherry"}},
		{"in and gte", orm.Q{"qty__in": []int{1, 2, 4}, "qty__gte": 2}, []string{"banana", "a_b%c"}},
		{"year transform", orm.Q{"created__year": 2025}, []string{"banana"}},
		{"year bounds", orm.Q{"created__year__gte": 2026}, []string{"cherry", "a_b%c"}},
		{"month and F", orm.Q{"created__month": 1, "qty__lt": orm.F("qty").Add(1)}, []string{"apple", "banana", "cherry", "a_b%c"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := items.Filter(c.q).OrderBy("created").All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, it := range got {
				names = append(names, it.Name)
			}
			if strings.Join(names, ",") != strings.Join(c.want, ",") {
				t.Errorf("got %v, want %v", names, c.want)
			}
		})
	}

	n, err := items.Filter(orm.Q{"name__endswith": "y"}).Count(ctx)
	if err != nil || n != 1 {
		t.Errorf("Count = %d, %v; want 1", n, err)
	}
	if _, err := items.Filter(orm.Q{"name": "apple"}).Update(ctx, orm.Set{"qty": orm.F("qty").Add(10)}); err != nil {
		t.Fatal(err)
	}
	if got, err := items.Get(ctx, orm.Q{"name": "apple"}); err != nil || got.Qty != 11 {
		t.Errorf("after Update: %+v, %v; want qty 11", got, err)
	}
	if _, err := items.Filter(orm.Q{"qty__gt": 3}).Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := items.Count(ctx); err != nil || n != 2 {
		t.Errorf("after Delete: %d rows, %v; want 2", n, err)
	}

	stmts := rec.Statements()
	if len(stmts) < 10 {
		t.Fatalf("captured %d statements, want the DDL and every call:\n%s", len(stmts), rec)
	}
	for _, q := range stmts {
		if strings.Contains(q.SQL, `"toy_item"`) || strings.Contains(q.SQL, `"name"`) {
			t.Errorf("a name quoted the SQLite way, not the toy's: %s", q.SQL)
		}
	}
	if s := rec.String(); !strings.Contains(s, "[toy_item].[name] GLOB ?") || !strings.Contains(s, "CREATE TABLE IF NOT EXISTS [toy_item]") {
		t.Errorf("the toy's quoting is missing from the statements:\n%s", s)
	}
}

// TestFifthBackendLookups renders lookups for the toy backend straight
// through package lookups: the SQLite spellings with the toy's quoting.
func TestFifthBackendLookups(t *testing.T) {
	d := dialect.BracketSQLite
	col := lookups.Operand{Table: "t", Column: "c", Kind: dialect.KindDateTime}
	text := lookups.Operand{Table: "t", Column: "s", Kind: dialect.KindChar}
	for _, c := range []struct {
		path string
		lhs  lookups.Operand
		rhs  lookups.RHS
		want string
	}{
		{"exact", text, lookups.Value("x"), "[t].[s] = ?"},
		{"contains", text, lookups.Value("a*b"), "[t].[s] GLOB ?"},
		{"iexact", text, lookups.Expr(lookups.Operand{Table: "u", Column: "s"}), `[t].[s] LIKE REPLACE(REPLACE(REPLACE([u].[s], '\', '\\'), '%', '\%'), '_', '\_') ESCAPE '\'`},
		{"year", col, lookups.Value(2024), "([t].[c] >= ? AND [t].[c] < ?)"},
		{"week_day", col, lookups.Value(2), "(CAST(strftime('%w', [t].[c]) AS INTEGER) + 1) = ?"},
		{"date", col, lookups.Value("2024-01-02"), "date([t].[c]) = ?"},
		{"isnull", text, lookups.Value(true), "[t].[s] IS NULL"},
	} {
		t.Run(c.path, func(t *testing.T) {
			chain, err := lookups.Default().Resolve(strings.Split(c.path, "__"))
			if err != nil {
				t.Fatal(err)
			}
			w := lookups.NewWriter(d, nil, nil)
			if _, err := chain.Render(w, c.lhs, c.rhs); err != nil {
				t.Fatal(err)
			}
			if w.String() != c.want {
				t.Errorf("got  %s\nwant %s", w, c.want)
			}
		})
	}
}
