package dialect

import "strings"

// LookupSQL is how a dialect spells Django's lookups and date transforms:
// the LIKE, GLOB and regex forms, date-part extraction and the calendar
// date of a datetime. Package lookups keeps the one table of lookups and
// everything they share (nil handling, value checks, in-list
// de-duplication and chunking by [Traits].MaxInList, year bounds) and asks
// [Dialect.LookupSQL] for these spellings, so a backend's lookup SQL lives
// in its own file here.
//
// Methods taking rhs and s write the right-hand side: the expression of rhs
// when it is one ([RHS.IsExpr]), else the text s as a bound pattern (s is
// the value's text, already checked by the caller).
type LookupSQL interface {
	// CompareLHS writes lhs on the left of a comparison (=, <, IN,
	// BETWEEN): lhs itself, or lhs read in a comparable form (Oracle's
	// NCLOB through DBMS_LOB.SUBSTR).
	CompareLHS(w *Writer, lhs Operand)
	// IExact writes lhs iexact rhs.
	IExact(w *Writer, lhs Operand, rhs RHS, s string)
	// Pattern writes contains, startswith or endswith (p), or with ci
	// their case-insensitive forms (icontains, ...).
	Pattern(w *Writer, lhs Operand, p Pattern, ci bool, rhs RHS, s string)
	// Regex writes regex, or with ci iregex.
	Regex(w *Writer, lhs Operand, ci bool, rhs RHS, s string)
	// Extract returns the writer of the integer part p of the date or
	// time in, numbered as Django's Extract transforms number it.
	Extract(p DatePart, in Operand) func(w *Writer)
	// TruncDate returns the writer of the calendar date (UTC) of the
	// datetime in (Django's __date).
	TruncDate(in Operand) func(w *Writer)
}

// Pattern is the shape of a pattern lookup.
type Pattern int

// The pattern lookups' shapes.
const (
	PatternExact    Pattern = iota // iexact: the whole value
	PatternContains                // contains: %v%
	PatternStarts                  // startswith: v%
	PatternEnds                    // endswith: %v
)

// DatePart is a component a date transform extracts.
type DatePart int

// The parts of Django's Extract transforms.
const (
	PartYear DatePart = iota
	PartISOYear
	PartQuarter
	PartMonth
	PartWeek // ISO 8601 week number
	PartDay
	PartWeekDay    // Sunday=1 ... Saturday=7 (Django's week_day)
	PartISOWeekDay // Monday=1 ... Sunday=7
	PartHour
	PartMinute
	PartSecond
)

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
func likePattern(s string, p Pattern) string {
	e := EscapeLike(s)
	switch p {
	case PatternContains:
		return "%" + e + "%"
	case PatternStarts:
		return e + "%"
	case PatternEnds:
		return "%" + e
	}
	return e
}

// globPattern wraps the GLOB-escaped s in the * wildcards of p.
func globPattern(s string, p Pattern) string {
	e := EscapeGlob(s)
	switch p {
	case PatternContains:
		return "*" + e + "*"
	case PatternStarts:
		return e + "*"
	case PatternEnds:
		return "*" + e
	}
	return e
}

// wrapPattern writes the pattern p around inner with the wildcard literal
// wild, joined with SQL's || operator: '%' || x || '%'.
func wrapPattern(w *Writer, p Pattern, wild string, inner func()) {
	if p == PatternContains || p == PatternEnds {
		w.Raw(wild)
		w.Raw(" || ")
	}
	inner()
	if p == PatternContains || p == PatternStarts {
		w.Raw(" || ")
		w.Raw(wild)
	}
}

// escapeLikeSQL writes x with LIKE's metacharacters escaped in SQL, for a
// right-hand side that is an expression. lit is the dialect's spelling of
// the four literals: backslash, two backslashes, \% and \_.
func escapeLikeSQL(w *Writer, x Operand, lit [4]string) {
	w.Raw("REPLACE(REPLACE(REPLACE(")
	w.Operand(x)
	w.Raw(", " + lit[0] + ", " + lit[1] + "), '%', " + lit[2] + "), '_', " + lit[3] + ")")
}

// standardLike are the literals of escapeLikeSQL where backslash is an
// ordinary character in string literals (SQLite, Oracle).
var standardLike = [4]string{`'\'`, `'\\'`, `'\%'`, `'\_'`}

// writeText writes the right-hand side of a text lookup: the expression, or
// s bound as a parameter.
func writeText(w *Writer, rhs RHS, s string) {
	if rhs.expr != nil {
		w.Operand(*rhs.expr)
		return
	}
	w.Arg(s)
}
