package orm

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
)

// valueStyle says how values are written for one dialect: the few places
// where the Go value a driver accepts differs between backends. It is
// derived from the dialect's capabilities and column types once per
// dialect and cached with the model's statements.
type valueStyle struct {
	boolAsInt      bool // no native boolean: write 1/0
	timeAsText     bool // no date/time storage class (SQLite): write Django's text formats
	uuidNative     bool // a uuid column type: write the canonical 36-character form
	uuidHex32      bool // char(32): write 32 hex digits without dashes (Django's format)
	durationNative bool // an interval column (PostgreSQL): write "N microseconds", which every driver passes as text
	durationText   bool // INTERVAL DAY TO SECOND (Oracle): write "+D HH:MM:SS.ffffff"
	clockAsTime    bool // no time-of-day type (Oracle TIMESTAMP): write 1900-01-01 + clock
	wallClock      bool // MySQL: write dates and datetimes as UTC text, read datetimes as wall clocks
	textNoNUL      bool // PostgreSQL: text cannot hold NUL
}

func styleFor(d dialect.Dialect) valueStyle {
	tr := d.Traits()
	return valueStyle{
		boolAsInt:      !d.Has(dialect.NativeBool),
		timeAsText:     tr.TimeAsText,
		uuidNative:     d.Has(dialect.NativeUUID),
		uuidHex32:      !d.Has(dialect.NativeUUID) && tr.UUIDAsHex,
		durationNative: tr.Duration == dialect.DurationInterval,
		durationText:   tr.Duration == dialect.DurationDayToSecond,
		clockAsTime:    tr.ClockAsTimestamp,
		wallClock:      tr.WallClockTimes,
		textNoNUL:      tr.TextNoNUL,
	}
}

// Text forms of stored dates and times: dialect's, so that the values the
// codec writes and those lookups bind are the same strings.
const (
	layoutDateTime  = dialect.LayoutDateTime
	layoutDate      = dialect.LayoutDate
	layoutClock     = dialect.LayoutClock
	layoutWallClock = dialect.LayoutWallClock
)

// value returns the driver value to bind for field f of the struct at p.
func (f *field) value(vs *valueStyle, p unsafe.Pointer) (any, error) {
	return f.valueAt(vs, f.ptr(p))
}

// valueAt is value for a field whose own address is fp.
func (f *field) valueAt(vs *valueStyle, fp unsafe.Pointer) (any, error) {
	switch f.wrap {
	case wrapPtr:
		bp := *(*unsafe.Pointer)(fp)
		if bp == nil {
			return nil, nil
		}
		fp = bp
	case wrapNull:
		if !*(*bool)(unsafe.Add(fp, f.validOff)) {
			return nil, nil
		}
		fp = unsafe.Add(fp, f.valOff)
	}
	return f.baseValue(vs, fp)
}

