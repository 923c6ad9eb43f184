package dialect

import (
	"errors"
	"strings"
)

// classified reports whether err already carries a *ConstraintError, so
// ClassifyError is idempotent.
func classified(err error) bool {
	var ce *ConstraintError
	return errors.As(err, &ce)
}

// walkChain calls fn on err and on every error it wraps (through Unwrap()
// error and Unwrap() []error), depth first, until fn returns true.
func walkChain(err error, fn func(error) bool) bool {
	for err != nil {
		if fn(err) {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if walkChain(e, fn) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// between returns the text after the first open and before the next close
// following it, or "" when either is missing. It only fills the optional
// Constraint, Table and Column fields of a ConstraintError: classification
// itself is always by error code.
func between(s, open, close string) string {
	i := strings.Index(s, open)
	if i < 0 {
		return ""
	}
	s = s[i+len(open):]
	j := strings.Index(s, close)
	if j < 0 {
		return ""
	}
	return s[:j]
}
