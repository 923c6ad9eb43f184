package dialect

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// literal renders v as a SQL literal in d's syntax. It accepts nil (NULL),
// strings (valid UTF-8 without NUL bytes), bools, every Go integer and float
// type (finite floats only), named types whose underlying type is one of
// those, and fmt.Stringer values whose String is a plain decimal number
// (decimal.Decimal). Anything else is an error: a literal is pasted into DDL,
// so only shapes that cannot change the statement are let through.
func literal(d ddlDialect, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "NULL", nil
	case string:
		return stringLiteral(d, x)
	case bool:
		return d.boolLit(x), nil
	case int:
		return strconv.FormatInt(int64(x), 10), nil
	case int8:
		return strconv.FormatInt(int64(x), 10), nil
	case int16:
		return strconv.FormatInt(int64(x), 10), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case uint:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint8:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint16:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint32:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint64:
		return strconv.FormatUint(x, 10), nil
	case float32:
		return floatLiteral(float64(x), 32)
	case float64:
		return floatLiteral(x, 64)
	case []byte:
		return "", fmt.Errorf("%w: binary defaults are not supported; leave the default unset and set the value in Go", errLiteral)
	case fmt.Stringer:
		s := x.String()
		if !isDecimalNumber(s) {
			return "", fmt.Errorf("%w: %T renders as %q, which is not a plain decimal number; use a string, bool, integer, float or decimal.Decimal", errLiteral, v, s)
		}
		return s, nil
	}
	// Named types without a String method (type Status string).
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return stringLiteral(d, rv.String())
	case reflect.Bool:
		return d.boolLit(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.Float32:
		return floatLiteral(rv.Float(), 32)
	case reflect.Float64:
		return floatLiteral(rv.Float(), 64)
	}
	return "", fmt.Errorf("%w: values of type %T are not supported; use a string, bool, integer, float or decimal.Decimal", errLiteral, v)
}

// stringLiteral validates s and renders it with d's quoting rules.
func stringLiteral(d ddlDialect, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: %q is not valid UTF-8", errLiteral, s)
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", fmt.Errorf("%w: %q contains a NUL byte at %d, which no backend stores in text", errLiteral, s, i)
	}
	return d.stringLit(s), nil
}

func floatLiteral(f float64, bits int) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%w: %v is not a finite number", errLiteral, f)
	}
	return strconv.FormatFloat(f, 'g', -1, bits), nil
}

// quoteSingle returns s between single quotes with every ' doubled: the
// standard SQL string literal (SQLite, Oracle, PostgreSQL with
// standard_conforming_strings).
func quoteSingle(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			b.WriteByte('\'')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('\'')
	return b.String()
}

// quoteSingleBackslash is quoteSingle that also doubles every backslash, for
// dialects where a backslash escapes inside a literal (MySQL's default
// sql_mode, PostgreSQL's E'...' strings).
func quoteSingleBackslash(prefix, s string) string {
	var b strings.Builder
	b.Grow(len(prefix) + len(s) + 2)
	b.WriteString(prefix)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' || s[i] == '\\' {
			b.WriteByte(s[i])
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('\'')
	return b.String()
}

// isDecimalNumber reports whether s is [+-]digits[.digits][e[+-]digits]
// with at least one digit in the mantissa: a number every backend parses and
// nothing else.
func isDecimalNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
