package dialect_test

import (
	"fmt"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
)

// A Writer builds one statement: program-written text, checked
// identifiers, operands and bound values, with placeholders numbered
// across the whole statement.
func ExampleWriter() {
	d, _ := dialect.Get(dialect.Postgres)
	w := dialect.NewWriter(d, nil, nil)
	qty := dialect.Operand{Table: "item", Column: "qty", Kind: dialect.KindBigInt}
	w.Raw("SELECT ")
	w.Ident("name")
	w.Raw(" FROM ")
	w.Ident("item")
	w.Raw(" WHERE ")
	w.Operand(qty)
	w.Raw(" > ")
	w.Bind(qty, "10") // converted for a bigint column: int64(10)
	w.Raw(" AND ")
	w.Operand(qty)
	w.Raw(" < ")
	w.RHS(qty, dialect.Value(uint8(20)))
	fmt.Println(w, w.Args(), w.Err())

	w.Ident(`name"; DROP TABLE item; --`) // refused: nothing is written
	fmt.Println(w.Err() != nil, len(w.String()))
	// Output:
	// SELECT "name" FROM "item" WHERE "item"."qty" > $1 AND "item"."qty" < $2 [10 20] <nil>
	// true 71
}

// BindValue is the storage form of a Go value compared with a column:
// SQLite stores dates as text and has no boolean type.
func ExampleBindValue() {
	at := time.Date(2024, 5, 1, 12, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	for _, n := range []dialect.Name{dialect.SQLite, dialect.Postgres} {
		d, _ := dialect.Get(n)
		when, _ := dialect.BindValue(d, dialect.KindDateTime, at)
		yes, _ := dialect.BindValue(d, dialect.KindBool, true)
		fmt.Printf("%-8s %v %v\n", n, when, yes)
	}
	_, err := dialect.BindValue(dialect.All()[0], dialect.KindInt, "ten")
	fmt.Println(err)
	// Output:
	// sqlite   2024-05-01 10:30:00.000000+00:00 1
	// postgres 2024-05-01 10:30:00 +0000 UTC true
	// "ten" is not an integer
}

// Each dialect spells the lookups its own way; package lookups asks
// LookupSQL and never the dialect's name.
func ExampleDialect_LookupSQL() {
	col := dialect.Operand{Table: "t", Column: "name", Kind: dialect.KindChar}
	for _, d := range dialect.All() {
		w := dialect.NewWriter(d, nil, nil)
		d.LookupSQL().Pattern(w, col, dialect.PatternContains, false, dialect.Value(nil), "a%b")
		fmt.Printf("%-8s %s %v\n", d.Name(), w, w.Args())
	}
	// Output:
	// sqlite   "t"."name" GLOB ? [*a%b*]
	// postgres "t"."name"::text LIKE $1 [%a\%b%]
	// mysql    `t`.`name` LIKE BINARY ? [%a\%b%]
	// oracle   "T"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) [%a\%b%]
}
