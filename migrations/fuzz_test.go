package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
)

// fuzzKinds are the column types FuzzSchemaDiff draws from, in two
// families: a change within a family keeps every value the generator
// writes (small integers, short strings), a change across families does
// not and is made as a drop and an add.
var fuzzKinds = []dialect.Column{
	{Kind: dialect.KindInt}, {Kind: dialect.KindBigInt}, {Kind: dialect.KindSmallInt},
	{Kind: dialect.KindChar, Length: 10}, {Kind: dialect.KindChar, Length: 20}, {Kind: dialect.KindText},
}

func fuzzFamily(k int) int { return k / 3 }

// fuzzBytes reads the fuzz input one byte at a time, 0 past its end.
type fuzzBytes []byte

func (b *fuzzBytes) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

// fuzzColumn is one generated column on both sides.
type fuzzColumn struct {
	name         string
	inA, inB     bool
	kindA, kindB int
	a, b         dialect.Column
}

// kept reports whether the column's values must survive A -> B.
func (c fuzzColumn) kept() bool {
	return c.inA && c.inB && fuzzFamily(c.kindA) == fuzzFamily(c.kindB)
}

// genSchemas builds the pair (A, B) of table "f" and the rows of A.
func genSchemas(data []byte) (a, b dialect.Table, cols []fuzzColumn, rows [][]any) {
	in := fuzzBytes(data)
	id := dialect.Column{Name: "id", Kind: dialect.KindBigInt, Primary: true}
	a = dialect.Table{Name: "f", Columns: []dialect.Column{id}}
	b = dialect.Table{Name: "f", Columns: []dialect.Column{id}}
	ncols := 1 + in.next()%4
	for i := range ncols {
		c := fuzzColumn{name: fmt.Sprintf("c%d", i)}
		p := in.next()
		c.inA, c.inB = p&1 != 0, p&2 != 0
		if !c.inA && !c.inB {
			c.inA = true
		}
		c.kindA, c.kindB = in.next()%len(fuzzKinds), in.next()%len(fuzzKinds)
		f := in.next()
		c.a, c.b = fuzzKinds[c.kindA], fuzzKinds[c.kindB]
		c.a.Name, c.b.Name = c.name, c.name
		c.a.Null, c.b.Null = f&1 != 0, f&2 != 0
		def := func(col *dialect.Column, kind int) {
			col.HasDefault = true
			if fuzzFamily(kind) == 0 {
				col.Default = f >> 4
			} else {
				col.Default = fmt.Sprintf("d%d", f>>4)
			}
		}
		if f&4 != 0 || !c.a.Null {
			def(&c.a, c.kindA) // A's table is created empty, but keep it realistic
		}
		// A column B gains (or whose family changes) needs a value for
		// the existing rows when it is NOT NULL.
		if f&8 != 0 || (!c.b.Null && !c.kept()) {
			def(&c.b, c.kindB)
		}
		if c.inA {
			a.Columns = append(a.Columns, c.a)
		}
		if c.inB {
			b.Columns = append(b.Columns, c.b)
		}
		cols = append(cols, c)
	}
	ix := in.next()
	if n := ix % 5; n < len(cols) && cols[n].inA {
		a.Indexes = []dialect.Index{{Columns: []string{cols[n].name}}}
	}
	if n := (ix / 5) % 5; n < len(cols) && cols[n].inB {
		b.Indexes = []dialect.Index{{Columns: []string{cols[n].name}}}
	}
	nrows := in.next() % 6
	for r := range nrows {
		row := []any{int64(r + 1)}
		for _, c := range cols {
			if !c.inA {
				continue
			}
			v := in.next()
			// NULL only where A allows it and B keeps it nullable (or
			// does not keep the value): NULL into NOT NULL is refused.
			if c.a.Null && v%4 == 0 && (c.b.Null || !c.kept()) {
				row = append(row, nil)
			} else if fuzzFamily(c.kindA) == 0 {
				row = append(row, int64(v%100))
			} else {
				row = append(row, fmt.Sprintf("s%d", v%100))
			}
		}
		rows = append(rows, row)
	}
	return a, b, cols, rows
}

