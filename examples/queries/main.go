// Command queries is the "Query Execution" section of Python SQLORM's documentation, in Go:
// QuerySet methods, chaining, aggregation, values, Q and F expressions,
// every lookup of its reference table, and the query side of its
// "Performance Considerations" (only/defer, bulk work, update, iterator) —
// on SQLite, so no server is needed.
//
//	go run ./examples/queries            # uses ./queries.db
//	go run ./examples/queries -db /tmp/q.db -debug
//
// With -debug the database is opened with debug=true and every statement
// is logged to standard error.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	_ "github.com/sqlorm/sqlorm/driver" // registers the "sqlorm" driver
	"github.com/sqlorm/sqlorm/examples/internal/exampledb"
	"github.com/sqlorm/sqlorm/orm"
)

// Category and Product are Python SQLORM's models, with the fields its query
// examples use (sale and regular prices, in_stock).
type Category struct {
	orm.Model
	Name string `orm:"max_length=100"`
}

type Product struct {
	orm.Model
	Name         string           `orm:"max_length=200,db_index"`
	Description  *string          `orm:"null,blank"`
	Price        decimal.Decimal  `orm:"max_digits=10,decimal_places=2,default=0"`
	SalePrice    decimal.Decimal  `orm:"max_digits=10,decimal_places=2,default=0"`
	RegularPrice decimal.Decimal  `orm:"max_digits=10,decimal_places=2,default=0"`
	Status       string           `orm:"max_length=20,choices=draft|published|sale,default=draft"`
	InStock      bool             `orm:"default=true"`
	Category     orm.FK[Category] `orm:"on_delete=cascade,related_name=products,null"`
	CreatedAt    time.Time        `orm:"auto_now_add"`
}

