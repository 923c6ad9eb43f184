package sqlormotel

import "testing"

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		name, query, op, summary string
	}{
		{"select", `SELECT "id", "title" FROM "blog_post" WHERE "views" > $1`, "SELECT", "SELECT blog_post"},
		{"select subquery first", `SELECT (SELECT COUNT(*) FROM "c") AS n FROM "p"`, "SELECT", "SELECT p"},
		{"select schema", "SELECT a FROM public.item", "SELECT", "SELECT public.item"},
		{"select no table", "SELECT 1", "SELECT", "SELECT"},
		{"insert backquotes", "INSERT INTO `tag` (`name`) VALUES (?)", "INSERT", "INSERT tag"},
		{"update", `UPDATE "t" SET "a" = 'FROM x'`, "UPDATE", "UPDATE t"},
		{"delete", "delete from item where id = :1", "DELETE", "DELETE item"},
		{"create table", `CREATE TABLE IF NOT EXISTS "x" (id INTEGER)`, "CREATE", "CREATE TABLE x"},
		{"create index", `CREATE INDEX i ON t (a)`, "CREATE", "CREATE"},
		{"comment first", "-- note\n/* more */ SELECT a FROM t", "SELECT", "SELECT t"},
		{"literal hides keyword", `SELECT 'FROM secret' AS a`, "SELECT", "SELECT"},
		{"two statements", "DELETE FROM a; DELETE FROM b", "", "DELETE a"},
		{"trailing semicolon", "DELETE FROM a;", "DELETE", "DELETE a"},
		{"semicolon in literal", "SELECT ';' FROM a", "SELECT", "SELECT a"},
		{"savepoint", `SAVEPOINT "s1"`, "SAVEPOINT", "SAVEPOINT"},
		{"empty", "", "", ""},
		{"parameter first", "$1", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := summarize(tc.query)
			if s.operation != tc.op || s.summary != tc.summary {
				t.Errorf("summarize(%q) = %+v, want operation %q summary %q", tc.query, s, tc.op, tc.summary)
			}
		})
	}
}
