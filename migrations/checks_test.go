package migrations_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
	"github.com/sqlorm/sqlorm/orm"
)

type ChoiceV1 struct {
	orm.Model
	Status string `orm:"max_length=20,choices=draft|published,default=draft"`
	Count  uint32 `orm:"default=0"`
}

func (ChoiceV1) Meta() orm.Meta { return orm.Meta{Table: "choice_item"} }

type ChoiceV2 struct {
	orm.Model
	Status string `orm:"max_length=20,choices=draft|published|archived,default=draft"`
	Count  uint32 `orm:"default=0"`
}

func (ChoiceV2) Meta() orm.Meta { return orm.Meta{Table: "choice_item"} }

// TestChoicesTracked: a CHECK sqlorm makes from choices= is read back,
// compared by SchemaDiff, and changed by a migration makemigrations
// writes; before it the new choice is refused, after it accepted; a value
// outside the new choices still is refused. Lossy changes are refused.
func TestChoicesTracked(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		v1, err := migrations.Tables(migrations.Model[ChoiceV1]())
		if err != nil {
			t.Fatal(err)
		}
		ops, _, err := migrations.Detect(&migrations.State{}, v1, migrations.DetectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ms := []migrations.Migration{{ID: "0001_initial", Ops: ops}}
		r := &migrations.Runner{DB: db, Migrations: ms}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		if d, err := migrations.SchemaDiff[ChoiceV1](ctx, db); err != nil || !d.Empty() {
			t.Fatalf("v1 diff = %+v, %v", d, err)
		}
		d, err := migrations.SchemaDiff[ChoiceV2](ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Changed) != 1 || d.Changed[0].Column != "status" || !strings.Contains(strings.Join(d.Changed[0].Differences, ";"), "archived") {
			t.Fatalf("a choice added to the model is not in SchemaDiff: %+v", d)
		}
		if err := orm.Objects[ChoiceV2](db).Create(ctx, &ChoiceV2{Status: "archived"}); err == nil {
			t.Fatal("the v1 CHECK accepted a new choice")
		}
		if err := orm.Objects[ChoiceV2](db).Create(ctx, &ChoiceV2{Status: "published", Count: 3}); err != nil {
			t.Fatal(err)
		}

		state, err := migrations.StateOf(ms)
		if err != nil {
			t.Fatal(err)
		}
		v2, _ := migrations.Tables(migrations.Model[ChoiceV2]())
		ops, _, err = migrations.Detect(state, v2, migrations.DetectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ops) != 1 || ops[0].String() != `AlterField("choice_item", "status")` {
			t.Fatalf("ops = %v", ops)
		}
		r.Migrations = append(ms, migrations.Migration{ID: "0002_archived", Ops: ops})
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		if d, err := migrations.SchemaDiff[ChoiceV2](ctx, db); err != nil || !d.Empty() {
			t.Fatalf("v2 diff after the migration = %+v, %v", d, err)
		}
		if err := orm.Objects[ChoiceV2](db).Create(ctx, &ChoiceV2{Status: "archived"}); err != nil {
			t.Fatalf("the new choice is refused after the migration: %v", err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO choice_item (status, count) VALUES ('bogus', 0)"); err == nil {
			t.Fatal("the new CHECK accepts a value that is no choice")
		}
		n, err := orm.Objects[ChoiceV2](db).Filter(orm.Q{"status": "published", "count": 3}).Count(ctx)
		if err != nil || n != 1 {
			t.Fatalf("the row made before the migration: %d, %v", n, err)
		}

		// Narrowing max_length below a stored value is refused before
		// anything changes, naming the row; so is unapplying 0002 while a
		// row holds the new choice.
		narrow := migrations.AlterField("choice_item",
			dialect.Column{Name: "status", Kind: dialect.KindChar, Length: 20, Default: "draft", Choices: []string{"draft", "published", "archived"}},
			dialect.Column{Name: "status", Kind: dialect.KindChar, Length: 5, Default: "draft"})
		r.Migrations = append(r.Migrations, migrations.Migration{ID: "0003_narrow", Ops: []migrations.Operation{narrow}})
		if _, err := r.Apply(ctx); !errors.Is(err, migrations.ErrLossyConversion) || !strings.Contains(err.Error(), "id=") {
			t.Fatalf("narrowing: %v", err)
		}
		r.Migrations = r.Migrations[:2]
		if _, err := r.Unapply(ctx, "0001_initial"); !errors.Is(err, migrations.ErrLossyConversion) {
			t.Fatalf("unapplying 0002 with an 'archived' row: %v", err)
		}
		if d, err := migrations.SchemaDiff[ChoiceV2](ctx, db); err != nil || !d.Empty() {
			t.Fatalf("a failed unapply changed the table: %+v, %v", d, err)
		}
		if _, err := db.ExecContext(ctx, "DELETE FROM choice_item WHERE status = 'archived'"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Unapply(ctx, "0001_initial"); err != nil {
			t.Fatal(err)
		}
		if d, err := migrations.SchemaDiff[ChoiceV1](ctx, db); err != nil || !d.Empty() {
			t.Fatalf("v1 diff after unapplying = %+v, %v", d, err)
		}
	})
}

// TestRebuildKeepsTriggersAndViews: where SQLite rebuilds a table for a
// migration, the table's triggers and the schema's views are there
// afterwards and work.
func TestRebuildKeepsTriggersAndViews(t *testing.T) {
	testenv.RunOn(t, []string{testenv.SQLite}, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		from := dialect.Column{Name: "status", Kind: dialect.KindChar, Length: 20, Default: "draft", Choices: []string{"draft"}}
		to := from
		to.Choices = []string{"draft", "done"}
		item := dialect.Table{Name: "item", Columns: []dialect.Column{{Name: "id", Kind: dialect.KindBigAuto, Primary: true}, from}}
		logT := dialect.Table{Name: "item_log", Columns: []dialect.Column{{Name: "id", Kind: dialect.KindBigAuto, Primary: true}, {Name: "status", Kind: dialect.KindText}}}
		r := &migrations.Runner{DB: db, Migrations: []migrations.Migration{
			{ID: "0001", Ops: []migrations.Operation{migrations.CreateTable(item), migrations.CreateTable(logT),
				migrations.RunSQL([]string{
					"CREATE TRIGGER item_ins AFTER INSERT ON item BEGIN INSERT INTO item_log (status) VALUES (NEW.status); END",
					"CREATE VIEW item_done AS SELECT id FROM item WHERE status = 'done'",
				}, []string{"DROP VIEW item_done", "DROP TRIGGER item_ins"})}},
			{ID: "0002", Ops: []migrations.Operation{migrations.AlterField("item", from, to)}},
		}}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO item (status) VALUES ('done')"); err != nil {
			t.Fatal(err)
		}
		var logged, done int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM item_log").Scan(&logged); err != nil || logged != 1 {
			t.Fatalf("the trigger after the rebuild: %d rows logged, %v", logged, err)
		}
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM item_done").Scan(&done); err != nil || done != 1 {
			t.Fatalf("the view after the rebuild: %d, %v", done, err)
		}
	})
}

