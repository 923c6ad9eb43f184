package lookups

import (
	"fmt"

	"github.com/sqlorm/sqlorm/dialect"
)

// Writer accumulates the SQL text and bind arguments of one statement for
// one dialect. Placeholders are numbered by the position of their argument
// in the whole statement, so PostgreSQL's $n and Oracle's :n continue across
// everything written to the same Writer, including what the caller wrote
// before handing its buffers over with [NewWriter].
//
// Writer has a sticky error: the first failure (an identifier that fails
// CheckIdent, a value an operand's Prep rejects) is kept, later writes still
// happen but [Chain.Render] reports the error and rewinds. A Writer is not
// safe for concurrent use.
type Writer struct {
	d    dialect.Dialect
	buf  []byte
	args []any
	err  error
}

// NewWriter returns a Writer for d that appends to buf and args. Existing
// arguments count: the next placeholder is number len(args)+1. The caller
// takes the results back with [Writer.Bytes] and [Writer.Args]; no copy is
// made.
func NewWriter(d dialect.Dialect, buf []byte, args []any) *Writer {
	return &Writer{d: d, buf: buf, args: args}
}

// Reset makes w a Writer for d that appends to buf and args, as
// [NewWriter] would, clearing its error. It lets a caller that renders many
// lookups into one statement reuse one Writer instead of allocating one
// for each.
func (w *Writer) Reset(d dialect.Dialect, buf []byte, args []any) {
	*w = Writer{d: d, buf: buf, args: args}
}

// Dialect returns the dialect the Writer writes for.
func (w *Writer) Dialect() dialect.Dialect { return w.d }

// Raw appends sql verbatim. It is for SQL text written by the program — an
// operator, a keyword, a function name — and never for data or names that
// come from outside: values go through [Writer.Arg] or [Writer.Bind],
// identifiers through [Writer.Ident].
func (w *Writer) Raw(sql string) { w.buf = append(w.buf, sql...) }

// Arg appends a placeholder for v and records v as its argument. v is bound
// as is; use [Writer.Bind] to convert it for an operand first.
func (w *Writer) Arg(v any) {
	w.args = append(w.args, v)
	w.buf = w.d.AppendPlaceholder(w.buf, len(w.args))
}

// Bind converts v for comparison with o (o.Prep, or the default conversion
// for o.Kind; see [Operand]) and appends it as an argument. A conversion
// error becomes the Writer's error (wrapping ErrInvalidValue) and nothing is
// written.
func (w *Writer) Bind(o Operand, v any) {
	p, err := prep(w.d, o, v)
	if err != nil {
		w.Fail(fmt.Errorf("%w: %w", ErrInvalidValue, err))
		return
	}
	w.Arg(p)
}

// RHS writes the right-hand side r compared with lhs: an expression's SQL,
// or a value bound through [Writer.Bind].
func (w *Writer) RHS(lhs Operand, r RHS) {
	if r.expr != nil {
		w.Operand(*r.expr)
		return
	}
	w.Bind(lhs, r.v)
}

// Ident appends name quoted for the dialect after checking it with
// dialect.CheckIdent. A rejected name becomes the Writer's error and nothing
// is written.
func (w *Writer) Ident(name string) {
	if err := dialect.CheckIdent(name); err != nil {
		w.Fail(err)
		return
	}
	w.buf = w.d.AppendQuote(w.buf, name)
}

// Operand appends o: its column as "table"."column" (or "column" when
// Table is empty), both names checked, or else its SQL function's output in
// parentheses (omitted for the function-like operands this package builds),
// so that an expression such as a + b stays one operand whatever operator
// follows it.
func (w *Writer) Operand(o Operand) {
	if o.SQL != nil {
		if o.atom {
			o.SQL(w)
			return
		}
		w.buf = append(w.buf, '(')
		o.SQL(w)
		w.buf = append(w.buf, ')')
		return
	}
	if o.Column == "" {
		w.Fail(fmt.Errorf("%w: the operand has neither SQL nor a column name", dialect.ErrInvalidIdentifier))
		return
	}
	if o.Table != "" {
		w.Ident(o.Table)
		w.buf = append(w.buf, '.')
	}
	w.Ident(o.Column)
}

// Fail records err as the Writer's error unless it already has one.
func (w *Writer) Fail(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

// Err returns the Writer's error, or nil.
func (w *Writer) Err() error { return w.err }

// Bytes returns the SQL written so far (aliasing the Writer's buffer).
func (w *Writer) Bytes() []byte { return w.buf }

// Args returns the arguments recorded so far (aliasing the Writer's slice).
func (w *Writer) Args() []any { return w.args }

// String returns the SQL written so far.
func (w *Writer) String() string { return string(w.buf) }

// mark is a position in a Writer to rewind to.
type mark struct{ buf, args int }

func (w *Writer) mark() mark { return mark{len(w.buf), len(w.args)} }

// rewind drops what was written after m, and the error.
func (w *Writer) rewind(m mark) {
	w.buf = w.buf[:m.buf]
	clear(w.args[m.args:])
	w.args = w.args[:m.args]
	w.err = nil
}
