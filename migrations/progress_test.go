package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
)

// checkCopied fails unless reports start at 0, never go down, stay within
// their total and end at want, with at least minReports in between.
func checkCopied(t *testing.T, what string, reports []migrations.RowsCopied, want int64, between int) {
	t.Helper()
	if len(reports) < 2+between {
		t.Fatalf("%s: %d reports, want at least %d: %+v", what, len(reports), 2+between, reports)
	}
	if reports[0].Copied != 0 {
		t.Errorf("%s: first report %+v, want Copied 0", what, reports[0])
	}
	for i, r := range reports {
		if r.Copied > r.Total || (i > 0 && r.Copied < reports[i-1].Copied) {
			t.Fatalf("%s: report %d (%+v) after %+v is not monotone within its total", what, i, r, reports[max(i-1, 0)])
		}
	}
	if last := reports[len(reports)-1]; last.Copied != want || last.Total != want {
		t.Errorf("%s: last report %+v, want %d of %d", what, last, want, want)
	}
}

// TestReportRows: RecreateTable, ChangeColumnType, BackupTable and
// RestoreTable given ReportRows report rows copied batch by batch (2 500
// rows in batches of 1 000: 0, 1000, 2000, 2500), and the rows are the
// same as after a copy in one statement.
func TestReportRows(t *testing.T) {
	migrations.SetCopyBatch(t, 1000)
	const n = 2500
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		d := create(t, db, fiTable())
		seedRows(t, db, d, n)
		_, sum := checksum(t, db, "fi")
		var got []migrations.RowsCopied
		report := migrations.ReportRows(func(r migrations.RowsCopied) {
			if r.Table != "fi" {
				t.Errorf("report names table %q, want fi", r.Table)
			}
			got = append(got, r)
		})
		steps := []struct {
			name string
			run  func() error
		}{
			{"RecreateTable", func() error {
				return migrations.RecreateTable(ctx, db, fiTable(), []string{"id", "name", "score"}, report)
			}},
			{"ChangeColumnType", func() error {
				return migrations.ChangeColumnType(ctx, db, "fi", dialect.Column{Name: "score", Kind: dialect.KindBigInt, Null: true}, report)
			}},
			{"BackupTable", func() error {
				_, err := migrations.BackupTable(ctx, db, "fi", report)
				return err
			}},
			{"RestoreTable", func() error {
				mustExec(t, db, "DELETE FROM fi WHERE id > 100")
				return migrations.RestoreTable(ctx, db, "fi", report)
			}},
		}
		for _, s := range steps {
			got = nil
			if err := s.run(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			checkCopied(t, s.name, got, n, 2)
			if c, after := checksum(t, db, "fi"); c != n || after != sum {
				t.Fatalf("%s: %d rows, checksum %s; want %d rows, %s", s.name, c, after, n, sum)
			}
		}
		noScratch(t, db)
	})
}

// seedRows fills fi with n rows in statements of 500.
func seedRows(t *testing.T, db *sql.DB, d dialect.Dialect, n int) {
	t.Helper()
	for lo := 1; lo <= n; lo += 500 {
		var vals []string
		for i := lo; i < lo+500 && i <= n; i++ {
			vals = append(vals, fmt.Sprintf("(%d, 'n%d', %d)", i, i, i%7))
		}
		mustExec(t, db, "INSERT INTO fi (id, name, score) VALUES "+strings.Join(vals, ", "))
	}
}

// TestRunnerProgressRows: Runner.Progress sees, per operation, Copied
// never going down and ending at Rows; on SQLite, whose AlterField
// rebuilds the table, in batches (at least one report strictly between 0
// and Rows); the server's in-place ALTER elsewhere goes from 0 to Rows.
func TestRunnerProgressRows(t *testing.T) {
	migrations.SetCopyBatch(t, 1000)
	const n = 2500
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		score := dialect.Column{Name: "score", Kind: dialect.KindInt, Null: true}
		wider := dialect.Column{Name: "score", Kind: dialect.KindBigInt, Null: true}
		byOp := map[string][]migrations.Progress{}
		r := &migrations.Runner{DB: db, Progress: func(p migrations.Progress) {
			byOp[p.Migration+" "+p.Operation] = append(byOp[p.Migration+" "+p.Operation], p)
		}}
		r.Migrations = []migrations.Migration{{ID: "0001", Ops: []migrations.Operation{migrations.CreateTable(fiTable())}}}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		seedRows(t, db, d, n)
		r.Migrations = append(r.Migrations, migrations.Migration{ID: "0002", Ops: []migrations.Operation{migrations.AlterField("fi", score, wider)}})
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		alter := byOp[`0002 AlterField("fi", "score")`]
		if len(alter) < 2 || alter[0].Rows != n || alter[0].Copied != 0 {
			t.Fatalf("AlterField reports %+v, want a start with Rows %d, Copied 0 (all: %v)", alter, n, byOp)
		}
		var between int
		for i, p := range alter {
			if p.Copied > p.Rows || (i > 0 && p.Copied < alter[i-1].Copied) {
				t.Fatalf("report %d %+v is not monotone within Rows: %+v", i, p, alter)
			}
			if p.Copied > 0 && p.Copied < p.Rows {
				between++
			}
		}
		last := alter[len(alter)-1]
		if !last.Done || last.Copied != n || last.Rows != n {
			t.Fatalf("last report %+v, want Done with %d of %d", last, n, n)
		}
		if !dialect.AltersInPlace(d) && between < 2 {
			t.Fatalf("a rebuild of %d rows in batches of 1000 reported %d batches in between: %+v", n, between, alter)
		}
		if c, _ := checksum(t, db, "fi"); c != n {
			t.Fatalf("%d rows after the migration, want %d", c, n)
		}
	})
}
