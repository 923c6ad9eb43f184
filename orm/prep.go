package orm

import (
	"database/sql/driver"
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

// This file is the one place where a Go value meets a field: Django's
// get_prep_value. Every value a caller gives for a field — compared in
// Filter, Exclude and Get (every lookup, in and range elements included),
// written by Update, GetOrCreate and UpdateOrCreate defaults, or bound in
// an expression compared with or stored in a field — is converted here to
// the field's Go kind and then encoded by the field's codec, exactly as
// Save encodes the field. A value that has no meaning for the field (text
// for an integer, a time for a boolean, a bool for a string) is refused
// with an error wrapping ErrInvalidQuery that names the model, the field,
// the value and the kind expected, before any statement is sent.

// queryValue converts v, compared with field f, into the value bound.
// Integers are checked against the 64-bit range only: comparing a small
// integer field with a larger number is a valid question.
func (f *field) queryValue(vs *valueStyle, v any) (any, error) {
	return f.prepValue(vs, v, false)
}

// writeValue converts v, stored in field f by Update, into the value
// bound. Integers must also fit the field's Go type, so that every row
// written can be read back into the model.
func (f *field) writeValue(vs *valueStyle, v any) (any, error) {
	b, err := f.prepValue(vs, v, true)
	if err == nil {
		err = f.checkLength(b)
	}
	if err == nil && b == nil && !f.col.Null {
		return nil, queryError("%s.%s cannot be NULL (the field has no null option); give a value", f.model, f.name)
	}
	return b, err
}

func (f *field) prepValue(vs *valueStyle, v any, write bool) (any, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Type() {
	case f.typ:
		p := reflect.New(f.typ)
		p.Elem().Set(rv)
		return f.valueAt(vs, p.UnsafePointer())
	case f.base:
		p := reflect.New(f.base)
		p.Elem().Set(rv)
		return f.baseValue(vs, p.UnsafePointer())
	}
	if f.fkTarget != nil {
		return f.keyValue(v, rv)
	}
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		return f.prepValue(vs, rv.Elem().Interface(), write)
	}
	if f.kind == kDecimal && !write {
		// Compared as given: rounding 9.999 to the field's two places
		// would make price > 9.999 miss 10.00. Integers stay integers,
		// which every backend compares with a decimal exactly.
		if n, err := toInt64(v, rv); err == nil && rv.Kind() != reflect.String && rv.Kind() != reflect.Float32 && rv.Kind() != reflect.Float64 {
			return n, nil
		}
		d, err := toDecimal(v, rv)
		if err == nil {
			err = decimalInRange(d)
		}
		if err != nil {
			return nil, f.valueError(v, "%s is a decimal: %v", f.name, err)
		}
		return d.String(), nil
	}
	if isIntKind(f.kind) && !write {
		// A comparison with any 64-bit integer is meaningful whatever the
		// field's width; it is bound as int64, as the codec binds them all.
		n, err := toInt64(v, rv)
		if err != nil {
			return nil, f.valueError(v, "%s is an integer: %v", f.name, err)
		}
		return n, nil
	}
	bv, err := f.toBase(v, rv)
	if err != nil {
		return nil, err
	}
	if bv.Kind() == reflect.Invalid {
		return nil, nil
	}
	p := reflect.New(f.base)
	p.Elem().Set(bv)
	return f.baseValue(vs, p.UnsafePointer())
}

// storeValue is value for a field written by Create, Save, BulkCreate or
// BulkUpdate: NULL in a field without the null option is refused here,
// naming the field, instead of reaching the database as a bare NOT NULL
// violation. The error wraps both ErrInvalidQuery and ErrNotNullViolation,
// which is what the database would have said.
func (f *field) storeValue(vs *valueStyle, p unsafe.Pointer) (any, error) {
	v, err := f.value(vs, p)
	if err == nil {
		err = f.checkLength(v)
	}
	if err != nil || v != nil || f.col.Null {
		return v, err
	}
	if f.fkTarget != nil {
		t := typeName(f.fkTarget)
		return nil, fmt.Errorf("%w: %s.%s is not set, and %s is required (no null option): set it with %s.Set(&obj) or orm.Ref[%s](id) before saving, or add null to its tag (%w)", ErrInvalidQuery, f.model, f.goName, f.name, f.goName, t, ErrNotNullViolation)
	}
	return nil, fmt.Errorf("%w: %s.%s is NULL, and the field has no null option: give it a value, or add null to its tag (%w)", ErrInvalidQuery, f.model, f.goName, ErrNotNullViolation)
}

