package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	_ "github.com/sqlorm/sqlorm/driver" // the "sqlorm" driver, for statement capture
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
	"github.com/sqlorm/sqlorm/orm"
)

// Gadget has a field of most kinds, so that its table read back compares
// equal to the model on every backend.
type Gadget struct {
	orm.Model
	Name    string          `orm:"max_length=100,db_index"`
	Price   decimal.Decimal `orm:"max_digits=10,decimal_places=2,default=0"`
	Active  bool            `orm:"default=true"`
	Notes   *string         `orm:"null"`
	Count   int32
	Small   int16
	Qty     uint16
	Weight  float64
	Created time.Time  `orm:"auto_now_add"`
	Day     *time.Time `orm:"type=date,null"`
	Clock   *time.Time `orm:"type=time,null"`
	Dur     time.Duration
	UID     string         `orm:"type=uuid"`
	Data    map[string]any `orm:"type=json,null"`
	Blob    []byte         `orm:"null"`
	Status  string         `orm:"max_length=10,choices=a|b,default=a"`
	Email   string         `orm:"type=email,unique"`
	Slug    string         `orm:"type=slug"`
}

// GadgetV2 is Gadget's next version, on the same table: three new
// columns (one that cannot be added), Weight gone, Notes now NOT NULL.
type GadgetV2 struct {
	orm.Model
	Name     string          `orm:"max_length=100,db_index"`
	Price    decimal.Decimal `orm:"max_digits=10,decimal_places=2,default=0"`
	Active   bool            `orm:"default=true"`
	Notes    string
	Count    int32
	Small    int16
	Qty      uint16
	Created  time.Time  `orm:"auto_now_add"`
	Day      *time.Time `orm:"type=date,null"`
	Clock    *time.Time `orm:"type=time,null"`
	Dur      time.Duration
	UID      string         `orm:"type=uuid"`
	Data     map[string]any `orm:"type=json,null"`
	Blob     []byte         `orm:"null"`
	Status   string         `orm:"max_length=10,choices=a|b,default=a"`
	Email    string         `orm:"type=email,unique"`
	Slug     string         `orm:"type=slug"`
	Discount int32          `orm:"default=0"`
	Phone    *string        `orm:"max_length=20,null"`
	Required string         `orm:"max_length=5"`
}

func (GadgetV2) Meta() orm.Meta { return orm.Meta{Table: "gadget"} }

// openSqlorm opens a fresh database through the sqlorm driver, so that
// hooks.Capture sees its statements.
func openSqlorm(t *testing.T, b *testenv.Backend) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlorm", b.Fresh(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// schemaChanges are the statements of rec that may change something:
// every statement (exec, query or prepare) that is not known to only read.
// An allowlist of reads rather than a list of writes, so that a statement
// this test did not foresee (TRUNCATE, COMMENT, REPLACE, a CTE that
// inserts, a leading comment) counts as a change.
func schemaChanges(rec *hooks.Recorder) []string {
	var out []string
	for _, e := range rec.All() {
		if e.SQL == "" {
			continue // begin, commit, rollback
		}
		if !readOnly(e.SQL) {
			out = append(out, e.SQL)
		}
	}
	return out
}

// readOnly reports whether q is a statement that only reads: SELECT,
// SHOW, DESCRIBE, EXPLAIN, a PRAGMA without an assignment, or WITH ...
// SELECT without a writing keyword.
func readOnly(q string) bool {
	q = strings.TrimSpace(q)
	for strings.HasPrefix(q, "/*") || strings.HasPrefix(q, "--") {
		end := "*/"
		if strings.HasPrefix(q, "--") {
			end = "\n"
		}
		i := strings.Index(q, end)
		if i < 0 {
			return false
		}
		q = strings.TrimSpace(q[i+len(end):])
	}
	u := strings.ToUpper(q)
	word := u
	if i := strings.IndexFunc(u, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '(' }); i >= 0 {
		word = u[:i]
	}
	switch word {
	case "SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN":
		return !strings.Contains(u, " INTO ") && !strings.Contains(u, "FOR UPDATE")
	case "PRAGMA":
		return !strings.Contains(u, "=")
	case "WITH":
		for _, w := range []string{"INSERT", "UPDATE", "DELETE", "MERGE"} {
			if strings.Contains(u, w) {
				return false
			}
		}
		return true
	}
	return false
}

