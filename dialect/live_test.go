package dialect_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
)

// TestLive runs the generated DDL and the error classification against
// real databases: SQLite always (a go-sqlite3 file with foreign keys on),
// PostgreSQL and MySQL/MariaDB when testenv has their URLs. Each run gets a
// fresh database of its own.
func TestLive(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.OpenDirect(t)
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		if string(d.Name()) != b.Name {
			t.Fatalf("Detect says %s on the %s backend", d.Name(), b.Name)
		}
		l := live{t: t, ctx: ctx, db: db, d: d}

		if n := l.tableCount("catalog_item"); n != 0 {
			t.Fatalf("TableExists before CreateTable = %d", n)
		}
		// Idempotent: the second run changes nothing and does not fail.
		for range 2 {
			for _, tbl := range []dialect.Table{ownerTable(), categoryTable(), itemTable()} {
				stmts, err := d.CreateTable(tbl)
				if err != nil {
					t.Fatal(err)
				}
				l.exec(stmts...)
			}
		}
		if n := l.tableCount("catalog_item"); n != 1 {
			t.Fatalf("TableExists after CreateTable = %d", n)
		}
		if n := l.tableCount("no_such_table"); n != 0 {
			t.Fatalf("TableExists of a missing table = %d", n)
		}

		l.mustInsert("owner", row{"id": 1, "name": "o"})
		l.mustInsert("category", row{"id": 1, "title": "c"})
		good := func() row {
			return row{"pint": 1, "name": "a", "created": time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "uid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "owner_id": 1}
		}
		l.mustInsert("catalog_item", good())

		// Defaults went in as the literals they were meant to be.
		var note, status, meta string
		q := "SELECT " + l.q("note") + ", " + l.q("status") + ", " + l.q("meta") + " FROM " + l.q("catalog_item")
		if err := db.QueryRowContext(ctx, q).Scan(&note, &status, &meta); err != nil {
			t.Fatal(err)
		}
		if note != `it's a \ test` || status != "draft" || meta != "{}" {
			t.Errorf("defaults read back as note=%q status=%q meta=%q", note, status, meta)
		}
		// Running CreateTable again with rows in place is still harmless.
		stmts, _ := d.CreateTable(itemTable())
		l.exec(stmts...)

		type violation struct {
			name       string
			table      string
			row        row
			want       dialect.Violation
			constraint map[dialect.Name]string
		}
		with := func(changes row) row {
			r := good()
			r["name"], r["uid"] = "b", "6ba7b810-9dad-11d1-80b4-00c04fd430c9"
			for k, v := range changes {
				r[k] = v
			}
			return r
		}
		violations := []violation{
			{"unique column", "catalog_item", with(row{"name": "a"}), dialect.UniqueViolation,
				map[dialect.Name]string{dialect.Postgres: "catalog_item_name_uniq", dialect.MySQL: "catalog_item_name_uniq"}},
			{"primary key", "owner", row{"id": 1, "name": "again"}, dialect.UniqueViolation, nil},
			{"unique index", "catalog_item", with(row{"uid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}), dialect.UniqueViolation,
				map[dialect.Name]string{dialect.Postgres: "catalog_item_uid_uniq", dialect.MySQL: "catalog_item_uid_uniq"}},
			{"foreign key", "catalog_item", with(row{"owner_id": 999}), dialect.ForeignKeyViolation,
				map[dialect.Name]string{dialect.Postgres: "item_owner_fk", dialect.MySQL: "item_owner_fk"}},
			{"not null", "catalog_item", with(row{"pint": nil}), dialect.NotNullViolation, nil},
			{"choices", "catalog_item", with(row{"status": "bogus"}), dialect.CheckViolation,
				map[dialect.Name]string{dialect.Postgres: "catalog_item_status_check", dialect.MySQL: "catalog_item_status_check", dialect.SQLite: "catalog_item_status_check"}},
		}
		if d.Name() != dialect.MySQL { // MySQL's UNSIGNED rejects -1 before the CHECK runs
			violations = append(violations, violation{"positive", "catalog_item", with(row{"pbig": -1}), dialect.CheckViolation,
				map[dialect.Name]string{dialect.Postgres: "catalog_item_pbig_check", dialect.SQLite: "catalog_item_pbig_check"}})
		}
		if d.Name() != dialect.Postgres { // jsonb rejects bad JSON as a type error, not a constraint
			violations = append(violations, violation{"json", "catalog_item", with(row{"meta": "{not json"}), dialect.CheckViolation, nil})
		}
		for _, v := range violations {
			t.Run(v.name, func(t *testing.T) {
				err := l.insert(v.table, v.row)
				var ce *dialect.ConstraintError
				if !errors.As(err, &ce) {
					t.Fatalf("got %v (%T), want a *ConstraintError", err, errors.Unwrap(err))
				}
				if ce.Violation != v.want {
					t.Errorf("violation %v, want %v (%v)", ce.Violation, v.want, err)
				}
				if want, ok := v.constraint[d.Name()]; ok && ce.Constraint != want {
					t.Errorf("constraint %q, want %q (%v)", ce.Constraint, want, err)
				}
				// PostgreSQL reports the table and column of a NOT NULL
				// violation; SQLite's message names them.
				if v.want == dialect.NotNullViolation && d.Name() != dialect.MySQL && (ce.Table != "catalog_item" || ce.Column != "pint") {
					t.Errorf("table %q column %q, want catalog_item.pint (%v)", ce.Table, ce.Column, err)
				}
			})
		}
		if err := l.insert("catalog_item", with(row{"status": "published"})); err != nil {
			t.Fatalf("a valid row after the violations: %v", err)
		}

		// AddColumn, and its CHECK is enforced.
		add, err := d.AddColumn("catalog_item", dialect.Column{Name: "extra", Kind: dialect.KindChar, Length: 10, Default: "x", Choices: []string{"x", "y"}})
		if err != nil {
			t.Fatal(err)
		}
		l.exec(add)
		if err := l.insert("catalog_item", with(row{"name": "c", "uid": "6ba7b810-9dad-11d1-80b4-00c04fd430ca", "extra": "z"})); !errors.Is(err, dialect.ErrCheckViolation) {
			t.Errorf("added column's choices: got %v, want a check violation", err)
		}
		idx, err := d.CreateIndex("catalog_item", dialect.Index{Columns: []string{"extra", "status"}})
		if err != nil {
			t.Fatal(err)
		}
		l.exec(idx, idx)

		// Savepoints.
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = tx.Rollback() }()
		sp, _ := d.Savepoint("sp_1")
		rb, _ := d.RollbackToSavepoint("sp_1")
		rel, _ := d.ReleaseSavepoint("sp_1")
		ins := func(id int) {
			t.Helper()
			query, args := l.insertSQL("owner", row{"id": id, "name": "tx"})
			if _, err := tx.ExecContext(ctx, query, args...); err != nil {
				t.Fatal(err)
			}
		}
		ins(2)
		if _, err := tx.ExecContext(ctx, sp); err != nil {
			t.Fatal(err)
		}
		ins(3)
		if _, err := tx.ExecContext(ctx, rb); err != nil {
			t.Fatal(err)
		}
		if rel != "" {
			if _, err := tx.ExecContext(ctx, rel); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		var owners int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+l.q("owner")).Scan(&owners); err != nil {
			t.Fatal(err)
		}
		if owners != 2 {
			t.Errorf("%d owners after rolling back to the savepoint, want 2", owners)
		}

		drop, err := d.DropTable("catalog_item")
		if err != nil {
			t.Fatal(err)
		}
		l.exec(drop, drop)
		if n := l.tableCount("catalog_item"); n != 0 {
			t.Errorf("TableExists after DropTable = %d", n)
		}
	})
}

