package migrations_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
)

// TestOptimize: golden operation lists of Django's optimizer reductions,
// and of what must stay apart; each optimized list leaves the schema the
// original leaves (replayed after a base migration creating "base").
func TestOptimize(t *testing.T) {
	col := func(name string) dialect.Column { return dialect.Column{Name: name, Kind: dialect.KindInt, Null: true} }
	withDefault := func(name string, def any) dialect.Column {
		return dialect.Column{Name: name, Kind: dialect.KindInt, HasDefault: true, Default: def}
	}
	wide := func(name string) dialect.Column {
		return dialect.Column{Name: name, Kind: dialect.KindBigInt, Null: true}
	}
	base := tbl("base", col("a"), col("b"))
	base.Indexes = []dialect.Index{{Columns: []string{"b"}}}
	post := tbl("post", col("x"))
	ref := withFK(tbl("ref"), "post", "post_id")
	tests := []struct {
		name string
		in   []migrations.Operation
		want []string
	}{
		{"CreateTable + AddField", []migrations.Operation{
			migrations.CreateTable(post), migrations.AddField("post", col("y")),
		}, []string{`CreateTable("post")`}},
		{"CreateTable + AddField + RenameField + AlterField + AddIndex", []migrations.Operation{
			migrations.CreateTable(post), migrations.AddField("post", col("y")), migrations.RenameField("post", "y", "z"),
			migrations.AlterField("post", col("x"), wide("x")), migrations.AddIndex("post", dialect.Index{Columns: []string{"z"}}),
		}, []string{`CreateTable("post")`}},
		{"CreateTable + RemoveField", []migrations.Operation{
			migrations.CreateTable(post), migrations.RemoveField("post", "x"),
		}, []string{`CreateTable("post")`}},
		{"CreateTable + DropTable", []migrations.Operation{
			migrations.CreateTable(post), migrations.AddField("post", col("y")), migrations.DropTable("post"),
		}, nil},
		{"CreateTable + DropTable around another table", []migrations.Operation{
			migrations.CreateTable(post), migrations.AddField("base", col("c")), migrations.DropTable("post"),
		}, []string{`AddField("base", "c")`}},
		{"a table referencing it keeps CreateTable and DropTable apart", []migrations.Operation{
			migrations.CreateTable(post), migrations.CreateTable(ref), migrations.DropTable("ref"), migrations.DropTable("post"),
		}, nil},
		{"CreateTable + RenameTable, its own foreign key following", []migrations.Operation{
			migrations.CreateTable(withFK(tbl("node"), "node", "parent_id")), migrations.RenameTable("node", "tree"), migrations.AddField("tree", col("y")),
		}, []string{`CreateTable("tree")`}},
		{"CreateTable + RenameTable of a table referenced before stays", []migrations.Operation{
			migrations.CreateTable(ref), migrations.CreateTable(post), migrations.RenameTable("post", "article"),
		}, []string{`CreateTable("ref")`, `CreateTable("post")`, `RenameTable("post", "article")`}},
		{"AddField + RemoveField", []migrations.Operation{
			migrations.AddField("base", col("c")), migrations.RemoveField("base", "c"),
		}, nil},
		{"AddField + AlterField, same default", []migrations.Operation{
			migrations.AddField("base", withDefault("c", 1)), migrations.AlterField("base", withDefault("c", 1), dialect.Column{Name: "c", Kind: dialect.KindBigInt, HasDefault: true, Default: 1}),
		}, []string{`AddField("base", "c")`}},
		{"AddField + AlterField of the default stays", []migrations.Operation{
			migrations.AddField("base", withDefault("c", 1)), migrations.AlterField("base", withDefault("c", 1), withDefault("c", 2)),
		}, []string{`AddField("base", "c")`, `AlterField("base", "c")`}},
		{"AddField + RenameField", []migrations.Operation{
			migrations.AddField("base", col("c")), migrations.RenameField("base", "c", "d"),
		}, []string{`AddField("base", "d")`}},
		{"RenameField chain", []migrations.Operation{
			migrations.RenameField("base", "a", "c"), migrations.RenameField("base", "c", "d"), migrations.RenameField("base", "d", "e"),
		}, []string{`RenameField("base", "a", "e")`}},
		{"RenameField there and back", []migrations.Operation{
			migrations.RenameField("base", "a", "c"), migrations.RenameField("base", "c", "a"),
		}, nil},
		{"RenameField + RemoveField", []migrations.Operation{
			migrations.RenameField("base", "a", "c"), migrations.RemoveField("base", "c"),
		}, []string{`RemoveField("base", "a")`}},
		{"AlterField + AlterField", []migrations.Operation{
			migrations.AlterField("base", col("a"), wide("a")), migrations.AlterField("base", wide("a"), withDefault("a", 0)),
		}, []string{`AlterField("base", "a")`}},
		{"AlterField there and back", []migrations.Operation{
			migrations.AlterField("base", col("a"), wide("a")), migrations.AlterField("base", wide("a"), col("a")),
		}, nil},
		{"RenameTable chain", []migrations.Operation{
			migrations.RenameTable("base", "b2"), migrations.RenameTable("b2", "b3"),
		}, []string{`RenameTable("base", "b3")`}},
		{"AddIndex + RemoveIndex", []migrations.Operation{
			migrations.AddIndex("base", dialect.Index{Columns: []string{"a"}}), migrations.RemoveIndex("base", "base_a_idx"),
		}, nil},
		{"AddUnique + RemoveUnique", []migrations.Operation{
			migrations.AddUnique("base", "a", "b"), migrations.RemoveUnique("base", "a", "b"),
		}, nil},
		{"RawSQL keeps the operations around it apart", []migrations.Operation{
			migrations.AddField("base", col("c")), migrations.RawSQL("UPDATE base SET c = 1"), migrations.RemoveField("base", "c"),
		}, []string{`AddField("base", "c")`, `RawSQL("UPDATE base SET c = 1")`, `RemoveField("base", "c")`}},
		{"RemoveField + AddField of one name stays (the data is gone)", []migrations.Operation{
			migrations.RemoveField("base", "a"), migrations.AddField("base", col("a")),
		}, []string{`RemoveField("base", "a")`, `AddField("base", "a")`}},
		{"an unrelated operation in between", []migrations.Operation{
			migrations.CreateTable(post), migrations.AddField("base", col("c")), migrations.AddField("post", col("y")),
		}, []string{`CreateTable("post")`, `AddField("base", "c")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := migrations.Optimize(tt.in)
			var names []string
			for _, op := range got {
				names = append(names, op.String())
			}
			if strings.Join(names, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(tt.want, "\n"))
			}
			first := migrations.Migration{ID: "0001", Ops: []migrations.Operation{migrations.CreateTable(base)}}
			a, err := migrations.StateOf([]migrations.Migration{first, {ID: "0002", Ops: tt.in}})
			if err != nil {
				t.Fatal(err)
			}
			b, err := migrations.StateOf([]migrations.Migration{first, {ID: "0002", Ops: got}})
			if err != nil {
				t.Fatal(err)
			}
			if d := migrations.StateDiff(a, b); d != "" {
				t.Fatalf("the optimized operations leave another schema: %s", d)
			}
		})
	}
}

// TestSquashOptimized: squashmigrations folds a range (a column added and
// renamed, a table created and grown, a column renamed and removed) as
// the golden file shows, the consent to drop the renamed column follows
// it to its old name, and the squash applies with the rows of the
// column's table gone with it only.
func TestSquashOptimized(t *testing.T) {
	c := func(name string) dialect.Column {
		return dialect.Column{Name: name, Kind: dialect.KindChar, Length: 40, Null: true}
	}
	ms := []migrations.Migration{
		{ID: "0001_initial", Ops: []migrations.Operation{migrations.CreateTable(tbl("shop", c("name")))}},
		{ID: "0002_city", Ops: []migrations.Operation{migrations.AddField("shop", c("city"))}},
		{ID: "0003_town", Ops: []migrations.Operation{migrations.RenameField("shop", "city", "town"), migrations.AddIndex("shop", dialect.Index{Columns: []string{"town"}})}},
		{ID: "0004_other", Ops: []migrations.Operation{migrations.CreateTable(tbl("other", c("v"))), migrations.AddField("other", c("w"))}},
		{ID: "0005_drop", Ops: []migrations.Operation{migrations.RenameField("shop", "name", "title"), migrations.RemoveField("shop", "title")}, Drops: []string{"shop.title"}},
	}
	sq, err := migrations.Squash(ms, "0002_city", "0005_drop", "0002_squashed_0005")
	if err != nil {
		t.Fatal(err)
	}
	src, err := migrations.WriteMigration("migrations", sq)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "squash_optimized.go.golden")
	if *update {
		if err := os.WriteFile(golden, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(src) != string(want) {
		t.Fatalf("the squash differs from %s (run with -update and read the diff):\n%s", golden, src)
	}
	a, _ := migrations.StateOf(ms)
	b, err := migrations.StateOf([]migrations.Migration{ms[0], sq})
	if err != nil {
		t.Fatal(err)
	}
	if d := migrations.StateDiff(a, b); d != "" {
		t.Fatalf("the squash leaves another schema: %s", d)
	}
	if strings.Join(sq.Drops, ",") != "shop.name" {
		t.Fatalf("Drops = %v, want the consent to drop shop.title moved to shop.name", sq.Drops)
	}
	// It applies where the first migration is applied, the drop allowed
	// by its own Drops alone.
	db := testenv.Lookup(t, testenv.SQLite).Fresh(t).OpenDirect(t)
	r := &migrations.Runner{DB: db, Migrations: ms[:1]}
	if _, err := r.Apply(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.Migrations = []migrations.Migration{ms[0], sq}
	if _, err := r.Apply(context.Background()); err != nil {
		t.Fatal(err)
	}
}
