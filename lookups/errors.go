package lookups

import (
	"errors"
	"fmt"
)

// ErrInvalidPath is wrapped by every error about a lookup path that
// [Split] or [Registry.Resolve] rejects: an empty part, too many parts, a
// part that is not an identifier. The message quotes the path (shortened
// when it is long) and names the offending part. Errors from a part that
// fails dialect.CheckIdent also wrap dialect.ErrInvalidIdentifier.
var ErrInvalidPath = errors.New("sqlorm/lookups: invalid lookup path")

// ErrUnknownLookup is wrapped by errors about a lookup or transform name the
// registry does not know, a lookup that is not last in its path, and a
// transform applied to an operand of a kind it does not accept (year on a
// CharField). The message names the rejected name and lists the valid ones.
var ErrUnknownLookup = errors.New("sqlorm/lookups: unknown lookup")

// ErrInvalidValue is wrapped by errors about a right-hand side a lookup
// cannot take: nil with a lookup other than exact and iexact, a non-bool for
// isnull, a range that is not two values, an in that is not a list, a
// fractional number compared for equality with an integer, a year out of
// range, a value the operand's Prep function rejects (that error is wrapped
// too), or more bind parameters than the dialect allows in one statement.
var ErrInvalidValue = errors.New("sqlorm/lookups: invalid lookup value")

// ErrInvalidLookup is wrapped by errors about a lookup or transform being
// registered: a nil value, a name that is not an identifier or contains the
// path separator, or a name that is already taken.
var ErrInvalidLookup = errors.New("sqlorm/lookups: invalid lookup definition")

// maxQuoted is how many bytes of a caller's path or value an error message
// shows before shortening it.
const maxQuoted = 80

// quote returns s quoted with %q, shortened to maxQuoted bytes (plus "...")
// so that a hostile megabyte-long path does not become a megabyte-long error.
func quote(s string) string {
	if len(s) <= maxQuoted {
		return fmt.Sprintf("%q", s)
	}
	cut := maxQuoted
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return fmt.Sprintf("%q...", s[:cut])
}

// valueError returns an error wrapping ErrInvalidValue for the lookup named
// what ("in", "year__gte"). format may use %w for the cause.
func valueError(what, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %w", ErrInvalidValue, what, fmt.Errorf(format, args...))
}
