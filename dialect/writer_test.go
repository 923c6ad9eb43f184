package dialect_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

func TestWriter(t *testing.T) {
	errPrep := errors.New("no such value")
	for _, c := range []struct {
		name     string
		dialect  dialect.Name
		args     []any // arguments already in the statement
		write    func(w *dialect.Writer)
		sql      string
		wantArgs string
		err      error // errors.Is the Writer's error; nil for none
	}{
		{"placeholders continue after existing args", dialect.Postgres, []any{"a", "b"},
			func(w *dialect.Writer) { w.Arg(1); w.Raw(", "); w.Placeholder(9); w.AddArg(2) },
			"$3, $9", "[a b 1 2]", nil},
		{"checked and trusted identifiers", dialect.Oracle, nil,
			func(w *dialect.Writer) { w.Ident("t"); w.Raw("."); w.CheckedIdent("col") },
			`"T"."COL"`, "[]", nil},
		{"a rejected identifier writes nothing", dialect.SQLite, nil,
			func(w *dialect.Writer) { w.Raw("x "); w.Ident(`a"b`); w.Raw(" y") },
			"x  y", "[]", dialect.ErrInvalidIdentifier},
		{"operand without SQL or column", dialect.SQLite, nil,
			func(w *dialect.Writer) { w.Operand(dialect.Operand{}) },
			"", "[]", dialect.ErrInvalidIdentifier},
		{"SQL operands are parenthesized, atoms not", dialect.MySQL, nil,
			func(w *dialect.Writer) {
				sum := func(w *dialect.Writer) { w.Ident("a"); w.Raw(" + 1") }
				w.Operand(dialect.Operand{SQL: sum})
				w.Raw(" ")
				w.Operand(dialect.Atom(func(w *dialect.Writer) { w.Raw("NOW()") }, dialect.KindDateTime))
			},
			"(`a` + 1) NOW()", "[]", nil},
		{"Bind converts for the operand's kind", dialect.SQLite, nil,
			func(w *dialect.Writer) {
				w.Bind(dialect.Operand{Column: "c", Kind: dialect.KindBool}, true)
				w.Bind(dialect.Operand{Column: "c", Kind: dialect.KindBigInt}, "12")
			},
			"??", "[1 12]", nil},
		{"Bind failure is a BindError wrapping Prep's", dialect.SQLite, nil,
			func(w *dialect.Writer) {
				w.Bind(dialect.Operand{Column: "c", Prep: func(any) (any, error) { return nil, errPrep }}, 1)
			},
			"", "[]", errPrep},
		{"RHS writes an expression or binds a value", dialect.Postgres, nil,
			func(w *dialect.Writer) {
				c := dialect.Operand{Table: "t", Column: "n", Kind: dialect.KindInt}
				w.RHS(c, dialect.Expr(dialect.Operand{Table: "u", Column: "m"}))
				w.Raw(" ")
				w.RHS(c, dialect.Value(2.0))
			},
			`"u"."m" $1`, "[2]", nil},
		{"Rewind drops text and args, InsertByte inserts", dialect.SQLite, nil,
			func(w *dialect.Writer) {
				w.Raw("a = ")
				w.Arg(1)
				m := w.Mark()
				w.Raw(" OR b = ")
				w.Arg(2)
				w.Rewind(m)
				w.InsertByte(0, '(')
				w.Raw(")")
			},
			"(a = ?)", "[1]", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := dialect.Get(c.dialect)
			if err != nil {
				t.Fatal(err)
			}
			w := dialect.NewWriter(d, nil, c.args)
			c.write(w)
			if w.String() != c.sql || fmt.Sprint(w.Args()) != c.wantArgs {
				t.Errorf("got %q %v, want %q %s", w, w.Args(), c.sql, c.wantArgs)
			}
			err = w.Err()
			if c.err == nil && err != nil || c.err != nil && !errors.Is(err, c.err) {
				t.Errorf("error %v, want %v", err, c.err)
			}
			if c.err == errPrep {
				var be *dialect.BindError
				if !errors.As(err, &be) {
					t.Errorf("error %T is not a *BindError", err)
				}
			}
			if got := w.TakeErr(); got != err || w.Err() != nil {
				t.Errorf("TakeErr = %v, then Err = %v; want %v, then nil", got, w.Err(), err)
			}
		})
	}
}

func TestWriterKeepsFirstError(t *testing.T) {
	d, _ := dialect.Get(dialect.SQLite)
	var w dialect.Writer
	w.Reset(d, []byte("x"), nil)
	first := errors.New("first")
	w.Fail(first)
	w.Fail(errors.New("second"))
	w.Fail(nil)
	if w.Err() != first || w.Len() != 1 || w.Dialect() != d {
		t.Errorf("Err = %v, Len = %d, Dialect = %v", w.Err(), w.Len(), w.Dialect())
	}
}

func TestOperandIsAtom(t *testing.T) {
	sql := func(*dialect.Writer) {}
	for _, c := range []struct {
		name string
		o    dialect.Operand
		want bool
	}{
		{"column", dialect.Operand{Column: "c"}, true},
		{"expression", dialect.Operand{SQL: sql}, false},
		{"atom", dialect.Atom(sql, dialect.KindInt), true},
	} {
		if got := c.o.IsAtom(); got != c.want {
			t.Errorf("%s: IsAtom = %v, want %v", c.name, got, c.want)
		}
	}
}