// baseValue converts the base value at bp.
func (f *field) baseValue(vs *valueStyle, bp unsafe.Pointer) (any, error) {
	switch f.kind {
	case kString:
		s := *(*string)(bp)
		if (f.col.Kind == dialect.KindChar || f.col.Kind == dialect.KindText) && !utf8.ValidString(s) {
			// PostgreSQL refuses it, MariaDB outside strict mode stores
			// '?' for each bad byte, SQLite keeps bytes no reader can
			// decode: refuse it here, for every backend alike.
			return nil, queryError("%s.%s: %q is not valid UTF-8; text fields hold UTF-8 (use []byte and type=binary for bytes)", f.model, f.goName, s)
		}
		if vs.textNoNUL && strings.IndexByte(s, 0) >= 0 {
			return nil, queryError("%s.%s: %q holds a NUL character (0x00), which this database cannot store in text; remove it, or use []byte and type=binary", f.model, f.goName, s)
		}
		return s, nil
	case kBool:
		if vs.boolAsInt {
			if *(*bool)(bp) {
				return int64(1), nil
			}
			return int64(0), nil
		}
		return *(*bool)(bp), nil
	case kInt8:
		return int64(*(*int8)(bp)), nil
	case kInt16:
		return int64(*(*int16)(bp)), nil
	case kInt32:
		return int64(*(*int32)(bp)), nil
	case kInt64:
		return *(*int64)(bp), nil
	case kInt:
		return int64(*(*int)(bp)), nil
	case kUint8:
		return int64(*(*uint8)(bp)), nil
	case kUint16:
		return int64(*(*uint16)(bp)), nil
	case kUint32:
		return int64(*(*uint32)(bp)), nil
	case kUint64, kUint:
		var v uint64
		if f.kind == kUint {
			v = uint64(*(*uint)(bp))
		} else {
			v = *(*uint64)(bp)
		}
		if v > math.MaxInt64 {
			return nil, fmt.Errorf("sqlorm: %s.%s: %d does not fit a PositiveBigIntegerField (at most %d)", f.model, f.goName, v, int64(math.MaxInt64))
		}
		return int64(v), nil
	case kFloat32:
		return float64(*(*float32)(bp)), nil
	case kFloat64:
		return *(*float64)(bp), nil
	case kTime:
		return f.timeValue(vs, *(*time.Time)(bp)), nil
	case kDuration:
		d := *(*time.Duration)(bp)
		switch {
		case vs.durationNative:
			return strconv.FormatInt(d.Microseconds(), 10) + " microseconds", nil
		case vs.durationText:
			return formatDayToSecond(d), nil
		}
		return d.Microseconds(), nil
	case kDecimal:
		d := *(*decimal.Decimal)(bp)
		if err := decimalInRange(d); err != nil {
			return nil, fmt.Errorf("%w: %s.%s: %s: %w", ErrInvalidQuery, f.model, f.goName, showValue(d), err)
		}
		if f.col.Precision > 0 {
			// Django rounds to decimal_places with ROUND_HALF_EVEN on save,
			// and refuses a value with more digits than max_digits allows.
			r := d.RoundBank(int32(f.col.Scale))
			if intDigits(r) > f.col.Precision-f.col.Scale {
				return nil, fmt.Errorf("%w: %s.%s: %s has more than %d digits before the decimal point (max_digits=%d, decimal_places=%d)", ErrInvalidQuery, f.model, f.goName, showValue(d), f.col.Precision-f.col.Scale, f.col.Precision, f.col.Scale)
			}
			return r.StringFixed(int32(f.col.Scale)), nil
		}
		return d.String(), nil
	case kBytes:
		b := *(*[]byte)(bp)
		if b == nil && !f.col.Null {
			return []byte{}, nil
		}
		if b == nil {
			return nil, nil
		}
		return b, nil
	case kUUID:
		return vs.uuidValue(*(*[16]byte)(bp)), nil
	case kUUIDString:
		s := *(*string)(bp)
		u, err := parseUUID(s)
		if err != nil {
			return nil, fmt.Errorf("sqlorm: %s.%s: %w", f.model, f.goName, err)
		}
		return vs.uuidValue(u), nil
	case kJSON:
		v := reflect.NewAt(f.base, bp).Elem()
		if f.col.Null && isNil(v) {
			return nil, nil
		}
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return nil, fmt.Errorf("sqlorm: %s.%s: encode JSON: %w", f.model, f.goName, err)
		}
		return string(b), nil
	case kValuer:
		var v any
		if f.valuerOnPtr {
			v = reflect.NewAt(f.base, bp).Interface()
		} else {
			v = reflect.NewAt(f.base, bp).Elem().Interface()
		}
		dv, err := v.(driver.Valuer).Value()
		if err != nil {
			return nil, fmt.Errorf("sqlorm: %s.%s: %w", f.model, f.goName, err)
		}
		return dv, nil
	}
	return nil, fmt.Errorf("sqlorm: %s.%s: unsupported kind", f.model, f.goName)
}

func isNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Map, reflect.Slice, reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// timeValue converts a time for the column kind: datetimes are stored in
// UTC to the microsecond; dates keep the calendar date of t in its own
// location; times of day keep t's clock.
func (f *field) timeValue(vs *valueStyle, t time.Time) any {
	switch f.col.Kind {
	case dialect.KindDate:
		y, m, d := t.Date()
		if vs.timeAsText || vs.wallClock {
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(layoutDate)
		}
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case dialect.KindTime:
		h, mi, s := t.Clock()
		c := time.Date(1900, 1, 1, h, mi, s, t.Nanosecond()/1000*1000, time.UTC)
		if vs.clockAsTime {
			return c
		}
		return c.Format(layoutClock)
	}
	u := t.UTC().Truncate(time.Microsecond)
	switch {
	case vs.timeAsText:
		return u.Format(layoutDateTime)
	case vs.wallClock:
		return u.Format(layoutWallClock)
	}
	return u
}

func (vs *valueStyle) uuidValue(u [16]byte) any {
	if vs.uuidHex32 {
		return hex.EncodeToString(u[:])
	}
	return formatUUID(u)
}

// readStyle says how driver values are read for one dialect: the reading
// side of valueStyle.
type readStyle struct {
	wallClock bool // a datetime time.Time shows the stored UTC wall clock in the driver's loc (MySQL)
}

// read returns the reading style of the dialect vs writes for; the zero
// readStyle for a nil vs.
func (vs *valueStyle) read() readStyle {
	if vs == nil {
		return readStyle{}
	}
	return readStyle{wallClock: vs.wallClock}
}

// scan stores the driver value src into field f of the struct at p.
func (f *field) scan(p unsafe.Pointer, src any, rs readStyle) error {
	return f.scanAt(f.ptr(p), src, rs)
}

// scanAt stores src into a value of the field's Go type at fp.
func (f *field) scanAt(fp unsafe.Pointer, src any, rs readStyle) error {
	if src == nil {
		switch f.wrap {
		case wrapPtr:
			*(*unsafe.Pointer)(fp) = nil
			return nil
		case wrapNull:
			reflect.NewAt(f.base, unsafe.Add(fp, f.valOff)).Elem().SetZero()
			*(*bool)(unsafe.Add(fp, f.validOff)) = false
			if f.fkTarget != nil {
				setFKObj(fp, nil)
			}
			return nil
		}
		switch f.kind {
		case kString:
			// Oracle stores "" as NULL (Django reads it back as "").
			*(*string)(fp) = ""
			return nil
		case kBytes:
			*(*[]byte)(fp) = nil
			return nil
		case kJSON:
			if f.canHoldNull() {
				reflect.NewAt(f.base, fp).Elem().SetZero()
				return nil
			}
		case kValuer:
			return reflect.NewAt(f.base, fp).Interface().(sql.Scanner).Scan(nil)
		}
		return fmt.Errorf("sqlorm: %s.%s: the database returned NULL but the field is %s; declare it null with a pointer or sql.Null type", f.model, f.goName, f.typ)
	}
	switch f.wrap {
	case wrapPtr:
		np := reflect.New(f.base).UnsafePointer()
		if err := f.scanBase(np, src, rs); err != nil {
			return err
		}
		*(*unsafe.Pointer)(fp) = np
		return nil
	case wrapNull:
		if err := f.scanBase(unsafe.Add(fp, f.valOff), src, rs); err != nil {
			return err
		}
		*(*bool)(unsafe.Add(fp, f.validOff)) = true
		if f.fkTarget != nil {
			setFKObj(fp, nil) // a row read afresh drops an object loaded before
		}
		return nil
	}
	return f.scanBase(fp, src, rs)
}

func (f *field) scanErr(src any, err error) error {
	if err != nil {
		return fmt.Errorf("sqlorm: %s.%s: cannot store %T %v in %s: %w", f.model, f.goName, src, srcString(src), f.typ, err)
	}
	return fmt.Errorf("sqlorm: %s.%s: cannot store %T %v in %s", f.model, f.goName, src, srcString(src), f.typ)
}

