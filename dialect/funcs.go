package dialect

import (
	"fmt"
	"strconv"
)

// This file holds the per-backend SQL of the query functions that differ
// between dialects beyond a name (Trunc, Cast, Mod, Round): each is a
// template of constant SQL in which {0}, {1}, ... mark where the query
// compiler writes the function's operands. Nothing a caller passes becomes
// part of a template: units and kinds are typed constants chosen from
// fixed lists.

// TruncUnit is what Trunc truncates a date or date-time to: Django's
// Trunc kind ("year", "quarter", ...) or TruncDate.
type TruncUnit uint8

// The units of [TruncSQL].
const (
	TruncYear TruncUnit = iota + 1
	TruncQuarter
	TruncMonth
	TruncWeek // the Monday of the ISO week
	TruncDay
	TruncHour
	TruncMinute
	TruncSecond
	TruncToDate // TruncDate: the calendar date (UTC) of a date-time
)

var truncNames = [...]string{
	TruncYear: "year", TruncQuarter: "quarter", TruncMonth: "month", TruncWeek: "week",
	TruncDay: "day", TruncHour: "hour", TruncMinute: "minute", TruncSecond: "second",
	TruncToDate: "date",
}

// String returns Django's name of the unit ("month").
func (u TruncUnit) String() string {
	if int(u) < len(truncNames) && truncNames[u] != "" {
		return truncNames[u]
	}
	return "TruncUnit(" + strconv.Itoa(int(u)) + ")"
}

// TruncSQL returns the template truncating the date or date-time {0} of
// kind in to unit u, and the kind of the result: a DateTimeField is
// truncated in UTC to a date-time (the first instant of the unit, in the
// form sqlorm stores, so it compares with stored values), or to a date
// for TruncToDate; a DateField to a date (TruncToDate is then TruncDay).
// Truncating a DateField below a day, or any other kind, is an error
// wrapping ErrUnsupported.
func TruncSQL(d Dialect, u TruncUnit, in Kind) (string, Kind, error) {
	if d == nil {
		return "", 0, fmt.Errorf("%w: no dialect", ErrUnsupported)
	}
	out := in
	switch in {
	case KindDateTime:
		if u == TruncToDate {
			out = KindDate
		}
	case KindDate:
		if u == TruncToDate {
			u = TruncDay // a date's date is itself
		}
		if u == TruncHour || u == TruncMinute || u == TruncSecond {
			return "", 0, fmt.Errorf("%w: a DateField cannot be truncated to %s (it has no time of day); truncate a DateTimeField", ErrUnsupported, u)
		}
	default:
		return "", 0, fmt.Errorf("%w: Trunc applies to a DateField or a DateTimeField, not a %s", ErrUnsupported, in)
	}
	if u == 0 || int(u) >= len(truncNames) {
		return "", 0, fmt.Errorf("%w: unknown truncation unit %d", ErrUnsupported, u)
	}
	var t string
	switch d.Name() {
	case SQLite:
		t = sqliteTrunc(u, in)
	case Postgres:
		t = postgresTrunc(u, in)
	case MySQL:
		t = mysqlTrunc(u, in)
	case Oracle:
		t = oracleTrunc(u)
	default:
		return "", 0, fmt.Errorf("%w: no Trunc for dialect %q", ErrUnsupported, d.Name())
	}
	return t, out, nil
}

// sqliteTrunc writes the text forms sqlorm stores: 2006-01-02 for a date,
// 2006-01-02 15:04:05.000000+00:00 for a date-time (strftime reads any
// ISO 8601 layout, the offset included, and gives UTC).
func sqliteTrunc(u TruncUnit, in Kind) string {
	const tail = ".000000+00:00"
	if u == TruncToDate {
		return "date({0})"
	}
	dt := in == KindDateTime
	f := map[TruncUnit]string{
		TruncYear: "%Y-01-01", TruncMonth: "%Y-%m-01", TruncWeek: "%Y-%m-%d", TruncDay: "%Y-%m-%d",
		TruncHour: "%Y-%m-%d %H:00:00", TruncMinute: "%Y-%m-%d %H:%M:00", TruncSecond: "%Y-%m-%d %H:%M:%S",
	}[u]
	if dt && u <= TruncDay {
		f += " 00:00:00"
	}
	if dt {
		f += tail
	}
	switch u {
	case TruncWeek: // back to the Monday on or before the day
		return "strftime('" + f + "', {0}, '-6 days', 'weekday 1')"
	case TruncQuarter:
		rest := "-01"
		if dt {
			rest += " 00:00:00" + tail
		}
		return "(strftime('%Y-', {0}) || printf('%02d', (CAST(strftime('%m', {0}) AS INTEGER) + 2) / 3 * 3 - 2) || '" + rest + "')"
	}
	return "strftime('" + f + "', {0})"
}

