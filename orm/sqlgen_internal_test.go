package orm

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

type inBufItem struct {
	Model
	Name string `orm:"max_length=10"`
}

// TestInBuf: a condition written in the middle of an operand lands in the
// statement being written, whether that is the compiler's own (the usual
// case: one Writer, nothing moved) or another statement's Writer (moved
// into the compiler and back); an error of the condition becomes the
// Writer's.
func TestInBuf(t *testing.T) {
	m, err := infoFor(reflect.TypeFor[inBufItem]())
	if err != nil {
		t.Fatal(err)
	}
	d, _ := dialect.Get(dialect.Postgres)
	boom := errors.New("boom")
	for _, c := range []struct {
		name    string
		foreign bool
		fail    bool
	}{
		{"own statement", false, false},
		{"another statement", true, false},
		{"own statement, failing", false, true},
		{"another statement, failing", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cp := newCompiler(m, d, m.stmtsFor(d), lookups.Default())
			cp.b.str("SELECT 1 WHERE ")
			cp.b.arg("own")
			w := cp.writer()
			if c.foreign {
				w = lookups.NewWriter(d, []byte("UPDATE t SET a = "), []any{"x"})
			}
			w.Raw("(")
			cp.inBuf(w, func() error {
				cp.b.str("CASE WHEN ")
				cp.b.col("t", "a")
				cp.b.str(" = ")
				cp.b.arg(7)
				cp.b.str(" END")
				if c.fail {
					return boom
				}
				return nil
			})
			w.Raw(")")
			var want, args string
			if c.foreign {
				want, args = `UPDATE t SET a = (CASE WHEN "t"."a" = $2 END)`, "[x 7]"
				if cp.b.String() != "SELECT 1 WHERE $1" || fmt.Sprint(cp.b.Args()) != "[own]" {
					t.Errorf("the compiler's own statement changed: %q %v", cp.b.String(), cp.b.Args())
				}
			} else {
				want, args = `SELECT 1 WHERE $1(CASE WHEN "t"."a" = $2 END)`, "[own 7]"
			}
			if w.String() != want || fmt.Sprint(w.Args()) != args {
				t.Errorf("got %q %v, want %q %s", w, w.Args(), want, args)
			}
			if got := w.Err(); c.fail != (got == boom) || !c.fail && got != nil {
				t.Errorf("error %v, want boom: %v", got, c.fail)
			}
		})
	}
}
