package dialect

import "strings"

// Check is a CHECK constraint of a table other than the ones sqlorm
// derives from its columns (Positive*, Choices, the dialect's type
// checks): a name and the condition as SQL for the backend. CreateTable
// writes each as CONSTRAINT name CHECK (Clause); package introspect reads
// the ones a live table has, so a table rewrite keeps them.
type Check struct {
	Name   string
	Clause string // the condition, without CHECK and its parentheses
}

// The catalog queries reading CHECK constraints, one row per constraint:
// (name, clause). SQLite keeps no catalog of them: its query yields the
// table's CREATE TABLE text as one row (an empty name, the text), which
// [Catalog.ChecksFromCatalog] takes apart.
const (
	sqliteCatalogChecks = "SELECT '', sql FROM sqlite_master WHERE type = 'table' AND name = ?"

	postgresCatalogChecks = `SELECT con.conname, pg_catalog.pg_get_constraintdef(con.oid)
FROM pg_catalog.pg_constraint AS con
JOIN pg_catalog.pg_class AS t ON t.oid = con.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.relnamespace
WHERE con.contype = 'c' AND n.nspname = current_schema() AND t.relname = $1
ORDER BY con.conname`

	mysqlCatalogChecks = `SELECT cc.constraint_name, cc.check_clause
FROM information_schema.table_constraints AS tc
JOIN information_schema.check_constraints AS cc
    ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name
WHERE tc.table_schema = DATABASE() AND tc.table_name = ? AND tc.constraint_type = 'CHECK'
ORDER BY cc.constraint_name`

	oracleCatalogChecks = `SELECT constraint_name, search_condition_vc FROM user_constraints
WHERE table_name = :1 AND constraint_type = 'C' AND generated = 'USER NAME'
ORDER BY constraint_name`
)

func (sqlite) ChecksQuery(table string) (string, []any) { return sqliteCatalogChecks, []any{table} }
func (postgres) ChecksQuery(table string) (string, []any) {
	return postgresCatalogChecks, []any{table}
}
func (mysql) ChecksQuery(table string) (string, []any) { return mysqlCatalogChecks, []any{table} }
func (oracle) ChecksQuery(table string) (string, []any) {
	return oracleCatalogChecks, []any{strings.ToUpper(table)}
}

// ChecksFromCatalog: SQLite's row is the CREATE TABLE text, in which every
// CONSTRAINT name CHECK (...) is found (table constraints, and column
// constraints added by ALTER TABLE ADD COLUMN).
func (sqlite) ChecksFromCatalog(name, clause string) []Check { return parseCreateChecks(clause) }

// ChecksFromCatalog: PostgreSQL reports "CHECK (cond)".
func (postgres) ChecksFromCatalog(name, clause string) []Check {
	return []Check{{Name: name, Clause: unwrapCheck(clause)}}
}

// ChecksFromCatalog leaves out the json_valid check MariaDB adds by itself
// to a JSON column (it is named after the column and comes back with it).
func (mysql) ChecksFromCatalog(name, clause string) []Check {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(clause)), "json_valid(") {
		return nil
	}
	return []Check{{Name: name, Clause: clause}}
}

func (oracle) ChecksFromCatalog(name, clause string) []Check {
	return []Check{{Name: strings.ToLower(name), Clause: clause}}
}

// unwrapCheck turns "CHECK (cond)" (optionally "NOT VALID") into cond.
func unwrapCheck(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 5 && strings.EqualFold(s[:5], "CHECK") {
		s = strings.TrimSpace(s[5:])
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "NOT VALID"))
	if strings.HasPrefix(s, "(") {
		if end := matchParen(s, 0); end == len(s)-1 {
			s = s[1:end]
		}
	}
	return s
}

// matchParen returns the index of the parenthesis closing the one at i,
// skipping quoted strings and identifiers, or -1.
func matchParen(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch c := s[j]; c {
		case '\'', '"', '`':
			k := j + 1
			for k < len(s) {
				if s[k] == c {
					if k+1 < len(s) && s[k+1] == c {
						k += 2
						continue
					}
					break
				}
				k++
			}
			j = k
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// parseCreateChecks finds every CONSTRAINT "name" CHECK (...) in a CREATE
// TABLE statement.
func parseCreateChecks(sql string) []Check {
	var out []Check
	upper := strings.ToUpper(sql)
	for i := 0; ; {
		k := strings.Index(upper[i:], "CONSTRAINT")
		if k < 0 {
			return out
		}
		pos := i + k + len("CONSTRAINT")
		i = pos
		rest := strings.TrimLeft(sql[pos:], " \t\r\n")
		name, n := readIdent(rest)
		if n == 0 {
			continue
		}
		after := strings.TrimLeft(rest[n:], " \t\r\n")
		if len(after) < 5 || !strings.EqualFold(after[:5], "CHECK") {
			continue
		}
		body := strings.TrimLeft(after[5:], " \t\r\n")
		start := len(sql) - len(body)
		if !strings.HasPrefix(body, "(") {
			continue
		}
		end := matchParen(sql, start)
		if end < 0 {
			return out
		}
		out = append(out, Check{Name: name, Clause: sql[start+1 : end]})
		i = end
	}
}

// readIdent reads a quoted ("x", `x`, [x]) or bare identifier at the start
// of s and returns it and its length in s.
func readIdent(s string) (string, int) {
	if s == "" {
		return "", 0
	}
	switch q := s[0]; q {
	case '"', '`':
		var b strings.Builder
		for j := 1; j < len(s); j++ {
			if s[j] == q {
				if j+1 < len(s) && s[j+1] == q {
					b.WriteByte(q)
					j++
					continue
				}
				return b.String(), j + 1
			}
			b.WriteByte(s[j])
		}
		return "", 0
	case '[':
		if j := strings.IndexByte(s, ']'); j > 0 {
			return s[1:j], j + 1
		}
		return "", 0
	}
	j := 0
	for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
		j++
	}
	return s[:j], j
}

// ParseChoices returns the string literals of a CHECK condition in order
// (doubled quotes undone), the choices of a condition sqlorm wrote as
// col IN ('a', 'b') however the backend reports it back (PostgreSQL:
// (col)::text = ANY (ARRAY['a'::character varying, ...])). A condition
// without string literals (col >= 0) has none: nil.
func ParseChoices(clause string) []string {
	var out []string
	for i := 0; i < len(clause); i++ {
		if clause[i] != '\'' {
			continue
		}
		var b strings.Builder
		j := i + 1
		for ; j < len(clause); j++ {
			if clause[j] == '\'' {
				if j+1 < len(clause) && clause[j+1] == '\'' {
					b.WriteByte('\'')
					j++
					continue
				}
				break
			}
			if clause[j] == '\\' && j+1 < len(clause) && (clause[j+1] == '\\' || clause[j+1] == '\'') {
				// MariaDB reports a quote inside a literal as \'.
				b.WriteByte(clause[j+1])
				j++
				continue
			}
			b.WriteByte(clause[j])
		}
		out = append(out, b.String())
		i = j
	}
	return out
}
