package dialect

// postgresLookups writes lookups for PostgreSQL as Django does: pattern and
// regex lookups cast the left-hand side to text (so contains works on
// numbers and UUIDs), the case-insensitive ones compare UPPER() of both
// sides, and iexact is an equality of UPPER()s (its value is not escaped).
// DateTimeField columns are timestamptz; extraction and date() read them
// AT TIME ZONE 'UTC', whatever the session's time zone.
type postgresLookups struct{}

func (postgresLookups) CompareLHS(w *Writer, lhs Operand) { w.Operand(lhs) }

// text writes x::text, parenthesizing x when needed.
func pgText(w *Writer, x Operand) {
	w.Operand(x)
	w.Raw("::text")
}

// pgLike are escapeLikeSQL's literals as Django writes them (E'...' strings,
// whatever standard_conforming_strings says).
var pgLike = [4]string{`E'\\'`, `E'\\\\'`, `E'\\%'`, `E'\\_'`}

func (postgresLookups) IExact(w *Writer, lhs Operand, rhs RHS, s string) {
	w.Raw("UPPER(")
	pgText(w, lhs)
	w.Raw(") = UPPER(")
	writeText(w, rhs, s)
	w.Raw(")")
}

func (postgresLookups) Pattern(w *Writer, lhs Operand, p Pattern, ci bool, rhs RHS, s string) {
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
			escapeLikeSQL(w, Atom(func(w *Writer) { pgText(w, x) }, 0), pgLike)
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

func (postgresLookups) Regex(w *Writer, lhs Operand, ci bool, rhs RHS, s string) {
	pgText(w, lhs)
	if ci {
		w.Raw(" ~* ")
	} else {
		w.Raw(" ~ ")
	}
	writeText(w, rhs, s)
}

// pgFields are EXTRACT's field names.
var pgFields = map[DatePart]string{
	PartYear: "YEAR", PartISOYear: "ISOYEAR", PartQuarter: "QUARTER", PartMonth: "MONTH",
	PartWeek: "WEEK", PartDay: "DAY", PartWeekDay: "DOW", PartISOWeekDay: "ISODOW",
	PartHour: "HOUR", PartMinute: "MINUTE", PartSecond: "SECOND",
}

// pgUTC writes in, read in UTC when it is a timestamptz (DateTimeField).
func pgUTC(w *Writer, in Operand) {
	if in.Kind == KindDateTime {
		w.Operand(in)
		w.Raw(" AT TIME ZONE 'UTC'")
		return
	}
	w.Operand(in)
}

// extract uses EXTRACT; seconds are truncated (EXTRACT gives fractions)
// and DOW is shifted to Django's Sunday=1.
func (postgresLookups) Extract(p DatePart, in Operand) func(w *Writer) {
	pre, post := "", ""
	switch p {
	case PartWeekDay:
		pre, post = "(", " + 1)"
	case PartSecond:
		pre, post = "FLOOR(", ")"
	}
	return func(w *Writer) {
		w.Raw(pre + "EXTRACT(" + pgFields[p] + " FROM ")
		pgUTC(w, in)
		w.Raw(")" + post)
	}
}

func (postgresLookups) TruncDate(in Operand) func(w *Writer) {
	return func(w *Writer) {
		w.Raw("(")
		pgUTC(w, in)
		w.Raw(")::date")
	}
}

// LookupSQL returns the postgres spellings of lookups.
func (postgres) LookupSQL() LookupSQL { return postgresLookups{} }

var _ LookupSQL = postgresLookups{}
