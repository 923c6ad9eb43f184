package lookups_test

import (
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

// BenchmarkRender measures resolving and rendering one condition into a
// reused buffer, per backend: what the orm does for each filter key.
func BenchmarkRender(b *testing.B) {
	for _, c := range []struct {
		name string
		tail []string
		lhs  lookups.Operand
		v    any
	}{
		{"exact", nil, colN, 7},
		{"icontains", []string{"icontains"}, colName, "widget"},
		{"in10", []string{"in"}, colN, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{"year", []string{"year"}, colAt, 2005},
	} {
		for _, n := range []dialect.Name{dialect.SQLite, dialect.Postgres} {
			d, _ := dialect.Get(n)
			b.Run(c.name+"/"+string(n), func(b *testing.B) {
				b.ReportAllocs()
				buf, args := make([]byte, 0, 256), make([]any, 0, 16)
				rhs := lookups.Value(c.v)
				for b.Loop() {
					ch, err := lookups.Default().Resolve(c.tail)
					if err != nil {
						b.Fatal(err)
					}
					w := lookups.NewWriter(d, buf[:0], args[:0])
					if _, err := ch.Render(w, c.lhs, rhs); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkSplit(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lookups.Split("author__pub_date__year__gte"); err != nil {
			b.Fatal(err)
		}
	}
}
