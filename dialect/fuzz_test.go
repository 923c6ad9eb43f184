package dialect_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

// quoteChar is the identifier quote of each dialect, in dialect.All order.
var quoteChar = [4]string{`"`, `"`, "`", `"`}

func identByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// FuzzQuote (reliability.md FUZZ-02): whatever CheckIdent accepts quotes to exactly
// quote + name + quote (upper-cased on Oracle) with no other quote
// character; whatever contains a byte outside [A-Za-z0-9_] is rejected.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{
		"product", "Created_At", "_", "x", `x" FROM t; --`, "x` FROM t; --", "a.b", "a b", "a;b",
		"#", "--", "/*", "*/", "\x00", "a\x1f", "\x7f", "café", "\xff\xfe", "1abc", "",
		strings.Repeat("a", 63), strings.Repeat("a", 64), `""`, "``", "'", "a\"b", "a\\b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkErr := dialect.CheckIdent(s)
		for i := 0; i < len(s); i++ {
			if !identByte(s[i]) && checkErr == nil {
				t.Fatalf("CheckIdent(%q) accepted byte %q", s, s[i])
			}
		}
		if checkErr != nil && !errors.Is(checkErr, dialect.ErrInvalidIdentifier) {
			t.Fatalf("CheckIdent(%q) = %v, not an ErrInvalidIdentifier", s, checkErr)
		}
		for i, d := range dialect.All() {
			got, err := d.Quote(s)
			if checkErr != nil {
				if err == nil || got != "" {
					t.Fatalf("%s: Quote(%q) = %q, %v; CheckIdent rejects it", d.Name(), s, got, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: Quote(%q): %v", d.Name(), s, err)
			}
			inner := s
			if d.Name() == dialect.Oracle {
				inner = strings.ToUpper(s)
			}
			q := quoteChar[i]
			if got != q+inner+q {
				t.Fatalf("%s: Quote(%q) = %q, want %q", d.Name(), s, got, q+inner+q)
			}
			if strings.Count(got, q) != 2 || strings.ContainsAny(inner, "\"`'") {
				t.Fatalf("%s: Quote(%q) = %q has a quote inside", d.Name(), s, got)
			}
			if app := string(d.AppendQuote(nil, s)); app != got {
				t.Fatalf("%s: AppendQuote(%q) = %q, Quote = %q", d.Name(), s, app, got)
			}
		}
	})
}

// FuzzStringDefault: a string default either is refused or becomes one
// string literal that reads back as exactly the original string, so no
// default can end the literal and add SQL of its own.
func FuzzStringDefault(f *testing.F) {
	for _, s := range []string{"", "draft", "o'brien", `a\'b`, `\`, `'`, `''`, `\'; DROP TABLE t; --`, "a\x00b", "\xff", "naïve ☃", "a\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range dialect.All() {
			stmt, err := d.AddColumn("t", dialect.Column{Name: "c", Kind: dialect.KindChar, Length: 10, Null: true, Default: s})
			if err != nil {
				if !errors.Is(err, dialect.ErrInvalidSchema) {
					t.Fatalf("%s: %q: %v", d.Name(), s, err)
				}
				continue
			}
			_, lit, ok := strings.Cut(stmt, " DEFAULT ")
			if !ok {
				t.Fatalf("%s: no DEFAULT in %q", d.Name(), stmt)
			}
			if d.Name() == dialect.Oracle {
				lit = strings.TrimSuffix(lit, ")")
			}
			backslash := d.Name() == dialect.MySQL
			if strings.HasPrefix(lit, "E'") && d.Name() == dialect.Postgres {
				lit, backslash = lit[1:], true
			}
			back, ok := unquote(lit, backslash)
			if !ok || back != s {
				t.Fatalf("%s: default %q rendered as %q, which reads back as %q (complete literal: %v)", d.Name(), s, lit, back, ok)
			}
		}
	})
}

// unquote reads a whole single-quoted SQL literal; it fails when the
// literal ends before the last byte.
func unquote(lit string, backslash bool) (string, bool) {
	if len(lit) < 2 || lit[0] != '\'' {
		return "", false
	}
	var b strings.Builder
	for i := 1; i < len(lit); i++ {
		c := lit[i]
		switch {
		case c == '\'' && i+1 < len(lit) && lit[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == '\'':
			return b.String(), i == len(lit)-1
		case c == '\\' && backslash:
			if i+1 >= len(lit) {
				return "", false
			}
			b.WriteByte(lit[i+1])
			i++
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}
