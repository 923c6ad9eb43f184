package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/examples/internal/exampledb"
)

func TestTransactions(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, filepath.Join(t.TempDir(), "transactions.db")); err != nil {
		t.Fatal(err)
	}
	want := `automatic: 1 product, price 99.99
manual: 2 products after the commit
rolled back: true, 2 products
savepoint: Product 1 exists true, Product 2 exists false
nested: inner block failed with a unique violation: true
nested: 4 products
on commit: before the commit
on commit: announce Thingamajig
retry: done in 1 attempt
raw: Migrated 2 verified users
raw: 2 users mapped, first a@example.com
ddl: rolled back true, role column exists false
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestRunsTwice: a second run on the same file succeeds and prints the same.
func TestRunsTwice(t *testing.T) {
	exampledb.RunsTwice(t, "transactions.db", func(out io.Writer, path string) error {
		return run(context.Background(), out, path)
	})
}