// checkLength refuses text longer than the field's max_length, counted
// in characters as every backend counts it, before it is written (a
// CharField's: a TextField's max_length is not enforced, as in Django). Django
// leaves this to the database, which answers differently on each: an
// error on PostgreSQL and in MySQL's strict mode, the first max_length
// characters kept outside it, the whole text kept on SQLite.
func (f *field) checkLength(v any) error {
	s, ok := v.(string)
	if !ok || f.col.Kind != dialect.KindChar || f.maxLength <= 0 || len(s) <= f.maxLength {
		return nil
	}
	if n := utf8.RuneCountInString(s); n > f.maxLength {
		return queryError("%s.%s: %s has %d characters, more than max_length=%d; shorten it or raise max_length", f.model, f.name, showValue(s), n, f.maxLength)
	}
	return nil
}

// valueError is the error of a value that cannot be a value of f.
func (f *field) valueError(v any, format string, args ...any) error {
	return queryError("%s.%s: %s (%T) is not a valid value: %s", f.model, f.name, showValue(v), v, fmt.Sprintf(format, args...))
}

// showValue prints v for an error message, short and quoted if text.
func showValue(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = strconv.Quote(x)
	case []byte:
		s = fmt.Sprintf("%d bytes", len(x))
	default:
		s = fmt.Sprint(v)
	}
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// keyValue converts a value compared with or stored in a foreign key: a
// *T or T of the target model (its primary key, which must be saved), an
// FK or OneToOne to the same model, or an integer key.
func (f *field) keyValue(v any, rv reflect.Value) (any, error) {
	if fm, ok := v.(fkMarker); ok {
		if fm.fkTarget() != f.fkTarget {
			return nil, queryError("%s.%s refers to %s, and the value is a reference to %s", f.model, f.goName, typeName(f.fkTarget), typeName(fm.fkTarget()))
		}
		id, valid := fkValue(v)
		if !valid {
			return nil, nil
		}
		return id, nil
	}
	var obj reflect.Value
	switch {
	case rv.Kind() == reflect.Pointer && rv.Type().Elem() == f.fkTarget:
		if rv.IsNil() {
			return nil, queryError("%s.%s: a nil *%s; compare with nil (or isnull) for rows without a %s", f.model, f.goName, typeName(f.fkTarget), f.name)
		}
		obj = rv.Elem()
	case rv.Type() == f.fkTarget:
		obj = reflect.New(f.fkTarget)
		obj.Elem().Set(rv)
		obj = obj.Elem()
	case rv.Kind() == reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		return f.keyValue(rv.Elem().Interface(), rv.Elem())
	}
	if obj.IsValid() {
		tm, err := infoFor(f.fkTarget)
		if err != nil {
			return nil, err
		}
		p := obj.Addr().UnsafePointer()
		id, ok := tm.pk.intValue(p)
		if !ok {
			return nil, queryError("%s.%s: %s has no integer primary key", f.model, f.goName, tm.name)
		}
		if tm.pk.keyIsZero(p) {
			return nil, queryError("%s.%s: the %s given has no primary key (it is not saved); save it first, or compare with its key", f.model, f.goName, tm.name)
		}
		return id, nil
	}
	n, err := toInt64(v, rv)
	if err != nil {
		return nil, f.valueError(v, "%s.%s refers to %s: give a *%s, an orm.FK[%s] or its integer key", f.model, f.goName, typeName(f.fkTarget), typeName(f.fkTarget), typeName(f.fkTarget))
	}
	return n, nil
}

