package manage_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
	"github.com/sqlorm/sqlorm/migrations/manage"
	"github.com/sqlorm/sqlorm/orm"
)

type Shelf struct {
	orm.Model
	Label string `orm:"max_length=40"`
}

type Book struct {
	orm.Model
	Title string        `orm:"max_length=100"`
	Shelf orm.FK[Shelf] `orm:"on_delete=cascade"`
}

// TestFakeInitialAndTargets: tables made by orm.Migrate get their initial
// migration recorded with -fake-initial instead of created again; migrate
// TARGET applies up to it; usage errors exit 2.
func TestFakeInitialAndTargets(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		if err := orm.Migrate[Shelf](ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := orm.Migrate[Book](ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := orm.Objects[Shelf](db).Create(ctx, &Shelf{Label: "kept"}); err != nil {
			t.Fatal(err)
		}
		tables, err := migrations.Tables(migrations.Model[Shelf](), migrations.Model[Book]())
		if err != nil {
			t.Fatal(err)
		}
		ops, _, err := migrations.Detect(&migrations.State{}, tables, migrations.DetectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ms := []migrations.Migration{
			{ID: "0001_initial", Ops: ops},
			{ID: "0002_idx", Ops: []migrations.Operation{migrations.RunSQL([]string{"CREATE INDEX book_title_x ON book (title)"}, []string{"DROP INDEX book_title_x" + dropIndexTail(b.Name)})}},
			{ID: "0003_more", Ops: []migrations.Operation{migrations.RunSQL([]string{"UPDATE shelf SET label = 'kept'"}, nil)}},
		}
		cfg := manage.Config{DB: db, Migrations: ms}
		var out bytes.Buffer
		cfg.Stdout, cfg.Stderr = &out, &out
		if code := manage.Main(ctx, cfg, []string{"migrate", "-fake-initial", "0002_idx"}); code != 0 {
			t.Fatalf("migrate -fake-initial 0002_idx: exit %d\n%s", code, out.String())
		}
		if !strings.Contains(out.String(), "0001_initial... FAKED") || !strings.Contains(out.String(), "Applying 0002_idx... OK") {
			t.Fatalf("output:\n%s", out.String())
		}
		out.Reset()
		if code := manage.Main(ctx, cfg, []string{"showmigrations"}); code != 0 || out.String() != " [X] 0001_initial\n [X] 0002_idx\n [ ] 0003_more\n" {
			t.Fatalf("showmigrations: %d %q", code, out.String())
		}
		n, err := orm.Objects[Shelf](db).Count(ctx)
		if err != nil || n != 1 {
			t.Fatalf("the row made before -fake-initial: %d, %v", n, err)
		}
		out.Reset()
		if code := manage.Main(ctx, cfg, []string{"migrate", "zero"}); code == 0 {
			t.Fatalf("unapplying everything without -yes must be refused:\n%s", out.String())
		}
		out.Reset()
		if code := manage.Main(ctx, cfg, []string{"migrate", "0001_initial"}); code != 0 || !strings.Contains(out.String(), "Unapplying 0002_idx... OK") {
			t.Fatalf("migrate 0001_initial: %d\n%s", code, out.String())
		}
		out.Reset()
		if code := manage.Main(ctx, cfg, []string{"frobnicate"}); code != 2 {
			t.Fatalf("an unknown verb: exit %d", code)
		}
		if code := manage.Main(ctx, cfg, []string{"sqlmigrate"}); code != 2 {
			t.Fatalf("sqlmigrate without an ID: exit %d", code)
		}
	})
}

// dropIndexTail is what DROP INDEX needs after the name on MySQL.
func dropIndexTail(backend string) string {
	if backend == testenv.MySQL {
		return " ON book"
	}
	return ""
}

type RenV1 struct {
	orm.Model
	Title string `orm:"max_length=100"`
}

func (RenV1) Meta() orm.Meta { return orm.Meta{Table: "ren"} }

type RenV2 struct {
	orm.Model
	Headline string `orm:"max_length=100"`
}

func (RenV2) Meta() orm.Meta { return orm.Meta{Table: "ren"} }

// TestMakemigrationsAsks: on an interactive input a likely rename is asked
// about, as Django does; "y" makes it a RenameField, "n" leaves a removal
// that needs -yes; -noinput never asks.
func TestMakemigrationsAsks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tables, _ := migrations.Tables(migrations.Model[RenV1]())
	ops, _, err := migrations.Detect(&migrations.State{}, tables, migrations.DetectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := manage.Config{Models: []migrations.ModelSource{migrations.Model[RenV2]()}, Migrations: []migrations.Migration{{ID: "0001_initial", Ops: ops}}, Dir: dir, Package: "migrations", Interactive: true}
	for _, tc := range []struct {
		name, answer string
		args         []string
		code         int
		want         string
	}{
		{"yes", "y\n", nil, 0, `mig.RenameField("ren", "title", "headline")`},
		{"no", "n\n", nil, 1, "-rename ren.title=headline"},
		{"noinput", "", []string{"-noinput"}, 1, "-rename ren.title=headline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			c := cfg
			c.Stdin, c.Stdout, c.Stderr = strings.NewReader(tc.answer), &out, &out
			code := manage.Main(ctx, c, append([]string{"makemigrations", "-dry-run"}, tc.args...))
			if code != tc.code || !strings.Contains(out.String(), tc.want) {
				t.Fatalf("exit %d, want %d; output lacks %q:\n%s", code, tc.code, tc.want, out.String())
			}
			asked := strings.Contains(out.String(), "Was ren.title renamed to ren.headline (a CharField)? [y/N]")
			if asked == (tc.name == "noinput") {
				t.Fatalf("asked = %v:\n%s", asked, out.String())
			}
		})
	}
}

