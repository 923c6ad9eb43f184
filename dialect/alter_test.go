package dialect_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
)

// TestAlterStatements pins the text of the ALTER statements per dialect
// (in dialect.All's order: SQLite, PostgreSQL, MySQL, Oracle) and checks
// that every name passes CheckIdent.
func TestAlterStatements(t *testing.T) {
	oraIgnore := func(stmt, code string) string {
		return "BEGIN\n    EXECUTE IMMEDIATE '" + stmt + "';\nEXCEPTION\n    WHEN OTHERS THEN\n        IF SQLCODE != " + code + " THEN\n            RAISE;\n        END IF;\nEND;"
	}
	tests := []struct {
		name string
		run  func(d dialect.Dialect, a, b, c string) (string, error)
		want [4]string
	}{
		{"DropColumn", func(d dialect.Dialect, a, b, _ string) (string, error) { return d.DropColumn(a, b) }, [4]string{
			`ALTER TABLE "t" DROP COLUMN "c"`,
			`ALTER TABLE "t" DROP COLUMN "c"`,
			"ALTER TABLE `t` DROP COLUMN `c`",
			`ALTER TABLE "T" DROP COLUMN "C"`,
		}},
		{"RenameColumn", func(d dialect.Dialect, a, b, c string) (string, error) { return d.RenameColumn(a, b, c) }, [4]string{
			`ALTER TABLE "t" RENAME COLUMN "c" TO "d"`,
			`ALTER TABLE "t" RENAME COLUMN "c" TO "d"`,
			"ALTER TABLE `t` RENAME COLUMN `c` TO `d`",
			`ALTER TABLE "T" RENAME COLUMN "C" TO "D"`,
		}},
		{"RenameTable", func(d dialect.Dialect, a, b, _ string) (string, error) { return d.RenameTable(a, b) }, [4]string{
			`ALTER TABLE "t" RENAME TO "c"`,
			`ALTER TABLE "t" RENAME TO "c"`,
			"RENAME TABLE `t` TO `c`",
			`ALTER TABLE "T" RENAME TO "C"`,
		}},
		{"DropIndex", func(d dialect.Dialect, a, b, _ string) (string, error) { return d.DropIndex(a, b) }, [4]string{
			`DROP INDEX IF EXISTS "c"`,
			`DROP INDEX IF EXISTS "c"`,
			"DROP INDEX `c` ON `t`",
			oraIgnore(`DROP INDEX "C"`, "-1418"),
		}},
	}
	for _, tt := range tests {
		for i, d := range dialect.All() {
			t.Run(tt.name+"/"+string(d.Name()), func(t *testing.T) {
				got, err := tt.run(d, "t", "c", "d")
				if err != nil || got != tt.want[i] {
					t.Errorf("got %q, %v;\nwant %q", got, err, tt.want[i])
				}
				for _, bad := range [][3]string{
					{"t; DROP TABLE u", "c", "d"},
					{"t", "c\" --", "d"},
					{"t", "c", "d`x"},
				} {
					if tt.name != "RenameColumn" && bad[2] != "d" {
						continue // the third name is only RenameColumn's
					}
					if got, err := tt.run(d, bad[0], bad[1], bad[2]); !errors.Is(err, dialect.ErrInvalidIdentifier) || !errors.Is(err, dialect.ErrInvalidSchema) {
						t.Errorf("names %q: got %q, %v; want an ErrInvalidIdentifier and ErrInvalidSchema error", bad, got, err)
					}
				}
			})
		}
	}
}

// TestAlterLive runs the ALTER statements on each server and checks their
// effect on the data and the catalog.
func TestAlterLive(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		l := live{t: t, ctx: ctx, db: db, d: d}
		stmts, err := d.CreateTable(dialect.Table{
			Name: "alter_t",
			Columns: []dialect.Column{
				{Name: "id", Kind: dialect.KindBigInt, Primary: true},
				{Name: "name", Kind: dialect.KindChar, Length: 20},
				{Name: "extra", Kind: dialect.KindInt, Null: true},
			},
			Indexes: []dialect.Index{{Name: "alter_t_name_idx", Columns: []string{"name"}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		l.exec(stmts...)
		l.mustInsert("alter_t", row{"id": 1, "name": "kept", "extra": 7})

		must := func(s string, err error) string {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		// The index goes first: the rename below must not depend on it.
		l.exec(must(d.DropIndex("alter_t", "alter_t_name_idx")))
		l.exec(must(d.RenameColumn("alter_t", "name", "title")))
		l.exec(must(d.DropColumn("alter_t", "extra")))
		l.exec(must(d.RenameTable("alter_t", "altered_t")))
		if n := l.tableCount("alter_t"); n != 0 {
			t.Errorf("the old table name still exists (%d)", n)
		}
		var title string
		q := "SELECT " + l.q("title") + " FROM " + l.q("altered_t") + " WHERE " + l.q("id") + " = " + d.Placeholder(1)
		if err := db.QueryRowContext(ctx, q, 1).Scan(&title); err != nil || title != "kept" {
			t.Fatalf("renamed column: %q, %v; want \"kept\"", title, err)
		}
		// SELECT * rather than the dropped name: SQLite reads a double-quoted
		// name that matches no column as a string literal.
		rows, err := db.QueryContext(ctx, "SELECT * FROM "+l.q("altered_t"))
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		rows.Close()
		if err != nil || len(cols) != 2 {
			t.Errorf("columns after DROP COLUMN: %v, %v; want id and title", cols, err)
		}
		if d.Name() != dialect.MySQL {
			// IF EXISTS: dropping the index again is not an error.
			l.exec(must(d.DropIndex("altered_t", "alter_t_name_idx")))
		}
	})
}

// TestStrictSessionLive: after StrictSession, a value too long for its
// column is refused instead of truncated, also when the session started
// with an empty sql_mode (MIG-02), and the modes already set are kept.
func TestStrictSessionLive(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		db.SetMaxOpenConns(1) // one session for the SET and the INSERTs
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		l := live{t: t, ctx: ctx, db: db, d: d}
		stmts, err := d.CreateTable(dialect.Table{Name: "strict_t", Columns: []dialect.Column{
			{Name: "id", Kind: dialect.KindBigInt, Primary: true},
			{Name: "s", Kind: dialect.KindChar, Length: 3},
		}})
		if err != nil {
			t.Fatal(err)
		}
		l.exec(stmts...)
		stmt := d.StrictSession()
		if d.Name() != dialect.MySQL {
			if stmt != "" {
				t.Fatalf("StrictSession on %s = %q, want none", d.Name(), stmt)
			}
			return
		}
		for _, mode := range []string{"", "NO_ENGINE_SUBSTITUTION"} {
			l.exec("SET SESSION sql_mode = '" + mode + "'")
			l.exec(stmt, stmt) // twice: idempotent
			var got string
			if err := db.QueryRowContext(ctx, "SELECT @@SESSION.sql_mode").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, "STRICT_TRANS_TABLES") || !strings.Contains(got, mode) {
				t.Errorf("sql_mode %q after StrictSession from %q", got, mode)
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO "+l.q("strict_t")+" VALUES (1, 'toolong')"); err == nil {
				t.Errorf("from sql_mode %q: a 7-character value went into varchar(3)", mode)
			}
		}
	})
}
