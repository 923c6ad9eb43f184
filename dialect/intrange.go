package dialect

import "math"

// IntegerRanges says which values the integer columns a dialect creates
// can hold — Django's DatabaseOperations.integer_field_ranges.
type IntegerRanges uint8

const (
	// RangesSigned: 16, 32 and 64 bits, the positive kinds from 0 to the
	// signed maximum (PostgreSQL; Django's defaults).
	RangesSigned IntegerRanges = iota
	// RangesUnsigned: as RangesSigned, the positive kinds UNSIGNED (MySQL
	// and MariaDB: 0 to 65535, 4294967295, the 64-bit maximum).
	RangesUnsigned
	// Ranges64: every integer column holds 64 bits, the positive kinds
	// from 0 (SQLite: one INTEGER storage class).
	Ranges64
	// RangesNumber: NUMBER(11) for the small and plain kinds, NUMBER(19)
	// for the big ones (Oracle).
	RangesNumber
)

// IntegerRange returns the least and greatest value a column of kind k
// holds on a backend with these traits; ok is false for a kind that is
// not an integer. Bounds past the 64-bit range are clamped to it.
func (t Traits) IntegerRange(k Kind) (lo, hi int64, ok bool) {
	var bits int
	switch k {
	case KindSmallInt, KindPositiveSmallInt:
		bits = 16
	case KindInt, KindPositiveInt, KindAuto:
		bits = 32
	case KindBigInt, KindPositiveBigInt, KindBigAuto:
		bits = 64
	default:
		return 0, 0, false
	}
	positive := k == KindPositiveSmallInt || k == KindPositiveInt || k == KindPositiveBigInt
	switch t.IntegerRanges {
	case Ranges64:
		bits = 64
	case RangesNumber:
		lo, hi = -99_999_999_999, 99_999_999_999 // NUMBER(11)
		if bits == 64 {
			lo, hi = math.MinInt64, math.MaxInt64 // NUMBER(19) holds more than int64
		}
		if positive {
			lo = 0
		}
		return lo, hi, true
	}
	lo, hi = -1<<(bits-1), 1<<(bits-1)-1
	if positive {
		lo = 0
		if t.IntegerRanges == RangesUnsigned && bits < 64 {
			hi = 1<<bits - 1
		}
		if t.IntegerRanges == RangesUnsigned && bits == 64 {
			hi = math.MaxInt64 // an int64 argument cannot exceed it
		}
	}
	return lo, hi, true
}
