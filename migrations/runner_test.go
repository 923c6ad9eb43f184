package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/DATA-DOG/go-sqlmock"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/migrations"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// The test schema: authors, then an email column and two seeded rows.
func authorTable() dialect.Table {
	return dialect.Table{Name: "author", Columns: []dialect.Column{
		{Name: "id", Kind: dialect.KindBigInt, Primary: true},
		{Name: "name", Kind: dialect.KindChar, Length: 50},
	}}
}

func baseMigrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "0001_author", Ops: []migrations.Operation{
			migrations.CreateTable(authorTable()),
			migrations.AddIndex("author", dialect.Index{Columns: []string{"name"}}),
		}},
		{ID: "0002_email_and_seed", Ops: []migrations.Operation{
			migrations.AddField("author", dialect.Column{Name: "email", Kind: dialect.KindChar, Length: 100, Null: true}),
			migrations.RunGo("seed authors", seedAuthors),
		}},
	}
}

func seedAuthors(ctx context.Context, ex migrations.Executor) error {
	for i, name := range []string{"Ada", "Grace"} {
		// The statement is built per call so it uses the backend's own
		// placeholders; literal values keep it the same everywhere.
		if _, err := ex.ExecContext(ctx, fmt.Sprintf("INSERT INTO author (id, name, email) VALUES (%d, '%s', '%s@example.com')", i+1, name, strings.ToLower(name))); err != nil {
			return err
		}
	}
	return nil
}

// state is what a failed migration must leave unchanged: the table's
// columns and every row.
type state struct {
	columns []string
	rows    []string
}

var snapshots atomic.Int64

func snapshot(t *testing.T, db *sql.DB, table string) state {
	t.Helper()
	d, err := dialect.Detect(db)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := d.Quote(table)
	// A new SQL text each time: pgx caches prepared statements by text,
	// and a cached SELECT * fails once its table's columns change.
	n := snapshots.Add(1)
	rows, err := db.Query(fmt.Sprintf("SELECT * FROM %s ORDER BY 1 /* %d */", q, n))
	if err != nil {
		t.Fatalf("snapshot of %s: %v", table, err)
	}
	defer rows.Close()
	var s state
	if s.columns, err = rows.Columns(); err != nil {
		t.Fatal(err)
	}
	vals := make([]any, len(s.columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range vals {
			if x, ok := v.([]byte); ok {
				v = string(x)
			}
			fmt.Fprintf(&b, "%v|", v)
		}
		s.rows = append(s.rows, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for i := range s.columns {
		s.columns[i] = strings.ToLower(s.columns[i])
	}
	return s
}

func (s state) equal(o state) bool {
	return slices.Equal(s.columns, o.columns) && slices.Equal(s.rows, o.rows)
}

func tableExists(t *testing.T, db *sql.DB, table string) bool {
	t.Helper()
	d, err := dialect.Detect(db)
	if err != nil {
		t.Fatal(err)
	}
	q, args := d.TableExists(table)
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

func ids(p migrations.Plan) []string {
	var out []string
	for _, s := range p {
		out = append(out, s.ID)
	}
	return out
}

func TestApply(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		r := &migrations.Runner{DB: db, Migrations: baseMigrations()}

		plan, err := r.Plan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(plan); !slices.Equal(got, []string{"0001_author", "0002_email_and_seed"}) {
			t.Fatalf("plan %v", got)
		}
		if tableExists(t, db, "author") || tableExists(t, db, migrations.DefaultTable) {
			t.Fatal("Plan (a dry run) created tables")
		}

		applied, err := r.Apply(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(applied); !slices.Equal(got, []string{"0001_author", "0002_email_and_seed"}) {
			t.Fatalf("applied %v", got)
		}
		if s := snapshot(t, db, "author"); len(s.rows) != 2 || !slices.Equal(s.columns, []string{"id", "name", "email"}) {
			t.Fatalf("after Apply: %+v", s)
		}
		recs, err := r.Applied(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0].ID != "0001_author" || recs[1].ID != "0002_email_and_seed" || recs[0].Checksum != plan[0].Checksum || recs[1].AppliedAt.IsZero() {
			t.Fatalf("history %+v", recs)
		}

		// Idempotent: nothing pending, nothing applied, no new rows.
		again, err := r.Apply(ctx)
		if err != nil || len(again) != 0 {
			t.Fatalf("second Apply: %v, %v", ids(again), err)
		}
		if plan, err := r.Plan(ctx); err != nil || len(plan) != 0 {
			t.Fatalf("Plan after Apply: %v, %v", ids(plan), err)
		}
		if s := snapshot(t, db, "author"); len(s.rows) != 2 {
			t.Fatalf("Python SQLORM ran twice: %d rows", len(s.rows))
		}

		// A new migration is applied on its own.
		r.Migrations = append(r.Migrations, migrations.Migration{ID: "0003_rename", Ops: []migrations.Operation{
			migrations.RenameField("author", "email", "mail"),
		}})
		applied, err = r.Apply(ctx)
		if err != nil || !slices.Equal(ids(applied), []string{"0003_rename"}) {
			t.Fatalf("third migration: %v, %v", ids(applied), err)
		}
		if s := snapshot(t, db, "author"); !slices.Equal(s.columns, []string{"id", "name", "mail"}) || len(s.rows) != 2 {
			t.Fatalf("after the rename: %+v", s)
		}
	})
}

func TestHistoryMismatch(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		if _, err := (&migrations.Runner{DB: db, Migrations: baseMigrations()}).Apply(ctx); err != nil {
			t.Fatal(err)
		}
		changed := baseMigrations()
		changed[1].Ops[0] = migrations.AddField("author", dialect.Column{Name: "email", Kind: dialect.KindChar, Length: 200, Null: true})
		changed = append(changed, migrations.Migration{ID: "0003_more", Ops: []migrations.Operation{
			migrations.AddField("author", dialect.Column{Name: "age", Kind: dialect.KindInt, Null: true}),
		}})
		tests := []struct {
			name string
			ms   []migrations.Migration
			want error
		}{
			{"an applied migration changed", changed, migrations.ErrChecksumMismatch},
			{"the database knows a migration the code does not", baseMigrations()[:1], migrations.ErrUnknownMigration},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := snapshot(t, db, "author")
				r := &migrations.Runner{DB: db, Migrations: tt.ms}
				if _, err := r.Plan(ctx); !errors.Is(err, tt.want) {
					t.Errorf("Plan: %v, want %v", err, tt.want)
				}
				_, err := r.Apply(ctx)
				if !errors.Is(err, tt.want) {
					t.Fatalf("Apply: %v, want %v", err, tt.want)
				}
				if !strings.Contains(err.Error(), "0002_email_and_seed") {
					t.Errorf("the error does not name the migration: %v", err)
				}
				if after := snapshot(t, db, "author"); !after.equal(before) {
					t.Errorf("the table changed: %+v -> %+v", before, after)
				}
			})
		}
	})
}

