package orm_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sqlorm/sqlorm/orm"
)

// Note is the model of the routing example.
type Note struct {
	orm.Model
	Text string
}

// A primary and a replica behind the PrimaryReplica router: writes go to
// the primary, reads to the replica, an Atomic block and Using("default")
// to the primary. The "replica" here is a second SQLite file that nothing
// replicates to, so the example can show where each call ran.
func ExampleNewDatabases() {
	dir, _ := os.MkdirTemp("", "orm-route")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	raw := map[string]*sql.DB{}
	for _, alias := range []string{"default", "replica"} {
		db, _ := sql.Open("sqlite3", filepath.Join(dir, alias+".db"))
		defer db.Close()
		_ = orm.Migrate[Note](ctx, db)
		raw[alias] = db
	}
	dbs, err := orm.NewDatabases(raw, orm.WithRouters(orm.PrimaryReplica("default", []string{"replica"})))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer dbs.Close()

	_ = orm.Objects[Note](dbs).Create(ctx, &Note{Text: "hello"}) // a write: the primary
	onReplica, _ := orm.Objects[Note](dbs).Count(ctx)            // a read: the replica
	onPrimary, _ := orm.Objects[Note](dbs).Using("default").Count(ctx)
	_ = orm.Atomic(ctx, dbs, func(ctx context.Context) error {
		n, _ := orm.Objects[Note](dbs).Count(ctx) // in a block: the primary
		fmt.Println("in Atomic:", n)
		return nil
	})
	fmt.Println("replica:", onReplica, "primary:", onPrimary)
	// Output:
	// in Atomic: 1
	// replica: 0 primary: 1
}