// toBase converts v to a reflect.Value of f.base, or an invalid Value for
// NULL (a nil inside a driver.Valuer).
func (f *field) toBase(v any, rv reflect.Value) (reflect.Value, error) {
	switch f.kind {
	case kString:
		s, ok := stringOf(v, rv)
		if !ok {
			return reflect.Value{}, f.valueError(v, "%s is text; give a string (or a number, compared as its decimal text)", f.name)
		}
		return reflect.ValueOf(s).Convert(f.base), nil
	case kBool:
		b, ok := boolOf(v, rv)
		if !ok {
			return reflect.Value{}, f.valueError(v, "%s is a boolean; give true or false", f.name)
		}
		return reflect.ValueOf(b).Convert(f.base), nil
	case kInt8, kInt16, kInt32, kInt64, kInt, kUint8, kUint16, kUint32, kUint64, kUint:
		n, err := toInt64(v, rv)
		if err != nil {
			return reflect.Value{}, f.valueError(v, "%s is an integer: %v", f.name, err)
		}
		if !fits(f.base, n) {
			return reflect.Value{}, f.valueError(v, "out of range for %s.%s, a %s", f.model, f.goName, f.base)
		}
		return reflect.ValueOf(n).Convert(f.base), nil
	case kFloat32, kFloat64:
		x, err := floatOf(v, rv)
		if err != nil {
			return reflect.Value{}, f.valueError(v, "%s is a number: %v", f.name, err)
		}
		return reflect.ValueOf(x).Convert(f.base), nil
	case kDecimal:
		d, err := toDecimal(v, rv)
		if err != nil {
			return reflect.Value{}, f.valueError(v, "%s is a decimal: %v", f.name, err)
		}
		return reflect.ValueOf(d), nil
	case kTime:
		t, err := f.toTime(v)
		if err != nil {
			return reflect.Value{}, f.valueError(v, "%v", err)
		}
		return reflect.ValueOf(t).Convert(f.base), nil
	case kDuration:
		if s, ok := v.(string); ok {
			d, err := time.ParseDuration(s)
			if err != nil {
				return reflect.Value{}, f.valueError(v, "%s is a duration; give a time.Duration or text such as \"1h30m\"", f.name)
			}
			return reflect.ValueOf(d).Convert(f.base), nil
		}
		if d, ok := v.(time.Duration); ok {
			return reflect.ValueOf(d).Convert(f.base), nil
		}
		return reflect.Value{}, f.valueError(v, "%s is a duration; give a time.Duration (a bare number has no unit)", f.name)
	case kBytes:
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8 {
			return rv.Convert(f.base), nil
		}
		return reflect.Value{}, f.valueError(v, "%s is binary; give a []byte", f.name)
	case kUUID, kUUIDString:
		var u [16]byte
		switch {
		case rv.Kind() == reflect.String:
			var err error
			if u, err = parseUUID(rv.String()); err != nil {
				return reflect.Value{}, f.valueError(v, "%v", err)
			}
		case rv.Kind() == reflect.Array && rv.Len() == 16 && rv.Type().Elem().Kind() == reflect.Uint8:
			reflect.ValueOf(&u).Elem().Set(rv.Convert(reflect.TypeFor[[16]byte]()))
		default:
			return reflect.Value{}, f.valueError(v, "%s is a UUID; give one as text or as 16 bytes", f.name)
		}
		if f.kind == kUUIDString {
			return reflect.ValueOf(formatUUID(u)).Convert(f.base), nil
		}
		return reflect.ValueOf(u).Convert(f.base), nil
	case kJSON:
		// Any value JSON can encode: it is compared as the JSON text
		// Save would write for it. Decoding into the field's type checks
		// that a model could read it back.
		b, err := json.Marshal(v)
		if err != nil {
			return reflect.Value{}, f.valueError(v, "%s is JSON: %v", f.name, err)
		}
		p := reflect.New(f.base)
		if err := json.Unmarshal(b, p.Interface()); err != nil {
			return reflect.Value{}, f.valueError(v, "%s holds a %s, and this value's JSON does not decode into one: %v", f.name, f.base, err)
		}
		return p.Elem(), nil
	case kValuer:
		// A value of the same family as the type's own (an int for a
		// type Money int64, a string for a type Code string) is that
		// value of the type; a number never becomes text or the other
		// way round.
		if rv.Type().ConvertibleTo(f.base) && kindFamily(rv.Kind()) == kindFamily(f.base.Kind()) && kindFamily(rv.Kind()) != 0 {
			if n, err := toInt64(v, rv); err == nil && kindFamily(rv.Kind()) == 1 && !fits(f.base, n) {
				return reflect.Value{}, f.valueError(v, "out of range for %s", f.base)
			}
			return rv.Convert(f.base), nil
		}
		return reflect.Value{}, f.valueError(v, "%s is a %s; give a value of that type", f.name, f.base)
	}
	return reflect.Value{}, f.valueError(v, "unsupported field kind")
}