func srcString(src any) string {
	s := fmt.Sprint(src)
	if b, ok := src.([]byte); ok {
		s = string(b)
	}
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return strconv.Quote(s)
}

// scanBase stores a non-NULL driver value into the base value at bp.
func (f *field) scanBase(bp unsafe.Pointer, src any, rs readStyle) error {
	switch f.kind {
	case kString:
		switch s := src.(type) {
		case string:
			*(*string)(bp) = s
		case []byte:
			*(*string)(bp) = string(s)
		case int64:
			*(*string)(bp) = strconv.FormatInt(s, 10)
		case float64:
			*(*string)(bp) = strconv.FormatFloat(s, 'g', -1, 64)
		case bool:
			*(*string)(bp) = strconv.FormatBool(s)
		case time.Time:
			*(*string)(bp) = s.Format(time.RFC3339Nano)
		default:
			return f.scanErr(src, nil)
		}
		return nil
	case kBool:
		switch s := src.(type) {
		case bool:
			*(*bool)(bp) = s
		case int64:
			*(*bool)(bp) = s != 0
		case float64:
			*(*bool)(bp) = s != 0
		case []byte, string:
			v, err := strconv.ParseBool(asString(s))
			if err != nil {
				return f.scanErr(src, err)
			}
			*(*bool)(bp) = v
		default:
			return f.scanErr(src, nil)
		}
		return nil
	case kInt8, kInt16, kInt32, kInt64, kInt:
		v, err := asInt64(src)
		if err != nil {
			return f.scanErr(src, err)
		}
		switch f.kind {
		case kInt8:
			if v < math.MinInt8 || v > math.MaxInt8 {
				return f.scanErr(src, errRange)
			}
			*(*int8)(bp) = int8(v)
		case kInt16:
			if v < math.MinInt16 || v > math.MaxInt16 {
				return f.scanErr(src, errRange)
			}
			*(*int16)(bp) = int16(v)
		case kInt32:
			if v < math.MinInt32 || v > math.MaxInt32 {
				return f.scanErr(src, errRange)
			}
			*(*int32)(bp) = int32(v)
		case kInt64:
			*(*int64)(bp) = v
		case kInt:
			if v < math.MinInt || v > math.MaxInt {
				return f.scanErr(src, errRange)
			}
			*(*int)(bp) = int(v)
		}
		return nil
	case kUint8, kUint16, kUint32, kUint64, kUint:
		v, err := asInt64(src)
		if err != nil {
			return f.scanErr(src, err)
		}
		if v < 0 {
			return f.scanErr(src, errRange)
		}
		switch f.kind {
		case kUint8:
			if v > math.MaxUint8 {
				return f.scanErr(src, errRange)
			}
			*(*uint8)(bp) = uint8(v)
		case kUint16:
			if v > math.MaxUint16 {
				return f.scanErr(src, errRange)
			}
			*(*uint16)(bp) = uint16(v)
		case kUint32:
			if v > math.MaxUint32 {
				return f.scanErr(src, errRange)
			}
			*(*uint32)(bp) = uint32(v)
		case kUint64:
			*(*uint64)(bp) = uint64(v)
		case kUint:
			*(*uint)(bp) = uint(v)
		}
		return nil
	case kFloat32, kFloat64:
		var v float64
		switch s := src.(type) {
		case float64:
			v = s
		case float32:
			v = float64(s)
		case int64:
			v = float64(s)
		case []byte, string:
			var err error
			v, err = strconv.ParseFloat(asString(s), 64)
			if err != nil {
				return f.scanErr(src, err)
			}
		default:
			return f.scanErr(src, nil)
		}
		if f.kind == kFloat32 {
			*(*float32)(bp) = float32(v)
		} else {
			*(*float64)(bp) = v
		}
		return nil
	case kTime:
		t, err := f.scanTime(src, rs)
		if err != nil {
			return f.scanErr(src, err)
		}
		*(*time.Time)(bp) = t
		return nil
	case kDuration:
		d, err := scanDuration(src)
		if err != nil {
			return f.scanErr(src, err)
		}
		*(*time.Duration)(bp) = d
		return nil
	case kDecimal:
		var d decimal.Decimal
		switch s := src.(type) {
		case string:
			v, err := decimal.NewFromString(s)
			if err != nil {
				return f.scanErr(src, err)
			}
			d = v
		case []byte:
			v, err := decimal.NewFromString(string(s))
			if err != nil {
				return f.scanErr(src, err)
			}
			d = v
		case float64:
			// SQLite keeps decimals as REAL, which preserves 15 significant
			// digits: round to those, then to decimal_places, both half to
			// even, exactly as Django's SQLite converter does.
			d = round15(decimal.NewFromFloat(s))
			if f.col.Precision > 0 {
				d = d.RoundBank(int32(f.col.Scale))
			}
		case int64:
			d = decimal.New(s, 0)
		default:
			return f.scanErr(src, nil)
		}
		*(*decimal.Decimal)(bp) = d
		return nil
	case kBytes:
		switch s := src.(type) {
		case []byte:
			*(*[]byte)(bp) = bytes.Clone(s)
		case string:
			*(*[]byte)(bp) = []byte(s)
		default:
			return f.scanErr(src, nil)
		}
		return nil
	case kUUID, kUUIDString:
		var u [16]byte
		switch s := src.(type) {
		case []byte:
			if len(s) == 16 {
				copy(u[:], s)
				break
			}
			v, err := parseUUID(string(s))
			if err != nil {
				return f.scanErr(src, err)
			}
			u = v
		case string:
			v, err := parseUUID(s)
			if err != nil {
				return f.scanErr(src, err)
			}
			u = v
		case [16]byte:
			u = s
		default:
			return f.scanErr(src, nil)
		}
		if f.kind == kUUID {
			*(*[16]byte)(bp) = u
		} else {
			*(*string)(bp) = formatUUID(u)
		}
		return nil
	case kJSON:
		var data []byte
		switch s := src.(type) {
		case []byte:
			data = s
		case string:
			data = []byte(s)
		default:
			return f.scanErr(src, nil)
		}
		v := reflect.NewAt(f.base, bp)
		v.Elem().SetZero()
		if err := json.Unmarshal(data, v.Interface()); err != nil {
			return f.scanErr(src, err)
		}
		return nil
	case kValuer:
		return reflect.NewAt(f.base, bp).Interface().(sql.Scanner).Scan(src)
	}
	return f.scanErr(src, nil)
}

