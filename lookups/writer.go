package lookups

import "github.com/sqlorm/sqlorm/dialect"

// Writer is sqlorm's one SQL writer, [dialect.Writer]: it accumulates the
// SQL text and bind arguments of one statement for one dialect, numbering
// placeholders across everything written to it, with a sticky error that
// [Chain.Render] reports (and rewinds). Package orm builds its statements
// in the same Writer it hands to Render, so nothing is copied between
// builders. It is an alias kept so that lookups' API reads as before.
type Writer = dialect.Writer

// NewWriter returns a Writer for d that appends to buf and args, as
// [dialect.NewWriter] does. Existing arguments count: the next placeholder
// is number len(args)+1. The caller takes the results back with
// [Writer.Bytes] and [Writer.Args]; no copy is made.
func NewWriter(d dialect.Dialect, buf []byte, args []any) *Writer {
	return dialect.NewWriter(d, buf, args)
}
