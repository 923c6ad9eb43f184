package lookups

// mysqlBackend renders lookups for MySQL and MariaDB.
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
type mysqlBackend struct{}

func (mysqlBackend) cmpLHS(w *Writer, lhs Operand) { w.Operand(lhs) }

// mysqlLike are escapeLikeSQL's literals: backslash escapes in string
// literals, so one backslash is '\\'.
var mysqlLike = [4]string{`'\\'`, `'\\\\'`, `'\%'`, `'\_'`}

func (mysqlBackend) iexact(w *Writer, lhs Operand, rhs RHS, s string) {
	w.Operand(lhs)
	w.Raw(" LIKE ")
	if rhs.expr != nil {
		escapeLikeSQL(w, *rhs.expr, mysqlLike)
		return
	}
	w.Arg(EscapeLike(s))
}

func (mysqlBackend) pattern(w *Writer, lhs Operand, p pattern, ci bool, rhs RHS, s string) {
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
	if p == patContains || p == patEnds {
		w.Raw("'%', ")
	}
	escapeLikeSQL(w, *rhs.expr, mysqlLike)
	if p == patContains || p == patStarts {
		w.Raw(", '%'")
	}
	w.Raw(")")
}

func (mysqlBackend) regex(w *Writer, lhs Operand, ci bool, rhs RHS, s string) {
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
var mysqlFields = map[part]string{
	partYear: "YEAR", partQuarter: "QUARTER", partMonth: "MONTH", partDay: "DAY",
	partHour: "HOUR", partMinute: "MINUTE", partSecond: "SECOND",
}

func (mysqlBackend) extract(p part, in Operand) func(w *Writer) {
	call := func(pre, post string) func(w *Writer) {
		return func(w *Writer) {
			w.Raw(pre)
			w.Operand(in)
			w.Raw(post)
		}
	}
	switch p {
	case partWeekDay:
		return call("DAYOFWEEK(", ")")
	case partISOWeekDay:
		return call("(WEEKDAY(", ") + 1)")
	case partWeek:
		return call("WEEK(", ", 3)")
	case partISOYear:
		return call("FLOOR(YEARWEEK(", ", 3) / 100)")
	}
	return call("EXTRACT("+mysqlFields[p]+" FROM ", ")")
}

func (mysqlBackend) truncDate(in Operand) func(w *Writer) {
	return func(w *Writer) {
		w.Raw("DATE(")
		w.Operand(in)
		w.Raw(")")
	}
}

func (mysqlBackend) maxInList() int { return 0 }