// round15 rounds d to 15 significant digits, half to even (Python's
// decimal.Context(prec=15).create_decimal_from_float).
func round15(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return d
	}
	a := d.Abs()
	intDigits := len(a.Coefficient().String()) + int(a.Exponent())
	return d.RoundBank(int32(15 - intDigits))
}

var errRange = fmt.Errorf("value out of range")

func asString(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case []byte:
		return string(s)
	}
	return fmt.Sprint(v)
}

func asInt64(src any) (int64, error) {
	switch s := src.(type) {
	case int64:
		return s, nil
	case int32:
		return int64(s), nil
	case int:
		return int64(s), nil
	case uint64:
		if s > math.MaxInt64 {
			return 0, errRange
		}
		return int64(s), nil
	case float64:
		if s != math.Trunc(s) || s < math.MinInt64 || s >= math.MaxInt64 {
			return 0, fmt.Errorf("%v is not an integer", s)
		}
		return int64(s), nil
	case bool:
		if s {
			return 1, nil
		}
		return 0, nil
	case []byte, string:
		str := asString(s)
		v, err := strconv.ParseInt(str, 10, 64)
		if err != nil {
			// Oracle NUMBER and MySQL DECIMAL arrive as text that may carry a
			// fractional part of zeros.
			if d, derr := decimal.NewFromString(str); derr == nil && d.IsInteger() {
				return d.IntPart(), nil
			}
			return 0, err
		}
		return v, nil
	}
	return 0, fmt.Errorf("not an integer")
}