// postgresTrunc truncates a timestamp with time zone in UTC and gives one
// back; a date stays a date.
func postgresTrunc(u TruncUnit, in Kind) string {
	if u == TruncToDate {
		return "({0} AT TIME ZONE 'UTC')::date"
	}
	if in == KindDate {
		return "DATE_TRUNC('" + u.String() + "', {0})::date"
	}
	return "(DATE_TRUNC('" + u.String() + "', {0} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')"
}

// mysqlTrunc is Django's MySQL date_trunc_sql and datetime_trunc_sql, the
// formats written as literals (Django binds them).
func mysqlTrunc(u TruncUnit, in Kind) string {
	if u == TruncToDate {
		return "DATE({0})"
	}
	const quarter = "MAKEDATE(YEAR({0}), 1) + INTERVAL QUARTER({0}) QUARTER - INTERVAL 1 QUARTER"
	const week = "DATE_SUB({0}, INTERVAL WEEKDAY({0}) DAY)"
	if in == KindDate {
		switch u {
		case TruncYear:
			return "MAKEDATE(YEAR({0}), 1)"
		case TruncQuarter:
			return "(" + quarter + ")"
		case TruncMonth:
			return "CAST(DATE_FORMAT({0}, '%Y-%m-01') AS DATE)"
		case TruncWeek:
			return week
		}
		return "DATE({0})"
	}
	switch u {
	case TruncQuarter:
		return "CAST(DATE_FORMAT(" + quarter + ", '%Y-%m-01 00:00:00') AS DATETIME)"
	case TruncWeek:
		return "CAST(DATE_FORMAT(" + week + ", '%Y-%m-%d 00:00:00') AS DATETIME)"
	}
	f := map[TruncUnit]string{
		TruncYear: "%Y-01-01 00:00:00", TruncMonth: "%Y-%m-01 00:00:00", TruncDay: "%Y-%m-%d 00:00:00",
		TruncHour: "%Y-%m-%d %H:00:00", TruncMinute: "%Y-%m-%d %H:%i:00", TruncSecond: "%Y-%m-%d %H:%i:%s",
	}[u]
	return "CAST(DATE_FORMAT({0}, '" + f + "') AS DATETIME)"
}

// oracleTrunc is Django's Oracle datetime_trunc_sql: TRUNC with a format
// model (the result is a DATE, to the second), CAST AS DATE for seconds.
func oracleTrunc(u TruncUnit) string {
	switch u {
	case TruncToDate, TruncDay:
		return "TRUNC({0})"
	case TruncSecond:
		return "CAST({0} AS DATE)"
	}
	return "TRUNC({0}, '" + map[TruncUnit]string{
		TruncYear: "YEAR", TruncQuarter: "Q", TruncMonth: "MONTH", TruncWeek: "IW",
		TruncHour: "HH24", TruncMinute: "MI",
	}[u] + "')"
}

