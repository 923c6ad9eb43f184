package orm_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/orm"
)

// Sale is the model of the query-language examples.
type Sale struct {
	orm.Model
	Region string          `orm:"max_length=20"`
	Amount decimal.Decimal `orm:"max_digits=10,decimal_places=2"`
	At     time.Time
}

// exampleSales makes a SQLite database with six sales.
func exampleSales(ctx context.Context) (*orm.QuerySet[Sale], func(), error) {
	db, done := exampleDB()
	if err := orm.Migrate[Sale](ctx, db); err != nil {
		done()
		return nil, nil, err
	}
	sales := orm.Objects[Sale](db)
	at := func(m time.Month, d, h int) time.Time { return time.Date(2024, m, d, h, 30, 0, 0, time.UTC) }
	for _, s := range []Sale{
		{Region: "north", Amount: decimal.RequireFromString("10.25"), At: at(1, 5, 9)},
		{Region: "north", Amount: decimal.RequireFromString("30"), At: at(1, 20, 14)},
		{Region: "south", Amount: decimal.RequireFromString("7.5"), At: at(2, 2, 10)},
		{Region: "north", Amount: decimal.RequireFromString("12"), At: at(4, 11, 16)},
		{Region: "south", Amount: decimal.RequireFromString("40"), At: at(4, 30, 8)},
		{Region: "south", Amount: decimal.RequireFromString("5"), At: at(5, 1, 12)},
	} {
		if err := sales.Create(ctx, &s); err != nil {
			done()
			return nil, nil, err
		}
	}
	return sales, done, nil
}

// Trunc, Extract, Round and Cast: revenue per month, and per quarter
// rounded to whole units.
func ExampleTrunc() {
	ctx := context.Background()
	sales, done, err := exampleSales(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer done()

	months, err := sales.Annotate(orm.TruncMonth("at").As("month")).Values("month").
		Annotate(orm.Sum("amount").As("revenue")).OrderBy("month").All(ctx)
	for _, m := range months {
		fmt.Println(m["month"].(time.Time).Format("2006-01"), m["revenue"])
	}
	fmt.Println(err)

	quarters, err := sales.Annotate(orm.Extract("at", "quarter").As("q")).Values("q").
		Annotate(orm.Sum("amount").As("total")).OrderBy("q").All(ctx)
	for _, q := range quarters {
		fmt.Println("Q", q["q"], q["total"])
	}
	fmt.Println(err)

	rows, err := sales.OrderBy("id").Limit(2).Annotate(orm.Round("amount", 1).As("r"), orm.Cast("amount", "int").As("units"),
		orm.TruncDate("at").As("day")).AllAnnotated(ctx)
	for _, r := range rows {
		fmt.Println(r.Object.Amount, r.Annotations["r"], r.Annotations["units"], r.Annotations["day"].(time.Time).Format(time.DateOnly))
	}
	fmt.Println(err)

	// A kind not on Django's list is an error; nothing is sent.
	_, err = sales.Annotate(orm.Trunc("at", "decade").As("d")).AllAnnotated(ctx)
	fmt.Println(err != nil)
	// Output:
	// 2024-01 40.25
	// 2024-02 7.5
	// 2024-04 52
	// 2024-05 5
	// <nil>
	// Q 1 47.75
	// Q 2 57
	// <nil>
	// 10.25 10.3 10 2024-01-05
	// 30 30 30 2024-01-20
	// <nil>
	// true
}

// Window functions: the rank of each sale in its region, a running total,
// and the best sale per region through a Filter on the window (a derived
// table, as Django 4.2 writes it).
func ExampleWindow() {
	ctx := context.Background()
	sales, done, err := exampleSales(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer done()

	rows, err := sales.OrderBy("region", "at").Annotate(
		orm.Window(orm.Rank(), orm.PartitionBy("region"), orm.OrderBy("-amount")).As("rank"),
		orm.Window(orm.Sum("amount"), orm.PartitionBy("region"), orm.OrderBy("at"),
			orm.RowRange(orm.UnboundedPreceding, orm.CurrentRow)).As("running"),
		orm.Window(orm.Lag("amount", 1, nil), orm.PartitionBy("region"), orm.OrderBy("at")).As("previous"),
	).AllAnnotated(ctx)
	for _, r := range rows {
		fmt.Println(r.Object.Region, r.Object.Amount, r.Annotations["rank"], r.Annotations["running"], r.Annotations["previous"])
	}
	fmt.Println(err)

	best, err := sales.Annotate(orm.Window(orm.RowNumber(), orm.PartitionBy("region"), orm.OrderBy("-amount")).As("n")).
		Filter(orm.Q{"n": 1}).OrderBy("region").All(ctx)
	for _, s := range best {
		fmt.Println("best", s.Region, s.Amount)
	}
	fmt.Println(err)
	// Output:
	// north 10.25 3 10.25 <nil>
	// north 30 1 40.25 10.25
	// north 12 2 52.25 30
	// south 7.5 2 7.5 <nil>
	// south 40 1 47.5 7.5
	// south 5 3 52.5 40
	// <nil>
	// best north 30
	// best south 40
	// <nil>
}

// Set operations: the union, intersection and difference of two
// QuerySets, ordered and sliced as a whole; Filter after Union is an error,
// as in Django.
func ExampleQuerySet_Union() {
	ctx := context.Background()
	sales, done, err := exampleSales(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer done()

	north := sales.Filter(orm.Q{"region": "north"})
	big := sales.Filter(orm.Q{"amount__gte": 12})
	amounts := func(qs *orm.QuerySet[Sale]) []string {
		rows, err := qs.OrderBy("amount").All(ctx)
		if err != nil {
			return []string{err.Error()}
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.Amount.String())
		}
		return out
	}
	fmt.Println(amounts(north.Union(big)))
	fmt.Println(amounts(north.Intersection(big)))
	fmt.Println(amounts(north.Difference(big)))
	n, err := north.UnionAll(big).Count(ctx)
	fmt.Println(n, err)

	_, err = north.Union(big).Filter(orm.Q{"amount__lt": 20}).All(ctx)
	fmt.Println(err != nil)
	// Output:
	// [10.25 12 30 40]
	// [12 30]
	// [10.25]
	// 6 <nil>
	// true
}

// Explain: the database's plan of a query. The options a backend takes
// are checked before anything is sent.
func ExampleQuerySet_Explain() {
	ctx := context.Background()
	sales, done, err := exampleSales(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer done()

	plan, err := sales.Filter(orm.Q{"region": "north"}).Explain(ctx)
	fmt.Println(strings.Contains(plan, "SCAN"), err)

	// SQLite has one format and no options (PostgreSQL takes
	// ExplainFormat("json"), ExplainFlag("analyze", true), ...).
	_, err = sales.Explain(ctx, orm.ExplainFlag("analyze", true))
	fmt.Println(err)
	// Output:
	// true <nil>
	// sqlorm: invalid query: Sale: Explain: sqlorm/dialect: not supported: unknown options: "analyze"; sqlite takes none
}