// TestProgress: Runner.Progress hears each operation start (with the row
// count of the table an AlterField changes), tick while it runs, and end.
func TestProgress(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		from := dialect.Column{Name: "n", Kind: dialect.KindInt, Null: true}
		to := dialect.Column{Name: "n", Kind: dialect.KindBigInt, Null: true}
		var events []migrations.Progress
		r := &migrations.Runner{DB: db, Progress: func(p migrations.Progress) { events = append(events, p) }, ProgressEvery: time.Millisecond}
		r.Migrations = []migrations.Migration{{ID: "0001", Ops: []migrations.Operation{
			migrations.CreateTable(dialect.Table{Name: "pr", Columns: []dialect.Column{{Name: "id", Kind: dialect.KindBigAuto, Primary: true}, from}}),
			migrations.RunSQL([]string{"INSERT INTO pr (n) VALUES (1)", "INSERT INTO pr (n) VALUES (2)"}, nil),
		}}, {ID: "0002", Ops: []migrations.Operation{
			migrations.RunGoReversible("slow", func(context.Context, migrations.Executor) error { time.Sleep(20 * time.Millisecond); return nil }, nil),
			migrations.AlterField("pr", from, to),
		}}}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		var starts, ticks, ends int
		var alterRows int64 = -2
		for _, e := range events {
			switch {
			case e.Done:
				ends++
			case e.Elapsed == 0:
				starts++
				if strings.HasPrefix(e.Operation, "AlterField") {
					alterRows = e.Rows
				}
			default:
				ticks++
			}
		}
		if starts != 4 || ends != 4 || ticks == 0 || alterRows != 2 {
			t.Fatalf("starts %d, ends %d, ticks %d, AlterField rows %d: %+v", starts, ends, ticks, alterRows, events)
		}
	})
}

