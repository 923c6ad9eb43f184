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

// TestForeignKeyTypeChangeFaultInjection: a migration changing the type of
// a foreign key column (varchar(20) -> varchar(40), the key dropped and
// added back around it) with the N-th Exec failing, for N = 1, 2, ... .
// No row of either table is lost or changed, and the foreign key is there
// after every failure, over the old type: on MySQL/MariaDB too, where the
// undo starts from the statement that failed. The migration then applies
// without faults.
func TestForeignKeyTypeChangeFaultInjection(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		parent := dialect.Table{Name: "fkp", Columns: []dialect.Column{{Name: "id", Kind: dialect.KindChar, Length: 40, Primary: true}}}
		from := dialect.Column{Name: "parent_id", Kind: dialect.KindChar, Length: 20}
		to := from
		to.Length = 40
		child := dialect.Table{Name: "fkc", Columns: []dialect.Column{{Name: "id", Kind: dialect.KindBigInt, Primary: true}, from},
			ForeignKeys: []dialect.ForeignKey{{Columns: []string{"parent_id"}, RefTable: "fkp", RefColumns: []string{"id"}}}}
		ms := []Migration{
			{ID: "0001_initial", Ops: []Operation{CreateTable(parent), CreateTable(child)}},
			{ID: "0002_wider", Ops: []Operation{AlterField("fkc", from, to)}},
		}
		for n := int64(1); ; n++ {
			if n > 60 {
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
			for i := 1; i <= 20; i++ {
				if err := exec(ctx, db, fmt.Sprintf("INSERT INTO fkp (id) VALUES ('p%d')", i)); err != nil {
					t.Fatal(err)
				}
			}
			for i := 1; i <= 20; i++ {
				if err := exec(ctx, db, fmt.Sprintf("INSERT INTO fkc (id, parent_id) VALUES (%d, 'p%d')", i, i%5+1)); err != nil {
					t.Fatal(err)
				}
			}
			snap := func() string {
				return rowsText(t, ctx, db, "SELECT id, parent_id FROM fkc ORDER BY id") + rowsText(t, ctx, db, "SELECT id, '' FROM fkp ORDER BY id")
			}
			before := snap()
			r.Migrations = ms
			f.n = f.execs.Load() + n
			_, err = r.Apply(ctx)
			injected := f.execs.Load() >= f.n
			f.n = 0
			if after := snap(); after != before {
				t.Fatalf("N=%d: rows changed (%v):\nbefore %s\nafter  %s", n, err, before, after)
			}
			schema, serr := introspect.Table(ctx, db, "fkc")
			if serr != nil {
				t.Fatal(serr)
			}
			fks, ferr := introspect.ForeignKeys(ctx, db, "fkc")
			if ferr != nil {
				t.Fatal(ferr)
			}
			hasFK := len(fks) == 1
			length := schema.Column("parent_id").Length
			if err == nil {
				if !hasFK || length != 40 {
					t.Fatalf("N=%d: applied, but the key is there %v and the length %d", n, hasFK, length)
				}
				_ = db.Close()
				if !injected {
					t.Logf("%s: %d Execs, every one failed once: no row lost, the key kept", b.Name, n-1)
					return
				}
				continue
			}
			if !errors.Is(err, errInjected) {
				t.Fatalf("N=%d: the error does not wrap the fault: %v", n, err)
			}
			if !hasFK || length != 20 {
				t.Fatalf("N=%d: failed (%v), but the key is there %v and the length %d", n, err, hasFK, length)
			}
			if _, err := r.Apply(ctx); err != nil {
				t.Fatalf("N=%d: applying after the fault: %v", n, err)
			}
			_ = db.Close()
		}
	})
}

// rowsText is the rows of q (two columns) as text; a new statement text
// each time, as pgx caches statements by text.
func rowsText(t *testing.T, ctx context.Context, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.QueryContext(ctx, fmt.Sprintf("%s /* %d */", q, stateQueries.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var a, c sql.NullString
		if err := rows.Scan(&a, &c); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%s;", a.String, c.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
