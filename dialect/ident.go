package dialect

import "fmt"

// MaxIdentLen is the longest identifier CheckIdent accepts: PostgreSQL's
// limit (63 bytes), the smallest of the four backends, so a name valid for
// one backend is valid for all.
const MaxIdentLen = 63

// CheckIdent is the one strict identifier check every sqlorm package uses
// for table, column, index, constraint, alias and savepoint names. A valid
// identifier is 1 to MaxIdentLen bytes of ASCII letters, digits and
// underscores, and does not start with a digit. Anything else — spaces,
// quotes, dots, semicolons, comment markers, control characters, non-ASCII
// or invalid UTF-8 — is rejected with an error wrapping
// ErrInvalidIdentifier that shows the offending name (quoted with %q) and
// what is allowed.
func CheckIdent(name string) error {
	if name == "" {
		return fmt.Errorf("%w: empty name; use letters, digits and underscores", ErrInvalidIdentifier)
	}
	if len(name) > MaxIdentLen {
		return fmt.Errorf("%w: %q is %d bytes long; the limit is %d", ErrInvalidIdentifier, name, len(name), MaxIdentLen)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9':
			if i == 0 {
				return fmt.Errorf("%w: %q starts with a digit; start with a letter or underscore", ErrInvalidIdentifier, name)
			}
		default:
			return fmt.Errorf("%w: %q contains %q at byte %d; only ASCII letters, digits and underscores are allowed", ErrInvalidIdentifier, name, rune(c), i)
		}
	}
	return nil
}
