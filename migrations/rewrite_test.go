package migrations_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
)

// fi is the FI-SL-04 / FI-PG-07 / FI-MY-08 table: id, name, with an index
// on name and a table "ref" whose foreign key points at it.
func fiTable() dialect.Table {
	return dialect.Table{Name: "fi", Columns: []dialect.Column{
		{Name: "id", Kind: dialect.KindBigInt, Primary: true},
		{Name: "name", Kind: dialect.KindChar, Length: 50, Null: true},
		{Name: "score", Kind: dialect.KindInt, Null: true},
	}, Indexes: []dialect.Index{{Columns: []string{"name"}}}}
}

func refTable() dialect.Table {
	return dialect.Table{Name: "ref", Columns: []dialect.Column{
		{Name: "id", Kind: dialect.KindBigInt, Primary: true},
		{Name: "fi_id", Kind: dialect.KindBigInt},
	}, ForeignKeys: []dialect.ForeignKey{{Columns: []string{"fi_id"}, RefTable: "fi", RefColumns: []string{"id"}}}}
}

func mustExec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func create(t *testing.T, db *sql.DB, tables ...dialect.Table) dialect.Dialect {
	t.Helper()
	d, err := dialect.Detect(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		stmts, err := d.CreateTable(tb)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, db, stmts...)
	}
	return d
}

// seedFI fills fi with n rows; name(i) gives row i's name (nil: NULL).
func seedFI(t *testing.T, db *sql.DB, d dialect.Dialect, n int, name func(i int) any) {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	q := fmt.Sprintf("INSERT INTO fi (id, name, score) VALUES (%s, %s, %s)", d.Placeholder(1), d.Placeholder(2), d.Placeholder(3))
	for i := 1; i <= n; i++ {
		if _, err := tx.Exec(q, i, name(i), i%7); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// checksum is the row count and a SHA-256 of every value of table, in key
// order, as text.
func checksum(t *testing.T, db *sql.DB, table string) (int, string) {
	t.Helper()
	d, _ := dialect.Detect(db)
	q, _ := d.Quote(table)
	n := snapshots.Add(1)
	rows, err := db.Query(fmt.Sprintf("SELECT * FROM %s ORDER BY 1 /* %d */", q, n))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	h := sha256.New()
	count := 0
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			fmt.Fprintf(h, "%v|%q;", v.Valid, v.String)
		}
		count++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return count, hex.EncodeToString(h.Sum(nil))
}

// schemaOf is the introspected table, the thing MIG-01 compares.
func schemaOf(t *testing.T, db *sql.DB, table string) dialect.Table {
	t.Helper()
	s, err := introspect.Table(context.Background(), db, table)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// noScratch fails if a scratch table of a rewrite is left.
func noScratch(t *testing.T, db *sql.DB) {
	t.Helper()
	tables, err := introspect.Tables(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range tables {
		if strings.HasSuffix(n, "__new") || strings.HasSuffix(n, "__bak") {
			t.Errorf("scratch table %q left behind (tables: %v)", n, tables)
		}
	}
}

func foreignKeysOn(t *testing.T, db *sql.DB, b *testenv.Backend) string {
	t.Helper()
	if b.Name != testenv.SQLite {
		return ""
	}
	// A pooled connection could differ; the tests' SQLite pool is checked
	// on every connection it holds by reading it several times.
	var v string
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRecreateTableFailureLeavesTableAsItWas is FI-SL-04, FI-PG-07 and
// FI-MY-08 on one table of 1000 rows where row 777 breaks the new schema,
// once caught before anything changes (ErrLossyConversion) and once only
// by the database while the rows are copied.
func TestRecreateTableFailureLeavesTableAsItWas(t *testing.T) {
	tests := []struct {
		name  string
		bad   func(i int) any // the value of name in row i
		alter func(tb *dialect.Table)
		want  error
	}{
		{"NULL into NOT NULL (FI-SL-04)", func(i int) any {
			if i == 777 {
				return nil
			}
			return fmt.Sprintf("n%d", i)
		}, func(tb *dialect.Table) { tb.Column("name").Null = false }, migrations.ErrLossyConversion},
		{"text to int with not-a-number (FI-PG-07)", func(i int) any {
			if i == 777 {
				return "not-a-number"
			}
			return fmt.Sprint(i)
		}, func(tb *dialect.Table) {
			*tb.Column("name") = dialect.Column{Name: "name", Kind: dialect.KindInt, Null: true}
		}, migrations.ErrLossyConversion},
		{"duplicate under a new UNIQUE, found by the database while copying", func(i int) any {
			if i == 777 {
				return "n776"
			}
			return fmt.Sprintf("n%d", i)
		}, func(tb *dialect.Table) { tb.Column("name").Unique = true }, migrations.ErrRewriteFailed},
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				db := b.Fresh(t).OpenDirect(t)
				d := create(t, db, fiTable(), refTable())
				seedFI(t, db, d, 1000, tt.bad)
				mustExec(t, db, "INSERT INTO ref (id, fi_id) VALUES (1, 777)")
				fkBefore := foreignKeysOn(t, db, b)
				n0, sum0 := checksum(t, db, "fi")
				schema0 := schemaOf(t, db, "fi")
				ref0 := schemaOf(t, db, "ref")

				nt := fiTable()
				tt.alter(&nt)
				err := migrations.RecreateTable(ctx, db, nt, []string{"id", "name", "score"})
				if !errors.Is(err, tt.want) {
					t.Fatalf("RecreateTable: %v; want %v", err, tt.want)
				}
				if errors.Is(err, migrations.ErrLossyConversion) && !strings.Contains(err.Error(), "id=777") {
					t.Errorf("the error does not name row 777: %v", err)
				}
				if n, sum := checksum(t, db, "fi"); n != n0 || sum != sum0 {
					t.Errorf("rows changed: %d %s, want %d %s", n, sum, n0, sum0)
				}
				if s := schemaOf(t, db, "fi"); !reflect.DeepEqual(s, schema0) {
					t.Errorf("schema changed:\n%+v\nwant\n%+v", s, schema0)
				}
				if s := schemaOf(t, db, "ref"); !reflect.DeepEqual(s, ref0) {
					t.Errorf("the referencing table changed:\n%+v\nwant\n%+v", s, ref0)
				}
				noScratch(t, db)
				if fk := foreignKeysOn(t, db, b); fk != fkBefore {
					t.Errorf("PRAGMA foreign_keys = %s after the failure, was %s", fk, fkBefore)
				}
			})
		}
	})
}

