package lookups_test

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/lookups"
)

func ExampleSplit() {
	parts, err := lookups.Split("pub_date__year__gte")
	fmt.Println(parts, err)

	_, err = lookups.Split("name__icontains'; DROP TABLE t; --")
	fmt.Println(errors.Is(err, lookups.ErrInvalidPath))
	// Output:
	// [pub_date year gte] <nil>
	// true
}

func ExampleRegistry_Resolve() {
	r := lookups.Default()
	for _, tail := range [][]string{nil, {"icontains"}, {"year"}, {"date", "gt"}} {
		c, _ := r.Resolve(tail)
		fmt.Println(c)
	}
	_, err := r.Resolve([]string{"icontain"})
	fmt.Println(errors.Is(err, lookups.ErrUnknownLookup))
	// Output:
	// exact
	// icontains
	// year__exact
	// date__gt
	// true
}

// Rendering one condition as the orm does: the Writer continues the
// statement's placeholder numbering.
func ExampleChain_Render() {
	d, _ := dialect.Get(dialect.Postgres)
	c, _ := lookups.Default().Resolve([]string{"icontains"})

	w := lookups.NewWriter(d, []byte(`SELECT * FROM "product" WHERE "product"."id" > $1 AND `), []any{10})
	name := lookups.Operand{Table: "product", Column: "name", Kind: dialect.KindChar}
	if _, err := c.Render(w, name, lookups.Value("50%_off")); err != nil {
		fmt.Println(err)
	}
	fmt.Println(w.String())
	fmt.Println(w.Args())
	// Output:
	// SELECT * FROM "product" WHERE "product"."id" > $1 AND UPPER("product"."name"::text) LIKE UPPER($2)
	// [10 %50\%\_off%]
}

// The same lookup on each backend.
func ExampleChain_Render_dialects() {
	c, _ := lookups.Default().Resolve([]string{"contains"})
	for _, d := range dialect.All() {
		w := lookups.NewWriter(d, nil, nil)
		_, _ = c.Render(w, lookups.Operand{Table: "t", Column: "name", Kind: dialect.KindChar}, lookups.Value("a_b"))
		fmt.Printf("%-8s %s %q\n", d.Name(), w.String(), w.Args())
	}
	// Output:
	// sqlite   "t"."name" GLOB ? ["*a_b*"]
	// postgres "t"."name"::text LIKE $1 ["%a\\_b%"]
	// mysql    `t`.`name` LIKE BINARY ? ["%a\\_b%"]
	// oracle   "T"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) ["%a\\_b%"]
}

// nil means NULL with exact, an empty in matches nothing, and year compares
// the column with the year's bounds so an index serves (on SQLite, whose
// datetimes are text, with the dates that start this year and the next).
func ExampleChain_Render_specialCases() {
	d, _ := dialect.Get(dialect.SQLite)
	show := func(tail []string, lhs lookups.Operand, v any) {
		c, _ := lookups.Default().Resolve(tail)
		w := lookups.NewWriter(d, nil, nil)
		never, err := c.Render(w, lhs, lookups.Value(v))
		switch {
		case err != nil:
			fmt.Println(c, "->", err)
		case never:
			fmt.Println(c, "-> matches nothing, send no query")
		default:
			fmt.Println(c, "->", w.String(), w.Args())
		}
	}
	n := lookups.Operand{Column: "n", Kind: dialect.KindInt}
	at := lookups.Operand{Column: "at", Kind: dialect.KindDateTime}
	show(nil, n, nil)
	show([]string{"gt"}, n, nil)
	show([]string{"in"}, n, []any{3, nil, 3, 1})
	show([]string{"in"}, n, []int{})
	show([]string{"gte"}, n, 5.2)
	show([]string{"year"}, at, 2005)
	// Output:
	// exact -> "n" IS NULL []
	// gt -> sqlorm/lookups: invalid lookup value: gt: cannot compare with nil; use exact (IS NULL) or isnull
	// in -> "n" IN (?, ?) [3 1]
	// in -> matches nothing, send no query
	// gte -> "n" >= ? [6]
	// year__exact -> ("at" >= ? AND "at" < ?) [2005-01-01 2006-01-01]
}

// A lookup of one's own, registered on a copy of the default registry.
func ExampleRegistry_With() {
	ne := lookups.NewLookup("ne", func(w *lookups.Writer, lhs lookups.Operand, rhs lookups.RHS) (bool, error) {
		w.Operand(lhs)
		w.Raw(" <> ")
		w.RHS(lhs, rhs) // a bound value, or a column
		return false, nil
	})
	r, err := lookups.Default().With(ne)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := r.Resolve([]string{"month", "ne"})
	d, _ := dialect.Get(dialect.MySQL)
	w := lookups.NewWriter(d, nil, nil)
	_, err = c.Render(w, lookups.Operand{Table: "t", Column: "at", Kind: dialect.KindDateTime}, lookups.Value(12))
	fmt.Println(w.String(), w.Args(), err)

	_, err = lookups.Default().Resolve([]string{"ne"})
	fmt.Println(errors.Is(err, lookups.ErrUnknownLookup))
	// Output:
	// EXTRACT(MONTH FROM `t`.`at`) <> ? [12] <nil>
	// true
}

// Registering the regexp function SQLite needs for the regex lookups when
// the database is opened straight through go-sqlite3.
func ExampleRegexpFunc() {
	if !slices.Contains(sql.Drivers(), "sqlite3_with_regexp") { // once per process
		sql.Register("sqlite3_with_regexp", &sqlite3.SQLiteDriver{
			ConnectHook: func(c *sqlite3.SQLiteConn) error {
				return c.RegisterFunc("regexp", lookups.RegexpFunc(), true)
			},
		})
	}
	db, err := sql.Open("sqlite3_with_regexp", ":memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	d, _ := dialect.Get(dialect.SQLite)
	c, _ := lookups.Default().Resolve([]string{"iregex"})
	w := lookups.NewWriter(d, []byte("SELECT count(*) FROM (SELECT 'Émile' AS name UNION ALL SELECT 'emily') AS t WHERE "), nil)
	_, _ = c.Render(w, lookups.Operand{Column: "name", Kind: dialect.KindChar}, lookups.Value("^émil"))
	var n int
	err = db.QueryRow(w.String(), w.Args()...).Scan(&n)
	fmt.Println(n, err)
	// Output:
	// 1 <nil>
}