type Wide struct {
	orm.Model
	Score int32
}

// TestMigrateProgressLines: migrate off a terminal (a buffer) writes the
// table's rows when an operation that alters it starts, and no bar
// (no carriage return or escape codes).
func TestMigrateProgressLines(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		tables, err := migrations.Tables(migrations.Model[Wide]())
		if err != nil {
			t.Fatal(err)
		}
		ops, _, err := migrations.Detect(&migrations.State{}, tables, migrations.DetectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		from := *tables[0].Column("score")
		to := from
		to.Kind = dialect.KindBigInt
		ms := []migrations.Migration{
			{ID: "0001_initial", Ops: ops},
			{ID: "0002_rows", Ops: []migrations.Operation{migrations.RunSQL([]string{"INSERT INTO wide (score) VALUES (1)", "INSERT INTO wide (score) VALUES (2)", "INSERT INTO wide (score) VALUES (3)"}, nil)}},
			{ID: "0003_wider", Ops: []migrations.Operation{migrations.AlterField("wide", from, to)}},
		}
		var out bytes.Buffer
		cfg := manage.Config{DB: db, Migrations: ms, Stdout: &out, Stderr: &out}
		if code := manage.Main(ctx, cfg, []string{"migrate"}); code != 0 {
			t.Fatalf("migrate: exit %d\n%s", code, out.String())
		}
		if !strings.Contains(out.String(), "    0003_wider: AlterField(\"wide\", \"score\") (3 rows)\n") || strings.ContainsAny(out.String(), "\r\x1b") {
			t.Fatalf("output:\n%q", out.String())
		}
	})
}

type OneV1 struct {
	orm.Model
	Title string `orm:"max_length=40"`
}

func (OneV1) Meta() orm.Meta { return orm.Meta{Table: "one"} }

type OneV2 struct {
	orm.Model
	Title string `orm:"max_length=40"`
	Age   int32
}

func (OneV2) Meta() orm.Meta { return orm.Meta{Table: "one"} }

// TestMakemigrationsOneOffDefault: a NOT NULL field without a default
// added to a model is refused without a value for the existing rows,
// naming the field and the flag; -default or an answer on a terminal
// gives it (AddField with it, AlterField without it); applied, the rows
// there get it and the column keeps no default, on every backend.
func TestMakemigrationsOneOffDefault(t *testing.T) {
	ctx := context.Background()
	tables, _ := migrations.Tables(migrations.Model[OneV1]())
	initial, _, err := migrations.Detect(&migrations.State{}, tables, migrations.DetectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ms := []migrations.Migration{{ID: "0001_initial", Ops: initial}}
	cfg := manage.Config{Models: []migrations.ModelSource{migrations.Model[OneV2]()}, Migrations: ms, Dir: t.TempDir(), Package: "migrations"}
	question := "It is impossible to add the NOT NULL column one.age (a IntegerField) without a default"
	for _, tc := range []struct {
		name, answer string
		interactive  bool
		args         []string
		code         int
		want         []string
	}{
		{"non-interactive, no default", "", false, nil, 1, []string{`"age"`, "-default one.age=VALUE"}},
		{"-noinput on a terminal", "18\n", true, []string{"-noinput"}, 1, []string{"-default one.age=VALUE"}},
		{"-default", "", false, []string{"-default", "one.age=18"}, 0, []string{
			`mig.AddField("one", dialect.Column{Name: "age", Kind: dialect.KindInt, Default: int64(18), HasDefault: true})`,
			"mig.AlterField(\"one\",\n\t\t\t\tdialect.Column{Name: \"age\", Kind: dialect.KindInt, Default: int64(18), HasDefault: true},\n\t\t\t\tdialect.Column{Name: \"age\", Kind: dialect.KindInt}),"}},
		{"asked, answered", "18\n", true, nil, 0, []string{question, `Default: int64(18), HasDefault: true})`}},
		{"asked, no answer", "\n", true, nil, 1, []string{question, "-default one.age=VALUE"}},
		{"-default of the wrong kind", "", false, []string{"-default", "one.age=old"}, 1, []string{`"old" is not an integer`}},
		{"-default without a column", "", false, []string{"-default", "age=18"}, 2, []string{"-default wants table.column=VALUE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			c := cfg
			c.Stdin, c.Stdout, c.Stderr, c.Interactive = strings.NewReader(tc.answer), &out, &out, tc.interactive
			code := manage.Main(ctx, c, append([]string{"makemigrations", "-dry-run"}, tc.args...))
			if code != tc.code {
				t.Fatalf("exit %d, want %d:\n%s", code, tc.code, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Fatalf("the output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
	want, _ := migrations.Tables(migrations.Model[OneV2]())
	state, _ := migrations.StateOf(ms)
	ops, _, err := migrations.Detect(state, want, migrations.DetectOptions{Defaults: map[string]string{"one.age": "18"}})
	if err != nil {
		t.Fatal(err)
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		db := b.OpenDirect(t)
		r := &migrations.Runner{DB: db, Migrations: ms}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO one (title) VALUES ('kept')"); err != nil {
			t.Fatal(err)
		}
		r.Migrations = append(ms, migrations.Migration{ID: "0002_age", Ops: ops})
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		var title string
		var age int
		if err := db.QueryRowContext(ctx, "SELECT title, age FROM one").Scan(&title, &age); err != nil || title != "kept" || age != 18 {
			t.Fatalf("the existing row: %q, %d, %v; want kept, 18", title, age, err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO one (title) VALUES ('new')"); err == nil {
			t.Fatal("a row without age was accepted: the one-off default stayed on the column")
		}
	})
}