// TestRecreateTable: a successful recreate keeps every row and the
// indexes, may drop, retype and add columns, can be repeated (no index
// or constraint name collides with the old table's), and the foreign key
// of another table to it still works afterwards.
func TestRecreateTable(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		base := fiTable()
		base.Columns[1].Unique = true
		base.Uniques = [][]string{{"name", "score"}}
		d := create(t, db, base, refTable())
		seedFI(t, db, d, 1000, func(i int) any { return fmt.Sprintf("n%d", i) })
		mustExec(t, db, "INSERT INTO ref (id, fi_id) VALUES (1, 5)")
		fkBefore := foreignKeysOn(t, db, b)

		// Twice the same schema: the second run must not collide with the
		// names the first one gave.
		for round := 1; round <= 2; round++ {
			n0, sum0 := checksum(t, db, "fi")
			schema0 := schemaOf(t, db, "fi")
			if err := migrations.RecreateTable(ctx, db, base, []string{"id", "name", "score"}); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			if n, sum := checksum(t, db, "fi"); n != n0 || sum != sum0 {
				t.Errorf("round %d: rows changed", round)
			}
			if s := schemaOf(t, db, "fi"); !reflect.DeepEqual(s, schema0) {
				t.Errorf("round %d: schema changed:\n%+v\nwant\n%+v", round, s, schema0)
			}
		}
		idx, err := introspect.Indexes(ctx, db, "fi")
		if err != nil {
			t.Fatal(err)
		}
		if !hasIndex(idx, "fi_name_idx") {
			t.Errorf("index fi_name_idx missing after the recreate: %+v", idx)
		}

		// A real change: drop score, add a NOT NULL column with a default,
		// keep name.
		nt := dialect.Table{Name: "fi", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigInt, Primary: true},
			{Name: "name", Kind: dialect.KindChar, Length: 80},
			{Name: "active", Kind: dialect.KindBool, HasDefault: true, Default: true},
		}, Indexes: []dialect.Index{{Columns: []string{"name", "active"}}}}
		if err := migrations.RecreateTable(ctx, db, nt, []string{"id", "name"}); err != nil {
			t.Fatal(err)
		}
		got := schemaOf(t, db, "fi")
		var names []string
		for _, c := range got.Columns {
			names = append(names, c.Name)
		}
		if strings.Join(names, ",") != "id,name,active" || len(got.Indexes) != 1 || got.Indexes[0].Name != "fi_name_active_idx" {
			t.Errorf("new schema: %+v", got)
		}
		var name string
		var active bool
		if err := db.QueryRow("SELECT name, active FROM fi WHERE id = 777").Scan(&name, &active); err != nil || name != "n777" || !active {
			t.Errorf("row 777: %q %v %v", name, active, err)
		}
		noScratch(t, db)
		if fk := foreignKeysOn(t, db, b); fk != fkBefore {
			t.Errorf("PRAGMA foreign_keys = %s, was %s", fk, fkBefore)
		}

		// The foreign key of ref still points at fi and is enforced.
		if b.Name == testenv.SQLite {
			mustExec(t, db, "PRAGMA foreign_keys = ON")
		}
		if _, err := db.Exec("INSERT INTO ref (id, fi_id) VALUES (2, 999999)"); err == nil {
			t.Error("a row of ref pointing at no fi row was accepted: the foreign key is gone")
		} else if !errors.Is(d.ClassifyError(err), dialect.ErrForeignKeyViolation) {
			t.Errorf("want a foreign-key violation, got %v", err)
		}
		mustExec(t, db, "INSERT INTO ref (id, fi_id) VALUES (3, 6)")
		fks, err := introspect.ForeignKeys(ctx, db, "ref")
		if err != nil || len(fks) != 1 || fks[0].RefTable != "fi" {
			t.Errorf("ref's foreign keys: %+v %v", fks, err)
		}
		// A row of fi that ref needs cannot be left out.
		mustExec(t, db, "DELETE FROM ref WHERE id = 3")
		err = migrations.RecreateTable(ctx, db, nt, []string{"id", "name"})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func hasIndex(idx []dialect.Index, name string) bool {
	for _, x := range idx {
		if x.Name == name {
			return true
		}
	}
	return false
}

