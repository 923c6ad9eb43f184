package lookups

import "github.com/sqlorm/sqlorm/dialect"

// postgresBackend renders lookups for PostgreSQL as Django does: pattern and
// regex lookups cast the left-hand side to text (so contains works on
// numbers and UUIDs), the case-insensitive ones compare UPPER() of both
// sides, and iexact is an equality of UPPER()s (its value is not escaped).
// DateTimeField columns are timestamptz; extraction and date() read them
// AT TIME ZONE 'UTC', whatever the session's time zone.
type postgresBackend struct{}

func (postgresBackend) cmpLHS(w *Writer, lhs Operand) { w.Operand(lhs) }

// text writes x::text, parenthesizing x when needed.
func pgText(w *Writer, x Operand) {
	w.Operand(x)
	w.Raw("::text")
}

// pgLike are escapeLikeSQL's literals as Django writes them (E'...' strings,
// whatever standard_conforming_strings says).
var pgLike = [4]string{`E'\\'`, `E'\\\\'`, `E'\\%'`, `E'\\_'`}

func (postgresBackend) iexact(w *Writer, lhs Operand, rhs RHS, s string) {
	w.Raw("UPPER(")
	pgText(w, lhs)
	w.Raw(") = UPPER(")
	writeText(w, rhs, s)
	w.Raw(")")
}

func (postgresBackend) pattern(w *Writer, lhs Operand, p pattern, ci bool, rhs RHS, s string) {
	if ci {
		w.Raw("UPPER(")
		pgText(w, lhs)
		w.Raw(") LIKE ")
	} else {
		pgText(w, lhs)
		w.Raw(" LIKE ")
	}
	if rhs.expr != nil {
		wrapPattern(w, p, "'%'", func() {
			if ci {
				w.Raw("UPPER(")
			}
			x := *rhs.expr
			escapeLikeSQL(w, Operand{SQL: func(w *Writer) { pgText(w, x) }, atom: true}, pgLike)
			if ci {
				w.Raw(")")
			}
		})
		return
	}
	if ci {
		w.Raw("UPPER(")
	}
	w.Arg(likePattern(s, p))
	if ci {
		w.Raw(")")
	}
}

func (postgresBackend) regex(w *Writer, lhs Operand, ci bool, rhs RHS, s string) {
	pgText(w, lhs)
	if ci {
		w.Raw(" ~* ")
	} else {
		w.Raw(" ~ ")
	}
	writeText(w, rhs, s)
}

// pgFields are EXTRACT's field names.
var pgFields = map[part]string{
	partYear: "YEAR", partISOYear: "ISOYEAR", partQuarter: "QUARTER", partMonth: "MONTH",
	partWeek: "WEEK", partDay: "DAY", partWeekDay: "DOW", partISOWeekDay: "ISODOW",
	partHour: "HOUR", partMinute: "MINUTE", partSecond: "SECOND",
}

// pgUTC writes in, read in UTC when it is a timestamptz (DateTimeField).
func pgUTC(w *Writer, in Operand) {
	if in.Kind == dialect.KindDateTime {
		w.Operand(in)
		w.Raw(" AT TIME ZONE 'UTC'")
		return
	}
	w.Operand(in)
}

// extract uses EXTRACT; seconds are truncated (EXTRACT gives fractions)
// and DOW is shifted to Django's Sunday=1.
func (postgresBackend) extract(p part, in Operand) func(w *Writer) {
	pre, post := "", ""
	switch p {
	case partWeekDay:
		pre, post = "(", " + 1)"
	case partSecond:
		pre, post = "FLOOR(", ")"
	}
	return func(w *Writer) {
		w.Raw(pre + "EXTRACT(" + pgFields[p] + " FROM ")
		pgUTC(w, in)
		w.Raw(")" + post)
	}
}

func (postgresBackend) truncDate(in Operand) func(w *Writer) {
	return func(w *Writer) {
		w.Raw("(")
		pgUTC(w, in)
		w.Raw(")::date")
	}
}

func (postgresBackend) maxInList() int { return 0 }