// CastSQL returns the template converting {0} to the type of a column of
// kind k (precision and scale for KindDecimal): CAST(... AS type) with
// Django's cast types, or the function that makes sqlorm's storage form
// where the backend has no such type (SQLite's date and time text). The
// kinds are the integers, FloatField, DecimalField (with Precision),
// CharField/TextField, BooleanField, DateField, DateTimeField and
// TimeField; another is an error wrapping ErrUnsupported.
func CastSQL(d Dialect, c Column) (string, error) {
	if d == nil {
		return "", fmt.Errorf("%w: no dialect", ErrUnsupported)
	}
	k := c.Kind
	if k == KindDecimal && (c.Precision < 1 || c.Precision > 38 || c.Scale < 0 || c.Scale > c.Precision) {
		return "", fmt.Errorf("%w: a cast to DecimalField needs 1 <= max_digits <= 38 and 0 <= decimal_places <= max_digits, got %d and %d", ErrUnsupported, c.Precision, c.Scale)
	}
	dec := strconv.Itoa(c.Precision) + ", " + strconv.Itoa(c.Scale)
	var t string
	switch d.Name() {
	case SQLite:
		switch {
		case k.Integer(), k == KindBool:
			t = "INTEGER"
		case k == KindFloat:
			t = "REAL"
		case k == KindDecimal:
			t = "NUMERIC"
		case k == KindChar, k == KindText:
			t = "TEXT"
		case k == KindDate:
			return "date({0})", nil
		case k == KindDateTime:
			return "strftime('%Y-%m-%d %H:%M:%f000+00:00', {0})", nil
		case k == KindTime:
			return "strftime('%H:%M:%f000', {0})", nil
		}
	case Postgres:
		t = map[Kind]string{
			KindSmallInt: "smallint", KindInt: "integer", KindBigInt: "bigint", KindPositiveSmallInt: "smallint",
			KindPositiveInt: "integer", KindPositiveBigInt: "bigint", KindAuto: "integer", KindBigAuto: "bigint",
			KindFloat: "double precision", KindDecimal: "numeric(" + dec + ")", KindChar: "text", KindText: "text",
			KindBool: "boolean", KindDate: "date", KindDateTime: "timestamp with time zone", KindTime: "time",
		}[k]
		if t != "" {
			return "({0})::" + t, nil
		}
	case MySQL:
		switch {
		case k.Integer(), k == KindBool:
			t = "signed integer"
		case k == KindFloat:
			t = "double"
		case k == KindDecimal:
			t = "decimal(" + dec + ")"
		case k == KindChar, k == KindText:
			t = "char"
		case k == KindDate:
			t = "date"
		case k == KindDateTime:
			t = "datetime(6)"
		case k == KindTime:
			t = "time(6)"
		}
	case Oracle:
		t = map[Kind]string{
			KindSmallInt: "NUMBER(5)", KindInt: "NUMBER(11)", KindBigInt: "NUMBER(19)", KindPositiveSmallInt: "NUMBER(5)",
			KindPositiveInt: "NUMBER(11)", KindPositiveBigInt: "NUMBER(19)", KindAuto: "NUMBER(11)", KindBigAuto: "NUMBER(19)",
			KindFloat: "DOUBLE PRECISION", KindDecimal: "NUMBER(" + dec + ")", KindChar: "NVARCHAR2(2000)", KindText: "NVARCHAR2(2000)",
			KindBool: "NUMBER(1)", KindDate: "DATE", KindDateTime: "TIMESTAMP", KindTime: "TIMESTAMP",
		}[k]
	default:
		return "", fmt.Errorf("%w: no Cast for dialect %q", ErrUnsupported, d.Name())
	}
	if t == "" {
		return "", fmt.Errorf("%w: Cast to %s", ErrUnsupported, k)
	}
	return "CAST({0} AS " + t + ")", nil
}

// ModSQL returns the template of the remainder of {0} divided by {1},
// with the sign of {0} (Django's Mod): MOD, or on SQLite, which has no
// MOD and whose % works on integers only, {0} - {1} * CAST({0} / {1} AS
// INTEGER).
func ModSQL(d Dialect) string {
	if d != nil && d.Name() == SQLite {
		return "({0} - {1} * CAST({0} / {1} AS INTEGER))"
	}
	return "MOD({0}, {1})"
}

// RoundSQL returns the template rounding {0} of kind in to {1} decimal
// places (Django's Round with precision): ROUND, with a float first made
// numeric on PostgreSQL, whose ROUND(double precision, int) does not exist.
func RoundSQL(d Dialect, in Kind) string {
	if d != nil && d.Name() == Postgres && in != KindDecimal {
		return "ROUND(({0})::numeric, {1})"
	}
	return "ROUND({0}, {1})"
}

// WindowRangeOffsets reports whether a window frame may be RANGE BETWEEN
// n PRECEDING AND m FOLLOWING (Django's
// supports_frame_range_fixed_distance): PostgreSQL, SQLite, MySQL 8 and
// MariaDB, and Oracle have it.
func WindowRangeOffsets(d Dialect) bool { return d != nil }

// WindowLagLeadDefault reports whether LAG and LEAD take a third
// argument, the value where no row is at the offset. MariaDB's do not
// (MySQL 8's do, but the dialect serves both), so on the MySQL dialect a
// Lag or Lead with a default is refused.
func WindowLagLeadDefault(d Dialect) bool { return d != nil && d.Name() != MySQL }