// drops are the statements of rec that may drop something (a table, a
// column, an index, a constraint): those not known to only read that say
// DROP (a catalog query's attisdropped is a read).
func drops(rec *hooks.Recorder) []string {
	var out []string
	for _, e := range rec.All() {
		if !readOnly(e.SQL) && strings.Contains(strings.ToUpper(e.SQL), "DROP") {
			out = append(out, e.SQL)
		}
	}
	return out
}

func TestReadOnlyClassifier(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT 1":                                           true,
		"  select name from sqlite_master":                   true,
		"/* x */ SELECT 1":                                   true,
		"PRAGMA table_info(\"t\")":                           true,
		"SHOW COLUMNS FROM t":                                true,
		"WITH a AS (SELECT 1) SELECT * FROM a":               true,
		"PRAGMA foreign_keys = OFF":                          false,
		"ALTER TABLE t ADD COLUMN x int":                     false,
		"/* SELECT */ DROP TABLE t":                          false,
		"TRUNCATE t":                                         false,
		"COMMENT ON TABLE t IS 'x'":                          false,
		"REPLACE INTO t VALUES (1)":                          false,
		"WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a": false,
		"SELECT 1 INTO OUTFILE '/tmp/x'":                     false,
		"create index i on t (x)":                            false,
	} {
		if got := readOnly(q); got != want {
			t.Errorf("readOnly(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestSchemaDiffRoundTrip: a table made from a model reads back equal to
// it (reliability.md MIG-05: introspect, diff against the same model,
// empty) on every backend.
func TestSchemaDiffRoundTrip(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		diff, err := migrations.SchemaDiff[Gadget](ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if !diff.TableMissing || len(diff.MissingInDB) != len(diff.ModelColumns) || len(diff.DBColumns) != 0 {
			t.Fatalf("before Migrate: %+v", diff)
		}
		if err := orm.Migrate[Gadget](ctx, db); err != nil {
			t.Fatal(err)
		}
		diff, err = migrations.SchemaDiff[Gadget](ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if !diff.Empty() {
			t.Fatalf("a table made from the model differs from it: %+v", diff)
		}
		if !slices.Equal(diff.ModelColumns, diff.DBColumns) {
			t.Errorf("columns: model %v, database %v", diff.ModelColumns, diff.DBColumns)
		}
	})
}

func TestSchemaDiffAndSync(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := openSqlorm(t, b)
		if err := orm.Migrate[Gadget](ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := orm.Objects[Gadget](db).Create(ctx, &Gadget{Name: "old", UID: "6ba7b810-9dad-11d1-80b4-00c04fd430c8", Email: "a@b.c", Slug: "s"}); err != nil {
			t.Fatal(err)
		}

		diff, err := migrations.SchemaDiff[GadgetV2](ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if got := diff.MissingInDB; !slices.Equal(got, []string{"discount", "phone", "required"}) {
			t.Errorf("MissingInDB %v", got)
		}
		if got := diff.ExtraInDB; !slices.Equal(got, []string{"weight"}) {
			t.Errorf("ExtraInDB %v", got)
		}
		wantChanged := []string{"notes"}
		var changed []string
		for _, c := range diff.Changed {
			changed = append(changed, c.Column)
			if len(c.Differences) == 0 {
				t.Errorf("change of %s without a description", c.Column)
			}
		}
		if !slices.Equal(changed, wantChanged) {
			t.Errorf("Changed %v (%+v), want %v", changed, diff.Changed, wantChanged)
		}

		res, err := migrations.SyncSchema[GadgetV2](ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Added, []string{"discount", "phone"}) {
			t.Errorf("Added %v", res.Added)
		}
		if len(res.Skipped) != 1 || res.Skipped[0].Column != "required" || !strings.Contains(res.Skipped[0].Reason, "default") {
			t.Errorf("Skipped %+v", res.Skipped)
		}
		cols, err := introspect.ColumnNames(ctx, db, "gadget")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(cols, "weight") || !slices.Contains(cols, "discount") || slices.Contains(cols, "required") {
			t.Errorf("columns after SyncSchema: %v", cols)
		}
		var discount int
		if err := db.QueryRowContext(ctx, "SELECT discount FROM gadget").Scan(&discount); err != nil || discount != 0 {
			t.Errorf("the existing row's discount: %d, %v", discount, err)
		}

		// Again: nothing to add, and no statement that changes anything.
		cctx, rec := hooks.Capture(ctx)
		res, err = migrations.SyncSchema[GadgetV2](cctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Added) != 0 {
			t.Errorf("second SyncSchema added %v", res.Added)
		}
		if n := len(rec.Statements()); n == 0 {
			t.Fatal("the capture saw no statement at all; it proves nothing")
		}
		if ch := schemaChanges(rec); len(ch) != 0 {
			t.Errorf("second SyncSchema sent %q", ch)
		}
	})
}

func TestAddAndRenameColumn(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		d, _ := dialect.Detect(db)
		stmts, err := d.CreateTable(authorTable())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stmts {
			if _, err := db.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec("INSERT INTO author (id, name) VALUES (1, 'Ada')"); err != nil {
			t.Fatal(err)
		}
		status := dialect.Column{Name: "status", Kind: dialect.KindChar, Length: 20, HasDefault: true, Default: "pending"}
		if err := migrations.AddColumn(ctx, db, "author", status); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := db.QueryRow("SELECT status FROM author WHERE id = 1").Scan(&got); err != nil || got != "pending" {
			t.Fatalf("the existing row got %q, %v; want the default", got, err)
		}
		tests := []struct {
			name string
			call func() error
			want error
		}{
			{"AddColumn of an existing column", func() error { return migrations.AddColumn(ctx, db, "author", status) }, migrations.ErrColumnExists},
			{"AddColumn to a missing table", func() error { return migrations.AddColumn(ctx, db, "nobody", status) }, introspect.ErrNoTable},
			{"AddColumn with a bad name", func() error {
				return migrations.AddColumn(ctx, db, "author", dialect.Column{Name: "x; DROP TABLE author", Kind: dialect.KindInt, Null: true})
			}, dialect.ErrInvalidIdentifier},
			{"AddColumn NOT NULL without a default", func() error {
				return migrations.AddColumn(ctx, db, "author", dialect.Column{Name: "nn", Kind: dialect.KindInt})
			}, dialect.ErrInvalidSchema},
			{"RenameColumn of a missing column", func() error { return migrations.RenameColumn(ctx, db, "author", "nope", "x") }, migrations.ErrNoColumn},
			{"RenameColumn onto an existing column", func() error { return migrations.RenameColumn(ctx, db, "author", "name", "status") }, migrations.ErrColumnExists},
			{"RenameColumn with a bad name", func() error { return migrations.RenameColumn(ctx, db, "author", "name", "a b") }, dialect.ErrInvalidIdentifier},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.call(); !errors.Is(err, tt.want) {
					t.Errorf("got %v, want %v", err, tt.want)
				}
			})
		}
		// A UNIQUE column: SQLite cannot add one (nothing is sent); the
		// others add it with its constraint.
		code := dialect.Column{Name: "code", Kind: dialect.KindChar, Length: 5, Null: true, Unique: true}
		err = migrations.AddColumn(ctx, db, "author", code)
		if d.Name() == dialect.SQLite {
			if !errors.Is(err, dialect.ErrInvalidSchema) {
				t.Errorf("UNIQUE column on SQLite: %v, want ErrInvalidSchema", err)
			}
		} else {
			if err != nil {
				t.Fatalf("UNIQUE column: %v", err)
			}
			if _, err := db.Exec("UPDATE author SET code = 'x' WHERE id = 1"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec("INSERT INTO author (id, name, code) VALUES (2, 'B', 'x')"); err == nil {
				t.Error("the added column is not unique")
			}
			stmt, _ := d.DropColumn("author", "code")
			if _, err := db.Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
		if cols, _ := introspect.ColumnNames(ctx, db, "author"); !slices.Equal(cols, []string{"id", "name", "status"}) {
			t.Fatalf("the failed calls changed the table: %v", cols)
		}
		added, err := migrations.SafeAddColumn(ctx, db, "author", status)
		if err != nil || added {
			t.Errorf("SafeAddColumn of an existing column: %v, %v", added, err)
		}
		if err := migrations.RenameColumn(ctx, db, "author", "name", "full_name"); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT full_name FROM author WHERE id = 1").Scan(&got); err != nil || got != "Ada" {
			t.Fatalf("after the rename: %q, %v", got, err)
		}
	})
}

// TestSafeAddColumnRace: processes adding the same column at once all
// succeed, and exactly one adds it.
func TestSafeAddColumnRace(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		fresh := b.Fresh(t)
		setup := fresh.OpenDirect(t)
		if _, err := setup.Exec("CREATE TABLE racy (id INTEGER PRIMARY KEY)"); err != nil {
			t.Fatal(err)
		}
		const n = 4
		var wg sync.WaitGroup
		added := make([]bool, n)
		errs := make([]error, n)
		for i := range n {
			db := fresh.OpenDirect(t)
			wg.Go(func() {
				added[i], errs[i] = migrations.SafeAddColumn(ctx, db, "racy", dialect.Column{Name: "extra", Kind: dialect.KindInt, Null: true})
			})
		}
		wg.Wait()
		count := 0
		for i := range n {
			if errs[i] != nil {
				t.Errorf("process %d: %v", i, errs[i])
			}
			if added[i] {
				count++
			}
		}
		if count != 1 {
			t.Errorf("%d processes report adding the column, want 1", count)
		}
	})
}

