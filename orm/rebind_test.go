package orm_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		name      string
		query     string
		pg, ora   string // "" : same as query
		unchanged bool   // pg and ora return query as is
	}{
		{"no placeholders", "SELECT 1", "", "", true},
		{"placeholders", "a = ? AND b IN (?, ?)", "a = $1 AND b IN ($2, $3)", "a = :1 AND b IN (:2, :3)", false},
		{"string literal", "a = '?' AND b = ?", "a = '?' AND b = $1", "a = '?' AND b = :1", false},
		{"doubled quote in a literal", "a = 'it''s ?' AND b = ?", "a = 'it''s ?' AND b = $1", "a = 'it''s ?' AND b = :1", false},
		{"quoted identifier", `"col?" = ?`, `"col?" = $1`, `"col?" = :1`, false},
		{"doubled quote in an identifier", `"a""?" = ?`, `"a""?" = $1`, `"a""?" = :1`, false},
		{"line comment", "a = ? -- why?\nAND b = ?", "a = $1 -- why?\nAND b = $2", "a = :1 -- why?\nAND b = :2", false},
		{"line comment at the end", "a = ? -- ?", "a = $1 -- ?", "a = :1 -- ?", false},
		{"block comment", "a /* ? */ = ?", "a /* ? */ = $1", "a /* ? */ = :1", false},
		{"nested block comment (PostgreSQL)", "/* a /* ? */ ? */ ?", "/* a /* ? */ ? */ $1", "/* a /* ? */ :1 */ :2", false},
		{"escaped ?? is a literal ?", "data ?? 'a' AND data ??| array['b'] AND x = ?", "data ? 'a' AND data ?| array['b'] AND x = $1", "data ? 'a' AND data ?| array['b'] AND x = :1", false},
		{"dollar quote", "$$it's ?$$ = ?", "$$it's ?$$ = $1", "$$it's ?$$ = ?", false},
		{"tagged dollar quote", "$fn$ ? $x$ ? $fn$ = ?", "$fn$ ? $x$ ? $fn$ = $1", "", false},
		{"escape string", `E'\'?' = ?`, `E'\'?' = $1`, "", false},
		{"not an escape string", `xE'\' = ?`, `xE'\' = $1`, `xE'\' = :1`, false},
		{"already rebound", "a = $1 AND b = :1", "", "", true},
		{"cast", "a::int = ?", "a::int = $1", "a::int = :1", false},
		{"unary minus before ? (CVE-2024-27289 shape)", "x = -?", "x = -$1", "x = -:1", false},
		{"oracle q-quote", "q'[it's ?]' = ?", "q'[it's $1]' = ?", "q'[it's ?]' = :1", false},
		{"unterminated literal", "a = ? AND b = 'x?", "a = $1 AND b = 'x?", "a = :1 AND b = 'x?", false},
		{"unterminated comment", "a = ? /* ?", "a = $1 /* ?", "a = :1 /* ?", false},
		{"identifier with $", "a$b = ?", "a$b = $1", "a$b = :1", false},
		{"digit after ?", "LIMIT ?1", "LIMIT $1 1", "LIMIT :1 1", false},
		{"word around ?", "a?b", "a $1 b", "a:1 b", false},
	}
	pg, ora := mustDialect(t, dialect.Postgres), mustDialect(t, dialect.Oracle)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantPG, wantOra := tt.pg, tt.ora
			if tt.unchanged {
				wantPG, wantOra = tt.query, tt.query
			}
			if wantPG == "" {
				wantPG = tt.query
			}
			if got := orm.Rebind(pg, tt.query); got != wantPG {
				t.Errorf("postgres:\n got %q\nwant %q", got, wantPG)
			}
			if wantOra != "" {
				if got := orm.Rebind(ora, tt.query); got != wantOra {
					t.Errorf("oracle:\n got %q\nwant %q", got, wantOra)
				}
			}
			for _, n := range []dialect.Name{dialect.SQLite, dialect.MySQL} {
				if got := orm.Rebind(mustDialect(t, n), tt.query); got != tt.query {
					t.Errorf("%s changed the query: %q", n, got)
				}
			}
		})
	}
	if got := orm.Rebind(nil, "a = ?"); got != "a = ?" {
		t.Errorf("nil dialect: %q", got)
	}
}

// The test's reference lexer, written apart from Rebind's: one regular
// expression per token kind, tried in order at each position. Every byte
// >= 0x80 belongs to identifiers; [^\x00-\x7f] matches them whether they
// form valid UTF-8 or not (an invalid byte is one U+FFFD of width 1).
var (
	refIdentPG   = regexp.MustCompile(`^(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z_0-9$]|[^\x00-\x7f])*`)
	refIdentOra  = regexp.MustCompile(`^(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z_0-9$#]|[^\x00-\x7f])*`)
	refNumber    = regexp.MustCompile(`^[0-9]+`)
	refParam     = regexp.MustCompile(`^\$[0-9]+`)
	refString    = regexp.MustCompile(`^'(?:[^']|'')*(?:'|$)`)
	refEString   = regexp.MustCompile(`^'(?:[^'\\]|''|\\[\s\S])*(?:'|\\?$)`)
	refQuoted    = regexp.MustCompile(`^"(?:[^"]|"")*(?:"|$)`)
	refLine      = regexp.MustCompile(`^--[^\n]*\n?`)
	refDollarTag = regexp.MustCompile(`^\$(?:(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z_0-9]|[^\x00-\x7f])*)?\$`)
)