func main() {
	path := flag.String("db", "queries.db", "SQLite database file (recreated)")
	debug := flag.Bool("debug", false, "log every statement to standard error")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *path, *debug); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, out io.Writer, path string, debug bool) error {
	if err := exampledb.Reset(path); err != nil {
		return err
	}
	// The SQLite settings README recommends for the ORM: foreign keys (on
	// delete), BEGIN IMMEDIATE, WAL.
	url := "sqlite:" + path + "?_fk=1&_txlock=immediate&_journal_mode=WAL"
	if debug {
		url += "&debug=true"
	}
	db, err := sql.Open("sqlorm", url)
	if err != nil {
		return err
	}
	defer db.Close()
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }

	if err := orm.Migrate[Category](ctx, db); err != nil {
		return err
	}
	if err := orm.Migrate[Product](ctx, db); err != nil {
		return err
	}
	categories := orm.Objects[Category](db)
	products := orm.Objects[Product](db) // Product.objects

	electronics := &Category{Name: "Electronics"}
	books := &Category{Name: "Books"}
	for _, c := range []*Category{electronics, books} {
		if err := categories.Create(ctx, c); err != nil {
			return err
		}
	}
	dec := decimal.RequireFromString
	desc := func(s string) *string { return &s }
	for _, pr := range []*Product{
		{Name: "Laptop", Price: dec("1200.00"), SalePrice: dec("999.00"), RegularPrice: dec("1200.00"), Status: "published", Category: orm.Ref[Category](electronics.ID), Description: desc("A fast laptop")},
		{Name: "Phone", Price: dec("650.00"), SalePrice: dec("650.00"), RegularPrice: dec("650.00"), Status: "sale", Category: orm.Ref[Category](electronics.ID)},
		{Name: "Cable", Price: dec("9.99"), SalePrice: dec("7.50"), RegularPrice: dec("9.99"), Status: "published", Category: orm.Ref[Category](electronics.ID), InStock: false},
		{Name: "Go Book", Price: dec("45.00"), SalePrice: dec("45.00"), RegularPrice: dec("45.00"), Status: "draft", Category: orm.Ref[Category](books.ID), Description: desc("100% Go, 0% fluff")},
		{Name: "Sticker", Price: dec("2.00"), SalePrice: dec("1.00"), RegularPrice: dec("2.00"), Status: "sale"},
	} {
		if err := products.Create(ctx, pr); err != nil {
			return err
		}
	}
	// Create fills a zero field that has a default with it (InStock:
	// false is "not given"); an Update writes the false.
	if _, err := products.Filter(orm.Q{"name": "Cable"}).Update(ctx, orm.Set{"in_stock": false}); err != nil {
		return err
	}
	names := func(ps []Product) string {
		var s []string
		for _, x := range ps {
			s = append(s, x.Name)
		}
		return strings.Join(s, ", ")
	}
	list := func(label string, qs *orm.QuerySet[Product]) error {
		ps, err := qs.All(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		p("%-44s %s", label+":", names(ps))
		return nil
	}
	byName := products.OrderBy("name")

	// Basic retrieval.
	p("-- Basic retrieval")
	if err := list("Product.objects.all()", byName); err != nil {
		return err
	}
	one, err := products.Get(ctx, orm.Q{"id": 1})
	if err != nil {
		return err
	}
	p("%-44s %s", "Product.objects.get(id=1):", one.Name)
	_, err = products.Get(ctx, orm.Q{"id": 99})
	p("%-44s DoesNotExist=%v", "Product.objects.get(id=99):", errors.Is(err, orm.ErrDoesNotExist))
	if err := list("filter(price__gt=100)", byName.Filter(orm.Q{"price__gt": 100})); err != nil {
		return err
	}
	if err := list("exclude(status='draft')", byName.Exclude(orm.Q{"status": "draft"})); err != nil {
		return err
	}

	// Chaining.
	p("-- Chaining")
	chained := products.Filter(orm.Q{"category__name": "Electronics"}).
		Exclude(orm.Q{"price__lt": 50}).
		OrderBy("-created_at", "-id")
	if err := list("filter(category__name=...).exclude(...).order_by(...)", chained); err != nil {
		return err
	}
	if q, args, err := chained.SQL(); err == nil {
		p("   SQL: %s  args=%v", q, args)
	}

	// Aggregation.
	p("-- Aggregation")
	stats, err := products.Aggregate(ctx,
		orm.Sum("price").As("total"), orm.Avg("price").As("average"), orm.Count("id").As("count"))
	if err != nil {
		return err
	}
	p("total=%s average=%s count=%d", stats["total"].(decimal.Decimal).StringFixed(2),
		stats["average"].(decimal.Decimal).StringFixed(2), stats["count"])
	// Annotation with a reverse relation (Count("orders")) and HAVING come
	// with the relations work; an aggregate per filtered set works today:
	n, err := products.Filter(orm.Q{"category__name": "Electronics"}).Count(ctx)
	if err != nil {
		return err
	}
	p("electronics: %d products", n)

	// Values.
	p("-- Values")
	vals, err := products.OrderBy("name").Limit(2).Values("name", "price").All(ctx)
	if err != nil {
		return err
	}
	for _, v := range vals {
		p("values('name', 'price'): name=%v price=%v", v["name"], v["price"])
	}
	flat, err := orm.ValuesListFlat[string](ctx, products.OrderBy("name"), "name")
	if err != nil {
		return err
	}
	p("values_list('name', flat=True): %v", flat)

	// Q and F.
	p("-- Q and F")
	if err := list("Q(price__lt=100) | Q(status='sale')", byName.Filter(orm.Or(orm.Q{"price__lt": 100}, orm.Q{"status": "sale"}))); err != nil {
		return err
	}
	if err := list("~Q(status='draft')", byName.Filter(orm.Not(orm.Q{"status": "draft"}))); err != nil {
		return err
	}
	if err := list("(Q(...) | Q(...)) & Q(in_stock=True)", byName.Filter(orm.And(orm.Or(orm.Q{"price__lt": 100}, orm.Q{"status": "sale"}), orm.Q{"in_stock": true}))); err != nil {
		return err
	}
	if err := list("sale_price__lt=F('regular_price')", byName.Filter(orm.Q{"sale_price__lt": orm.F("regular_price")})); err != nil {
		return err
	}
	err = orm.Atomic(ctx, db, func(ctx context.Context) error {
		n, err := products.Filter(orm.AllRows()).Update(ctx, orm.Set{"price": orm.F("price").Mul(decimal.RequireFromString("1.1"))})
		if err != nil {
			return err
		}
		laptop, err := products.Get(ctx, orm.Q{"name": "Laptop"})
		if err != nil {
			return err
		}
		p("update(price=F('price') * 1.1): %d rows, Laptop now %s (rolled back)", n, laptop.Price.StringFixed(2))
		return orm.SetRollback(ctx, true)
	})
	if err != nil {
		return err
	}

	// Lookups reference.
	p("-- Lookups")
	now := time.Now().UTC()
	for _, l := range []struct {
		key   string
		value any
		label string
	}{
		{"name__exact", "Phone", ""},
		{"name__iexact", "phone", ""},
		{"name__contains", "Book", ""},
		{"name__icontains", "book", ""},
		{"id__in", []int{1, 2, 3}, ""},
		{"price__gt", 100, ""},
		{"price__gte", 45, ""},
		{"price__lt", 100, ""},
		{"price__lte", "9.99", ""},
		{"price__range", []int{10, 1000}, ""},
		{"category__isnull", true, ""},
		{"name__startswith", "Pho", ""},
		{"name__endswith", "ble", ""},
		{"created_at__year", now.Year(), "created_at__year=<this year>"},
		{"created_at__month", int(now.Month()), "created_at__month=<this month>"},
		{"description__contains", "100%", ""},
	} {
		label := l.label
		if label == "" {
			label = fmt.Sprintf("%s=%v", l.key, l.value)
		}
		if err := list(label, byName.Filter(orm.Q{l.key: l.value})); err != nil {
			return err
		}
	}
	_, err = products.Filter(orm.Q{"name__like": "x"}).All(ctx)
	p("unknown lookup is an error naming the choices: %v", errors.Is(err, orm.ErrInvalidQuery))

	// Performance: only/defer, bulk work, update, iterator.
	p("-- Performance")
	light, err := products.OrderBy("name").Only("name", "price").First(ctx)
	if err != nil {
		return err
	}
	p("only('name', 'price'): %s %s (description not loaded: %v)", light.Name, light.Price.StringFixed(2), light.Description == nil)
	deferred, err := products.OrderBy("name").Defer("description").Last(ctx)
	if err != nil {
		return err
	}
	p("defer('description'): %s", deferred.Name)
	batch := make([]Product, 1000)
	for i := range batch {
		batch[i] = Product{Name: fmt.Sprintf("Bulk %04d", i), Price: decimal.NewFromInt(int64(i % 10))}
	}
	if err := products.BulkCreate(ctx, batch, orm.BatchSize(250)); err != nil {
		return err
	}
	p("bulk_create(1000 products, batch_size=250): first id %d, last id %d", batch[0].ID, batch[999].ID)
	published, err := products.Filter(orm.Q{"status": "draft"}).Update(ctx, orm.Set{"status": "published"})
	if err != nil {
		return err
	}
	p("filter(status='draft').update(status='published'): %d rows", published)
	var seen int
	var sum decimal.Decimal
	for pr, err := range products.Filter(orm.Q{"name__startswith": "Bulk"}).OrderBy("id").Iterator(ctx, 1000) {
		if err != nil {
			return err
		}
		seen++
		sum = sum.Add(pr.Price)
	}
	p("iterator(chunk_size=1000): %d products, prices summing to %s", seen, sum.StringFixed(2))
	return nil
}