// timeLayouts are the text forms a backend may return for a date/time.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02",
}

func (f *field) scanTime(src any, rs readStyle) (time.Time, error) {
	var t time.Time
	switch s := src.(type) {
	case time.Time:
		t = s
		if rs.wallClock {
			y, mo, d := t.Date()
			h, mi, sec := t.Clock()
			t = time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), time.UTC)
		}
	case []byte, string:
		str := strings.TrimSpace(asString(s))
		if f.col.Kind == dialect.KindTime {
			c, err := parseClock(str)
			if err != nil {
				return time.Time{}, err
			}
			return c, nil
		}
		var err error
		for _, l := range timeLayouts {
			t, err = time.ParseInLocation(l, str, time.UTC)
			if err == nil {
				break
			}
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("not a date/time")
		}
	default:
		return time.Time{}, fmt.Errorf("not a date/time")
	}
	switch f.col.Kind {
	case dialect.KindDate:
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	case dialect.KindTime:
		h, mi, s := t.Clock()
		return time.Date(0, 1, 1, h, mi, s, t.Nanosecond(), time.UTC), nil
	}
	return t.UTC(), nil
}

// parseClock parses a time of day such as 15:04:05, 15:04:05.123456 or a
// full timestamp whose clock is kept; the result is on January 1 of year 0
// in UTC, as time.Parse returns a clock.
func parseClock(s string) (time.Time, error) {
	if i := strings.LastIndexAny(s, " T"); i >= 0 && strings.Count(s[:i], "-") >= 2 {
		s = s[i+1:]
	}
	if i := strings.IndexAny(s, "+Z"); i > 0 {
		s = s[:i]
	}
	t, err := time.ParseInLocation("15:04:05.999999999", s, time.UTC)
	if err != nil {
		t, err = time.ParseInLocation("15:04", s, time.UTC)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("not a time of day")
	}
	return time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
}

// scanDuration reads microseconds (an integer, the DurationField storage of
// SQLite, MySQL and Oracle) or a PostgreSQL interval in its default output
// style ("1 day 02:03:04.5", "-00:00:01", "3 days").
func scanDuration(src any) (time.Duration, error) {
	switch s := src.(type) {
	case int64:
		return time.Duration(s) * time.Microsecond, nil
	case float64:
		return time.Duration(math.Round(s)) * time.Microsecond, nil
	case time.Duration:
		return s, nil
	case []byte, string:
		str := strings.TrimSpace(asString(s))
		if v, err := strconv.ParseInt(str, 10, 64); err == nil {
			return time.Duration(v) * time.Microsecond, nil
		}
		return parseInterval(str)
	}
	return 0, fmt.Errorf("not a duration")
}

// formatDayToSecond writes d as an INTERVAL DAY TO SECOND literal,
// "+D HH:MM:SS.ffffff".
func formatDayToSecond(d time.Duration) string {
	sign := "+"
	us := d.Microseconds()
	if us < 0 {
		sign, us = "-", -us
	}
	const day = 24 * 3600 * 1e6
	days, rest := us/day, us%day
	h, rest := rest/3600e6, rest%3600e6
	m, rest := rest/60e6, rest%60e6
	return fmt.Sprintf("%s%d %02d:%02d:%02d.%06d", sign, days, h, m, rest/1e6, rest%1e6)
}