// refRebind is what Rebind must return for PostgreSQL (pg) or Oracle, and
// the number of placeholders it makes and of ?? escapes it meets.
func refRebind(q string, pg bool) (out string, n, escapes int) {
	var b strings.Builder
	prefix, refIdent := ":", refIdentOra
	if pg {
		prefix, refIdent = "$", refIdentPG
	}
	for len(q) > 0 {
		var tok string
		switch {
		case strings.HasPrefix(q, "??"):
			b.WriteByte('?')
			escapes++
			q = q[2:]
			continue
		case q[0] == '?':
			n++
			if pg && b.Len() > 0 && prevIdent(b.String(), pg) {
				b.WriteByte(' ')
			}
			b.WriteString(prefix + strconv.Itoa(n))
			q = q[1:]
			if q != "" && prevIdent(q[:1], pg) {
				b.WriteByte(' ')
			}
			continue
		case refNumber.MatchString(q):
			tok = refNumber.FindString(q)
		case pg && refParam.MatchString(q):
			tok = refParam.FindString(q)
		case pg && q[0] == '$' && refDollarTag.MatchString(q):
			tag := refDollarTag.FindString(q)
			if end := strings.Index(q[len(tag):], tag); end >= 0 {
				tok = q[:len(tag)+end+len(tag)]
			} else {
				tok = q
			}
		case refIdent.MatchString(q):
			tok = refIdent.FindString(q)
			rest := q[len(tok):]
			switch {
			case pg && (tok == "E" || tok == "e") && strings.HasPrefix(rest, "'"):
				tok += refEString.FindString(rest)
			case !pg && (tok == "q" || tok == "Q") && len(rest) >= 2 && rest[0] == '\'':
				closing := map[byte]byte{'[': ']', '{': '}', '<': '>', '(': ')'}[rest[1]]
				if closing == 0 {
					closing = rest[1]
				}
				if end := strings.Index(rest[2:], string([]byte{closing, '\''})); end >= 0 {
					tok += rest[:2+end+2]
				} else {
					tok = q
				}
			}
		case q[0] == '\'':
			tok = refString.FindString(q)
		case q[0] == '"':
			tok = refQuoted.FindString(q)
		case strings.HasPrefix(q, "--"):
			tok = refLine.FindString(q)
		case strings.HasPrefix(q, "/*"):
			depth, i := 1, 2
			for i < len(q) && depth > 0 {
				switch {
				case strings.HasPrefix(q[i:], "*/"):
					depth--
					i += 2
					if !pg {
						depth = 0
					}
				case pg && strings.HasPrefix(q[i:], "/*"):
					depth++
					i += 2
				default:
					i++
				}
			}
			tok = q[:i]
		default:
			tok = q[:1]
		}
		b.WriteString(tok)
		q = q[len(tok):]
	}
	return b.String(), n, escapes
}

// prevIdent reports whether the last byte of s can continue an identifier.
func prevIdent(s string, pg bool) bool {
	c := s[len(s)-1]
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || (!pg && c == '#')
}

func TestRebindMatchesReference(t *testing.T) {
	for _, s := range rebindSeeds {
		checkRebind(t, s)
	}
}

// checkRebind asserts Rebind's properties on q for every dialect.
func checkRebind(t *testing.T, q string) {
	t.Helper()
	for _, n := range []dialect.Name{dialect.SQLite, dialect.MySQL} {
		if got := orm.Rebind(mustDialect(t, n), q); got != q {
			t.Fatalf("%s: Rebind(%q) = %q: not the query unchanged", n, q, got)
		}
	}
	for _, n := range []dialect.Name{dialect.Postgres, dialect.Oracle} {
		d := mustDialect(t, n)
		got := orm.Rebind(d, q)
		want, count, escapes := refRebind(q, n == dialect.Postgres)
		if got != want {
			t.Fatalf("%s: Rebind(%q)\n got %q\nwant %q (reference lexer)", n, q, got, want)
		}
		if len(got) > 2*len(q)+16*count {
			t.Fatalf("%s: Rebind(%q) grew to %d bytes", n, q, len(got))
		}
		if count > 0 && !strings.Contains(got, d.Placeholder(count)) {
			t.Fatalf("%s: Rebind(%q) = %q lacks placeholder %d", n, q, got, count)
		}
		if escapes == 0 {
			// Nothing is left to convert: a second Rebind changes nothing.
			if again := orm.Rebind(d, got); again != got {
				t.Fatalf("%s: Rebind not idempotent on %q: %q then %q", n, q, got, again)
			}
		}
	}
}

// rebindSeeds are the fuzz seeds: pgx's FuzzNewQuery corpus shapes and the
// ?-style cases of reliability.md FUZZ-05.
var rebindSeeds = []string{
	"", "?", "??", "???", "a = ?", "'quoted $42'", "'foo''bar' ?", `E'escape \'string' ?`,
	`"doubled ""quoted"" $42" ?`, "-- comment with $2\n?", "/* nested /* comment */ */ ?",
	"$$ ? $$ ?", "$tag$ ? $tag$ ?", "$tag$ ? $other$ ?", "\xc0\xc0 ?", "$92233720368547758070 ?",
	"'?'", `"?"`, "`?`", "[?]", "# ?\n?", "?(?, ?)", "data ?| array['a']", "a::int = ?",
	"x = -?", ":firstName = ?", "q'[?]' ?", "Q'{?}' ?", "q'x?x' ?", "E'", "e'\\", "$", "$$", "$a",
	"/*", "--", "'", `"`, "a$b$ ? $b$", "é$$?$$ ?",
}

// FuzzRebind is reliability.md FUZZ-05: see the checks below.
func FuzzRebind(f *testing.F) {
	for _, s := range rebindSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		checkRebind(t, q)
	})
}
