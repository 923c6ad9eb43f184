package lookups

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/sqlorm/sqlorm/dialect"
)

// Lookup is the last part of a lookup path: the comparison ("exact",
// "icontains", "in"). The built-in lookups implement it; a user's own
// lookup does too, registered with [Registry.With].
type Lookup interface {
	// Name is the path part that selects the lookup. It passes
	// dialect.CheckIdent and does not contain Sep.
	Name() string
	// Render writes the condition comparing lhs with rhs to w, or reports
	// never when it can match no row (Django's EmptyResultSet: an empty
	// in); then it writes nothing. rhs is never the value nil:
	// Chain.Render has turned that into IS NULL or an error. Render must
	// bind values with w.Arg, w.Bind or w.RHS and write identifiers with
	// w.Ident or w.Operand; w.Raw is for the program's own SQL text only.
	// A value Render cannot take is an error wrapping ErrInvalidValue.
	Render(w *Writer, lhs Operand, rhs RHS) (never bool, err error)
}

// Transform is a middle part of a lookup path: a function applied to the
// left-hand side before the lookup ("year" in pub_date__year__gte). The
// built-in transforms implement it; a user's own transform does too,
// registered with [Registry.WithTransform].
type Transform interface {
	// Name is the path part that selects the transform, with the rules of
	// Lookup.Name.
	Name() string
	// Apply returns the transformed operand for dialect d: its SQL (which
	// writes in), its Kind, and its Prep (nil for the default of Kind).
	// An operand of a kind the transform does not accept is an error
	// wrapping ErrUnknownLookup.
	Apply(d dialect.Dialect, in Operand) (Operand, error)
}

// NewLookup returns a Lookup named name that renders with render. The name
// is checked when the lookup is registered.
func NewLookup(name string, render func(w *Writer, lhs Operand, rhs RHS) (never bool, err error)) Lookup {
	return funcLookup{name, render}
}

// NewTransform returns a Transform named name that applies apply. The name
// is checked when the transform is registered.
func NewTransform(name string, apply func(d dialect.Dialect, in Operand) (Operand, error)) Transform {
	return funcTransform{name, apply}
}

type funcLookup struct {
	name   string
	render func(w *Writer, lhs Operand, rhs RHS) (bool, error)
}

func (l funcLookup) Name() string { return l.name }
func (l funcLookup) Render(w *Writer, lhs Operand, rhs RHS) (bool, error) {
	return l.render(w, lhs, rhs)
}

type funcTransform struct {
	name  string
	apply func(d dialect.Dialect, in Operand) (Operand, error)
}

func (t funcTransform) Name() string { return t.name }
func (t funcTransform) Apply(d dialect.Dialect, in Operand) (Operand, error) {
	return t.apply(d, in)
}

// Registry maps names to lookups and transforms. A Registry is immutable:
// [Registry.With] and [Registry.WithTransform] return a new one, so a
// Registry is safe to share between goroutines and no package-level setting
// changes what a path means. The nil *Registry behaves as [Default].
type Registry struct {
	lookups    map[string]Lookup
	transforms map[string]Transform
	// Sorted names, for error messages.
	lookupNames, transformNames string
}

// Default returns the registry of the built-in lookups (exact, iexact, gt,
// gte, lt, lte, in, range, isnull, contains, icontains, startswith,
// istartswith, endswith, iendswith, regex, iregex) and transforms (date,
// year, iso_year, quarter, month, week, day, week_day, iso_week_day, hour,
// minute, second). Every call returns the same immutable value.
func Default() *Registry { return defaultRegistry() }

var defaultRegistry = sync.OnceValue(func() *Registry {
	r := &Registry{
		lookups:    make(map[string]Lookup, len(builtins)),
		transforms: make(map[string]Transform, len(builtinTransforms)),
	}
	for _, l := range builtins {
		r.lookups[l.name] = l
	}
	for _, t := range builtinTransforms {
		r.transforms[t.Name()] = t
	}
	r.names()
	return r
})

func (r *Registry) orDefault() *Registry {
	if r == nil {
		return Default()
	}
	return r
}

func (r *Registry) names() {
	r.lookupNames = strings.Join(slices.Sorted(maps.Keys(r.lookups)), ", ")
	r.transformNames = strings.Join(slices.Sorted(maps.Keys(r.transforms)), ", ")
}

