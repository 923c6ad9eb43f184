package orm

import (
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// Rebind rewrites the ? placeholders of query into d's own style: $1, $2 ...
// on PostgreSQL, :1, :2 ... on Oracle. On SQLite and MySQL, whose
// placeholder is ?, it returns query unchanged, so Rebind is a no-op there
// and can be applied any number of times.
//
// A ? inside a string literal ('...', PostgreSQL's E'...' with backslash
// escapes, Oracle's q'[...]'), a quoted identifier ("..."), a comment (--
// to the end of the line, /* ... */, nested on PostgreSQL) or a
// PostgreSQL dollar-quoted string ($$...$$, $tag$...$tag$) is left alone,
// and so is every byte outside the placeholders. On PostgreSQL and Oracle,
// ?? stands for a literal ? (PostgreSQL's jsonb operators ?, ?| and ?&):
// it becomes a single ?. A query that is already rebound has no ? left to
// convert, so rebinding it again changes nothing. A nil d returns query
// unchanged.
//
//	orm.Rebind(pg, "SELECT * FROM t WHERE a = ? AND b = '?'") // ... a = $1 AND b = '?'
func Rebind(d dialect.Dialect, query string) string {
	if d == nil || d.Placeholder(1) == "?" || strings.IndexByte(query, '?') < 0 {
		return query
	}
	pg := d.Name() == dialect.Postgres
	var b []byte
	n := 0
	last := 0 // query[last:i] is still to be copied
	for i := 0; i < len(query); {
		c := query[i]
		switch {
		case c == '?':
			if b == nil {
				b = make([]byte, 0, len(query)+16)
			}
			b = append(b, query[last:i]...)
			if i+1 < len(query) && query[i+1] == '?' {
				b = append(b, '?')
				i += 2
			} else {
				n++
				b = d.AppendPlaceholder(b, n)
				i++
			}
			last = i
		case c == '\'':
			i = skipQuoted(query, i+1, '\'', pg && isEscapeString(query, i))
		case c == '"':
			i = skipQuoted(query, i+1, '"', false)
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			if j := strings.IndexByte(query[i+2:], '\n'); j >= 0 {
				i += 2 + j + 1
			} else {
				i = len(query)
			}
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			i = skipBlockComment(query, i+2, pg)
		case pg && c == '$':
			i = skipDollar(query, i)
		case !pg && (c == 'q' || c == 'Q') && i+2 < len(query) && query[i+1] == '\'' && !identByte(query, i-1):
			i = skipOracleQ(query, i+2)
		default:
			i++
		}
	}
	if b == nil {
		return query
	}
	return string(append(b, query[last:]...))
}

// skipQuoted returns the index after the quoted text that starts at i (just
// after the opening quote q): a doubled quote stands for one, and with
// backslash a backslash escapes the next byte. An unterminated quote runs
// to the end.
func skipQuoted(s string, i int, q byte, backslash bool) int {
	for i < len(s) {
		switch s[i] {
		case '\\':
			if backslash {
				i += 2
				continue
			}
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(s)
}

// isEscapeString reports whether the quote at s[i] opens a PostgreSQL
// escape string E'...' (the E not part of a longer word).
func isEscapeString(s string, i int) bool {
	return i > 0 && (s[i-1] == 'E' || s[i-1] == 'e') && !identByte(s, i-2)
}

// identByte reports whether s[i] exists and can be part of an identifier.
func identByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// skipBlockComment returns the index after the /* comment whose body starts
// at i; PostgreSQL comments nest.
func skipBlockComment(s string, i int, nested bool) int {
	depth := 1
	for i < len(s) {
		switch {
		case s[i] == '*' && i+1 < len(s) && s[i+1] == '/':
			depth--
			i += 2
			if depth == 0 || !nested {
				return i
			}
		case nested && s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			depth++
			i += 2
		default:
			i++
		}
	}
	return len(s)
}

// skipDollar handles a $ at s[i] on PostgreSQL: a dollar-quoted string
// $tag$...$tag$ is skipped whole; anything else ($1, a $ inside an
// identifier) is one byte.
func skipDollar(s string, i int) int {
	if identByte(s, i-1) {
		return i + 1 // part of an identifier such as a$b
	}
	j := i + 1
	for j < len(s) && s[j] != '$' {
		c := s[j]
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || (j > i+1 && c >= '0' && c <= '9')
		if !ok {
			return i + 1
		}
		j++
	}
	if j >= len(s) {
		return i + 1
	}
	tag := s[i : j+1]
	if k := strings.Index(s[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag)
	}
	return len(s)
}

// skipOracleQ skips Oracle's alternative quoting q'<delim>...<delim>',
// whose body starts at i (the delimiter); brackets close with their pair.
func skipOracleQ(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	closing := s[i]
	switch closing {
	case '[':
		closing = ']'
	case '{':
		closing = '}'
	case '<':
		closing = '>'
	case '(':
		closing = ')'
	}
	end := string([]byte{closing, '\''})
	if k := strings.Index(s[i+1:], end); k >= 0 {
		return i + 1 + k + 2
	}
	return len(s)
}
