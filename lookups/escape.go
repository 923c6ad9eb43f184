package lookups

import "strings"

// EscapeLike escapes s for use inside a LIKE pattern whose escape character
// is backslash, as Django's prep_for_like_query does: backslash first
// (\ becomes \\), then % becomes \% and _ becomes \_. The result matches
// exactly s when used with LIKE ... ESCAPE '\' (or on PostgreSQL and MySQL,
// where backslash is the default escape character).
func EscapeLike(s string) string {
	if !strings.ContainsAny(s, `\%_`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '%', '_':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// EscapeGlob escapes s for use inside an SQLite GLOB pattern: each of the
// metacharacters *, ? and [ is put in a one-character class ([*], [?],
// [[]). GLOB has no escape character; a ] outside a class is literal. The
// result matches exactly s.
func EscapeGlob(s string) string {
	if !strings.ContainsAny(s, "*?[") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '*', '?', '[':
			b.WriteByte('[')
			b.WriteByte(c)
			b.WriteByte(']')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// likePattern wraps the LIKE-escaped s in the % wildcards of the pattern
// lookup p.
func likePattern(s string, p pattern) string {
	e := EscapeLike(s)
	switch p {
	case patContains:
		return "%" + e + "%"
	case patStarts:
		return e + "%"
	case patEnds:
		return "%" + e
	}
	return e
}

// globPattern wraps the GLOB-escaped s in the * wildcards of p.
func globPattern(s string, p pattern) string {
	e := EscapeGlob(s)
	switch p {
	case patContains:
		return "*" + e + "*"
	case patStarts:
		return e + "*"
	case patEnds:
		return "*" + e
	}
	return e
}
