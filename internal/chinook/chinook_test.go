package chinook

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/sqlorm/sqlorm/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestSameSchemaAndData loads Chinook on every backend and checks that the
// tables, columns and row counts are the same everywhere, with the counts
// of upstream Chinook 1.4.5.
func TestSameSchemaAndData(t *testing.T) {
	want := map[string]int{"artist": 275, "album": 347, "employee": 8, "customer": 59, "genre": 25, "invoice": 412, "invoice_line": 2240, "media_type": 5, "playlist": 18, "playlist_track": 8715, "track": 3503}
	var first []string
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		d := Load(t, b)
		db := d.OpenDirect(t)
		ctx := context.Background()
		var shape []string
		for _, table := range Tables {
			var n int
			if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want[table] {
				t.Errorf("%s has %d rows, want %d", table, n, want[table])
			}
			rows, err := db.QueryContext(ctx, "SELECT * FROM "+table+" WHERE 1=0")
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			rows.Close()
			shape = append(shape, fmt.Sprint(table, cols))
		}
		if first == nil {
			first = shape
		} else if !reflect.DeepEqual(shape, first) {
			t.Fatalf("%s schema differs:\n%v\nvs\n%v", b.Name, shape, first)
		}
	})
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"basic", "A; B;", []string{"A", "B"}},
		{"semicolon in string", "INSERT INTO t VALUES ('a;b', 'it''s'); X", []string{"INSERT INTO t VALUES ('a;b', 'it''s')", "X"}},
		{"comments", "-- c;\nA /* ; */; B", []string{"A", "B"}},
		{"brackets and backticks", "SELECT [a;b], `c;d`", []string{"SELECT [a;b], `c;d`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Split(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Split(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSnakeCamel(t *testing.T) {
	for camel, snake := range map[string]string{"InvoiceLineId": "invoice_line_id", "Album": "album", "MediaTypeId": "media_type_id", "BillingPostalCode": "billing_postal_code"} {
		if got := Snake(camel); got != snake {
			t.Errorf("Snake(%q) = %q", camel, got)
		}
		if got := Camel(snake); got != camel {
			t.Errorf("Camel(%q) = %q", snake, got)
		}
	}
}
