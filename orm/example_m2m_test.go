package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sqlorm/sqlorm/orm"
)

// M2M changes an article's labels; lookups cross the relation both ways,
// and PrefetchRelated loads every article's labels with one more query.
func ExampleM2M() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	for _, mig := range []func(context.Context, *sql.DB) error{orm.Migrate[Label], orm.Migrate[Article]} {
		if err := mig(ctx, db); err != nil {
			fmt.Println(err)
			return
		}
	}
	golang, sqlLabel, web := &Label{Name: "go"}, &Label{Name: "sql"}, &Label{Name: "web"}
	a1, a2 := &Article{Title: "Generics"}, &Article{Title: "Joins"}
	for _, err := range []error{
		orm.Objects[Label](db).Create(ctx, golang), orm.Objects[Label](db).Create(ctx, sqlLabel),
		orm.Objects[Label](db).Create(ctx, web),
		orm.Objects[Article](db).Create(ctx, a1), orm.Objects[Article](db).Create(ctx, a2),
	} {
		if err != nil {
			fmt.Println(err)
			return
		}
	}

	labels, err := orm.M2M[Label](a1, "labels")
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = labels.Add(ctx, db, golang, web)
	_ = labels.Add(ctx, db, golang) // already there: ignored
	_ = labels.Remove(ctx, db, web)
	joins, _ := orm.M2M[Label](a2, "labels")
	_ = joins.Set(ctx, db, sqlLabel, golang)

	n, _ := labels.Query(db).Count(ctx)
	fmt.Println("Generics has", n, "label")

	arts, _ := orm.Objects[Article](db).Filter(orm.Q{"labels__name": "sql"}).All(ctx)
	fmt.Println("labelled sql:", arts[0].Title)
	labs, _ := orm.Objects[Label](db).Exclude(orm.Q{"articles__title": "Joins"}).All(ctx)
	fmt.Println("not on Joins:", labs[0].Name)

	arts, _ = orm.Objects[Article](db).PrefetchRelated("labels").OrderBy("title").All(ctx)
	for _, a := range arts {
		ls, _ := a.Labels.Loaded()
		fmt.Print(a.Title, ":")
		for _, l := range ls {
			fmt.Print(" ", l.Name)
		}
		fmt.Println()
	}
	// Output:
	// Generics has 1 label
	// labelled sql: Joins
	// not on Joins: web
	// Generics: go
	// Joins: go sql
}

// A OneToOne is a unique foreign key whose reverse side is one object.
func ExampleReverseOne() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	_ = orm.Migrate[Account](ctx, db)
	_ = orm.Migrate[Profile](ctx, db)
	ann := &Account{Login: "ann"}
	_ = orm.Objects[Account](db).Create(ctx, ann)

	_, err := orm.ReverseOne[Profile](ctx, db, ann)
	fmt.Println(errors.Is(err, orm.ErrDoesNotExist))

	p := &Profile{Bio: "gopher"}
	_ = p.Account.Set(ann)
	_ = orm.Objects[Profile](db).Create(ctx, p)
	p, _ = orm.ReverseOne[Profile](ctx, db, ann)
	fmt.Println(p.Bio)

	again := &Profile{Bio: "twice"}
	_ = again.Account.Set(ann)
	err = orm.Objects[Profile](db).Create(ctx, again)
	fmt.Println(errors.Is(err, orm.ErrUniqueViolation))

	accs, _ := orm.Objects[Account](db).Filter(orm.Q{"profile__bio__startswith": "go"}).All(ctx)
	fmt.Println(accs[0].Login)
	// Output:
	// true
	// gopher
	// true
	// ann
}