// checkName validates the name of a lookup or transform being registered.
func (r *Registry) checkName(what, name string) error {
	if err := dialect.CheckIdent(name); err != nil {
		return fmt.Errorf("%w: %s name: %w", ErrInvalidLookup, what, err)
	}
	if strings.Contains(name, Sep) {
		return fmt.Errorf("%w: %s name %q contains %q, which separates path parts", ErrInvalidLookup, what, name, Sep)
	}
	if _, ok := r.lookups[name]; ok {
		return fmt.Errorf("%w: %q is already a lookup", ErrInvalidLookup, name)
	}
	if _, ok := r.transforms[name]; ok {
		return fmt.Errorf("%w: %q is already a transform", ErrInvalidLookup, name)
	}
	return nil
}

func (r *Registry) clone() *Registry {
	return &Registry{lookups: maps.Clone(r.lookups), transforms: maps.Clone(r.transforms)}
}

// With returns a new Registry with r's lookups and transforms plus l. A nil
// l, a name that fails dialect.CheckIdent or contains Sep, and a name r
// already has (as a lookup or a transform) are errors wrapping
// ErrInvalidLookup; r itself never changes.
func (r *Registry) With(l Lookup) (*Registry, error) {
	r = r.orDefault()
	if l == nil {
		return nil, fmt.Errorf("%w: nil lookup", ErrInvalidLookup)
	}
	if err := r.checkName("lookup", l.Name()); err != nil {
		return nil, err
	}
	n := r.clone()
	n.lookups[l.Name()] = l
	n.names()
	return n, nil
}

// WithTransform returns a new Registry with r's lookups and transforms plus
// t, with the rules of [Registry.With].
func (r *Registry) WithTransform(t Transform) (*Registry, error) {
	r = r.orDefault()
	if t == nil {
		return nil, fmt.Errorf("%w: nil transform", ErrInvalidLookup)
	}
	if err := r.checkName("transform", t.Name()); err != nil {
		return nil, err
	}
	n := r.clone()
	n.transforms[t.Name()] = t
	n.names()
	return n, nil
}

// Lookup returns the lookup registered as name.
func (r *Registry) Lookup(name string) (Lookup, bool) {
	l, ok := r.orDefault().lookups[name]
	return l, ok
}

// Transform returns the transform registered as name.
func (r *Registry) Transform(name string) (Transform, bool) {
	t, ok := r.orDefault().transforms[name]
	return t, ok
}

// Names returns the registered lookup and transform names, each sorted.
func (r *Registry) Names() (lookups, transforms []string) {
	r = r.orDefault()
	return slices.Sorted(maps.Keys(r.lookups)), slices.Sorted(maps.Keys(r.transforms))
}

// Chain is the resolved tail of a lookup path: the transforms applied to the
// left-hand side, in path order, then the lookup. The zero Chain is not
// valid; get one from [Registry.Resolve].
type Chain struct {
	Transforms []Transform
	Lookup     Lookup
}

// String returns the chain as a path tail: "year__gte".
func (c Chain) String() string {
	var b strings.Builder
	for _, t := range c.Transforms {
		b.WriteString(t.Name())
		b.WriteString(Sep)
	}
	if c.Lookup != nil {
		b.WriteString(c.Lookup.Name())
	}
	return b.String()
}

// Resolve resolves the trailing parts of a lookup path — what follows the
// field — into a Chain, as Django does: every part but the last must be a
// transform; the last is a lookup, or a transform followed by an implied
// exact ("pub_date__year" is "pub_date__year__exact"); no parts at all is
// exact.
//
// Each part must pass dialect.CheckIdent (else an error wrapping
// ErrInvalidPath). A name that is neither a lookup nor a transform, or a
// lookup that is not last, is an error wrapping ErrUnknownLookup that
// quotes the name and lists the registered lookups and transforms. Names
// are looked up, never pasted into SQL.
func (r *Registry) Resolve(parts []string) (Chain, error) {
	r = r.orDefault()
	if len(parts) >= MaxParts {
		return Chain{}, fmt.Errorf("%w: %d parts after the field; a path has at most %d", ErrInvalidPath, len(parts), MaxParts)
	}
	c := Chain{}
	for i, p := range parts {
		if err := dialect.CheckIdent(p); err != nil {
			return Chain{}, fmt.Errorf("%w: %s: %w", ErrInvalidPath, quote(strings.Join(parts, Sep)), err)
		}
		last := i == len(parts)-1
		if l, ok := r.lookups[p]; ok {
			if !last {
				return Chain{}, fmt.Errorf("%w: %q is a lookup and must come last (in %s); transforms are %s",
					ErrUnknownLookup, p, quote(strings.Join(parts, Sep)), r.transformNames)
			}
			c.Lookup = l
			return c, nil
		}
		t, ok := r.transforms[p]
		if !ok {
			return Chain{}, fmt.Errorf("%w: %q; lookups are %s; transforms are %s",
				ErrUnknownLookup, p, r.lookupNames, r.transformNames)
		}
		c.Transforms = append(c.Transforms, t)
	}
	c.Lookup = r.lookups["exact"]
	if c.Lookup == nil { // a registry built without the built-ins
		return Chain{}, fmt.Errorf("%w: no lookup after %s and no exact lookup registered", ErrUnknownLookup, quote(strings.Join(parts, Sep)))
	}
	return c, nil
}

