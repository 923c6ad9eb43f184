package dialect

// oracleLookups writes lookups for Oracle as Django does: LIKE with
// TRANSLATE(... USING NCHAR_CS) and ESCAPE '\', UPPER() for the
// case-insensitive lookups, REGEXP_LIKE with 'c' or 'i', TextField (NCLOB)
// columns read through DBMS_LOB.SUBSTR, and IN lists of at most 1000
// values (longer lists become ORed INs).
//
// week_day and iso_week_day differ from Django on purpose: Django's
// TO_CHAR(c, 'D') depends on the session's NLS_TERRITORY (Django sets
// AMERICA at connect; sqlorm does not own the session). sqlorm counts days
// from the ISO week's Monday, TRUNC(c, 'IW'), which no NLS setting changes.
type oracleLookups struct{}

// CompareLHS reads an NCLOB (TextField) through DBMS_LOB.SUBSTR, which Oracle
// can compare; other operands are written as they are.
func (oracleLookups) CompareLHS(w *Writer, lhs Operand) {
	if lhs.Kind == KindText {
		w.Raw("DBMS_LOB.SUBSTR(")
		w.Operand(lhs)
		w.Raw(")")
		return
	}
	w.Operand(lhs)
}

const oracleEscape = ` ESCAPE TRANSLATE('\' USING NCHAR_CS)`

func (b oracleLookups) IExact(w *Writer, lhs Operand, rhs RHS, s string) {
	w.Raw("UPPER(")
	b.CompareLHS(w, lhs)
	w.Raw(") = UPPER(")
	writeText(w, rhs, s)
	w.Raw(")")
}

func (b oracleLookups) Pattern(w *Writer, lhs Operand, p Pattern, ci bool, rhs RHS, s string) {
	if ci {
		w.Raw("UPPER(")
		b.CompareLHS(w, lhs)
		w.Raw(") LIKE UPPER(TRANSLATE(")
	} else {
		b.CompareLHS(w, lhs)
		w.Raw(" LIKE TRANSLATE(")
	}
	if rhs.expr != nil {
		wrapPattern(w, p, "'%'", func() { escapeLikeSQL(w, *rhs.expr, standardLike) })
	} else {
		w.Arg(likePattern(s, p))
	}
	w.Raw(" USING NCHAR_CS)")
	if ci {
		w.Raw(")")
	}
	w.Raw(oracleEscape)
}

func (b oracleLookups) Regex(w *Writer, lhs Operand, ci bool, rhs RHS, s string) {
	w.Raw("REGEXP_LIKE(")
	b.CompareLHS(w, lhs)
	w.Raw(", ")
	writeText(w, rhs, s)
	if ci {
		w.Raw(", 'i')")
	} else {
		w.Raw(", 'c')")
	}
}

// oracleFields are EXTRACT's fields for the parts it gives directly.
var oracleFields = map[DatePart]string{
	PartYear: "YEAR", PartMonth: "MONTH", PartDay: "DAY", PartHour: "HOUR", PartMinute: "MINUTE",
}

// oracleFormats are TO_CHAR's formats for the others.
var oracleFormats = map[DatePart]string{PartQuarter: "Q", PartWeek: "IW", PartISOYear: "IYYY"}

func (oracleLookups) Extract(p DatePart, in Operand) func(w *Writer) {
	switch p {
	case PartSecond: // EXTRACT(SECOND ...) of a TIMESTAMP has fractions
		return func(w *Writer) {
			w.Raw("FLOOR(EXTRACT(SECOND FROM ")
			w.Operand(in)
			w.Raw("))")
		}
	case PartISOWeekDay, PartWeekDay:
		// Days since the ISO week's Monday, 0..6.
		return func(w *Writer) {
			if p == PartWeekDay {
				w.Raw("(MOD(TRUNC(")
			} else {
				w.Raw("(TRUNC(")
			}
			w.Operand(in)
			w.Raw(") - TRUNC(")
			w.Operand(in)
			if p == PartWeekDay {
				w.Raw(", 'IW') + 1, 7) + 1)")
			} else {
				w.Raw(", 'IW') + 1)")
			}
		}
	case PartQuarter, PartWeek, PartISOYear:
		return func(w *Writer) {
			w.Raw("TO_NUMBER(TO_CHAR(")
			w.Operand(in)
			w.Raw(", '" + oracleFormats[p] + "'))")
		}
	}
	return func(w *Writer) {
		w.Raw("EXTRACT(" + oracleFields[p] + " FROM ")
		w.Operand(in)
		w.Raw(")")
	}
}

func (oracleLookups) TruncDate(in Operand) func(w *Writer) {
	return func(w *Writer) {
		w.Raw("TRUNC(")
		w.Operand(in)
		w.Raw(")")
	}
}

// LookupSQL returns the oracle spellings of lookups.
func (oracle) LookupSQL() LookupSQL { return oracleLookups{} }

var _ LookupSQL = oracleLookups{}
