package orm

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
)

// FuzzParseTag: any tag either parses into known options, each at most
// once, or is an error; it never panics. A quoted value survives intact.
func FuzzParseTag(f *testing.F) {
	for _, s := range []string{
		"max_length=100,null,blank", "default='a, b',choices=x|y", "default='it''s'", "type=json,default='{\"a\":1}'",
		"", ",", "=x", "max_length", "null=1", "default='unterminated", "default='x'y", "unknown=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tag string) {
		opts, err := parseTag(tag)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, o := range opts {
			if !isKnownOption(o.key) || seen[o.key] {
				t.Fatalf("parseTag(%q) returned %+v", tag, opts)
			}
			seen[o.key] = true
		}
		// Round trip: quoting any value keeps it.
		if len(opts) > 0 && opts[0].hasValue {
			v := opts[0].value
			again, err := parseTag(opts[0].key + "='" + strings.ReplaceAll(v, "'", "''") + "'")
			if err != nil || len(again) != 1 || again[0].value != v {
				t.Fatalf("quoted %q did not round-trip: %+v %v", v, again, err)
			}
		}
	})
}

// FuzzScanText: text from a database, whatever it holds, is either stored
// or refused with an error by every text-parsing scanner; none panics.
func FuzzScanText(f *testing.F) {
	for _, s := range []string{
		"2024-03-09 13:05:06.123456+00:00", "2024-03-09", "14:05:06.123456", "1 day 02:03:04.5", "+1 12:00:00.000005",
		"-00:00:01", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "{6ba7b8109dad11d180b400c04fd430c8}", "1e400", "12.50", "",
	} {
		f.Add(s)
	}
	kinds := []dialect.Kind{dialect.KindDateTime, dialect.KindDate, dialect.KindTime}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range kinds {
			fl := &field{model: "M", goName: "F", kind: kTime, col: dialect.Column{Kind: k}}
			if tm, err := fl.scanTime(s, readStyle{}); err == nil && tm.Location() != time.UTC {
				t.Fatalf("scanTime(%q) = %v, not UTC", s, tm)
			}
		}
		_, _ = scanDuration(s)
		if u, err := parseUUID(s); err == nil {
			if v, err := parseUUID(formatUUID(u)); err != nil || v != u {
				t.Fatalf("UUID %q does not round-trip", s)
			}
		}
		var dst struct {
			i64 int64
			u16 uint16
			f64 float64
			b   bool
			d   decimal.Decimal
			s   string
			bs  []byte
		}
		for k, p := range map[kind]unsafe.Pointer{
			kInt64: unsafe.Pointer(&dst.i64), kUint16: unsafe.Pointer(&dst.u16), kFloat64: unsafe.Pointer(&dst.f64),
			kBool: unsafe.Pointer(&dst.b), kDecimal: unsafe.Pointer(&dst.d), kString: unsafe.Pointer(&dst.s), kBytes: unsafe.Pointer(&dst.bs),
		} {
			fl := &field{model: "M", goName: "F", kind: k}
			_ = fl.scanBase(p, s, readStyle{})
			_ = fl.scanBase(p, []byte(s), readStyle{})
		}
	})
}