// TestRecreateTableRefusesOrphans: a new table whose rows another table's
// foreign key still needs is refused, and nothing changes.
func TestRecreateTableRefusesOrphans(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		d := create(t, db, fiTable(), refTable())
		seedFI(t, db, d, 10, func(i int) any { return fmt.Sprintf("n%d", i) })
		mustExec(t, db, "INSERT INTO ref (id, fi_id) VALUES (1, 10)")
		// id is not copied, so the six rows left get new keys 1..6 and
		// ref's row, which points at 10, would have no parent.
		nt := dialect.Table{Name: "fi", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
			{Name: "name", Kind: dialect.KindChar, Length: 50, Null: true},
		}}
		mustExec(t, db, "DELETE FROM fi WHERE id < 5")
		n0, sum0 := checksum(t, db, "fi")
		err := migrations.RecreateTable(ctx, db, nt, []string{"name"})
		if !errors.Is(err, migrations.ErrRewriteFailed) || !strings.Contains(err.Error(), `"ref"`) {
			t.Fatalf("RecreateTable: %v; want ErrRewriteFailed naming ref (its row would lose its parent)", err)
		}
		if n, sum := checksum(t, db, "fi"); n != n0 || sum != sum0 {
			t.Error("rows changed")
		}
		noScratch(t, db)
	})
}

func TestRecreateTableInvalid(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		create(t, db, fiTable())
		tests := []struct {
			name string
			t    dialect.Table
			cols []string
			want error
			says string
		}{
			{"a column the new table lacks", fiTable(), []string{"id", "nope"}, migrations.ErrInvalidRewrite, `"nope"`},
			{"a column the old table lacks", func() dialect.Table {
				tb := fiTable()
				tb.Columns = append(tb.Columns, dialect.Column{Name: "extra", Kind: dialect.KindInt, Null: true})
				return tb
			}(), []string{"id", "extra"}, migrations.ErrInvalidRewrite, `"extra"`},
			{"no columns", fiTable(), nil, migrations.ErrInvalidRewrite, "no columns"},
			{"bad table name", dialect.Table{Name: "fi; DROP TABLE fi", Columns: fiTable().Columns}, []string{"id"}, dialect.ErrInvalidIdentifier, "DROP"},
			{"bad column name", fiTable(), []string{"id\"--"}, dialect.ErrInvalidIdentifier, "id"},
			{"missing table", dialect.Table{Name: "ghost", Columns: fiTable().Columns}, []string{"id"}, introspect.ErrNoTable, "ghost"},
			{"impossible schema", dialect.Table{Name: "fi", Columns: []dialect.Column{{Name: "id", Kind: dialect.KindChar, Primary: true}}}, []string{"id"}, dialect.ErrInvalidSchema, "max_length"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := migrations.RecreateTable(ctx, db, tt.t, tt.cols)
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) {
					t.Errorf("err = %v; want %v saying %s", err, tt.want, tt.says)
				}
			})
		}
		noScratch(t, db)
		if err := migrations.ChangeColumnType(ctx, db, "fi", dialect.Column{Name: "nope", Kind: dialect.KindInt}); !errors.Is(err, migrations.ErrInvalidRewrite) || !strings.Contains(err.Error(), "nope") {
			t.Errorf("ChangeColumnType of a missing column: %v", err)
		}
	})
}
