package dialect_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

// TestAlterColumn pins the in-place ALTER statements per dialect; SQLite
// has none (ErrUnsupported: the migration rebuilds the table).
func TestAlterColumn(t *testing.T) {
	status := dialect.Column{Name: "status", Kind: dialect.KindChar, Length: 20, Default: "draft", Choices: []string{"draft", "published"}}
	more := status
	more.Choices = []string{"draft", "published", "archived"}
	wider := status
	wider.Length, wider.Null, wider.Default, wider.Choices = 50, true, nil, nil
	toInt := dialect.Column{Name: "status", Kind: dialect.KindInt, Null: true}
	uniq := status
	uniq.Unique = true
	cases := []struct {
		name     string
		from, to dialect.Column
		want     map[dialect.Name]string
	}{
		{"choice added", status, more, map[dialect.Name]string{
			dialect.Postgres: `ALTER TABLE "t" DROP CONSTRAINT "t_status_check"; ALTER TABLE "t" ADD CONSTRAINT "t_status_check" CHECK ("status" IN ('draft', 'published', 'archived'))`,
			dialect.MySQL:    "ALTER TABLE `t` DROP CONSTRAINT `t_status_check`; ALTER TABLE `t` ADD CONSTRAINT `t_status_check` CHECK (`status` IN ('draft', 'published', 'archived'))",
			dialect.Oracle:   `ALTER TABLE "T" DROP CONSTRAINT "T_STATUS_CHECK"; ALTER TABLE "T" ADD CONSTRAINT "T_STATUS_CHECK" CHECK ("STATUS" IN ('draft', 'published', 'archived'))`,
		}},
		{"wider, nullable, no default, no choices", status, wider, map[dialect.Name]string{
			dialect.Postgres: `ALTER TABLE "t" DROP CONSTRAINT "t_status_check"; ALTER TABLE "t" ALTER COLUMN "status" DROP DEFAULT; ALTER TABLE "t" ALTER COLUMN "status" TYPE varchar(50) USING "status"::varchar(50); ALTER TABLE "t" ALTER COLUMN "status" DROP NOT NULL`,
			dialect.MySQL:    "ALTER TABLE `t` DROP CONSTRAINT `t_status_check`; ALTER TABLE `t` MODIFY COLUMN `status` varchar(50)",
			dialect.Oracle:   `ALTER TABLE "T" DROP CONSTRAINT "T_STATUS_CHECK"; ALTER TABLE "T" MODIFY ("STATUS" NVARCHAR2(50) DEFAULT NULL)`,
		}},
		{"text to integer", wider, toInt, map[dialect.Name]string{
			dialect.Postgres: `ALTER TABLE "t" ALTER COLUMN "status" TYPE integer USING "status"::integer`,
			dialect.MySQL:    "ALTER TABLE `t` MODIFY COLUMN `status` integer",
			dialect.Oracle:   `ALTER TABLE "T" MODIFY ("STATUS" NUMBER(11))`,
		}},
		{"unique", status, uniq, map[dialect.Name]string{
			dialect.Postgres: `ALTER TABLE "t" ADD CONSTRAINT "t_status_uniq" UNIQUE ("status")`,
			dialect.MySQL:    "ALTER TABLE `t` ADD CONSTRAINT `t_status_uniq` UNIQUE (`status`)",
			dialect.Oracle:   `ALTER TABLE "T" ADD CONSTRAINT "T_STATUS_UNIQ" UNIQUE ("STATUS")`,
		}},
		{"not unique", uniq, status, map[dialect.Name]string{
			dialect.Postgres: `ALTER TABLE "t" DROP CONSTRAINT "t_status_uniq"`,
			dialect.MySQL:    "ALTER TABLE `t` DROP INDEX `t_status_uniq`",
			dialect.Oracle:   `ALTER TABLE "T" DROP CONSTRAINT "T_STATUS_UNIQ"`,
		}},
	}
	for _, tc := range cases {
		for _, n := range []dialect.Name{dialect.Postgres, dialect.MySQL, dialect.Oracle, dialect.SQLite} {
			t.Run(tc.name+"/"+string(n), func(t *testing.T) {
				d, err := dialect.Get(n)
				if err != nil {
					t.Fatal(err)
				}
				stmts, err := dialect.AlterColumn(d, "t", tc.from, tc.to)
				if n == dialect.SQLite {
					if !errors.Is(err, dialect.ErrUnsupported) || dialect.AltersInPlace(d) {
						t.Fatalf("SQLite: %v, %v", stmts, err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(stmts, "; "); got != tc.want[n] {
					t.Errorf("got\n%s\nwant\n%s", got, tc.want[n])
				}
			})
		}
	}
	d, _ := dialect.Get(dialect.Postgres)
	if _, err := dialect.AlterColumn(d, "t", status, dialect.Column{Name: "other", Kind: dialect.KindText}); !errors.Is(err, dialect.ErrInvalidSchema) {
		t.Errorf("a rename through AlterColumn: %v", err)
	}
	if _, err := dialect.AlterColumn(d, "t", dialect.Column{Name: "id", Kind: dialect.KindBigAuto, Primary: true}, dialect.Column{Name: "id", Kind: dialect.KindBigInt, Primary: true}); !errors.Is(err, dialect.ErrUnsupported) {
		t.Errorf("altering the key: %v", err)
	}
}

// TestParseChoices reads the choices back from each backend's spelling of
// the CHECK sqlorm writes.
func TestParseChoices(t *testing.T) {
	for _, tc := range []struct{ name, clause, want string }{
		{"sqlite", `"status" IN ('draft', 'o''brien')`, "draft|o'brien"},
		{"postgres", `((status)::text = ANY ((ARRAY['draft'::character varying, 'o''brien'::character varying])::text[]))`, "draft|o'brien"},
		{"mariadb", "`status` in ('draft','o\\'brien')", "draft|o'brien"},
		{"positive", `"n" >= 0`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(dialect.ParseChoices(tc.clause), "|"); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
