package dialect

import "fmt"

// SetOp is a set operation combining two SELECTs: Django's union,
// intersection and difference.
type SetOp uint8

// The set operations of [SetOpSQL].
const (
	Union SetOp = iota + 1
	UnionAll
	Intersect
	Except
)

// SetOpSQL returns the keyword joining the SELECTs of the set operation
// op (" UNION ", " EXCEPT ", Oracle's " MINUS "), or an error wrapping
// ErrUnsupported. Every dialect has the four: SQLite, PostgreSQL, MySQL
// 8.0.31+ and MariaDB 10.3+ (INTERSECT and EXCEPT), Oracle (MINUS).
func SetOpSQL(d Dialect, op SetOp) (string, error) {
	if d == nil {
		return "", fmt.Errorf("%w: no dialect", ErrUnsupported)
	}
	switch op {
	case Union:
		return " UNION ", nil
	case UnionAll:
		return " UNION ALL ", nil
	case Intersect:
		return " INTERSECT ", nil
	case Except:
		if d.Name() == Oracle {
			return " MINUS ", nil
		}
		return " EXCEPT ", nil
	}
	return "", fmt.Errorf("%w: set operation %d", ErrUnsupported, op)
}

// CompoundSubqueryOrdering reports whether a SELECT of a UNION,
// INTERSECT or EXCEPT may have its own ORDER BY and LIMIT, in
// parentheses (Django's supports_slicing_ordering_in_compound): SQLite's
// may not.
func CompoundSubqueryOrdering(d Dialect) bool { return d != nil && d.Name() != SQLite }