// TestSyncSchemaChecks: SyncSchema replaces a CHECK whose choices changed
// (and nothing else), keeping the rows, and skips it, naming the value,
// when a row would break the new one.
func TestSyncSchemaChecks(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		if err := orm.Migrate[ChoiceV2](ctx, db); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"draft", "archived"} {
			if err := orm.Objects[ChoiceV2](db).Create(ctx, &ChoiceV2{Status: s}); err != nil {
				t.Fatal(err)
			}
		}
		// v1 lacks "archived", which a row holds: skipped.
		res, err := migrations.SyncSchema[ChoiceV1](ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.ChangedChecks) != 0 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "archived") {
			t.Fatalf("res = %+v", res)
		}
		if _, err := db.ExecContext(ctx, "DELETE FROM choice_item WHERE status = 'archived'"); err != nil {
			t.Fatal(err)
		}
		if res, err = migrations.SyncSchema[ChoiceV1](ctx, db); err != nil || strings.Join(res.ChangedChecks, ",") != "status" {
			t.Fatalf("res = %+v, %v", res, err)
		}
		if d, err := migrations.SchemaDiff[ChoiceV1](ctx, db); err != nil || !d.Empty() {
			t.Fatalf("diff after SyncSchema: %+v, %v", d, err)
		}
		if err := orm.Objects[ChoiceV2](db).Create(ctx, &ChoiceV2{Status: "archived"}); err == nil {
			t.Fatal("the replaced CHECK accepts a removed choice")
		}
		if n, err := orm.Objects[ChoiceV1](db).Count(ctx); err != nil || n != 1 {
			t.Fatalf("rows after SyncSchema: %d, %v", n, err)
		}
	})
}

// TestRenameModelThenAlter: a model renamed by hint keeps working for
// later migrations: its index and foreign key are renamed (dropped and
// added under the new derived names), its CHECK and UNIQUE constraints
// follow the table's name, so a later AlterField of its choices and a
// removed unique_together find them; rows are kept.
func TestRenameModelThenAlter(t *testing.T) {
	owner := tbl("owner", dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 40, Unique: true})
	post := withFK(tbl("post", title, status1), "owner", "owner_id")
	post.Indexes = []dialect.Index{{Columns: []string{"title"}}}
	post.Uniques = [][]string{{"title", "owner_id"}}
	article := cloneForTest(post, "article")
	article2 := cloneForTest(article, "article")
	article2.Columns[2] = status2
	article2.Uniques = nil
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		var ms []migrations.Migration
		step := func(id string, want []dialect.Table, opts migrations.DetectOptions) {
			t.Helper()
			st, err := migrations.StateOf(ms)
			if err != nil {
				t.Fatal(err)
			}
			ops, drops, err := migrations.Detect(st, want, opts)
			if err != nil {
				t.Fatal(err)
			}
			ms = append(ms, migrations.Migration{ID: id, Ops: ops, Drops: drops})
			r := &migrations.Runner{DB: db, Migrations: ms}
			if _, err := r.Apply(ctx); err != nil {
				t.Fatalf("%s %v: %v", id, ops, err)
			}
		}
		step("0001", []dialect.Table{owner, post}, migrations.DetectOptions{})
		if _, err := db.ExecContext(ctx, "INSERT INTO owner (name) VALUES ('o')"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO post (title, status, owner_id) VALUES ('a', 'draft', 1), ('b', 'published', 1)"); err != nil {
			t.Fatal(err)
		}
		step("0002", []dialect.Table{owner, article}, migrations.DetectOptions{Renames: map[string]string{"post": "article"}})
		step("0003", []dialect.Table{owner, article2}, migrations.DetectOptions{})
		if _, err := db.ExecContext(ctx, "INSERT INTO article (title, status, owner_id) VALUES ('a', 'archived', 1)"); err != nil {
			t.Fatalf("after renaming and altering: %v", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM article").Scan(&n); err != nil || n != 3 {
			t.Fatalf("rows: %d, %v", n, err)
		}
		// Unapply all the way back: every name is found again.
		r := &migrations.Runner{DB: db, Migrations: ms}
		if _, err := db.ExecContext(ctx, "DELETE FROM article WHERE status = 'archived'"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Unapply(ctx, "0001"); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM post").Scan(&n); err != nil || n != 2 {
			t.Fatalf("rows after unapplying: %d, %v", n, err)
		}
	})
}

func cloneForTest(t dialect.Table, name string) dialect.Table {
	out := dialect.Table{Name: name}
	out.Columns = append(out.Columns, t.Columns...)
	out.Indexes = append(out.Indexes, t.Indexes...)
	out.Uniques = append(out.Uniques, t.Uniques...)
	out.ForeignKeys = append(out.ForeignKeys, t.ForeignKeys...)
	return out
}

