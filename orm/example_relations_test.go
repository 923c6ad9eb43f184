package orm_test

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sqlorm/sqlorm/orm"
)

// Annotate counts each author's posts; a Filter on the count is HAVING.
func ExampleQuerySet_Annotate() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	seedAuthors(ctx, db)

	rows, err := orm.Objects[Author](db).
		Annotate(orm.Count("post").As("n")).
		Filter(orm.Q{"n__gte": 1}).
		OrderBy("-n", "name").
		AllAnnotated(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Println(r.Object.Name, r.Annotations["n"])
	}
	// Output:
	// ann 2
	// bob 1
}

// SelectRelated loads each post's author with a JOIN (one query);
// PrefetchRelated loads each author's posts with a second query.
func ExampleQuerySet_SelectRelated() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()
	seedAuthors(ctx, db)

	posts, err := orm.Objects[Post](db).SelectRelated("author").OrderBy("title").All(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range posts {
		a, _ := p.Author.Loaded()
		fmt.Println(p.Title, "by", a.Name)
	}

	authors, err := orm.Objects[Author](db).PrefetchRelated("post").OrderBy("name").All(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range authors {
		ps, _ := a.Posts.Loaded()
		fmt.Println(a.Name, "wrote", len(ps))
	}
	// Output:
	// Generics by ann
	// Iterators by ann
	// Modules by bob
	// ann wrote 2
	// bob wrote 1
	// cy wrote 0
}

// seedAuthors creates three authors and three posts.
func seedAuthors(ctx context.Context, db *sql.DB) {
	for _, migrate := range []func(context.Context, *sql.DB) error{orm.Migrate[Author], orm.Migrate[Post]} {
		if err := migrate(ctx, db); err != nil {
			panic(err)
		}
	}
	ids := map[string]int64{}
	for _, name := range []string{"ann", "bob", "cy"} {
		a := &Author{Name: name}
		if err := orm.Objects[Author](db).Create(ctx, a); err != nil {
			panic(err)
		}
		ids[name] = a.ID
	}
	for title, author := range map[string]string{"Generics": "ann", "Iterators": "ann", "Modules": "bob"} {
		p := &Post{Title: title, Author: orm.Ref[Author](ids[author])}
		if err := orm.Objects[Post](db).Create(ctx, p); err != nil {
			panic(err)
		}
	}
}
