package orm_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// TestRawSQL: ExecuteRawSQL, ExecuteRawSQLMaps, Exec and Raw[T] on every
// backend through the sqlorm driver: values, statements without rows,
// mapping onto a model by column name, unknown columns, the transaction in
// the context, classified errors, and Rebind's output run for real.
func TestRawSQL(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		e := newTxEnv(t, b)
		d, _ := dialectOf(t, b)
		bg := context.Background()
		q := func(s string) string { return rebind(e, s) }
		seed := func(t *testing.T) {
			t.Helper()
			e.reset(t)
			for _, n := range []string{"Tintin", "Haddock", "Calculus"} {
				e.mustCreate(t, bg, n)
			}
		}
		tests := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"ExecuteRawSQL rows and values", func(t *testing.T) {
				seed(t)
				rows, err := orm.ExecuteRawSQL(bg, e.db, q("SELECT name, id, NULL FROM tx_note WHERE name <> ? ORDER BY name"), "Haddock")
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != 2 || rows[0][0] != "Calculus" || rows[1][0] != "Tintin" || rows[0][2] != nil {
					t.Fatalf("rows %#v", rows)
				}
				if _, ok := rows[0][1].(int64); !ok {
					t.Fatalf("id is %T, want int64", rows[0][1])
				}
			}},
			{"ExecuteRawSQL count (Python SQLORM's example)", func(t *testing.T) {
				seed(t)
				rows, err := orm.ExecuteRawSQL(bg, e.db, "SELECT COUNT(*) FROM tx_note")
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != 1 || rows[0][0] != int64(3) {
					t.Fatalf("rows %#v, want [[3]]", rows)
				}
			}},
			{"ExecuteRawSQL statement without rows", func(t *testing.T) {
				seed(t)
				rows, err := orm.ExecuteRawSQL(bg, e.db, q("UPDATE tx_note SET name = ? WHERE name = ?"), "Nestor", "Haddock")
				if err != nil || len(rows) != 0 {
					t.Fatalf("rows %#v, err %v", rows, err)
				}
				if got := e.names(t, bg); !slices.Equal(got, []string{"Calculus", "Nestor", "Tintin"}) {
					t.Fatalf("names %q", got)
				}
			}},
			{"ExecuteRawSQL bytes stay bytes only for binary columns", func(t *testing.T) {
				blob := "CAST(? AS BLOB)"
				switch b.Name {
				case testenv.Postgres:
					blob = "CAST(? AS bytea)"
				case testenv.MySQL:
					blob = "CAST(? AS BINARY)"
				}
				rows, err := orm.ExecuteRawSQL(bg, e.db, q("SELECT name, "+blob+" FROM tx_note ORDER BY name"), []byte("ab"))
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := rows[0][0].(string); !ok {
					t.Errorf("text column is %T", rows[0][0])
				}
				if v, ok := rows[0][1].([]byte); !ok || string(v) != "ab" {
					t.Errorf("binary column is %T %v", rows[0][1], rows[0][1])
				}
			}},
			{"ExecuteRawSQLMaps", func(t *testing.T) {
				seed(t)
				rows, err := orm.ExecuteRawSQLMaps(bg, e.db, q("SELECT id, name AS who FROM tx_note WHERE name = ?"), "Tintin")
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != 1 || rows[0]["who"] != "Tintin" || rows[0]["id"] == nil {
					t.Fatalf("rows %#v", rows)
				}
			}},
			{"Exec rows affected", func(t *testing.T) {
				seed(t)
				res, err := orm.Exec(bg, e.db, q("DELETE FROM tx_note WHERE name <> ?"), "Tintin")
				if err != nil {
					t.Fatal(err)
				}
				if n, err := res.RowsAffected(); err != nil || n != 2 {
					t.Fatalf("RowsAffected %d, %v", n, err)
				}
			}},
			{"errors are classified", func(t *testing.T) {
				seed(t)
				_, err := orm.Exec(bg, e.db, q("INSERT INTO tx_note (name) VALUES (?)"), "Tintin")
				wantErr(t, "Exec", err, orm.ErrUniqueViolation)
				_, err = orm.ExecuteRawSQL(bg, e.db, q("INSERT INTO tx_note (name) VALUES (?)"), "Tintin")
				wantErr(t, "ExecuteRawSQL", err, orm.ErrUniqueViolation)
			}},
			{"Raw maps columns onto the model", func(t *testing.T) {
				seed(t)
				notes, err := orm.Raw[TxNote](e.db, "SELECT * FROM tx_note ORDER BY name").All(bg)
				if err != nil {
					t.Fatal(err)
				}
				if len(notes) != 3 || notes[0].Name != "Calculus" || notes[0].ID == 0 {
					t.Fatalf("notes %+v", notes)
				}
			}},
			{"Raw leaves missing columns zero", func(t *testing.T) {
				seed(t)
				notes, err := orm.Raw[TxNote](e.db, q("SELECT name FROM tx_note WHERE name = ?"), "Tintin").All(bg)
				if err != nil {
					t.Fatal(err)
				}
				if len(notes) != 1 || notes[0].Name != "Tintin" || notes[0].ID != 0 {
					t.Fatalf("notes %+v", notes)
				}
			}},
			{"Raw matches column names ignoring case", func(t *testing.T) {
				seed(t)
				upper, _ := d.Quote("NAME")
				notes, err := orm.Raw[TxNote](e.db, "SELECT name AS "+upper+" FROM tx_note ORDER BY name").All(bg)
				if err != nil {
					t.Fatal(err)
				}
				if len(notes) != 3 || notes[2].Name != "Tintin" {
					t.Fatalf("notes %+v", notes)
				}
			}},
			{"Raw rejects unknown columns unless ignored", func(t *testing.T) {
				seed(t)
				query := "SELECT id, name, 42 AS extra FROM tx_note ORDER BY name"
				_, err := orm.Raw[TxNote](e.db, query).All(bg)
				if !errors.Is(err, orm.ErrInvalidQuery) || !strings.Contains(err.Error(), `"extra"`) {
					t.Fatalf("All = %v, want an ErrInvalidQuery naming the column", err)
				}
				notes, err := orm.Raw[TxNote](e.db, query).IgnoreUnknownColumns().All(bg)
				if err != nil || len(notes) != 3 {
					t.Fatalf("IgnoreUnknownColumns: %+v %v", notes, err)
				}
			}},
			{"Raw rejects two columns for one field", func(t *testing.T) {
				seed(t)
				_, err := orm.Raw[TxNote](e.db, "SELECT name, name FROM tx_note").All(bg)
				wantErr(t, "All", err, orm.ErrInvalidQuery)
			}},
			{"Raw Iterator stops early and releases the connection", func(t *testing.T) {
				seed(t)
				n := 0
				for note, err := range orm.Raw[TxNote](e.db, "SELECT * FROM tx_note ORDER BY name").Iterator(bg) {
					if err != nil {
						t.Fatal(err)
					}
					if n++; note.Name != "Calculus" || n > 1 {
						t.Fatalf("row %d: %+v", n, note)
					}
					break
				}
				if s := e.db.Stats(); s.InUse != 0 {
					t.Fatalf("%d connections still in use", s.InUse)
				}
			}},
			{"Raw Iterator yields the error", func(t *testing.T) {
				for _, err := range orm.Raw[TxNote](e.db, "SELECT no_such_col FROM tx_note").Iterator(bg) {
					if err == nil {
						t.Fatal("no error")
					}
				}
			}},
			{"raw SQL joins the transaction", func(t *testing.T) {
				seed(t)
				err := orm.Atomic(bg, e.db, func(ctx context.Context) error {
					if _, err := orm.Exec(ctx, e.db, q("INSERT INTO tx_note (name) VALUES (?)"), "Nestor"); err != nil {
						return err
					}
					rows, err := orm.ExecuteRawSQL(ctx, e.db, "SELECT COUNT(*) FROM tx_note")
					if err != nil {
						return err
					}
					notes, err := orm.Raw[TxNote](e.db, q("SELECT * FROM tx_note WHERE name = ?"), "Nestor").All(ctx)
					if err != nil {
						return err
					}
					if rows[0][0] != int64(4) || len(notes) != 1 {
						t.Errorf("inside the transaction: count %v, Raw %+v", rows[0][0], notes)
					}
					return errBoom
				})
				wantErr(t, "Atomic", err, errBoom)
				if got := e.names(t, bg); slices.Contains(got, "Nestor") {
					t.Fatalf("rolled back insert is visible: %q", got)
				}
			}},
			{"Rebind output runs", func(t *testing.T) {
				seed(t)
				query := q("SELECT name /* ? */ FROM tx_note WHERE name = ? AND '?' = '?' -- ?\n AND id > ?")
				rows, err := orm.ExecuteRawSQL(bg, e.db, query, "Tintin", 0)
				if err != nil || len(rows) != 1 || rows[0][0] != "Tintin" {
					t.Fatalf("%s: %v %v", query, rows, err)
				}
			}},
		}
		if b.Name == testenv.Postgres {
			tests = append(tests, struct {
				name string
				run  func(t *testing.T)
			}{"Rebind keeps jsonb ?, dollar quotes and E strings", func(t *testing.T) {
				query := q(`SELECT '{"a":1}'::jsonb ?? 'a', $$it's ?$$, E'\'?', CAST(? AS int)`)
				rows, err := orm.ExecuteRawSQL(bg, e.db, query, 5)
				if err != nil {
					t.Fatalf("%s: %v", query, err)
				}
				if r := rows[0]; r[0] != true || r[1] != "it's ?" || r[2] != "'?" || r[3] != int64(5) {
					t.Fatalf("%s: %#v", query, r)
				}
			}})
		}
		for _, tt := range tests {
			t.Run(tt.name, tt.run)
		}
	})
}