// Label and Article: a model with a ManyToMany field, for CreateModel.
type (
	Label struct {
		orm.Model
		Name string `orm:"max_length=30"`
	}
	Article struct {
		orm.Model
		Title  string                `orm:"max_length=100"`
		Labels orm.ManyToMany[Label] `orm:"related_name=articles"`
	}
)

// TestCreateModelJoinTables: CreateModel creates a model's ManyToMany join
// tables after its table, and a failing migration takes them away again on
// every backend (by rollback or by undo).
func TestCreateModelJoinTables(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		joins, err := orm.ManyToManyTables[Article]()
		if err != nil || len(joins) != 1 {
			t.Fatalf("ManyToManyTables: %v, %v", joins, err)
		}
		join := joins[0].Name
		failing := &migrations.Runner{DB: db, Migrations: []migrations.Migration{
			{ID: "0001_label", Ops: []migrations.Operation{migrations.CreateModel[Label]()}},
			{ID: "0002_article", Ops: []migrations.Operation{
				migrations.CreateModel[Article](),
				migrations.RawSQL("INSERT INTO no_such_table VALUES (1)"),
			}},
		}}
		if _, err := failing.Apply(ctx); !errors.Is(err, migrations.ErrMigrationFailed) {
			t.Fatalf("Apply of a failing migration: %v", err)
		}
		for _, table := range []string{"article", join} {
			if ok, _ := introspect.TableExists(ctx, db, table); ok {
				t.Errorf("%s is left from the failed migration", table)
			}
		}
		r := &migrations.Runner{DB: db, Migrations: []migrations.Migration{
			failing.Migrations[0],
			{ID: "0002_article", Ops: []migrations.Operation{migrations.CreateModel[Article]()}},
		}}
		if _, err := r.Apply(ctx); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"label", "article", join} {
			if ok, err := introspect.TableExists(ctx, db, table); !ok || err != nil {
				t.Errorf("%s missing after Apply: %v", table, err)
			}
		}
		// The join table works: a label on an article.
		label, article := Label{Name: "go"}, Article{Title: "generics"}
		if err := orm.Objects[Label](db).Create(ctx, &label); err != nil {
			t.Fatal(err)
		}
		if err := orm.Objects[Article](db).Create(ctx, &article); err != nil {
			t.Fatal(err)
		}
		labels, err := orm.M2M[Label](&article, "labels")
		if err != nil {
			t.Fatal(err)
		}
		if err := labels.Add(ctx, db, &label); err != nil {
			t.Fatal(err)
		}
		n, err := orm.Objects[Article](db).Filter(orm.Q{"labels__name": "go"}).Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("articles labelled go: %d, %v", n, err)
		}
	})
}

// TestSyncSchemaJoinTables: SchemaDiff reports a missing join table and
// SyncSchema creates it.
func TestSyncSchemaJoinTables(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		ctx := context.Background()
		db := b.Fresh(t).OpenDirect(t)
		if err := orm.Migrate[Label](ctx, db); err != nil {
			t.Fatal(err)
		}
		d, _ := dialect.Detect(db)
		model, err := orm.Schema[Article]()
		if err != nil {
			t.Fatal(err)
		}
		stmts, err := d.CreateTable(model) // the table alone, as an older program made it
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		diff, err := migrations.SchemaDiff[Article](ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if diff.Empty() || len(diff.MissingJoinTables) != 1 {
			t.Fatalf("diff %+v; want the join table missing", diff)
		}
		res, err := migrations.SyncSchema[Article](ctx, db)
		if err != nil || !slices.Equal(res.CreatedTables, diff.MissingJoinTables) {
			t.Fatalf("SyncSchema: %+v, %v", res, err)
		}
		if diff, err := migrations.SchemaDiff[Article](ctx, db); err != nil || !diff.Empty() {
			t.Fatalf("after SyncSchema: %+v, %v", diff, err)
		}
	})
}