// TestFailureLeavesDataAsItWas: a migration that fails part-way leaves
// the columns and every row as they were and is not recorded, on every
// backend (transactional DDL or undo).
func TestFailureLeavesDataAsItWas(t *testing.T) {
	bad := migrations.RawSQL("INSERT INTO no_such_table VALUES (1)")
	tests := []struct {
		name      string
		ops       []migrations.Operation
		allowDrop []string
		lost      string // on backends without transactional DDL
	}{
		{"add, rename, then fail", []migrations.Operation{
			migrations.AddField("author", dialect.Column{Name: "rating", Kind: dialect.KindInt, HasDefault: true, Default: 0}),
			migrations.RenameField("author", "name", "full_name"),
			bad,
		}, nil, ""},
		{"remove a field, then fail", []migrations.Operation{
			migrations.RemoveField("author", "email"),
			bad,
		}, []string{"author.email"}, ""},
		{"drop a table, then fail", []migrations.Operation{
			migrations.DropTable("author"),
			bad,
		}, []string{"author"}, ""},
		{"create a table and an index, then fail", []migrations.Operation{
			migrations.CreateTable(dialect.Table{Name: "book", Columns: []dialect.Column{{Name: "id", Kind: dialect.KindBigInt, Primary: true}, {Name: "title", Kind: dialect.KindChar, Length: 10}}}),
			migrations.AddIndex("author", dialect.Index{Name: "author_email_idx", Columns: []string{"email"}}),
			bad,
		}, nil, ""},
		{"a Go function that fails after writing", []migrations.Operation{
			migrations.AddField("author", dialect.Column{Name: "rating", Kind: dialect.KindInt, Null: true}),
			migrations.RunGo("write then fail", func(ctx context.Context, ex migrations.Executor) error {
				if _, err := ex.ExecContext(ctx, "UPDATE author SET name = 'changed'"); err != nil {
					return err
				}
				return errors.New("boom")
			}),
		}, nil, `RunGo("write then fail")`},
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				db := b.Fresh(t).OpenDirect(t)
				base := baseMigrations()
				if _, err := (&migrations.Runner{DB: db, Migrations: base}).Apply(ctx); err != nil {
					t.Fatal(err)
				}
				d, _ := dialect.Detect(db)
				before := snapshot(t, db, "author")
				r := &migrations.Runner{DB: db, AllowDrop: tt.allowDrop,
					Migrations: append(base, migrations.Migration{ID: "0003_fails", Ops: tt.ops})}
				_, err := r.Apply(ctx)
				if !errors.Is(err, migrations.ErrMigrationFailed) || !strings.Contains(err.Error(), "0003_fails") {
					t.Fatalf("Apply: %v; want ErrMigrationFailed naming 0003_fails", err)
				}
				if tt.lost != "" && !d.Has(dialect.TransactionalDDL) {
					// Without transactional DDL the function's own writes stay;
					// the error must say so. The schema is still restored.
					if !strings.Contains(err.Error(), tt.lost) {
						t.Errorf("the error does not say %s stayed applied: %v", tt.lost, err)
					}
					after := snapshot(t, db, "author")
					if !slices.Equal(after.columns, before.columns) {
						t.Errorf("columns %v, want %v", after.columns, before.columns)
					}
				} else if after := snapshot(t, db, "author"); !after.equal(before) {
					t.Errorf("the table changed:\nbefore %+v\nafter  %+v", before, after)
				}
				if tableExists(t, db, "book") {
					t.Error("the table created by the failed migration is still there")
				}
				recs, err := r.Applied(ctx)
				if err != nil || len(recs) != 2 {
					t.Errorf("history after the failure: %+v, %v", recs, err)
				}
				// Nothing is left over: the fixed migration applies.
				r.Migrations[2].Ops = r.Migrations[2].Ops[:len(r.Migrations[2].Ops)-1]
				if _, err := r.Apply(ctx); err != nil {
					t.Errorf("the migration without its failing step: %v", err)
				}
			})
		}
	})
}