// Render writes the condition "lhs, transformed by c's transforms, compared
// by c's lookup with rhs" to w, as Django renders it for w's dialect.
//
// It reports never when the condition can match no row (an in whose list is
// empty once nils are dropped); then nothing is written, and the caller
// sends no query (inside an OR it drops the branch; negated, the condition
// matches every row). On error nothing is written either, and the error
// wraps ErrInvalidValue, ErrUnknownLookup (a transform on an operand of the
// wrong kind), dialect.ErrInvalidIdentifier (a bad Table or Column) or
// dialect.ErrUnsupported (a dialect this package does not know).
//
// A nil rhs value (or nil pointer) with exact or iexact renders IS NULL; on
// Oracle, which stores "" as NULL, exact with "" does too. nil with any
// other lookup is an error naming the lookup. year and iso_year followed by
// exact, gt, gte, lt or lte and a value compare the column itself with the
// bounds of the year (BETWEEN; half-open dates for SQLite datetimes), so an
// index serves.
func (c Chain) Render(w *Writer, lhs Operand, rhs RHS) (never bool, err error) {
	if c.Lookup == nil {
		return false, fmt.Errorf("%w: empty chain; use Registry.Resolve", ErrUnknownLookup)
	}
	b, err := lookupSQL(w.Dialect())
	if err != nil {
		return false, err
	}
	if err := w.Err(); err != nil {
		return false, err
	}
	m := w.Mark()
	never, err = c.render(w, b, lhs, rhs)
	if werr := writerErr(w); err == nil {
		err = werr
	}
	d := w.Dialect()
	if n := len(w.Args()); err == nil && n > d.MaxParams() {
		err = valueError(c.String(), "the statement has %d bind parameters; %s allows %d", n, d.Name(), d.MaxParams())
	}
	if err != nil || never {
		w.Rewind(m)
	}
	if err != nil {
		return false, err
	}
	return never, nil
}

func (c Chain) render(w *Writer, b dialect.LookupSQL, lhs Operand, rhs RHS) (bool, error) {
	cur, prev := lhs, lhs
	for _, t := range c.Transforms {
		prev = cur
		var err error
		if cur, err = t.Apply(w.Dialect(), cur); err != nil {
			return false, err
		}
	}
	bl, isBuiltin := c.Lookup.(*builtin)
	if !rhs.IsExpr() && isNil(rhs.Value()) {
		if isBuiltin && (bl.op == opExact || bl.op == opIExact) {
			isNull(w, cur, true)
			return false, nil
		}
		return false, valueError(c.String(), "cannot compare with nil; use exact (IS NULL) or isnull")
	}
	if !isBuiltin || rhs.IsExpr() {
		return c.Lookup.Render(w, cur, rhs)
	}
	if bl.op == opExact && w.Dialect().Traits().EmptyStringIsNull && isEmptyString(rhs.Value()) {
		isNull(w, cur, true)
		return false, nil
	}
	if n := len(c.Transforms); n > 0 {
		if et, ok := c.Transforms[n-1].(*extractTransform); ok && (et.part == dialect.PartYear || et.part == dialect.PartISOYear) {
			switch bl.op {
			case opExact, opGT, opGTE, opLT, opLTE:
				return false, yearBounds(w, b, c.String(), prev, bl, rhs.Value(), et.part == dialect.PartISOYear)
			}
		}
	}
	return bl.Render(w, cur, rhs)
}

// isEmptyString reports whether v is a string (of any string type) of
// length zero.
func isEmptyString(v any) bool {
	rv := reflect.ValueOf(deref(v))
	return rv.Kind() == reflect.String && rv.Len() == 0
}
