package introspect_test

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/chinook"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
)

// chinookColumns are the columns of every Chinook table in table order,
// the primary key first.
var chinookColumns = map[string][]string{
	"album":          {"album_id", "title", "artist_id"},
	"artist":         {"artist_id", "name"},
	"customer":       {"customer_id", "first_name", "last_name", "company", "address", "city", "state", "country", "postal_code", "phone", "fax", "email", "support_rep_id"},
	"employee":       {"employee_id", "last_name", "first_name", "title", "reports_to", "birth_date", "hire_date", "address", "city", "state", "country", "postal_code", "phone", "fax", "email"},
	"genre":          {"genre_id", "name"},
	"invoice":        {"invoice_id", "customer_id", "invoice_date", "billing_address", "billing_city", "billing_state", "billing_country", "billing_postal_code", "total"},
	"invoice_line":   {"invoice_line_id", "invoice_id", "track_id", "unit_price", "quantity"},
	"media_type":     {"media_type_id", "name"},
	"playlist":       {"playlist_id", "name"},
	"playlist_track": {"playlist_id", "track_id"},
	"track":          {"track_id", "name", "album_id", "media_type_id", "genre_id", "composer", "milliseconds", "bytes", "unit_price"},
}

// chinookFKs are Chinook's foreign keys as (table, column, referenced
// table, referenced column); every one is ON DELETE NO ACTION.
var chinookFKs = map[string][][3]string{
	"album":          {{"artist_id", "artist", "artist_id"}},
	"customer":       {{"support_rep_id", "employee", "employee_id"}},
	"employee":       {{"reports_to", "employee", "employee_id"}},
	"invoice":        {{"customer_id", "customer", "customer_id"}},
	"invoice_line":   {{"invoice_id", "invoice", "invoice_id"}, {"track_id", "track", "track_id"}},
	"playlist_track": {{"playlist_id", "playlist", "playlist_id"}, {"track_id", "track", "track_id"}},
	"track":          {{"album_id", "album", "album_id"}, {"genre_id", "genre", "genre_id"}, {"media_type_id", "media_type", "media_type_id"}},
}

// TestChinook reads the Chinook sample database, loaded from its upstream
// script for each backend, and finds the same tables, columns, primary
// keys, foreign keys and a few column types everywhere.
func TestChinook(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := chinook.Load(t, b).OpenDirect(t)

		tables, err := introspect.Tables(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		want := append([]string(nil), chinook.Tables...)
		sort.Strings(want)
		if !reflect.DeepEqual(tables, want) {
			t.Fatalf("Tables = %q, want %q", tables, want)
		}

		for _, table := range want {
			t.Run(table, func(t *testing.T) {
				tb, err := introspect.Table(ctx, db, table)
				if err != nil {
					t.Fatal(err)
				}
				var names, pk []string
				for _, c := range tb.Columns {
					names = append(names, c.Name)
					if c.Primary {
						pk = append(pk, c.Name)
					}
				}
				if !reflect.DeepEqual(names, chinookColumns[table]) {
					t.Errorf("columns = %q, want %q", names, chinookColumns[table])
				}
				wantPK := chinookColumns[table][:1]
				if table == "playlist_track" {
					wantPK = chinookColumns[table]
				}
				if !reflect.DeepEqual(pk, wantPK) {
					t.Errorf("primary key = %q, want %q", pk, wantPK)
				}
				var fks [][3]string
				for _, fk := range tb.ForeignKeys {
					if len(fk.Columns) != 1 || len(fk.RefColumns) != 1 || fk.OnDelete != "NO ACTION" {
						t.Errorf("foreign key %+v; want one column, ON DELETE NO ACTION", fk)
						continue
					}
					fks = append(fks, [3]string{fk.Columns[0], fk.RefTable, fk.RefColumns[0]})
				}
				if !reflect.DeepEqual(fks, chinookFKs[table]) {
					t.Errorf("foreign keys = %q, want %q", fks, chinookFKs[table])
				}
				// Every foreign key column is indexed, by an explicit
				// CREATE INDEX (PostgreSQL, MySQL) or not at all (SQLite's
				// script has none).
				idx, err := introspect.Indexes(ctx, db, table)
				if err != nil {
					t.Fatal(err)
				}
				if b.Name != testenv.SQLite && len(idx) != len(chinookFKs[table]) {
					t.Errorf("indexes = %+v; want one per foreign key", idx)
				}
			})
		}

		cols, err := introspect.Columns(ctx, db, "invoice")
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]dialect.Column{}
		for _, c := range cols {
			kinds[c.Name] = c.Neutral
		}
		if c := kinds["total"]; c.Kind != dialect.KindDecimal || c.Precision != 10 || c.Scale != 2 || c.Null {
			t.Errorf("invoice.total = %+v; want a NOT NULL DecimalField(10, 2)", c)
		}
		if c := kinds["billing_city"]; c.Kind != dialect.KindChar || c.Length != 40 || !c.Null {
			t.Errorf("invoice.billing_city = %+v; want a nullable CharField(40)", c)
		}
		if c := kinds["invoice_date"]; c.Kind != dialect.KindDateTime && c.Kind != dialect.KindDate {
			t.Errorf("invoice.invoice_date = %+v; want a date or datetime", c)
		}
	})
}
