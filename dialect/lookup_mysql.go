package dialect

// mysqlLookups writes lookups for MySQL and MariaDB.
//
// As in Django, contains/startswith/endswith compare bytes (LIKE BINARY:
// case- and accent-sensitive) and the case-insensitive lookups use plain
// LIKE, which follows the column's collation. Backslash is LIKE's default
// escape character, so no ESCAPE clause is written (this assumes the
// server's sql_mode lacks NO_BACKSLASH_ESCAPES).
//
// regex and iregex differ from Django on purpose: Django writes REGEXP
// BINARY on MariaDB, which matches bytes (so '.' does not match 'é'), and
// REGEXP_LIKE on MySQL 8, which MariaDB lacks. sqlorm writes
// c REGEXP CONCAT('(?-i)', pattern) and CONCAT('(?i)', pattern): the inline
// flag sets case sensitivity on both servers (PCRE on MariaDB, ICU on MySQL
// 8) whatever the collation, and matching stays character-based.
type mysqlLookups struct{}

func (mysqlLookups) CompareLHS(w *Writer, lhs Operand) { w.Operand(lhs) }

// mysqlLike are escapeLikeSQL's literals: backslash escapes in string
// literals, so one backslash is '\\'.
var mysqlLike = [4]string{`'\\'`, `'\\\\'`, `'\%'`, `'\_'`}

func (mysqlLookups) IExact(w *Writer, lhs Operand, rhs RHS, s string) {
	w.Operand(lhs)
	w.Raw(" LIKE ")
	if rhs.expr != nil {
		escapeLikeSQL(w, *rhs.expr, mysqlLike)
		return
	}
	w.Arg(EscapeLike(s))
}

func (mysqlLookups) Pattern(w *Writer, lhs Operand, p Pattern, ci bool, rhs RHS, s string) {
	w.Operand(lhs)
	if ci {
		w.Raw(" LIKE ")
	} else {
		w.Raw(" LIKE BINARY ")
	}
	if rhs.expr == nil {
		w.Arg(likePattern(s, p))
		return
	}
	w.Raw("CONCAT(")
	if p == PatternContains || p == PatternEnds {
		w.Raw("'%', ")
	}
	escapeLikeSQL(w, *rhs.expr, mysqlLike)
	if p == PatternContains || p == PatternStarts {
		w.Raw(", '%'")
	}
	w.Raw(")")
}

func (mysqlLookups) Regex(w *Writer, lhs Operand, ci bool, rhs RHS, s string) {
	w.Operand(lhs)
	if ci {
		w.Raw(" REGEXP CONCAT('(?i)', ")
	} else {
		w.Raw(" REGEXP CONCAT('(?-i)', ")
	}
	writeText(w, rhs, s)
	w.Raw(")")
}

// mysqlFields are EXTRACT's units for the parts EXTRACT gives directly.
var mysqlFields = map[DatePart]string{
	PartYear: "YEAR", PartQuarter: "QUARTER", PartMonth: "MONTH", PartDay: "DAY",
	PartHour: "HOUR", PartMinute: "MINUTE", PartSecond: "SECOND",
}

func (mysqlLookups) Extract(p DatePart, in Operand) func(w *Writer) {
	call := func(pre, post string) func(w *Writer) {
		return func(w *Writer) {
			w.Raw(pre)
			w.Operand(in)
			w.Raw(post)
		}
	}
	switch p {
	case PartWeekDay:
		return call("DAYOFWEEK(", ")")
	case PartISOWeekDay:
		return call("(WEEKDAY(", ") + 1)")
	case PartWeek:
		return call("WEEK(", ", 3)")
	case PartISOYear:
		return call("FLOOR(YEARWEEK(", ", 3) / 100)")
	}
	return call("EXTRACT("+mysqlFields[p]+" FROM ", ")")
}

func (mysqlLookups) TruncDate(in Operand) func(w *Writer) {
	return func(w *Writer) {
		w.Raw("DATE(")
		w.Operand(in)
		w.Raw(")")
	}
}

// LookupSQL returns the mysql spellings of lookups.
func (mysql) LookupSQL() LookupSQL { return mysqlLookups{} }

var _ LookupSQL = mysqlLookups{}
