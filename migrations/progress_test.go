package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
)

// checkCopied fails unless reports start at 0, never go down, stay within
// their total and end at want, with at least between reports in between.
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
// rows in batches of 1 000: 0, 1000, 2000, 2500; BackupTable where DDL
// commits at once in one statement: 0, 2500), and the rows are the same
// as after a copy in one statement.
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
		// BackupTable copies in batches only inside one transaction
		// (SQLite, PostgreSQL); elsewhere in one statement, 0 then 2 500.
		backupBatches := 0
		if d.Has(dialect.TransactionalDDL) {
			backupBatches = 2
		}
		steps := []struct {
			name    string
			run     func() error
			between int
		}{
			{"RecreateTable", func() error {
				return migrations.RecreateTable(ctx, db, fiTable(), []string{"id", "name", "score"}, report)
			}, 2},
			{"ChangeColumnType", func() error {
				return migrations.ChangeColumnType(ctx, db, "fi", dialect.Column{Name: "score", Kind: dialect.KindBigInt, Null: true}, report)
			}, 2},
			{"BackupTable", func() error {
				_, err := migrations.BackupTable(ctx, db, "fi", report)
				return err
			}, backupBatches},
			{"RestoreTable", func() error {
				mustExec(t, db, "DELETE FROM fi WHERE id > 100")
				return migrations.RestoreTable(ctx, db, "fi", report)
			}, 2},
		}
		for _, s := range steps {
			got = nil
			if err := s.run(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			checkCopied(t, s.name, got, n, s.between)
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

// TestBackupBatchesOneMoment: where BackupTable copies in batches (SQLite,
// PostgreSQL) a writer waits until the backup commits, so the backup is
// the table at one moment: an update tried between two batches does not
// get through, and the backup holds the value from before it.
func TestBackupBatchesOneMoment(t *testing.T) {
	migrations.SetCopyBatch(t, 1000)
	testenv.RunOn(t, []string{testenv.SQLite, testenv.Postgres}, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		database := b.Fresh(t)
		db := database.OpenDirect(t)
		d := create(t, db, fiTable())
		seedRows(t, db, d, 2500)
		dsn := database.DSN
		if b.Name == testenv.SQLite {
			// The writer gives up after 100 ms instead of testenv's 5 s.
			dsn = regexp.MustCompile(`_busy_timeout=\d+`).ReplaceAllString(dsn, "") + "&_busy_timeout=100"
		}
		other, err := sql.Open(database.DriverName, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		var writeErr error
		tried := false
		report := migrations.ReportRows(func(r migrations.RowsCopied) {
			if r.Copied == 0 || r.Copied == r.Total || tried {
				return
			}
			tried = true
			wctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			defer cancel()
			_, writeErr = other.ExecContext(wctx, "UPDATE fi SET score = -1 WHERE id = 2500")
		})
		if _, err := migrations.BackupTable(ctx, db, "fi", report); err != nil {
			t.Fatal(err)
		}
		if !tried || writeErr == nil {
			t.Fatalf("an update between two batches of the backup got through (tried %v)", tried)
		}
		var score int
		if err := db.QueryRowContext(ctx, "SELECT score FROM fi_backup WHERE id = 2500").Scan(&score); err != nil || score != 2500%7 {
			t.Fatalf("the backup's row 2500 has score %d (%v), want %d", score, err, 2500%7)
		}
	})
}
