package dialect

import "fmt"

// Writer accumulates the SQL text and bind arguments of one statement for
// one dialect. It is the one SQL writer of sqlorm: package orm builds its
// statements in it, package lookups renders lookups into it, and each
// dialect's [LookupSQL] writes its spellings to it, so a statement is
// written once, front to back, with no copying between builders.
//
// Placeholders are numbered by the position of their argument in the whole
// statement, so PostgreSQL's $n and Oracle's :n continue across everything
// written to the same Writer, including what the caller wrote before
// handing its buffers over with [NewWriter].
//
// Writer has a sticky error: the first failure (an identifier that fails
// CheckIdent, a value an operand's Prep rejects) is kept, later writes still
// happen but the caller reports the error (lookups' Chain.Render does, and
// rewinds). A Writer is not safe for concurrent use. The zero Writer has no
// dialect: give it one with [Writer.Reset] before writing.
type Writer struct {
	d    Dialect
	buf  []byte
	args []any
	err  error
}

// NewWriter returns a Writer for d that appends to buf and args. Existing
// arguments count: the next placeholder is number len(args)+1. The caller
// takes the results back with [Writer.Bytes] and [Writer.Args]; no copy is
// made.
func NewWriter(d Dialect, buf []byte, args []any) *Writer {
	return &Writer{d: d, buf: buf, args: args}
}

// Reset makes w a Writer for d that appends to buf and args, as
// [NewWriter] would, clearing its error. It lets a caller that writes many
// statements reuse one Writer instead of allocating one for each.
func (w *Writer) Reset(d Dialect, buf []byte, args []any) {
	*w = Writer{d: d, buf: buf, args: args}
}

// Dialect returns the dialect the Writer writes for.
func (w *Writer) Dialect() Dialect { return w.d }

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

// AddArg records v as the next argument without writing a placeholder, for
// a statement whose placeholders were written with [Writer.Placeholder].
func (w *Writer) AddArg(v any) { w.args = append(w.args, v) }

// Placeholder appends the placeholder of the n-th argument (counting from
// 1) without recording a value, for statements whose arguments are bound
// per call.
func (w *Writer) Placeholder(n int) { w.buf = w.d.AppendPlaceholder(w.buf, n) }

// Bind converts v for comparison with o ([Operand.Prepare]) and appends it
// as an argument. A conversion error becomes the Writer's error, a
// [*BindError] wrapping it, and nothing is written.
func (w *Writer) Bind(o Operand, v any) {
	p, err := o.Prepare(w.d, v)
	if err != nil {
		w.Fail(&BindError{Err: err})
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
// CheckIdent. A rejected name becomes the Writer's error and nothing is
// written.
func (w *Writer) Ident(name string) {
	if err := CheckIdent(name); err != nil {
		w.Fail(err)
		return
	}
	w.buf = w.d.AppendQuote(w.buf, name)
}

// CheckedIdent appends name quoted for the dialect without checking it:
// name must already have passed CheckIdent (model metadata, checked once
// when it is built). It is [Dialect.AppendQuote]'s fast path.
func (w *Writer) CheckedIdent(name string) { w.buf = w.d.AppendQuote(w.buf, name) }

// Operand appends o: its column as "table"."column" (or "column" when
// Table is empty), both names checked, or else its SQL function's output in
// parentheses (omitted for atoms, see [Operand.Atom]), so that an
// expression such as a + b stays one operand whatever operator follows it.
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
		w.Fail(fmt.Errorf("%w: the operand has neither SQL nor a column name", ErrInvalidIdentifier))
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

// TakeErr returns the Writer's error, or nil, and clears it, for a caller
// that reports the error of what it wrote and goes on writing the
// statement.
func (w *Writer) TakeErr() error {
	err := w.err
	w.err = nil
	return err
}

// Bytes returns the SQL written so far (aliasing the Writer's buffer).
func (w *Writer) Bytes() []byte { return w.buf }

// Args returns the arguments recorded so far (aliasing the Writer's slice).
func (w *Writer) Args() []any { return w.args }

// Len returns the length of the SQL written so far, in bytes.
func (w *Writer) Len() int { return len(w.buf) }

// String returns the SQL written so far.
func (w *Writer) String() string { return string(w.buf) }

// InsertByte inserts c into the SQL written so far at byte offset at
// (0 <= at <= Len()), for a caller that learns late that what it wrote
// needs parentheses.
func (w *Writer) InsertByte(at int, c byte) {
	w.buf = append(w.buf, 0)
	copy(w.buf[at+1:], w.buf[at:])
	w.buf[at] = c
}

// Mark is a position in a Writer to go back to with [Writer.Rewind]: the
// length of its SQL and the number of its arguments.
type Mark struct{ SQL, Args int }

// Mark returns the Writer's current position.
func (w *Writer) Mark() Mark { return Mark{len(w.buf), len(w.args)} }

// Rewind drops the SQL and the arguments written after m (the error is
// kept; see [Writer.TakeErr]).
func (w *Writer) Rewind(m Mark) {
	w.buf = w.buf[:m.SQL]
	clear(w.args[m.Args:])
	w.args = w.args[:m.Args]
}