type row map[string]any

// live bundles what the live test's helpers need.
type live struct {
	t   *testing.T
	ctx context.Context
	db  *sql.DB
	d   dialect.Dialect
}

func (l live) q(name string) string {
	s, err := l.d.Quote(name)
	if err != nil {
		l.t.Fatal(err)
	}
	return s
}

func (l live) exec(stmts ...string) {
	l.t.Helper()
	for _, s := range stmts {
		if _, err := l.db.ExecContext(l.ctx, s); err != nil {
			l.t.Fatalf("%v\n%s", err, s)
		}
	}
}

func (l live) tableCount(table string) int {
	l.t.Helper()
	q, args := l.d.TableExists(table)
	var n int
	if err := l.db.QueryRowContext(l.ctx, q, args...).Scan(&n); err != nil {
		l.t.Fatalf("%v\n%s", err, q)
	}
	return n
}

// insertSQL builds INSERT INTO table (cols) VALUES (placeholders) with the
// columns in a fixed order.
func (l live) insertSQL(table string, r row) (string, []any) {
	b := []byte("INSERT INTO ")
	b = l.d.AppendQuote(b, table)
	b = append(b, " ("...)
	var args []any
	i := 0
	for _, col := range []string{"id", "name", "title", "pint", "pbig", "status", "created", "uid", "meta", "owner_id", "extra"} {
		v, ok := r[col]
		if !ok {
			continue
		}
		if i > 0 {
			b = append(b, ", "...)
		}
		b = l.d.AppendQuote(b, col)
		args = append(args, v)
		i++
	}
	if len(args) != len(r) {
		l.t.Fatalf("insertSQL: row %v has a column the helper does not list", r)
	}
	b = append(b, ") VALUES ("...)
	for i := range args {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = l.d.AppendPlaceholder(b, i+1)
	}
	b = append(b, ')')
	return string(b), args
}

func (l live) insert(table string, r row) error {
	q, args := l.insertSQL(table, r)
	_, err := l.db.ExecContext(l.ctx, q, args...)
	return l.d.ClassifyError(err)
}

func (l live) mustInsert(table string, r row) {
	l.t.Helper()
	if err := l.insert(table, r); err != nil {
		l.t.Fatal(err)
	}
}
