package manage_test

import (
	"context"
	"fmt"
	"os"

	"github.com/sqlorm/sqlorm/migrations"
	"github.com/sqlorm/sqlorm/migrations/manage"
	"github.com/sqlorm/sqlorm/orm"
)

type Note struct {
	orm.Model
	Text  string `orm:"max_length=200"`
	Level string `orm:"max_length=10,choices=low|high,default=low"`
}

// Example is what `go run ./cmd/manage makemigrations -dry-run` prints
// for a first model: the migration file, frozen (every column written
// out), without writing it.
func Example() {
	code := manage.Main(context.Background(), manage.Config{
		Models:  []migrations.ModelSource{migrations.Model[Note]()},
		Dir:     os.TempDir(),
		Package: "migrations",
	}, []string{"makemigrations", "-dry-run"})
	fmt.Println("exit", code)
	// Output:
	// // Migration 0001_initial, written by sqlorm's makemigrations.
	//
	// package migrations
	//
	// import (
	// 	"github.com/sqlorm/sqlorm/dialect"
	// 	mig "github.com/sqlorm/sqlorm/migrations"
	// )
	//
	// func init() {
	// 	register(mig.Migration{
	// 		ID: "0001_initial",
	// 		Ops: []mig.Operation{
	// 			mig.CreateTable(dialect.Table{
	// 				Name: "note",
	// 				Columns: []dialect.Column{
	// 					{Name: "id", Kind: dialect.KindBigAuto, Primary: true},
	// 					{Name: "text", Kind: dialect.KindChar, Length: 200},
	// 					{Name: "level", Kind: dialect.KindChar, Length: 10, Default: "low", HasDefault: true, Choices: []string{"low", "high"}},
	// 				},
	// 			}),
	// 		},
	// 	})
	// }
	// exit 0
}