func parseInterval(s string) (time.Duration, error) {
	var total time.Duration
	fields := strings.Fields(s)
	bad := fmt.Errorf("not a PostgreSQL interval")
	for i := 0; i < len(fields); i++ {
		tok := fields[i]
		if strings.Contains(tok, ":") {
			neg := strings.HasPrefix(tok, "-")
			tok = strings.TrimLeft(tok, "+-")
			parts := strings.Split(tok, ":")
			if len(parts) != 3 {
				return 0, bad
			}
			h, err1 := strconv.ParseInt(parts[0], 10, 64)
			m, err2 := strconv.ParseInt(parts[1], 10, 64)
			sec, err3 := decimal.NewFromString(parts[2])
			if err1 != nil || err2 != nil || err3 != nil {
				return 0, bad
			}
			d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
				time.Duration(sec.Mul(decimal.New(1, 6)).Round(0).IntPart())*time.Microsecond
			if neg {
				d = -d
			}
			total += d
			continue
		}
		if i+1 >= len(fields) {
			return 0, bad
		}
		n, err := strconv.ParseInt(tok, 10, 64)
		if err != nil {
			return 0, bad
		}
		if strings.Contains(fields[i+1], ":") {
			// Oracle's "+D HH:MM:SS.ffffff": the sign covers the whole value.
			c, err := parseInterval(strings.TrimLeft(fields[i+1], "+-"))
			if err != nil {
				return 0, bad
			}
			d := time.Duration(abs64(n))*24*time.Hour + c
			if strings.HasPrefix(tok, "-") {
				d = -d
			}
			total += d
			i++
			continue
		}
		unit := strings.TrimSuffix(fields[i+1], "s")
		i++
		switch unit {
		case "year":
			total += time.Duration(n) * 365 * 24 * time.Hour
		case "mon":
			total += time.Duration(n) * 30 * 24 * time.Hour
		case "day":
			total += time.Duration(n) * 24 * time.Hour
		default:
			return 0, bad
		}
	}
	return total, nil
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// parseUUID accepts the canonical 36-character form, 32 hex digits, and
// either wrapped in braces or prefixed with urn:uuid:.
func parseUUID(s string) ([16]byte, error) {
	var u [16]byte
	s = strings.TrimPrefix(strings.TrimPrefix(s, "urn:uuid:"), "URN:UUID:")
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	switch len(s) {
	case 36:
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return u, fmt.Errorf("invalid UUID %q", s)
		}
		s = s[:8] + s[9:13] + s[14:18] + s[19:23] + s[24:]
	case 32:
	default:
		return u, fmt.Errorf("invalid UUID %q: want 32 hex digits, with or without dashes", s)
	}
	if _, err := hex.Decode(u[:], []byte(s)); err != nil {
		return u, fmt.Errorf("invalid UUID %q", s)
	}
	return u, nil
}

func formatUUID(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// fieldScanner is the sql.Scanner given to rows.Scan for one field: it
// writes straight into the struct through the field's offset.
type fieldScanner struct {
	f  *field
	p  unsafe.Pointer
	rs readStyle
}

func (s *fieldScanner) Scan(src any) error { return s.f.scan(s.p, src, s.rs) }

// scanState holds the scan destinations of one row of a model, reused
// through a sync.Pool so scanning allocates nothing of its own.
type scanState struct {
	scanners []fieldScanner
	dest     []any
}

func newScanState(m *modelInfo) *scanState {
	s := &scanState{scanners: make([]fieldScanner, len(m.fields)), dest: make([]any, len(m.fields))}
	for i, f := range m.fields {
		s.scanners[i].f = f
		s.dest[i] = &s.scanners[i]
	}
	return s
}

// scanRow scans the current row of rows (all model columns, in field
// order) into the struct at p.
func (m *modelInfo) scanRow(rows *sql.Rows, p unsafe.Pointer, rs readStyle) error {
	s := m.scanPool.Get().(*scanState)
	for i := range s.scanners {
		s.scanners[i].p, s.scanners[i].rs = p, rs
	}
	err := rows.Scan(s.dest...)
	for i := range s.scanners {
		s.scanners[i].p = nil
	}
	m.scanPool.Put(s)
	return err
}
