package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/examples/internal/exampledb"
)

func TestQuickstart(t *testing.T) {
	var out, logs strings.Builder
	if err := run(context.Background(), &out, &logs, filepath.Join(t.TempDir(), "quickstart.db")); err != nil {
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
	// The driver's debug log has every statement: the CREATE TABLEs, the
	// INSERTs, the SELECTs, the UPDATE and the DELETE.
	for _, stmt := range []string{`sql="CREATE TABLE`, `sql="INSERT INTO \"product\"`, `sql="SELECT `, `sql="UPDATE \"product\"`, `sql="DELETE FROM \"product\"`} {
		if !strings.Contains(logs.String(), stmt) {
			t.Errorf("debug log lacks %s:\n%s", stmt, logs.String())
		}
	}
}

// TestRunsTwice: a second run on the same file succeeds and prints the same.
func TestRunsTwice(t *testing.T) {
	exampledb.RunsTwice(t, "quickstart.db", func(out io.Writer, path string) error {
		return run(context.Background(), out, io.Discard, path)
	})
}
