package orm_test

import "github.com/sqlorm/sqlorm/orm"

// Many-to-many and one-to-one shapes: Article and Label (with a reverse
// holder), Person and its relation to itself, Account and its Profile.
type (
	Label struct {
		orm.Model
		Name     string               `orm:"max_length=30,unique"`
		Articles orm.Reverse[Article] `orm:"related=articles"`
	}
	Article struct {
		orm.Model
		Title  string                `orm:"max_length=100"`
		Labels orm.ManyToMany[Label] `orm:"related_name=articles"`
	}
	Person struct {
		orm.Model
		Name    string                 `orm:"max_length=30"`
		Friends orm.ManyToMany[Person] `orm:"db_table=person_friend"`
	}
	Account struct {
		orm.Model
		Login string `orm:"max_length=30"`
	}
	Profile struct {
		orm.Model
		Account orm.OneToOne[Account] `orm:"on_delete=cascade,related_name=profile"`
		Bio     string
	}
)

func (Label) Meta() orm.Meta { return orm.Meta{Ordering: []string{"name"}} }
