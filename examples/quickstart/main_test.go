package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestQuickstart(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, filepath.Join(t.TempDir(), "quickstart.db")); err != nil {
		t.Fatal(err)
	}
	want := `tables: my_model category product
product fields: [id created_at updated_at created_by updated_by name description price status category]
created MyModel id=1 name="hello"
created Product id=1 status=draft price=9.99 created_by=alice
got "Widget" in "Electronics"
saved: price=99.99 status=published created_by=alice updated_by=bob
invalid: sqlorm: Product is invalid: price: Price cannot exceed $10,000
published products: 1
after delete, DoesNotExist: true
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
