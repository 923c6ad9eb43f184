package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
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

// TestRunsTwice runs the example twice on the same file, as a reader
// running it again would: the second run must succeed and print the same.
func TestRunsTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "transactions.db")
	var outs [2]string
	for i := range outs {
		var out strings.Builder
		if err := run(context.Background(), &out, path); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		outs[i] = out.String()
	}
	if outs[0] != outs[1] {
		t.Fatalf("the second run printed\n%s\nthe first\n%s", outs[1], outs[0])
	}
}
