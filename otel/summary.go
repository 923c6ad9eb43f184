package sqlormotel

import (
	"strings"
	"unicode"
)

// summary is what a statement's text tells about it.
type summary struct {
	operation string // db.operation.name: the first keyword, single statements only
	summary   string // db.query.summary: the keyword and the table it names, if found
}

// summarize reads the leading keyword of query and, for the statements the
// ORM sends (SELECT … FROM t, INSERT INTO t, UPDATE t, DELETE FROM t,
// CREATE/DROP/ALTER TABLE t), the table, as in the conventions' example
// "SELECT wuser_table". It is a tokenizer, not a parser: a query it does
// not recognise gets only its keyword, or nothing. Literals and comments
// are skipped, so a value can never leak into the summary.
func summarize(query string) summary {
	toks := tokens(query, 64)
	if len(toks) == 0 || !isWord(toks[0]) {
		return summary{}
	}
	op := strings.ToUpper(toks[0])
	s := summary{summary: op}
	if single(query) {
		s.operation = op
	}
	var table string
	switch op {
	case "SELECT", "WITH":
		table = after(toks, "FROM")
		if op == "WITH" {
			s.summary = "WITH"
		}
	case "INSERT", "REPLACE":
		table = after(toks, "INTO")
	case "UPDATE":
		if len(toks) > 1 {
			table = ident(toks[1])
		}
	case "DELETE":
		table = after(toks, "FROM")
	case "CREATE", "DROP", "ALTER", "TRUNCATE":
		if t := after(toks, "TABLE"); t != "" {
			s.summary = op + " TABLE"
			table = t
		}
	}
	if table != "" {
		s.summary += " " + table
	}
	return s
}

// after returns the identifier that follows the first keyword kw at
// nesting depth 0, skipping IF [NOT] EXISTS and ONLY.
func after(toks []string, kw string) string {
	depth := 0
	for i, t := range toks {
		switch t {
		case "(":
			depth++
			continue
		case ")":
			depth--
			continue
		}
		if depth != 0 || !strings.EqualFold(t, kw) {
			continue
		}
		for j := i + 1; j < len(toks); j++ {
			switch strings.ToUpper(toks[j]) {
			case "IF", "NOT", "EXISTS", "ONLY":
				continue
			}
			return ident(toks[j])
		}
		return ""
	}
	return ""
}

// ident returns t unquoted if it is a (possibly qualified) identifier.
func ident(t string) string {
	if t == "" || t == "(" || t == ")" {
		return ""
	}
	var b strings.Builder
	for _, part := range strings.Split(t, ".") {
		if len(part) >= 2 && strings.ContainsRune("\"`[", rune(part[0])) {
			part = part[1 : len(part)-1]
		} else if !isWord(part) {
			return ""
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(part)
	}
	return b.String()
}

func isWord(t string) bool {
	if t == "" {
		return false
	}
	for i, r := range t {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && (unicode.IsDigit(r) || r == '$'))) {
			return false
		}
	}
	return true
}

// tokens splits query into at most n tokens: words and dotted names
// (quoted parts kept with their quotes), "(" and ")". String literals,
// numbers, parameters, comments and other punctuation are dropped.
func tokens(query string, n int) []string {
	var out []string
	i := 0
	for i < len(query) && len(out) < n {
		c := query[i]
		switch {
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				return out
			}
			i += j + 1
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			j := strings.Index(query[i+2:], "*/")
			if j < 0 {
				return out
			}
			i += j + 4
		case c == '\'':
			i = skipQuoted(query, i, '\'')
		case c == '(' || c == ')':
			out = append(out, string(c))
			i++
		case c == '"' || c == '`' || c == '[' || c == '_' || c < 0x80 && unicode.IsLetter(rune(c)) || c >= 0x80:
			j := i
			for j < len(query) {
				d := query[j]
				switch {
				case d == '"' || d == '`':
					j = skipQuoted(query, j, d)
					continue
				case d == '[':
					k := strings.IndexByte(query[j:], ']')
					if k < 0 {
						return out
					}
					j += k + 1
					continue
				case d == '.' || d == '_' || d == '$' || d >= 0x80 || d < 0x80 && (unicode.IsLetter(rune(d)) || unicode.IsDigit(rune(d))):
					j++
					continue
				}
				break
			}
			if j == i {
				j++
			}
			out = append(out, query[i:j])
			i = j
		default:
			i++
		}
	}
	return out
}

// skipQuoted returns the index after the literal or quoted name starting
// at query[i], where a doubled quote stands for itself.
func skipQuoted(query string, i int, q byte) int {
	j := i + 1
	for j < len(query) {
		if query[j] == q {
			if j+1 < len(query) && query[j+1] == q {
				j += 2
				continue
			}
			return j + 1
		}
		j++
	}
	return j
}

// single reports whether query holds one statement: no ';' outside
// literals and quoted names except at the end.
func single(query string) bool {
	i := 0
	for i < len(query) {
		switch c := query[i]; c {
		case '\'', '"', '`':
			i = skipQuoted(query, i, c)
			continue
		case ';':
			return strings.TrimSpace(strings.TrimRight(query[i:], "; \t\r\n")) == ""
		}
		i++
	}
	return true
}
