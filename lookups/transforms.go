package lookups

import (
	"fmt"
	"strings"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// Kinds the date transforms accept.
var (
	dateKinds = []dialect.Kind{dialect.KindDate, dialect.KindDateTime}
	timeKinds = []dialect.Kind{dialect.KindDateTime, dialect.KindTime}
)

// extractTransform is one of Django's Extract transforms (year, month, ...):
// an integer computed from a date, datetime or time.
type extractTransform struct {
	name  string
	part  dialect.DatePart
	kinds []dialect.Kind
}

// dateTransform is Django's __date: the calendar date (UTC) of a datetime.
type dateTransform struct{}

// builtinTransforms are every built-in transform.
var builtinTransforms = []Transform{
	dateTransform{},
	&extractTransform{"year", dialect.PartYear, dateKinds},
	&extractTransform{"iso_year", dialect.PartISOYear, dateKinds},
	&extractTransform{"quarter", dialect.PartQuarter, dateKinds},
	&extractTransform{"month", dialect.PartMonth, dateKinds},
	&extractTransform{"week", dialect.PartWeek, dateKinds},
	&extractTransform{"day", dialect.PartDay, dateKinds},
	&extractTransform{"week_day", dialect.PartWeekDay, dateKinds},
	&extractTransform{"iso_week_day", dialect.PartISOWeekDay, dateKinds},
	&extractTransform{"hour", dialect.PartHour, timeKinds},
	&extractTransform{"minute", dialect.PartMinute, timeKinds},
	&extractTransform{"second", dialect.PartSecond, timeKinds},
}

// checkKind returns an error wrapping ErrUnknownLookup when k is not one of
// kinds.
func checkKind(name string, k dialect.Kind, kinds []dialect.Kind) error {
	for _, ok := range kinds {
		if k == ok {
			return nil
		}
	}
	names := make([]string, len(kinds))
	for i, ok := range kinds {
		names[i] = ok.String()
	}
	return fmt.Errorf("%w: %q does not apply to %s; it applies to %s",
		ErrUnknownLookup, name, k, strings.Join(names, " and "))
}

func (t *extractTransform) Name() string { return t.name }

// Apply returns the integer part t extracts from in.
func (t *extractTransform) Apply(d dialect.Dialect, in Operand) (Operand, error) {
	if err := checkKind(t.name, in.Kind, t.kinds); err != nil {
		return Operand{}, err
	}
	b, err := lookupSQL(d)
	if err != nil {
		return Operand{}, err
	}
	return dialect.Atom(b.Extract(t.part, in), dialect.KindInt), nil
}

func (dateTransform) Name() string { return "date" }

// Apply returns the calendar date of the datetime in.
func (dateTransform) Apply(d dialect.Dialect, in Operand) (Operand, error) {
	if err := checkKind("date", in.Kind, []dialect.Kind{dialect.KindDateTime}); err != nil {
		return Operand{}, err
	}
	b, err := lookupSQL(d)
	if err != nil {
		return Operand{}, err
	}
	return dialect.Atom(b.TruncDate(in), dialect.KindDate), nil
}

// yearBounds renders year (or iso_year) followed by exact, gt, gte, lt or
// lte with a value as Django's YearLookup does: the column itself is
// compared with the first and last instant of the year, so an index on it
// serves. base is the operand before the year transform.
func yearBounds(w *Writer, b dialect.LookupSQL, name string, base Operand, l *builtin, v any, iso bool) error {
	y, err := roundInt(w.Dialect(), v, l.rnd)
	if err == nil {
		y, err = dialect.BindValue(w.Dialect(), dialect.KindBigInt, y)
	}
	year, ok := y.(int64)
	if err != nil || !ok {
		why := "not an integer"
		if err != nil {
			why = err.Error()
		}
		return valueError(name, "needs an integer year; got %T %v (%s)", v, v, why)
	}
	if year < 1 || year > 9999 {
		return valueError(name, "year %d is out of range 1..9999", year)
	}
	start, end := calendarBounds(int(year), base.Kind, iso)
	if w.Dialect().Traits().TimeAsText && base.Kind == dialect.KindDateTime {
		sqliteYearBounds(w, base, l, start, end)
		return nil
	}
	var lo, hi any
	if l.op != opGTE && l.op != opLT { // these need only the start
		if hi, err = prep(w.Dialect(), base, end); err != nil {
			return valueError(name, "%w", err)
		}
	}
	if l.op != opGT && l.op != opLTE { // these need only the end
		if lo, err = prep(w.Dialect(), base, start); err != nil {
			return valueError(name, "%w", err)
		}
	}
	b.CompareLHS(w, base)
	switch l.op {
	case opExact:
		w.Raw(" BETWEEN ")
		w.Arg(lo)
		w.Raw(" AND ")
		w.Arg(hi)
	case opGT, opLTE:
		w.Raw(l.sql)
		w.Arg(hi)
	default: // gte, lt
		w.Raw(l.sql)
		w.Arg(lo)
	}
	return nil
}

// textDate is the text form of a date where dates are stored as text
// (Traits.TimeAsText): sqlorm's fixed-width, UTC forms sort as time does.
const textDate = "2006-01-02"

// sqliteYearBounds is yearBounds for a DateTimeField on SQLite, which
// stores datetimes as ISO 8601 text compared as text. Text in other
// layouts than sqlorm's ("2005-01-01 00:00:00" as Django writes it,
// "2005-01-01T00:00:00Z", no fraction) sorts differently against a full
// timestamp bound, so the bounds are the dates alone, half-open: every
// text of a day sorts at or after the day's date and before the next
// day's. c >= '2005-01-01' AND c < '2006-01-01' is still one range on the
// column, served by its index (in parentheses, so that it stays one
// condition next to OR and NOT).
func sqliteYearBounds(w *Writer, base Operand, l *builtin, start, end time.Time) {
	lo := start.Format(textDate)
	hi := end.AddDate(0, 0, 1).Format(textDate) // the day after the last
	if l.op == opExact {
		w.Raw("(")
	}
	w.Operand(base)
	switch l.op {
	case opExact:
		w.Raw(" >= ")
		w.Arg(lo)
		w.Raw(" AND ")
		w.Operand(base)
		w.Raw(" < ")
		w.Arg(hi)
		w.Raw(")")
	case opGT: // after the year: from the next one's first day
		w.Raw(" >= ")
		w.Arg(hi)
	case opGTE:
		w.Raw(" >= ")
		w.Arg(lo)
	case opLT:
		w.Raw(" < ")
		w.Arg(lo)
	case opLTE:
		w.Raw(" < ")
		w.Arg(hi)
	}
}

// calendarBounds returns the first and last value of year y for a column of
// kind k: dates for a DateField, the first and last microsecond (UTC) for a
// DateTimeField. For iso the year is the ISO 8601 week-numbering year,
// which starts on the Monday of the week holding 4 January (Django >= 4.0;
// 3.2 used calendar bounds, a known bug).
func calendarBounds(y int, k dialect.Kind, iso bool) (start, end time.Time) {
	start = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	next := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	if iso {
		start, next = isoYearStart(y), isoYearStart(y+1)
	}
	if k == dialect.KindDate {
		return start, next.AddDate(0, 0, -1)
	}
	return start, next.Add(-time.Microsecond)
}

// isoYearStart returns the Monday that starts ISO year y.
func isoYearStart(y int) time.Time {
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
	wd := (int(jan4.Weekday()) + 6) % 7 // Monday=0
	return jan4.AddDate(0, 0, -wd)
}
