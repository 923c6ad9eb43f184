package orm_test

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/orm"
)

// exampleShop fills a new SQLite database with two categories and four
// products for the expression examples.
func exampleShop(ctx context.Context) (*orm.QuerySet[Category], *orm.QuerySet[Product], func(), error) {
	db, done := exampleDB()
	for _, m := range []func(context.Context, *sql.DB) error{orm.Migrate[Category], orm.Migrate[Product]} {
		if err := m(ctx, db); err != nil {
			done()
			return nil, nil, nil, err
		}
	}
	cats, products := orm.Objects[Category](db), orm.Objects[Product](db)
	books, games := &Category{Name: "Books"}, &Category{Name: "Games"}
	for _, c := range []*Category{books, games} {
		if err := cats.Create(ctx, c); err != nil {
			done()
			return nil, nil, nil, err
		}
	}
	for _, p := range []*Product{
		{Name: "atlas", Price: decimal.RequireFromString("25"), Category: orm.Ref[Category](books.ID)},
		{Name: "Chess", Price: decimal.RequireFromString("120"), Status: "published", Category: orm.Ref[Category](games.ID)},
		{Name: "Go", Price: decimal.RequireFromString("9.5"), Status: "published", Category: orm.Ref[Category](games.ID), Description: strp("board game")},
		{Name: "Bookmark", Price: decimal.RequireFromString("2")},
	} {
		if err := products.Create(ctx, p); err != nil {
			done()
			return nil, nil, nil, err
		}
	}
	return cats, products, done, nil
}

// Database functions and Case: order case-insensitively, compute a label,
// aggregate conditionally, and update from a Case.
func ExampleCase() {
	ctx := context.Background()
	_, products, done, err := exampleShop(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer done()

	// ORDER BY LOWER(name): "atlas" sorts among the capitals.
	names, err := orm.ValuesListFlat[string](ctx, products.OrderBy(orm.Lower("name")), "name")
	fmt.Println(names, err)

	// A Coalesce of a nullable column and a Concat, compared in a filter.
	n, err := products.Filter(orm.Q{"name__startswith": orm.Coalesce("description", orm.Concat(orm.Upper("status"), orm.Value("?")))}).Count(ctx)
	fmt.Println("no match:", n, err)

	// Conditional aggregation: SUM(CASE WHEN ... THEN price ELSE 0 END).
	stats, err := products.Aggregate(ctx,
		orm.Sum(orm.Case(orm.When(orm.Q{"status": "published"}, "price"), orm.Default(0))).As("published"),
		orm.Sum(orm.Case(orm.When(orm.Q{"category__isnull": true}, orm.Value(1)), orm.Default(orm.Value(0)))).As("uncategorised"))
	fmt.Println(stats["published"], stats["uncategorised"], err)

	// Update with a Case: 10% off what costs 100 or more, 1 off names in
	// lower case. (An UPDATE cannot join: a condition across a relation in
	// a Case given to Update is an error, as in Django.)
	_, err = products.Filter(orm.AllRows()).Update(ctx, orm.Set{"price": orm.Case(
		orm.When(orm.Q{"price__gte": 100}, orm.F("price").Mul("0.9")),
		orm.When(orm.Q{"name": orm.Lower("name")}, orm.F("price").Sub(1)),
		orm.Default("price"))})
	prices, _ := orm.ValuesListFlat[decimal.Decimal](ctx, products.OrderBy("name"), "price")
	fmt.Println(prices, err)
	// Output:
	// [atlas Bookmark Chess Go] <nil>
	// no match: 0 <nil>
	// 129.5 1 <nil>
	// [2 108 9.5 24] <nil>
}

// Exists, Subquery and OuterRef: categories that have a product over 100,
// and products that are the dearest of their category.
func ExampleExists() {
	ctx := context.Background()
	cats, products, done, err := exampleShop(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer done()

	// EXISTS (SELECT 1 FROM product U0 WHERE U0.category_id = category.id AND U0.price > 100)
	dear := products.Filter(orm.Q{"category": orm.OuterRef("pk"), "price__gt": 100})
	withDear, err := orm.ValuesListFlat[string](ctx, cats.Filter(orm.Exists(dear)), "name")
	fmt.Println(withDear, err)
	without, err := orm.ValuesListFlat[string](ctx, cats.Exclude(orm.Exists(dear)), "name")
	fmt.Println(without, err)

	// price = (SELECT U0.price ... ORDER BY U0.price DESC LIMIT 1)
	top := products.Filter(orm.Q{"category": orm.OuterRef("category")}).OrderBy("-price").Limit(1).ValuesList("price")
	dearest, err := orm.ValuesListFlat[string](ctx, products.Filter(orm.Q{"price": orm.Subquery(top)}).OrderBy("name"), "name")
	fmt.Println(dearest, err)

	// category_id IN (SELECT U0.id FROM category U0 WHERE ...)
	games := cats.Filter(orm.Q{"name__startswith": "G"}).ValuesList("id")
	n, err := products.Filter(orm.Q{"category__in": orm.Subquery(games)}).Count(ctx)
	fmt.Println(n, err)
	// Output:
	// [Games] <nil>
	// [Books] <nil>
	// [Chess atlas] <nil>
	// 2 <nil>
}
