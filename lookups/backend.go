package lookups

import (
	"fmt"

	"github.com/sqlorm/sqlorm/dialect"
)

// backend is what differs between dialects in rendering lookups: the LIKE,
// GLOB and regex spellings, date extraction, the IN list limit. One file
// per dialect implements it, with the same shape in each; the lookups
// themselves (nil handling, value checks, in-list de-duplication, year
// bounds) are shared.
//
// Methods taking rhs and s write the right-hand side: the expression
// rhs.expr when set, else the text s as a bound pattern.
type backend interface {
	// cmpLHS writes lhs for a comparison (=, <, IN, BETWEEN).
	cmpLHS(w *Writer, lhs Operand)
	// iexact writes lhs iexact rhs.
	iexact(w *Writer, lhs Operand, rhs RHS, s string)
	// pattern writes contains/startswith/endswith (ci: icontains, ...).
	pattern(w *Writer, lhs Operand, p pattern, ci bool, rhs RHS, s string)
	// regex writes regex (ci: iregex).
	regex(w *Writer, lhs Operand, ci bool, rhs RHS, s string)
	// extract returns the SQL writer of part p of the date/time in.
	extract(p part, in Operand) func(w *Writer)
	// truncDate returns the SQL writer of the calendar date (UTC) of the
	// datetime in.
	truncDate(in Operand) func(w *Writer)
	// maxInList is the most values one IN (...) may hold; 0 for no limit.
	maxInList() int
}

// backendFor returns the backend of d, or an error wrapping
// dialect.ErrUnsupported for a dialect this package does not know.
func backendFor(d dialect.Dialect) (backend, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: no dialect", dialect.ErrUnsupported)
	}
	switch d.Name() {
	case dialect.SQLite:
		return sqliteBackend{}, nil
	case dialect.Postgres:
		return postgresBackend{}, nil
	case dialect.MySQL:
		return mysqlBackend{}, nil
	case dialect.Oracle:
		return oracleBackend{}, nil
	}
	return nil, fmt.Errorf("%w: sqlorm/lookups has no lookup rendering for dialect %q", dialect.ErrUnsupported, d.Name())
}

// part is a component a date transform extracts.
type part int

const (
	partYear part = iota
	partISOYear
	partQuarter
	partMonth
	partWeek // ISO 8601 week number
	partDay
	partWeekDay    // Sunday=1 ... Saturday=7 (Django's week_day)
	partISOWeekDay // Monday=1 ... Sunday=7
	partHour
	partMinute
	partSecond
)

// wrapPattern writes the pattern p around inner with the wildcard literal
// wild, joined with SQL's || operator: '%' || x || '%'.
func wrapPattern(w *Writer, p pattern, wild string, inner func()) {
	if p == patContains || p == patEnds {
		w.Raw(wild)
		w.Raw(" || ")
	}
	inner()
	if p == patContains || p == patStarts {
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
