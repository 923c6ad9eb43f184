package lookups_test

import (
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	_ "github.com/mattn/go-sqlite3" // registers driver "sqlite3"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// FuzzSplit (reliability.md FUZZ-01) checks the path parser: it never panics, an accepted path has
// 1 to MaxParts parts that each pass dialect.CheckIdent and join back to
// the path, and a rejected one is an ErrInvalidPath with no parts.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"", "a", "a__b", "a___b", "a____b", "__a", "a__", "__", "_", "___",
		"pub_date__year__gte", "name; DROP TABLE t--", `a__"b"`, "a__b c", "é__a",
		"a\x00b", "\xff", strings.Repeat("a__", 20), strings.Repeat("x", 64), "1a__b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		parts, err := lookups.Split(path)
		if err != nil {
			if parts != nil {
				t.Fatalf("Split(%q) returned %q with error %v", path, parts, err)
			}
			if !errors.Is(err, lookups.ErrInvalidPath) {
				t.Fatalf("Split(%q): %v does not wrap ErrInvalidPath", path, err)
			}
			return
		}
		if len(parts) < 1 || len(parts) > lookups.MaxParts {
			t.Fatalf("Split(%q): %d parts", path, len(parts))
		}
		for _, p := range parts {
			if err := dialect.CheckIdent(p); err != nil {
				t.Fatalf("Split(%q) accepted part %q: %v", path, p, err)
			}
			if strings.Contains(p, lookups.Sep) {
				t.Fatalf("Split(%q) accepted part %q containing the separator", path, p)
			}
		}
		if j := strings.Join(parts, lookups.Sep); j != path {
			t.Fatalf("Split(%q) = %q, which joins to %q", path, parts, j)
		}
		// Resolving the tail never panics; a success names only registered
		// lookups and transforms.
		if c, err := lookups.Default().Resolve(parts[1:]); err == nil {
			if _, ok := lookups.Default().Lookup(c.Lookup.Name()); !ok {
				t.Fatalf("Resolve(%q) gave unregistered lookup %q", parts[1:], c.Lookup.Name())
			}
		}
	})
}

var (
	fuzzDBOnce sync.Once
	fuzzDB     *sql.DB
	fuzzDBErr  error
)

// sqliteMemory returns one in-memory SQLite database opened straight
// through go-sqlite3, shared by the fuzz iterations.
func sqliteMemory(t testing.TB) *sql.DB {
	fuzzDBOnce.Do(func() {
		fuzzDB, fuzzDBErr = sql.Open("sqlite3", ":memory:")
		if fuzzDBErr == nil {
			fuzzDB.SetMaxOpenConns(1)
			fuzzDBErr = fuzzDB.Ping()
		}
	})
	if fuzzDBErr != nil {
		t.Fatal(fuzzDBErr)
	}
	return fuzzDB
}

// asciiUpper folds ASCII letters only, as SQLite's LIKE does.
func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// FuzzLikeEscape (reliability.md FUZZ-04) runs the rendered pattern
// lookups through SQLite: for any text s and any searched-for text sub,
// contains/startswith/endswith must answer exactly what
// strings.Contains/HasPrefix/HasSuffix say, the i-variants and iexact the
// same after ASCII folding, both with sub bound as a value (escaped in Go)
// and as an expression (escaped in SQL).
func FuzzLikeEscape(f *testing.F) {
	for _, c := range [][2]string{
		{"50% off", "%"}, {"50 off", "%"}, {"a_b", "_"}, {"axb", "a_b"}, {`a\b`, `\`}, {`a\\b`, `\\`},
		{`\%`, `\%`}, {"x*y", "*"}, {"x?y", "?"}, {"[a]", "[a]"}, {"a", "[a]"}, {"abc", "ABC"},
		{"ABC", "b"}, {"Émile", "é"}, {"", ""}, {"abc", ""}, {"", "a"}, {"a]b", "]"}, {"[!a]", "[!"},
		{"^$", "^"}, {"a'b", "'"}, {"%_\\*?[]", "%_\\*?[]"}, {"aaa", "aa"},
		{"Straße", "ß"}, {"İstanbul", "İ"}, {"%%", "%%"}, {"a%b_c\\", "a%b_c\\"},
	} {
		f.Add(c[0], c[1])
	}
	d, err := dialect.Get(dialect.SQLite)
	if err != nil {
		f.Fatal(err)
	}
	type check struct {
		path string
		want func(s, sub string) bool
	}
	checks := []check{
		{"contains", strings.Contains},
		{"startswith", strings.HasPrefix},
		{"endswith", strings.HasSuffix},
		{"icontains", func(s, sub string) bool { return strings.Contains(asciiUpper(s), asciiUpper(sub)) }},
		{"istartswith", func(s, sub string) bool { return strings.HasPrefix(asciiUpper(s), asciiUpper(sub)) }},
		{"iendswith", func(s, sub string) bool { return strings.HasSuffix(asciiUpper(s), asciiUpper(sub)) }},
		{"iexact", func(s, sub string) bool { return asciiUpper(s) == asciiUpper(sub) }},
		{"exact", func(s, sub string) bool { return s == sub }},
	}
	f.Fuzz(func(t *testing.T, s, sub string) {
		// SQLite's LIKE and GLOB stop at NUL and read invalid UTF-8 their
		// own way; such text is outside what the lookups promise.
		if !utf8.ValidString(s) || !utf8.ValidString(sub) || strings.ContainsRune(s+sub, 0) {
			t.Skip()
		}
		db := sqliteMemory(t)
		lhs := lookups.Operand{Kind: dialect.KindText, SQL: func(w *lookups.Writer) { w.Arg(s) }}
		rhsExpr := lookups.Expr(lookups.Operand{Kind: dialect.KindText, SQL: func(w *lookups.Writer) { w.Arg(sub) }})
		w := lookups.NewWriter(d, []byte("SELECT "), nil)
		var names []string
		var want []bool
		for _, c := range checks {
			ch, err := lookups.Default().Resolve([]string{c.path})
			if err != nil {
				t.Fatal(err)
			}
			for _, rhs := range []lookups.RHS{lookups.Value(sub), rhsExpr} {
				if len(names) > 0 {
					w.Raw(", ")
				}
				w.Raw("CASE WHEN ")
				if _, err := ch.Render(w, lhs, rhs); err != nil {
					t.Fatal(err)
				}
				w.Raw(" THEN 1 ELSE 0 END")
				name := c.path
				if rhs.IsExpr() {
					name += " (expression)"
				}
				names = append(names, name)
				want = append(want, c.want(s, sub))
			}
		}
		got := make([]bool, len(names))
		dest := make([]any, len(names))
		for i := range got {
			dest[i] = &got[i]
		}
		if err := db.QueryRow(w.String(), w.Args()...).Scan(dest...); err != nil {
			t.Fatalf("%v\n%s", err, w.String())
		}
		for i := range names {
			if got[i] != want[i] {
				t.Errorf("%q %s %q: SQLite says %v, Go says %v", s, names[i], sub, got[i], want[i])
			}
		}
	})
}