func TestDropNotAllowed(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		ms := append(baseMigrations(), migrations.Migration{ID: "0003_drop", Ops: []migrations.Operation{
			migrations.RemoveField("author", "email"),
		}})
		for _, allow := range [][]string{nil, {"author"}, {"email"}, {"author.name"}} {
			r := &migrations.Runner{DB: db, Migrations: ms, AllowDrop: allow}
			_, err := r.Apply(ctx)
			if !errors.Is(err, migrations.ErrDropNotAllowed) || !strings.Contains(err.Error(), `"author.email"`) {
				t.Fatalf("AllowDrop %q: %v; want ErrDropNotAllowed naming author.email", allow, err)
			}
			if tableExists(t, db, "author") {
				t.Fatalf("AllowDrop %q: the migrations before the drop ran", allow)
			}
		}
		r := &migrations.Runner{DB: db, Migrations: ms, AllowDrop: []string{"author.email"}}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		if s := snapshot(t, db, "author"); !slices.Equal(s.columns, []string{"id", "name"}) || len(s.rows) != 2 {
			t.Fatalf("after the allowed drop: %+v", s)
		}
	})
}

// TestConcurrentRunners: processes running the same migrations at once
// apply each exactly once.
func TestConcurrentRunners(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		fresh := b.Fresh(t)
		setup := fresh.OpenDirect(t)
		if _, err := setup.Exec("CREATE TABLE runs (n INTEGER NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		if _, err := setup.Exec("INSERT INTO runs VALUES (0)"); err != nil {
			t.Fatal(err)
		}
		ms := append(baseMigrations(), migrations.Migration{ID: "0003_count", Ops: []migrations.Operation{
			migrations.RunGo("count runs", func(ctx context.Context, ex migrations.Executor) error {
				_, err := ex.ExecContext(ctx, "UPDATE runs SET n = n + 1")
				return err
			}),
		}})
		const runners = 4
		var wg sync.WaitGroup
		errs := make([]error, runners)
		applied := make([][]string, runners)
		for i := range runners {
			db := fresh.OpenDirect(t) // a process of its own
			wg.Go(func() {
				p, err := (&migrations.Runner{DB: db, Migrations: ms}).Apply(ctx)
				applied[i], errs[i] = ids(p), err
			})
		}
		wg.Wait()
		total := 0
		for i := range runners {
			if errs[i] != nil {
				t.Errorf("runner %d: %v", i, errs[i])
			}
			total += len(applied[i])
		}
		if total != len(ms) {
			t.Errorf("the runners applied %d migrations in all (%v), want %d", total, applied, len(ms))
		}
		var n int
		if err := setup.QueryRow("SELECT n FROM runs").Scan(&n); err != nil || n != 1 {
			t.Errorf("the counting migration ran %d times (%v), want once", n, err)
		}
		if s := snapshot(t, setup, "author"); len(s.rows) != 2 {
			t.Errorf("Python SQLORM ran into %d rows, want 2", len(s.rows))
		}
	})
}

