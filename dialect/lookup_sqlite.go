package dialect

// sqliteLookups writes lookups for SQLite.
//
// The case-sensitive pattern lookups use GLOB, not Django's LIKE: SQLite's
// LIKE ignores the case of ASCII letters, so Django's contains is really
// icontains there. GLOB is case-sensitive, has no escape character (the
// metacharacters are bracketed instead, see EscapeGlob) and is served by an
// index on the column for startswith, as LIKE is. The case-insensitive
// lookups use LIKE with ESCAPE '\', as Django does; they fold ASCII letters
// only.
type sqliteLookups struct{}

func (sqliteLookups) CompareLHS(w *Writer, lhs Operand) { w.Operand(lhs) }

func (sqliteLookups) IExact(w *Writer, lhs Operand, rhs RHS, s string) {
	w.Operand(lhs)
	w.Raw(" LIKE ")
	if rhs.expr != nil {
		escapeLikeSQL(w, *rhs.expr, standardLike)
	} else {
		w.Arg(EscapeLike(s))
	}
	w.Raw(` ESCAPE '\'`)
}

func (sqliteLookups) Pattern(w *Writer, lhs Operand, p Pattern, ci bool, rhs RHS, s string) {
	w.Operand(lhs)
	if !ci {
		w.Raw(" GLOB ")
		if rhs.expr != nil {
			wrapPattern(w, p, "'*'", func() {
				w.Raw("REPLACE(REPLACE(REPLACE(")
				w.Operand(*rhs.expr)
				w.Raw(", '[', '[[]'), '*', '[*]'), '?', '[?]')")
			})
		} else {
			w.Arg(globPattern(s, p))
		}
		return
	}
	w.Raw(" LIKE ")
	if rhs.expr != nil {
		wrapPattern(w, p, "'%'", func() { escapeLikeSQL(w, *rhs.expr, standardLike) })
	} else {
		w.Arg(likePattern(s, p))
	}
	w.Raw(` ESCAPE '\'`)
}

func (sqliteLookups) Regex(w *Writer, lhs Operand, ci bool, rhs RHS, s string) {
	w.Operand(lhs)
	w.Raw(" REGEXP ")
	if ci {
		w.Raw("'(?i)' || ")
	}
	writeText(w, rhs, s)
}

// sqliteFormats are strftime's codes for the plain parts.
var sqliteFormats = map[DatePart]string{
	PartYear: "%Y", PartMonth: "%m", PartDay: "%d",
	PartHour: "%H", PartMinute: "%M", PartSecond: "%S",
}

// extract uses the built-in strftime, which reads sqlorm's text formats
// (and any ISO 8601 text, converting a zone offset to UTC). The ISO week
// and year are those of the week's Thursday: date(x, '-3 days', 'weekday
// 4') (strftime's %V and %G need SQLite 3.46).
func (sqliteLookups) Extract(p DatePart, in Operand) func(w *Writer) {
	strf := func(code string, pre, post string) func(w *Writer) {
		return func(w *Writer) {
			w.Raw(pre + "CAST(strftime('" + code + "', ")
			w.Operand(in)
			w.Raw(") AS INTEGER)" + post)
		}
	}
	thursday := func(code, pre, post string) func(w *Writer) {
		return func(w *Writer) {
			w.Raw(pre + "CAST(strftime('" + code + "', date(")
			w.Operand(in)
			w.Raw(", '-3 days', 'weekday 4')) AS INTEGER)" + post)
		}
	}
	switch p {
	case PartWeekDay:
		return strf("%w", "(", " + 1)")
	case PartISOWeekDay:
		return strf("%w", "((", " + 6) % 7 + 1)")
	case PartQuarter:
		return strf("%m", "((", " + 2) / 3)")
	case PartWeek:
		return thursday("%j", "((", " - 1) / 7 + 1)")
	case PartISOYear:
		return thursday("%Y", "", "")
	}
	return strf(sqliteFormats[p], "", "")
}

func (sqliteLookups) TruncDate(in Operand) func(w *Writer) {
	return func(w *Writer) {
		w.Raw("date(")
		w.Operand(in)
		w.Raw(")")
	}
}

// LookupSQL returns the sqlite spellings of lookups.
func (sqlite) LookupSQL() LookupSQL { return sqliteLookups{} }

var _ LookupSQL = sqliteLookups{}
