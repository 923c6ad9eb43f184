package manage_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

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