// kindFamily groups reflect kinds whose values convert into one another
// without changing meaning: 1 integers, 2 floats, 3 strings, 4 bools; 0
// for the rest.
func kindFamily(k reflect.Kind) int {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return 1
	case reflect.Float32, reflect.Float64:
		return 2
	case reflect.String:
		return 3
	case reflect.Bool:
		return 4
	}
	return 0
}

// fits reports whether n is a value of the integer type t.
func fits(t reflect.Type, n int64) bool {
	switch t.Kind() {
	case reflect.Int8:
		return n >= math.MinInt8 && n <= math.MaxInt8
	case reflect.Int16:
		return n >= math.MinInt16 && n <= math.MaxInt16
	case reflect.Int32:
		return n >= math.MinInt32 && n <= math.MaxInt32
	case reflect.Uint8:
		return n >= 0 && n <= math.MaxUint8
	case reflect.Uint16:
		return n >= 0 && n <= math.MaxUint16
	case reflect.Uint32:
		return n >= 0 && n <= math.MaxUint32
	case reflect.Uint, reflect.Uint64:
		return n >= 0
	}
	return true
}

// stringOf is Django's str() for the values a text field accepts: text,
// integers, floats and decimals. Bools, times, bytes and structs have no
// single text form and are refused.
func stringOf(v any, rv reflect.Value) (string, bool) {
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, isDur := v.(time.Duration); isDur {
			return "", false
		}
		return strconv.FormatInt(rv.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), true
	case reflect.Float32:
		return strconv.FormatFloat(rv.Float(), 'f', -1, 32), true
	case reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'f', -1, 64), true
	}
	if d, ok := v.(decimal.Decimal); ok {
		return d.String(), true
	}
	return "", false
}

// boolOf accepts what Django's BooleanField.to_python accepts: a bool, the
// integers 0 and 1, and the text "true"/"false", "t"/"f", "1"/"0" (any
// case).
func boolOf(v any, rv reflect.Value) (bool, bool) {
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, isDur := v.(time.Duration); isDur {
			return false, false
		}
		switch rv.Int() {
		case 0:
			return false, true
		case 1:
			return true, true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		switch rv.Uint() {
		case 0:
			return false, true
		case 1:
			return true, true
		}
	case reflect.String:
		switch strings.ToLower(rv.String()) {
		case "true", "t", "1":
			return true, true
		case "false", "f", "0":
			return false, true
		}
	}
	return false, false
}

// toInt64 accepts integers of every Go type, integral floats and decimals,
// and integer text (Django's int()). Bools, durations and anything else
// are refused.
func toInt64(v any, rv reflect.Value) (int64, error) {
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, isDur := v.(time.Duration); isDur {
			return 0, fmt.Errorf("a time.Duration is not an integer")
		}
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return 0, fmt.Errorf("out of the 64-bit integer range")
		}
		return int64(u), nil
	case reflect.Float32, reflect.Float64:
		x := rv.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) || x != math.Trunc(x) {
			return 0, fmt.Errorf("not a whole number")
		}
		if x < -(1<<63) || x >= 1<<63 {
			return 0, fmt.Errorf("out of the 64-bit integer range")
		}
		return int64(x), nil
	case reflect.String:
		n, err := strconv.ParseInt(strings.TrimSpace(rv.String()), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("text that is not an integer")
		}
		return n, nil
	case reflect.Bool:
		return 0, fmt.Errorf("a bool is not an integer")
	}
	if d, ok := v.(decimal.Decimal); ok {
		if !d.IsInteger() {
			return 0, fmt.Errorf("not a whole number")
		}
		if !d.BigInt().IsInt64() {
			return 0, fmt.Errorf("out of the 64-bit integer range")
		}
		return d.IntPart(), nil
	}
	return 0, fmt.Errorf("give an integer")
}