// TestInvalid: malformed migrations are refused before any statement.
func TestInvalid(t *testing.T) {
	create := migrations.CreateTable(authorTable())
	tests := []struct {
		name  string
		r     migrations.Runner
		wants string
	}{
		{"no ID", migrations.Runner{Migrations: []migrations.Migration{{Ops: []migrations.Operation{create}}}}, "has no ID"},
		{"duplicate ID", migrations.Runner{Migrations: []migrations.Migration{{ID: "a", Ops: []migrations.Operation{create}}, {ID: "a", Ops: []migrations.Operation{create}}}}, `two migrations have the ID "a"`},
		{"long ID", migrations.Runner{Migrations: []migrations.Migration{{ID: strings.Repeat("x", 201), Ops: []migrations.Operation{create}}}}, "the most is 200"},
		{"no operations", migrations.Runner{Migrations: []migrations.Migration{{ID: "a"}}}, `"a" has no operations`},
		{"nil operation", migrations.Runner{Migrations: []migrations.Migration{{ID: "a", Ops: []migrations.Operation{nil}}}}, "operation 1: the operation is nil"},
		{"RunGo without a function", migrations.Runner{Migrations: []migrations.Migration{{ID: "a", Ops: []migrations.Operation{migrations.RunGo("f", nil)}}}}, "RunGo needs a function"},
		{"RunGo without a name", migrations.Runner{Migrations: []migrations.Migration{{ID: "a", Ops: []migrations.Operation{migrations.RunGo("", seedAuthors)}}}}, "RunGo needs a name"},
		{"RawSQL without SQL", migrations.Runner{Migrations: []migrations.Migration{{ID: "a", Ops: []migrations.Operation{migrations.RawSQL()}}}}, "at least one statement"},
		{"RawSQL blank", migrations.Runner{Migrations: []migrations.Migration{{ID: "a", Ops: []migrations.Operation{migrations.RawSQL(" ")}}}}, "empty statement"},
		{"bad history table", migrations.Runner{Table: "h; DROP TABLE x", Migrations: []migrations.Migration{{ID: "a", Ops: []migrations.Operation{create}}}}, "history table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, mock, err := sqlmock.New()
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r := tt.r
			r.DB, r.Dialect = db, mustDialect(t, dialect.Postgres)
			for _, call := range []func() error{
				func() error { _, err := r.Plan(context.Background()); return err },
				func() error { _, err := r.Apply(context.Background()); return err },
			} {
				err := call()
				if !errors.Is(err, migrations.ErrInvalidMigration) || !strings.Contains(err.Error(), tt.wants) {
					t.Errorf("got %v; want ErrInvalidMigration saying %q", err, tt.wants)
				}
			}
			if err := mock.ExpectationsWereMet(); err != nil {
				t.Error(err)
			}
		})
	}
	if _, err := (&migrations.Runner{}).Apply(context.Background()); !errors.Is(err, migrations.ErrInvalidMigration) {
		t.Errorf("nil DB: %v", err)
	}
}

func mustDialect(t *testing.T, n dialect.Name) dialect.Dialect {
	t.Helper()
	d, err := dialect.Get(n)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPlanGolden pins the dry run of a migration set with every operation,
// per dialect, Oracle included (through go-sqlmock: no server).
func TestPlanGolden(t *testing.T) {
	ms := []migrations.Migration{
		{ID: "0001_author", Ops: []migrations.Operation{
			migrations.CreateTable(authorTable()),
			migrations.AddIndex("author", dialect.Index{Columns: []string{"name"}}),
		}},
		{ID: "0002_changes", Ops: []migrations.Operation{
			migrations.AddField("author", dialect.Column{Name: "email", Kind: dialect.KindChar, Length: 100, Null: true}),
			migrations.RenameField("author", "name", "full_name"),
			migrations.RemoveIndex("author", "author_name_idx"),
			migrations.RemoveField("author", "email"),
			migrations.RenameTable("author", "writer"),
			migrations.RunGo("backfill", seedAuthors),
			migrations.RawSQL("UPDATE writer SET full_name = UPPER(full_name)"),
			migrations.DropTable("writer"),
		}},
	}
	for _, d := range dialect.All() {
		t.Run(string(d.Name()), func(t *testing.T) {
			db, mock, err := sqlmock.New(sqlmock.QueryMatcherOption(sqlmock.QueryMatcherEqual))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			q, _ := d.TableExists(migrations.DefaultTable)
			mock.ExpectQuery(q).WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(0))
			r := &migrations.Runner{DB: db, Dialect: d, Migrations: ms, AllowDrop: []string{"author.email", "writer"}}
			plan, err := r.Plan(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if err := mock.ExpectationsWereMet(); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "plan_"+string(d.Name())+".sql"), plan.String())
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update to accept):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
