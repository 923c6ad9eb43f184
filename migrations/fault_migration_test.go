package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
)

// TestGeneratedMigrationFaultInjection: a migration makemigrations would
// write for a type change (varchar(50) -> varchar(80) and unique, plus a
// new column) on a table another one references, with the N-th Exec
// failing, for N = 1, 2, ... . No row is ever lost or changed. Where DDL
// is transactional (SQLite, PostgreSQL) the table is exactly as before
// and the migration unrecorded; on MySQL/MariaDB it is as before, or the
// error lists what could not be undone. The migration then applies
// without faults.
func TestGeneratedMigrationFaultInjection(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		old := dialect.Table{Name: "fi", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigInt, Primary: true},
			{Name: "name", Kind: dialect.KindChar, Length: 50, Null: true},
		}, Indexes: []dialect.Index{{Columns: []string{"name"}}}}
		ref := dialect.Table{Name: "ref", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigInt, Primary: true},
			{Name: "fi_id", Kind: dialect.KindBigInt},
		}, ForeignKeys: []dialect.ForeignKey{{Columns: []string{"fi_id"}, RefTable: "fi", RefColumns: []string{"id"}}}}
		want := cloneTable(old)
		want.Columns[1] = dialect.Column{Name: "name", Kind: dialect.KindChar, Length: 80, Null: true, Unique: true}
		want.Columns = append(want.Columns, dialect.Column{Name: "note", Kind: dialect.KindText, Null: true})
		initial := Migration{ID: "0001_initial", Ops: []Operation{CreateTable(old), CreateTable(ref)}}
		st, err := StateOf([]Migration{initial})
		if err != nil {
			t.Fatal(err)
		}
		ops, _, err := Detect(st, []dialect.Table{want, ref}, DetectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ops) != 2 {
			t.Fatalf("ops = %v", ops)
		}
		ms := []Migration{initial, {ID: "0002_change", Ops: ops}}
		for n := int64(1); ; n++ {
			if n > 80 {
				t.Fatal("the migration never got past its faults")
			}
			database := b.Fresh(t)
			f := &faulty{inner: connector(t, database)}
			db := sql.OpenDB(f)
			d, err := dialect.Detect(database.OpenDirect(t))
			if err != nil {
				t.Fatal(err)
			}
			ctx := introspect.WithDialect(context.Background(), d)
			r := &Runner{DB: db, Migrations: ms[:1], Dialect: d}
			if _, err := r.Apply(ctx); err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= 30; i++ {
				if err := exec(ctx, db, fmt.Sprintf("INSERT INTO fi (id, name) VALUES (%d, 'n%d')", i, i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := exec(ctx, db, "INSERT INTO ref (id, fi_id) VALUES (1, 7)"); err != nil {
				t.Fatal(err)
			}
			before := stateOf(t, ctx, db, d, "fi")

			r.Migrations = ms
			f.n = f.execs.Load() + n
			_, err = r.Apply(ctx)
			injected := f.execs.Load() >= f.n
			f.n = 0
			after := stateOf(t, ctx, db, d, "fi")
			rows := func(s tableState) string { return s.rows[strings.Index(s.rows, "1="):] }
			if rows(after) != rows(before) {
				t.Fatalf("N=%d: rows changed (%v):\nbefore %s\nafter  %s", n, err, before.rows, after.rows)
			}
			if err == nil {
				// No fault, or one in a statement whose failure is
				// tolerated (creating the history table twice).
				if c := after.schema.Column("name"); c == nil || c.Length != 80 || !c.Unique || after.schema.Column("note") == nil {
					t.Fatalf("N=%d: the migration did not change the table: %+v", n, after.schema)
				}
				_ = db.Close()
				if !injected {
					t.Logf("%s: %d Execs, every one failed once: no row lost", b.Name, n-1)
					return
				}
				continue
			}
			if !errors.Is(err, errInjected) {
				t.Fatalf("N=%d: the error does not wrap the fault: %v", n, err)
			}
			same := diffTablesText(before.schema, after.schema) == ""
			if d.Has(dialect.TransactionalDDL) && !same {
				t.Fatalf("N=%d: a failed migration changed the table:\n%s", n, diffTablesText(before.schema, after.schema))
			}
			if !same && !strings.Contains(err.Error(), "could not be undone") {
				t.Fatalf("N=%d: the table changed and the error does not say so: %v", n, err)
			}
			if same {
				if hist, _ := r.Applied(ctx); len(hist) != 1 {
					t.Fatalf("N=%d: the failed migration is recorded: %v", n, hist)
				}
				// The next run without faults succeeds.
				if _, err := r.Apply(ctx); err != nil {
					t.Fatalf("N=%d: applying after the fault: %v", n, err)
				}
				if got := stateOf(t, ctx, db, d, "fi"); rows(got) != rows(before) {
					t.Fatalf("N=%d: rows after the retry: %s", n, got.rows)
				}
			}
			_ = db.Close()
		}
	})
}

// diffTablesText compares two introspected tables column by column.
func diffTablesText(a, b dialect.Table) string {
	var out []string
	if len(a.Columns) != len(b.Columns) {
		out = append(out, fmt.Sprintf("%d columns, then %d", len(a.Columns), len(b.Columns)))
	}
	for _, c := range a.Columns {
		if o := b.Column(c.Name); o == nil || o.Length != c.Length || o.Unique != c.Unique || o.Kind != c.Kind || o.Null != c.Null {
			out = append(out, "column "+c.Name)
		}
	}
	return strings.Join(out, "; ")
}