// floatOf accepts numbers of every Go type, decimals and numeric text.
func floatOf(v any, rv reflect.Value) (float64, error) {
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, isDur := v.(time.Duration); isDur {
			return 0, fmt.Errorf("a time.Duration is not a number")
		}
		return float64(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.String:
		x, err := strconv.ParseFloat(strings.TrimSpace(rv.String()), 64)
		if err != nil {
			return 0, fmt.Errorf("text that is not a number")
		}
		return x, nil
	}
	if d, ok := v.(decimal.Decimal); ok {
		return d.InexactFloat64(), nil
	}
	return 0, fmt.Errorf("give a number")
}

// toDecimal accepts decimals, numbers of every Go type and decimal text.
func toDecimal(v any, rv reflect.Value) (decimal.Decimal, error) {
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, isDur := v.(time.Duration); isDur {
			return decimal.Decimal{}, fmt.Errorf("a time.Duration is not a number")
		}
		return decimal.NewFromInt(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return decimal.NewFromUint64(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		x := rv.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return decimal.Decimal{}, fmt.Errorf("not a finite number")
		}
		return decimal.NewFromFloat(x), nil
	case reflect.String:
		d, err := decimal.NewFromString(strings.TrimSpace(rv.String()))
		if err != nil {
			return decimal.Decimal{}, fmt.Errorf("text that is not a decimal number")
		}
		return d, nil
	}
	if dv, ok := v.(driver.Valuer); ok {
		x, err := dv.Value()
		if err == nil && x != nil {
			return toDecimal(x, reflect.ValueOf(x))
		}
	}
	return decimal.Decimal{}, fmt.Errorf("give a decimal.Decimal, a number or decimal text")
}

// maxDecimalDigits bounds the digits of a decimal value on either side of
// the point. No backend stores more (MySQL: 65, Oracle: 38; PostgreSQL's
// numeric without a precision allows more, but text of that size is a
// mistake or an attack: 1e999999999 would be a billion characters).
const maxDecimalDigits = 1000

// decimalInRange refuses decimals too large or too fine to write out.
func decimalInRange(d decimal.Decimal) error {
	if intDigits(d) > maxDecimalDigits || d.Exponent() < -maxDecimalDigits {
		return fmt.Errorf("more than %d digits", maxDecimalDigits)
	}
	return nil
}

// intDigits is the number of digits of d before the decimal point.
func intDigits(d decimal.Decimal) int {
	n := d.NumDigits() + int(d.Exponent())
	if n < 0 {
		return 0
	}
	return n
}

// Text forms a date, date-time or time field accepts, as Django's
// parse_date, parse_datetime and parse_time do (ISO 8601). Text without
// an offset is UTC.
var (
	dateTimeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"}
	clockLayouts    = []string{"15:04:05.999999999", "15:04"}
)

// toTime accepts a time.Time, or text in the ISO 8601 forms Django parses
// for the field's kind.
func (f *field) toTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case string:
		layouts := dateTimeLayouts
		what := "a date and time such as \"2024-05-01 13:45:00\" (ISO 8601)"
		switch f.col.Kind {
		case dialect.KindDate:
			what = "a date such as \"2024-05-01\""
		case dialect.KindTime:
			layouts, what = clockLayouts, "a time of day such as \"13:45:00\""
		}
		s := strings.TrimSpace(x)
		for _, l := range layouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("%s holds %s; give a time.Time or text in that form", f.name, what)
	}
	return time.Time{}, fmt.Errorf("%s is a date/time field; give a time.Time", f.name)
}
