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
// and so is every byte outside the placeholders, except that a space is
// put between a placeholder and a letter, digit or $ that would otherwise
// run into it (?1 becomes $1 1, not $11). On PostgreSQL and Oracle,
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
	pg := d.Traits().DollarQuotes
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
				// A space keeps the placeholder a token of its own where
				// the text around it would otherwise run into it: a$1
				// would be one identifier, $11 another parameter.
				if pg && i > 0 && identCont(query[i-1], pg) {
					b = append(b, ' ')
				}
				n++
				b = d.AppendPlaceholder(b, n)
				i++
				if i < len(query) && identCont(query[i], pg) {
					b = append(b, ' ')
				}
			}
			last = i
		case identStart(c):
			// A whole word, so that a $ or a quote inside or right after
			// it is read as the dialect does.
			j := i + 1
			for j < len(query) && identCont(query[j], pg) {
				j++
			}
			word := query[i:j]
			switch {
			case j < len(query) && query[j] == '\'' && pg && (word == "E" || word == "e"):
				j = skipQuoted(query, j+1, '\'', true)
			case j < len(query) && query[j] == '\'' && !pg && (word == "q" || word == "Q"):
				j = skipOracleQ(query, j+1)
			}
			i = j
		case c >= '0' && c <= '9':
			for i++; i < len(query) && query[i] >= '0' && query[i] <= '9'; i++ {
			}
		case c == '\'':
			i = skipQuoted(query, i+1, '\'', false)
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
		default:
			i++
		}
	}
	if b == nil {
		return query
	}
	return string(append(b, query[last:]...))
}

// identStart reports whether c can start an identifier or keyword.
func identStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// identCont reports whether c can continue an identifier: also digits and
// $ (PostgreSQL, Oracle), and # (Oracle).
func identCont(c byte, pg bool) bool {
	return identStart(c) || c >= '0' && c <= '9' || c == '$' || (!pg && c == '#')
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

// skipDollar handles a $ at the start of a PostgreSQL token: a parameter
// $n is skipped whole, and so is a dollar-quoted string $tag$...$tag$;
// anything else is one byte.
func skipDollar(s string, i int) int {
	j := i + 1
	if j < len(s) && s[j] >= '0' && s[j] <= '9' {
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		return j
	}
	for j < len(s) && s[j] != '$' {
		if !identStart(s[j]) && !(j > i+1 && s[j] >= '0' && s[j] <= '9') {
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
// whose delimiter is at i; brackets close with their pair.
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
