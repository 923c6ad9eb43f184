package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/examples/internal/exampledb"
)

// TestQueries runs the example on a fresh SQLite file and checks its whole
// output: Python SQLORM's query section, each line the result of one QuerySet.
func TestQueries(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, filepath.Join(t.TempDir(), "queries.db"), false); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

const want = `-- Basic retrieval
Product.objects.all():                       Cable, Go Book, Laptop, Phone, Sticker
Product.objects.get(id=1):                   Laptop
Product.objects.get(id=99):                  DoesNotExist=true
filter(price__gt=100):                       Laptop, Phone
exclude(status='draft'):                     Cable, Laptop, Phone, Sticker
-- Chaining
filter(category__name=...).exclude(...).order_by(...): Phone, Laptop
   SQL: SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."sale_price", "product"."regular_price", "product"."status", "product"."in_stock", "product"."category_id", "product"."created_at" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "category"."name" = ? AND NOT ("product"."price" < ?) ORDER BY "product"."created_at" DESC, "product"."id" DESC  args=[Electronics 50]
-- Aggregation
total=1906.99 average=381.40 count=5
electronics: 3 products
-- Values
values('name', 'price'): name=Cable price=9.99
values('name', 'price'): name=Go Book price=45
values_list('name', flat=True): [Cable Go Book Laptop Phone Sticker]
-- Q and F
Q(price__lt=100) | Q(status='sale'):         Cable, Go Book, Phone, Sticker
~Q(status='draft'):                          Cable, Laptop, Phone, Sticker
(Q(...) | Q(...)) & Q(in_stock=True):        Go Book, Phone, Sticker
sale_price__lt=F('regular_price'):           Cable, Laptop, Sticker
update(price=F('price') * 1.1): 5 rows, Laptop now 1320.00 (rolled back)
-- Lookups
name__exact=Phone:                           Phone
name__iexact=phone:                          Phone
name__contains=Book:                         Go Book
name__icontains=book:                        Go Book
id__in=[1 2 3]:                              Cable, Laptop, Phone
price__gt=100:                               Laptop, Phone
price__gte=45:                               Go Book, Laptop, Phone
price__lt=100:                               Cable, Go Book, Sticker
price__lte=9.99:                             Cable, Sticker
price__range=[10 1000]:                      Go Book, Phone
category__isnull=true:                       Sticker
name__startswith=Pho:                        Phone
name__endswith=ble:                          Cable
created_at__year=<this year>:                Cable, Go Book, Laptop, Phone, Sticker
created_at__month=<this month>:              Cable, Go Book, Laptop, Phone, Sticker
description__contains=100%:                  Go Book
unknown lookup is an error naming the choices: true
-- Performance
only('name', 'price'): Cable 9.99 (description not loaded: true)
defer('description'): Sticker
bulk_create(1000 products, batch_size=250): first id 6, last id 1005
filter(status='draft').update(status='published'): 1001 rows
iterator(chunk_size=1000): 1000 products, prices summing to 4500.00
`

// TestRunsTwice: a second run on the same file succeeds and prints the same.
func TestRunsTwice(t *testing.T) {
	exampledb.RunsTwice(t, "queries.db", func(out io.Writer, path string) error {
		return run(context.Background(), out, path, false)
	})
}
