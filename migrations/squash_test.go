package migrations_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
)

func squashFixture(t *testing.T) ([]migrations.Migration, migrations.Migration) {
	ms := []migrations.Migration{
		{ID: "0001_initial", Ops: []migrations.Operation{migrations.CreateTable(tbl("sq", dialect.Column{Name: "a", Kind: dialect.KindInt, Null: true}))}},
		{ID: "0002_b", Ops: []migrations.Operation{migrations.AddField("sq", dialect.Column{Name: "b", Kind: dialect.KindInt, Default: 7})}},
		{ID: "0003_rename", Ops: []migrations.Operation{migrations.RenameField("sq", "a", "c")}},
	}
	s, err := migrations.Squash(ms, "0001_initial", "0003_rename", "0001_squashed_0003")
	if err != nil {
		t.Fatal(err)
	}
	return ms, s
}

func status(t *testing.T, r *migrations.Runner) string {
	t.Helper()
	st, err := r.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range st {
		if s.Applied {
			b.WriteString("X")
		} else {
			b.WriteString(".")
		}
	}
	return b.String()
}

// TestSquash: a squashed migration (its three operations folded into one
// CreateTable) is only recorded where its replaced
// migrations ran (all, or the rest of them then), runs where none did,
// keeps working once they are deleted, and unapplies as one.
func TestSquash(t *testing.T) {
	ms, sq := squashFixture(t)
	if strings.Join(sq.Replaces, ",") != "0001_initial,0002_b,0003_rename" || len(sq.Ops) != 1 {
		t.Fatalf("squash = %+v", sq)
	}
	a, _ := migrations.StateOf(ms)
	b, _ := migrations.StateOf(append(append([]migrations.Migration(nil), ms...), sq))
	c, _ := migrations.StateOf([]migrations.Migration{sq})
	if d := migrations.StateDiff(a, b) + migrations.StateDiff(a, c); d != "" {
		t.Fatalf("states differ: %s", d)
	}
	src, err := migrations.WriteMigration("migrations", sq)
	if err != nil || !strings.Contains(string(src), `Replaces: []string{"0001_initial", "0002_b", "0003_rename"}`) {
		t.Fatalf("%v\n%s", err, src)
	}
	testenv.Run(t, func(t *testing.T, be *testenv.Backend) {
		ctx := context.Background()
		with := append(append([]migrations.Migration(nil), ms[:1]...), sq)
		with = append(with, ms[1:]...) // ID order: 0001_initial, 0001_squashed_0003, 0002_b, 0003_rename

		// Part applied, then the program with the squash: the rest runs,
		// the squash is recorded.
		db := be.OpenDirect(t)
		r := &migrations.Runner{DB: db, Migrations: ms[:1]}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		r.Migrations = with
		done, err := r.Apply(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(done) != 3 || done[2].ID != "0001_squashed_0003" {
			t.Fatalf("applied %+v", done)
		}
		if got := status(t, r); got != "XXXX" {
			t.Fatalf("status %s", got)
		}
		// The replaced migrations deleted: nothing to do, nothing unknown.
		r.Migrations = []migrations.Migration{sq}
		if done, err := r.Apply(ctx); err != nil || len(done) != 0 {
			t.Fatalf("after deleting the replaced: %v %v", done, err)
		}
		// Unapplying the squash reverses all of it and forgets every row.
		r.AllowDrop = []string{"sq", "sq.b"}
		if _, err := r.Unapply(ctx, "zero"); err != nil {
			t.Fatal(err)
		}
		if hist, err := r.Applied(ctx); err != nil || len(hist) != 0 {
			t.Fatalf("history after unapplying: %v %v", hist, err)
		}
		// A new database runs the squash itself.
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO sq (c) VALUES (1)"); err != nil {
			t.Fatalf("the squash did not run: %v", err)
		}
		var bv int
		if err := db.QueryRowContext(ctx, "SELECT b FROM sq").Scan(&bv); err != nil || bv != 7 {
			t.Fatalf("b = %d, %v", bv, err)
		}
	})
}