// FuzzSchemaDiff is FUZZ-07: for a generated pair of small schemas (A, B)
// on SQLite, A is built with rows, the difference is applied with the
// package's functions (AddColumn for new columns, ChangeColumnType within
// a type family, RecreateTable for removed columns, family changes and
// index changes), and then the introspected table equals B as Compare
// sees it and every value of a column kept losslessly is still there.
func FuzzSchemaDiff(f *testing.F) {
	// Python SQLORM corpus is testdata/fuzz/FuzzSchemaDiff (plain go test runs
	// it): a kept column, varchar(10) -> text and int -> bigint, removed,
	// added and changed columns, a family change beside a kept NULL,
	// text -> varchar(10) NOT NULL with the index moving, and nothing.
	f.Fuzz(func(t *testing.T, data []byte) {
		a, b, cols, rows := genSchemas(data)
		ctx := context.Background()
		db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "f.db")+"?_fk=1&_busy_timeout=5000")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		stmts, err := d.CreateTable(a)
		if err != nil {
			t.Fatalf("A: %v\n%+v", err, a)
		}
		mustExec(t, db, stmts...)
		for _, row := range rows {
			ph := make([]string, len(row))
			names := []string{"id"}
			for i := range row {
				ph[i] = d.Placeholder(i + 1)
			}
			for _, c := range cols {
				if c.inA {
					names = append(names, c.name)
				}
			}
			if _, err := db.Exec("INSERT INTO f ("+strings.Join(names, ", ")+") VALUES ("+strings.Join(ph, ", ")+")", row...); err != nil {
				t.Fatal(err)
			}
		}
		before := readAll(t, db, cols)

		// Apply the difference.
		recreate := len(a.Indexes) != len(b.Indexes) || (len(a.Indexes) == 1 && a.Indexes[0].Columns[0] != b.Indexes[0].Columns[0])
		copyCols := []string{"id"}
		for _, c := range cols {
			switch {
			case c.inB && !c.inA:
				if err := migrations.AddColumn(ctx, db, "f", c.b); err != nil {
					t.Fatalf("AddColumn %+v: %v", c.b, err)
				}
				copyCols = append(copyCols, c.name)
			case c.kept():
				if c.a.Kind != c.b.Kind || c.a.Length != c.b.Length || c.a.Null != c.b.Null {
					if err := migrations.ChangeColumnType(ctx, db, "f", c.b); err != nil {
						t.Fatalf("ChangeColumnType %+v -> %+v: %v", c.a, c.b, err)
					}
				}
				copyCols = append(copyCols, c.name)
			default: // removed, or its family changed
				recreate = true
			}
		}
		// Before any RecreateTable (which would mask them), the ad-hoc steps
		// alone: A with the kept columns redefined as in B and the new
		// columns added.
		mid := dialect.Table{Name: "f", Columns: []dialect.Column{a.Columns[0]}, Indexes: a.Indexes}
		for _, c := range cols {
			switch {
			case c.kept():
				mid.Columns = append(mid.Columns, c.b)
			case c.inA:
				mid.Columns = append(mid.Columns, c.a)
			}
		}
		for _, c := range cols {
			if c.inB && !c.inA {
				mid.Columns = append(mid.Columns, c.b)
			}
		}
		live, err := introspect.Table(ctx, db, "f")
		if err != nil {
			t.Fatal(err)
		}
		if diff, err := migrations.Compare(d, mid, live); err != nil || !diff.Empty() {
			t.Fatalf("after AddColumn and ChangeColumnType, the table differs from %+v:\n%+v %v\nlive %+v", mid, diff, err, live)
		}
		if recreate {
			if err := migrations.RecreateTable(ctx, db, b, copyCols); err != nil {
				t.Fatalf("RecreateTable(%+v, %v): %v", b, copyCols, err)
			}
		}

		live, err = introspect.Table(ctx, db, "f")
		if err != nil {
			t.Fatal(err)
		}
		diff, err := migrations.Compare(d, b, live)
		if err != nil {
			t.Fatal(err)
		}
		if !diff.Empty() {
			t.Fatalf("the table differs from B:\n%+v\nA %+v\nB %+v\nlive %+v", diff, a, b, live)
		}
		after := readAll(t, db, cols)
		if len(after) != len(before) {
			t.Fatalf("%d rows before, %d after", len(before), len(after))
		}
		for id, vals := range before {
			for name, v := range vals {
				if got := after[id][name]; got != v {
					t.Errorf("row %s, column %s: %q before, %q after", id, name, v, got)
				}
			}
		}
	})
}

// readAll reads, per row id, the values of the columns kept losslessly
// (those present now), as text.
func readAll(t *testing.T, db *sql.DB, cols []fuzzColumn) map[string]map[string]string {
	t.Helper()
	names := []string{"id"}
	for _, c := range cols {
		if c.kept() {
			names = append(names, c.name)
		}
	}
	rows, err := db.Query("SELECT " + strings.Join(names, ", ") + " FROM f")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]map[string]string{}
	for rows.Next() {
		vals := make([]sql.NullString, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for i, n := range names[1:] {
			m[n] = fmt.Sprintf("%v:%s", vals[i+1].Valid, vals[i+1].String)
		}
		out[vals[0].String] = m
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
