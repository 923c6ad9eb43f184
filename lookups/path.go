package lookups

import (
	"fmt"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
)

// Sep separates the parts of a lookup path: "author__name__icontains".
const Sep = "__"

// MaxParts is the most parts a lookup path may have. Django sets no limit;
// sqlorm caps paths so that a path taken from a request cannot make the
// compiler walk (and join) without bound. Sixteen covers any real chain of
// relations, transforms and a lookup.
const MaxParts = 16

// maxPathLen is the longest path Split looks at: MaxParts parts of
// dialect.MaxIdentLen bytes joined by Sep. Anything longer cannot be valid
// and is rejected before it is split.
const maxPathLen = MaxParts*dialect.MaxIdentLen + (MaxParts-1)*len(Sep)

// Split splits a lookup path such as "pub_date__year__gte" at [Sep] into its
// parts. Every part passes dialect.CheckIdent, so each is 1 to 63 ASCII
// letters, digits and underscores not starting with a digit; a part may
// start or end with one underscore ("a___b" is "a", "_b"). The result has 1
// to [MaxParts] parts and strings.Join(parts, Sep) == path.
//
// An empty path, an empty part ("a____b", "__a", "a__"), more than MaxParts
// parts, or a part CheckIdent rejects is an error wrapping [ErrInvalidPath]
// that quotes the path and names the part; for CheckIdent failures it also
// wraps dialect.ErrInvalidIdentifier.
//
// Split only parses. Which leading parts are fields and relations is the
// orm's business; the trailing transforms and lookup are resolved by
// [Registry.Resolve].
func Split(path string) ([]string, error) {
	if path == "" {
		return nil, fmt.Errorf("%w: empty path", ErrInvalidPath)
	}
	if len(path) > maxPathLen {
		return nil, fmt.Errorf("%w: %s is %d bytes long; a path has at most %d parts of at most %d bytes",
			ErrInvalidPath, quote(path), len(path), MaxParts, dialect.MaxIdentLen)
	}
	n := strings.Count(path, Sep) + 1
	if n > MaxParts {
		return nil, fmt.Errorf("%w: %s has %d parts; the limit is %d", ErrInvalidPath, quote(path), n, MaxParts)
	}
	parts := make([]string, 0, n)
	rest := path
	for i := 1; ; i++ {
		part, tail, more := strings.Cut(rest, Sep)
		if err := checkPart(path, i, part); err != nil {
			return nil, err
		}
		parts = append(parts, part)
		if !more {
			return parts, nil
		}
		rest = tail
	}
}

// checkPart validates the i-th part (counting from 1) of path.
func checkPart(path string, i int, part string) error {
	if part == "" {
		return fmt.Errorf("%w: %s: part %d is empty; parts are separated by exactly one %q",
			ErrInvalidPath, quote(path), i, Sep)
	}
	if err := dialect.CheckIdent(part); err != nil {
		return fmt.Errorf("%w: %s: part %d: %w", ErrInvalidPath, quote(path), i, err)
	}
	return nil
}