// TestRenameFieldThenAlter: renamed columns keep their constraints
// findable: an index and a foreign key over them are renamed by
// makemigrations, their CHECK and UNIQUE constraints by RenameField, so a
// later AlterField of the choices and a removed unique_together work.
func TestRenameFieldThenAlter(t *testing.T) {
	owner := tbl("owner", dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 40})
	post := withFK(tbl("post", title, status1, dialect.Column{Name: "code", Kind: dialect.KindChar, Length: 10, Unique: true}), "owner", "owner_id")
	post.Indexes = []dialect.Index{{Columns: []string{"title"}}}
	post.Uniques = [][]string{{"title", "owner_id"}}
	renamed := func(choices dialect.Column, uniques bool) dialect.Table {
		headline := title
		headline.Name = "headline"
		state := choices
		state.Name = "state"
		p := withFK(tbl("post", headline, state, dialect.Column{Name: "code", Kind: dialect.KindChar, Length: 10, Unique: true}), "owner", "owner_ref")
		p.Indexes = []dialect.Index{{Columns: []string{"headline"}}}
		if uniques {
			p.Uniques = [][]string{{"headline", "owner_ref"}}
		}
		return p
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		var ms []migrations.Migration
		step := func(id string, want []dialect.Table, opts migrations.DetectOptions) {
			t.Helper()
			st, err := migrations.StateOf(ms)
			if err != nil {
				t.Fatal(err)
			}
			ops, drops, err := migrations.Detect(st, want, opts)
			if err != nil {
				t.Fatal(err)
			}
			ms = append(ms, migrations.Migration{ID: id, Ops: ops, Drops: drops})
			if _, err := (&migrations.Runner{DB: db, Migrations: ms}).Apply(ctx); err != nil {
				t.Fatalf("%s %v: %v", id, ops, err)
			}
		}
		step("0001", []dialect.Table{owner, post}, migrations.DetectOptions{})
		if _, err := db.ExecContext(ctx, "INSERT INTO owner (name) VALUES ('o')"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO post (title, status, code, owner_id) VALUES ('a', 'draft', 'x', 1)"); err != nil {
			t.Fatal(err)
		}
		step("0002", []dialect.Table{owner, renamed(status1, true)}, migrations.DetectOptions{Renames: map[string]string{"post.title": "headline", "post.status": "state", "post.owner_id": "owner_ref"}})
		step("0003", []dialect.Table{owner, renamed(status2, false)}, migrations.DetectOptions{})
		if _, err := db.ExecContext(ctx, "INSERT INTO post (headline, state, code, owner_ref) VALUES ('a', 'archived', 'y', 1)"); err != nil {
			t.Fatalf("after renaming and altering: %v", err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO post (headline, state, code, owner_ref) VALUES ('b', 'draft', 'y', 1)"); err == nil {
			t.Fatal("the renamed column's UNIQUE is gone")
		}
		if _, err := db.ExecContext(ctx, "DELETE FROM post WHERE state = 'archived'"); err != nil {
			t.Fatal(err)
		}
		if _, err := (&migrations.Runner{DB: db, Migrations: ms}).Unapply(ctx, "0001"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM post WHERE title = 'a' AND status = 'draft'").Scan(&n); err != nil || n != 1 {
			t.Fatalf("rows after unapplying: %d, %v", n, err)
		}
	})
}

// TestFailedRenameUndoesNames: where a failing migration is undone
// operation by operation (MySQL/MariaDB), a RenameField's constraint
// renames are undone with it, so the next migration finds the UNIQUE
// constraint under its old name.
func TestFailedRenameUndoesNames(t *testing.T) {
	code := dialect.Column{Name: "code", Kind: dialect.KindChar, Length: 10, Unique: true}
	plain := code
	plain.Unique = false
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		ms := []migrations.Migration{{ID: "0001", Ops: []migrations.Operation{migrations.CreateTable(tbl("item", code))}}}
		r := &migrations.Runner{DB: db, Migrations: ms}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		r.Migrations = append(ms, migrations.Migration{ID: "0002", Ops: []migrations.Operation{
			migrations.RenameField("item", "code", "ref"), migrations.RawSQL("INSERT INTO no_such_table VALUES (1)")}})
		if _, err := r.Apply(ctx); err == nil {
			t.Fatal("the bad migration applied")
		}
		r.Migrations = append(ms, migrations.Migration{ID: "0002b", Ops: []migrations.Operation{migrations.AlterField("item", code, plain)}})
		if _, err := r.Apply(ctx); err != nil {
			t.Fatalf("after the failed rename: %v", err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO item (code) VALUES ('a'), ('a')"); err != nil {
			t.Fatalf("the UNIQUE is still there: %v", err)
		}
	})
}
