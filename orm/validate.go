package orm

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/shopspring/decimal"
)

// FullClean validates obj as Django's Model.full_clean() does, without
// touching the database: for each field, null and blank, choices,
// max_length (in characters), email/URL/slug/UUID format, decimal digits
// and places, JSON encodability, and the validators the model attaches with
// a Validators method; then the model's Clean method. It returns nil, or a
// *ValidationError mapping each invalid field's name (NonFieldErrors for
// Clean's plain errors) to its messages, in Django's wording. Uniqueness is
// not checked here: the database enforces it, and Save reports a violation
// as an error matching ErrUniqueViolation. A model declaration error is
// returned as its *ModelError.
//
// As in Django, a field whose value is empty (nil, "", an empty slice or
// map) and that allows blank is skipped, and field validators do not run
// on empty values.
func FullClean[T any](obj *T) error {
	if obj == nil {
		return queryError("FullClean: nil *%s", typeName(reflect.TypeFor[T]()))
	}
	m, err := infoFor(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	ve := &ValidationError{Model: m.name}
	p := unsafe.Pointer(obj)
	for _, f := range m.fields {
		f.clean(p, ve)
	}
	if m.cleaner {
		if err := any(obj).(Cleaner).Clean(); err != nil {
			var cv *ValidationError
			if errors.As(err, &cv) {
				ve.merge(cv)
			} else {
				ve.Add(NonFieldErrors, err.Error())
			}
		}
	}
	if len(ve.Fields) == 0 {
		return nil
	}
	return ve
}

// Django's messages.
const (
	msgNull  = "This field cannot be null."
	msgBlank = "This field cannot be blank."
)

// clean runs the checks of one field, adding messages to ve.
func (f *field) clean(p unsafe.Pointer, ve *ValidationError) {
	fp := f.ptr(p)
	bp := fp
	isNull := false
	switch f.wrap {
	case wrapPtr:
		bp = *(*unsafe.Pointer)(fp)
		isNull = bp == nil
	case wrapNull:
		isNull = !*(*bool)(unsafe.Add(fp, f.validOff))
		bp = unsafe.Add(fp, f.valOff)
	default:
		switch f.kind {
		case kBytes:
			isNull = *(*[]byte)(fp) == nil
		case kJSON:
			isNull = isNil(reflect.NewAt(f.base, fp).Elem())
		}
	}
	empty := isNull || f.isEmpty(bp)
	if empty && f.blank {
		return
	}
	if isNull && !f.col.Null {
		ve.Add(f.name, msgNull)
		return
	}
	if isNull {
		return
	}
	if len(f.choices) > 0 && !empty {
		if s := f.choiceString(bp); !slices.Contains(f.choices, s) {
			if f.kind == kString {
				ve.Add(f.name, fmt.Sprintf("Value %s is not a valid choice.", pyRepr(s)))
			} else {
				ve.Add(f.name, fmt.Sprintf("Value %s is not a valid choice.", s))
			}
			return
		}
	}
	if empty {
		ve.Add(f.name, msgBlank)
		return
	}
	// Validators (Django's run_validators: all of them, messages collected).
	switch f.kind {
	case kString:
		s := *(*string)(bp)
		if f.maxLength > 0 {
			if n := utf8.RuneCountInString(s); n > f.maxLength {
				ve.Add(f.name, fmt.Sprintf("Ensure this value has at most %d %s (it has %d).", f.maxLength, plural(f.maxLength, "character", "characters"), n))
			}
		}
		switch f.typeOpt {
		case "email":
			if !validEmail(s) {
				ve.Add(f.name, "Enter a valid email address.")
			}
		case "url":
			if !validURL(s) {
				ve.Add(f.name, "Enter a valid URL.")
			}
		case "slug":
			if !slugRe.MatchString(s) {
				ve.Add(f.name, "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.")
			}
		}
	case kUUIDString:
		if _, err := parseUUID(*(*string)(bp)); err != nil {
			ve.Add(f.name, fmt.Sprintf("“%s” is not a valid UUID.", *(*string)(bp)))
		}
	case kDecimal:
		if f.col.Precision > 0 {
			if msg := decimalDigitsError(*(*decimal.Decimal)(bp), f.col.Precision, f.col.Scale); msg != "" {
				ve.Add(f.name, msg)
			}
		}
	case kUint64, kUint:
		var v uint64
		if f.kind == kUint {
			v = uint64(*(*uint)(bp))
		} else {
			v = *(*uint64)(bp)
		}
		if v > math.MaxInt64 {
			ve.Add(f.name, fmt.Sprintf("Ensure this value is less than or equal to %d.", int64(math.MaxInt64)))
		}
	case kFloat32, kFloat64:
		var v float64
		if f.kind == kFloat32 {
			v = float64(*(*float32)(bp))
		} else {
			v = *(*float64)(bp)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			ve.Add(f.name, fmt.Sprintf("“%v” value must be a float.", v))
		}
	case kJSON:
		if _, err := json.Marshal(reflect.NewAt(f.base, bp).Interface()); err != nil {
			ve.Add(f.name, "Value must be valid JSON.")
		}
	}
	for _, v := range f.validators {
		err := v.fn(reflect.NewAt(f.typ, fp).Elem().Interface())
		if err == nil {
			continue
		}
		var cv *ValidationError
		if errors.As(err, &cv) {
			for _, ms := range cv.Fields {
				for _, msg := range ms {
					ve.Add(f.name, msg)
				}
			}
			continue
		}
		ve.Add(f.name, err.Error())
	}
}

// isEmpty reports whether a non-NULL base value is one of Django's
// empty_values: "", an empty slice or map.
func (f *field) isEmpty(bp unsafe.Pointer) bool {
	switch f.kind {
	case kString, kUUIDString:
		return *(*string)(bp) == ""
	case kBytes:
		return len(*(*[]byte)(bp)) == 0
	case kJSON:
		v := reflect.NewAt(f.base, bp).Elem()
		switch v.Kind() {
		case reflect.Map, reflect.Slice:
			return v.Len() == 0
		case reflect.String:
			return v.Len() == 0
		}
	}
	return false
}

func (f *field) choiceString(bp unsafe.Pointer) string {
	if f.kind == kString {
		return *(*string)(bp)
	}
	return fmt.Sprint(reflect.NewAt(f.base, bp).Elem().Interface())
}

// pyRepr quotes s as Python's repr does for simple strings, so messages
// read as Django's ('draft').
func pyRepr(s string) string {
	if !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return strconv.Quote(s)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// decimalDigitsError is Django's DecimalValidator: it returns the message for
// a value with too many digits in total, after the point, or before it, or
// "" when d fits max_digits and decimal_places.
func decimalDigitsError(d decimal.Decimal, maxDigits, places int) string {
	coef := d.Coefficient()
	coef.Abs(coef)
	ds := coef.String()
	exp := int(d.Exponent())
	var digits, decimals int
	if exp >= 0 {
		digits = len(ds)
		if ds != "0" {
			digits += exp
		}
		decimals = 0
	} else {
		if -exp > len(ds) {
			digits, decimals = -exp, -exp
		} else {
			digits, decimals = len(ds), -exp
		}
	}
	whole := digits - decimals
	switch {
	case digits > maxDigits:
		return fmt.Sprintf("Ensure that there are no more than %d %s in total.", maxDigits, plural(maxDigits, "digit", "digits"))
	case decimals > places:
		return fmt.Sprintf("Ensure that there are no more than %d %s.", places, plural(places, "decimal place", "decimal places"))
	case whole > maxDigits-places:
		n := maxDigits - places
		return fmt.Sprintf("Ensure that there are no more than %d %s before the decimal point.", n, plural(n, "digit", "digits"))
	}
	return ""
}

var (
	slugRe        = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
	emailUserRe   = regexp.MustCompile("(?i)^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$" + `|^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-\[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"$`)
	hostLabelRe   = regexp.MustCompile(`(?i)^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
	topLabelRe    = regexp.MustCompile(`(?i)^[a-z0-9-]{2,63}$`)
	urlSchemes    = []string{"http", "https", "ftp", "ftps"}
	maxEmailChars = 320
)

// validEmail is Django's EmailValidator for ASCII addresses: a dot-atom or
// quoted local part, and a domain of valid labels with a top-level label of
// at least two characters, "localhost", or an [IP literal].
// Internationalised domains must be given in their xn-- form.
func validEmail(s string) bool {
	if s == "" || len(s) > maxEmailChars {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	user, domain := s[:at], s[at+1:]
	if !emailUserRe.MatchString(user) {
		return false
	}
	if domain == "localhost" {
		return true
	}
	if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		lit := domain[1 : len(domain)-1]
		if v6, ok := strings.CutPrefix(strings.ToLower(lit), "ipv6:"); ok {
			ip := net.ParseIP(v6)
			return ip != nil && ip.To4() == nil
		}
		ip := net.ParseIP(lit)
		return ip != nil && ip.To4() != nil
	}
	return validDomain(domain)
}

// validDomain checks dot-separated labels with a non-numeric top label.
func validDomain(domain string) bool {
	domain = strings.TrimSuffix(domain, ".")
	labels := strings.Split(domain, ".")
	if len(labels) < 2 || len(domain) > 253 {
		return false
	}
	for _, l := range labels[:len(labels)-1] {
		if !hostLabelRe.MatchString(l) {
			return false
		}
	}
	top := labels[len(labels)-1]
	return topLabelRe.MatchString(top) && !strings.HasSuffix(top, "-") && !strings.HasPrefix(top, "-")
}

// validURL is Django's URLValidator in substance: scheme http, https, ftp or
// ftps; a host that is a domain name, localhost, an IPv4 address or a
// bracketed IPv6 address; an optional port; no whitespace; at most 2048
// characters.
func validURL(s string) bool {
	if len(s) > 2048 || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" {
		return false
	}
	if !slices.Contains(urlSchemes, strings.ToLower(u.Scheme)) {
		return false
	}
	host := u.Hostname()
	if host == "" {
		return false
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n > 65535 {
			return false
		}
	}
	if strings.HasPrefix(u.Host, "[") {
		ip := net.ParseIP(host)
		return ip != nil && ip.To4() == nil
	}
	if host == "localhost" {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.To4() != nil
	}
	return validDomain(host)
}
