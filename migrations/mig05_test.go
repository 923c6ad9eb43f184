package migrations_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
	"github.com/sqlorm/sqlorm/orm"
)

// Widget and WidgetSlim are two versions of one model: WidgetSlim has
// dropped Legacy (a column with data) and Score (with an index).
type Widget struct {
	orm.Model
	Name   string  `orm:"max_length=50"`
	Legacy *string `orm:"max_length=20,null"`
	Score  int32   `orm:"default=0,db_index"`
}

type WidgetSlim struct {
	orm.Model
	Name string `orm:"max_length=50"`
}

func (WidgetSlim) Meta() orm.Meta { return orm.Meta{Table: "widget"} }

// TestSyncSchemaNeverDrops is MIG-05 for SyncSchema, counted with
// hooks.Capture through the sqlorm driver: syncing twice sends nothing
// that changes anything, and syncing a model that lost two fields drops
// nothing (the columns, their index and their data stay, reported as
// extra in the Diff).
func TestSyncSchemaNeverDrops(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := openSqlorm(t, b)
		sync := func(slim bool) (migrations.SyncResult, *hooks.Recorder) {
			t.Helper()
			cctx, rec := hooks.Capture(ctx)
			var res migrations.SyncResult
			var err error
			if slim {
				res, err = migrations.SyncSchema[WidgetSlim](cctx, db)
			} else {
				res, err = migrations.SyncSchema[Widget](cctx, db)
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.Count() == 0 {
				t.Fatal("the capture saw no statement: it proves nothing")
			}
			return res, rec
		}
		// The first sync creates the table: the counting sees changes.
		if _, rec := sync(false); len(schemaChanges(rec)) == 0 {
			t.Fatalf("creating the table counted no change:\n%s", rec)
		}
		legacy := "keep me"
		if err := orm.Objects[Widget](db).Create(ctx, &Widget{Name: "w", Legacy: &legacy, Score: 7}); err != nil {
			t.Fatal(err)
		}
		if _, rec := sync(false); len(schemaChanges(rec)) != 0 {
			t.Errorf("the second sync sent %q", schemaChanges(rec))
		}
		for i := range 2 {
			res, rec := sync(true)
			if d := drops(rec); len(d) != 0 {
				t.Errorf("sync %d of the slimmer model dropped: %q", i, d)
			}
			if ch := schemaChanges(rec); len(ch) != 0 {
				t.Errorf("sync %d of the slimmer model sent %q", i, ch)
			}
			if len(res.Added) != 0 || !slices.Equal(res.Diff.ExtraInDB, []string{"legacy", "score"}) || len(res.Diff.ExtraIndexes) != 1 {
				t.Errorf("sync %d: added %v, extra columns %v, extra indexes %v", i, res.Added, res.Diff.ExtraInDB, res.Diff.ExtraIndexes)
			}
		}
		cols, err := introspect.ColumnNames(ctx, db, "widget")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cols, []string{"id", "name", "legacy", "score"}) {
			t.Errorf("columns after syncing the slimmer model: %v", cols)
		}
		var got string
		var score int
		if err := db.QueryRowContext(ctx, "SELECT legacy, score FROM widget").Scan(&got, &score); err != nil || got != legacy || score != 7 {
			t.Errorf("the row after syncing the slimmer model: %q, %d, %v", got, score, err)
		}
		// Back to the full model: nothing to add, nothing sent.
		if _, rec := sync(false); len(schemaChanges(rec)) != 0 {
			t.Errorf("syncing the full model again sent %q", schemaChanges(rec))
		}
	})
}

// TestRunnerRemoveFieldSendsNoDrop is MIG-05 for the versioned Runner: a
// RemoveField whose column AllowDrop does not name is refused before any
// statement that drops or changes anything (counted through the sqlorm
// driver), the column keeps its data, and with AllowDrop the same
// migration does drop (so the counting can see a drop).
func TestRunnerRemoveFieldSendsNoDrop(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := openSqlorm(t, b)
		if _, err := (&migrations.Runner{DB: db, Migrations: baseMigrations()}).Apply(ctx); err != nil {
			t.Fatal(err)
		}
		ms := append(baseMigrations(), migrations.Migration{ID: "0003_drop_email", Ops: []migrations.Operation{
			migrations.RemoveField("author", "email"),
		}})
		for _, allow := range [][]string{nil, {"author"}, {"email"}, {"author.name"}} {
			cctx, rec := hooks.Capture(ctx)
			_, err := (&migrations.Runner{DB: db, Migrations: ms, AllowDrop: allow}).Apply(cctx)
			if !errors.Is(err, migrations.ErrDropNotAllowed) {
				t.Fatalf("AllowDrop %q: %v, want ErrDropNotAllowed", allow, err)
			}
			if d := drops(rec); len(d) != 0 {
				t.Errorf("AllowDrop %q: sent %q", allow, d)
			}
			for _, q := range schemaChanges(rec) {
				if u := strings.ToUpper(q); strings.Contains(u, "ALTER") || strings.Contains(u, "CREATE") || strings.Contains(u, "RENAME") {
					t.Errorf("AllowDrop %q: sent %q", allow, q)
				}
			}
		}
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(email) FROM author").Scan(&n); err != nil || n != 2 {
			t.Fatalf("the emails after the refused drops: %d, %v", n, err)
		}
		cctx, rec := hooks.Capture(ctx)
		if _, err := (&migrations.Runner{DB: db, Migrations: ms, AllowDrop: []string{"author.email"}}).Apply(cctx); err != nil {
			t.Fatal(err)
		}
		if len(drops(rec)) == 0 {
			t.Errorf("the allowed drop sent no DROP:\n%s", rec)
		}
	})
}
