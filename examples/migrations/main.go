// Command migrations is the migration system of Python SQLORM's documentation, in Go, on
// SQLite, so no server is needed: the development workflow (migrate a
// model, add a field, sync the schema), the production workflow (add
// columns safely, migrate data with raw SQL, verify), schema introspection
// and diff, and versioned migrations with a dry run.
//
//	go run ./examples/migrations                 # uses ./migrations.db
//	go run ./examples/migrations -db /tmp/x.db
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/sqlorm/sqlorm/dialect"
	_ "github.com/sqlorm/sqlorm/driver" // registers the "sqlorm" driver
	"github.com/sqlorm/sqlorm/examples/internal/exampledb"
	"github.com/sqlorm/sqlorm/introspect"
	"github.com/sqlorm/sqlorm/migrations"
	"github.com/sqlorm/sqlorm/orm"
)

// Member is Python SQLORM's User model, first version:
//
//	class User(Model):
//	    name = fields.CharField(max_length=100)
//	    email = fields.EmailField(unique=True)
type Member struct {
	orm.Model
	Name  string `orm:"max_length=100"`
	Email string `orm:"type=email,unique"`
}

// MemberV2 is the model later, with a new field (Python SQLORM's "verified =
// fields.BooleanField(default=False)  # NEW!"), on the same table.
type MemberV2 struct {
	orm.Model
	Name     string `orm:"max_length=100"`
	Email    string `orm:"type=email,unique"`
	Verified bool   `orm:"default=false"`
}

// Meta keeps MemberV2 on Member's table.
func (MemberV2) Meta() orm.Meta { return orm.Meta{Table: "member"} }

func main() {
	path := flag.String("db", "migrations.db", "SQLite database file (recreated)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *path); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, path string) error {
	if err := exampledb.Reset(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlorm", "sqlite:"+path+"?_fk=1&_txlock=immediate&_journal_mode=WAL") // README's settings for the ORM
	if err != nil {
		return err
	}
	defer db.Close()

	// 1. Development workflow: migrate, add a field, sync.
	if err := orm.Migrate[Member](ctx, db); err != nil {
		return err
	}
	members := orm.Objects[Member](db)
	for _, m := range []Member{{Name: "Ada", Email: "ada@example.com"}, {Name: "Grace", Email: "grace@example.com"}} {
		if err := members.Create(ctx, &m); err != nil {
			return err
		}
	}
	diff, err := migrations.SchemaDiff[MemberV2](ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "missing_in_db: %v, extra_in_db: %v\n", diff.MissingInDB, diff.ExtraInDB)
	res, err := migrations.SyncSchema[MemberV2](ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "sync_schema: added %v, skipped %v\n", res.Added, res.Skipped)
	v2, err := orm.ValuesListFlat[bool](ctx, orm.Objects[MemberV2](db).OrderBy("id"), "verified")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "existing rows got the default: verified=%v\n", v2)

	// 2. Production workflow: add columns safely, migrate data, verify.
	added, err := migrations.SafeAddColumn(ctx, db, "member", dialect.Column{Name: "verification_token", Kind: dialect.KindChar, Length: 64, Null: true})
	if err != nil {
		return err
	}
	again, err := migrations.SafeAddColumn(ctx, db, "member", dialect.Column{Name: "verification_token", Kind: dialect.KindChar, Length: 64, Null: true})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "safe_add_column: added=%v, then added=%v\n", added, again)
	if _, err := orm.Exec(ctx, db, "UPDATE member SET verified = 1 WHERE email LIKE ?", "%@example.com"); err != nil {
		return err
	}
	rows, err := orm.ExecuteRawSQL(ctx, db, "SELECT COUNT(*) FROM member WHERE verified = 1")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "migrated %v verified members\n", rows[0][0])

	// 3. Introspection.
	cols, err := introspect.ColumnNames(ctx, db, "member")
	if err != nil {
		return err
	}
	has, err := introspect.ColumnExists(ctx, db, "member", "discount")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "columns: %v; discount exists: %v\n", cols, has)
	if err := migrations.RenameColumn(ctx, db, "member", "verification_token", "token"); err != nil {
		return err
	}

	// 4. Versioned migrations: a dry run, then apply; a second run has
	// nothing to do.
	r := &migrations.Runner{DB: db, Migrations: []migrations.Migration{
		{ID: "0001_member_index", Ops: []migrations.Operation{
			migrations.AddIndex("member", dialect.Index{Columns: []string{"name"}}),
		}},
		{ID: "0002_nickname", Ops: []migrations.Operation{
			migrations.AddField("member", dialect.Column{Name: "nickname", Kind: dialect.KindChar, Length: 30, HasDefault: true, Default: ""}),
			migrations.RunGo("nicknames from names", func(ctx context.Context, ex migrations.Executor) error {
				_, err := ex.ExecContext(ctx, "UPDATE member SET nickname = lower(name)")
				return err
			}),
		}},
	}}
	plan, err := r.Plan(ctx)
	if err != nil {
		return err
	}
	for _, step := range plan {
		fmt.Fprintf(w, "plan %s: %s\n", step.ID, strings.Join(step.Operations, ", "))
	}
	applied, err := r.Apply(ctx)
	if err != nil {
		return err
	}
	second, err := r.Apply(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "applied %d migrations, then %d\n", len(applied), len(second))
	nicks, err := orm.ExecuteRawSQL(ctx, db, "SELECT nickname FROM member ORDER BY id")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "nicknames: %v\n", nicks)

	// A migration that drops data must be allowed by name.
	r.Migrations = append(r.Migrations, migrations.Migration{ID: "0003_drop_token", Ops: []migrations.Operation{
		migrations.RemoveField("member", "token"),
	}})
	if _, err := r.Apply(ctx); err != nil {
		fmt.Fprintf(w, "refused: %v\n", err != nil && strings.Contains(err.Error(), "AllowDrop"))
	}
	r.AllowDrop = []string{"member.token"}
	if _, err := r.Apply(ctx); err != nil {
		return err
	}
	cols, err = introspect.ColumnNames(ctx, db, "member")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "columns: %v\n", cols)
	return nil
}
