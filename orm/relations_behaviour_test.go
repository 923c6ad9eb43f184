package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// relFixture: 40 authors; author i (1-based) has i%5 posts with scores
// 0..; every third post has an editor (author 1), every post after an
// author's first replies to that author's first.
type relFixture struct {
	db      *sql.DB
	ctx     context.Context
	authors []Author
	posts   []Post
}

func newRelFixture(t *testing.T, b *testenv.Backend) *relFixture {
	t.Helper()
	fresh := b.Fresh(t)
	db, err := fresh.Open() // SQLORM_TEST_OPEN: sqlorm or bare
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &relFixture{db: db, ctx: context.Background()}
	must(t, orm.Migrate[Author](f.ctx, db))
	must(t, orm.Migrate[Post](f.ctx, db))
	for i := 1; i <= 40; i++ {
		a := Author{Name: "a" + string(rune('A'+i%26)) + string(rune('0'+i/26))}
		must(t, orm.Objects[Author](db).Create(f.ctx, &a))
		f.authors = append(f.authors, a)
	}
	n := 0
	for i, a := range f.authors {
		var first int64
		for k := range (i + 1) % 5 {
			n++
			p := Post{Title: "p", Author: orm.Ref[Author](a.ID), Score: int64(k * 3)}
			if n%3 == 0 {
				p.Editor = orm.Ref[Author](f.authors[0].ID)
			}
			if first != 0 {
				p.Reply = orm.Ref[Post](first)
			}
			must(t, orm.Objects[Post](db).Create(f.ctx, &p))
			if first == 0 {
				first = p.ID
			}
			f.posts = append(f.posts, p)
		}
	}
	return f
}

// postsOf counts the fixture's posts of author id with score > min.
func (f *relFixture) postsOf(id int64, min int64) int {
	n := 0
	for _, p := range f.posts {
		if p.Author.ID == id && p.Score > min {
			n++
		}
	}
	return n
}

func authorIDs(as []Author) []int64 {
	out := make([]int64, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

// TestRelations runs reverse lookups, Annotate, SelectRelated and
// PrefetchRelated on SQLite, PostgreSQL and MariaDB against what the
// fixture holds, and counts the statements of the N+1 cure.
func TestRelations(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newRelFixture(t, b)
		A := func() *orm.QuerySet[Author] { return orm.Objects[Author](f.db) }
		P := func() *orm.QuerySet[Post] { return orm.Objects[Post](f.db) }
		ctx := f.ctx

		t.Run("reverse filter, duplicates and Distinct", func(t *testing.T) {
			rows, err := A().Filter(orm.Q{"post__score__gte": 0}).All(ctx)
			must(t, err)
			if len(rows) != len(f.posts) {
				t.Errorf("a join across a reverse relation gives one row per post: %d, want %d", len(rows), len(f.posts))
			}
			distinct, err := A().Filter(orm.Q{"post__score__gte": 0}).Distinct().OrderBy("id").All(ctx)
			must(t, err)
			var want []int64
			for _, a := range f.authors {
				if f.postsOf(a.ID, -1) > 0 {
					want = append(want, a.ID)
				}
			}
			if !slices.Equal(authorIDs(distinct), want) {
				t.Errorf("Distinct: %v, want %v", authorIDs(distinct), want)
			}
		})

		t.Run("Exclude across a reverse relation means no related row matches", func(t *testing.T) {
			rows, err := A().Exclude(orm.Q{"post__score__gt": 5}).OrderBy("id").All(ctx)
			must(t, err)
			var want []int64
			for _, a := range f.authors {
				if f.postsOf(a.ID, 5) == 0 {
					want = append(want, a.ID)
				}
			}
			if !slices.Equal(authorIDs(rows), want) {
				t.Errorf("got %v, want %v", authorIDs(rows), want)
			}
		})

		t.Run("Annotate Count with HAVING and ordering", func(t *testing.T) {
			rows, err := A().Annotate(orm.Count("post").As("n")).Filter(orm.Q{"n__gte": 3}).OrderBy("-n", "id").AllAnnotated(ctx)
			must(t, err)
			var want []int64
			for k := 4; k >= 3; k-- {
				for _, a := range f.authors {
					if f.postsOf(a.ID, -1) == k {
						want = append(want, a.ID)
					}
				}
			}
			var got []int64
			for _, r := range rows {
				got = append(got, r.Object.ID)
				if r.Annotations["n"] != int64(f.postsOf(r.Object.ID, -1)) {
					t.Errorf("author %d: n = %T %v", r.Object.ID, r.Annotations["n"], r.Annotations["n"])
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			// Every author, with 0 for those without posts (LEFT OUTER).
			all, err := A().Annotate(orm.Count("post").As("n"), orm.Max("post__score").As("top")).AllAnnotated(ctx)
			must(t, err)
			if len(all) != len(f.authors) {
				t.Fatalf("%d rows, want %d", len(all), len(f.authors))
			}
			for _, r := range all {
				if r.Annotations["n"] == int64(0) && r.Annotations["top"] != nil {
					t.Errorf("author without posts: %v", r.Annotations)
				}
			}
			// A filter before Annotate restricts what is counted.
			hi, err := A().Filter(orm.Q{"post__score__gt": 5}).Annotate(orm.Count("post").As("n")).OrderBy("id").AllAnnotated(ctx)
			must(t, err)
			for _, r := range hi {
				if r.Annotations["n"] != int64(f.postsOf(r.Object.ID, 5)) {
					t.Errorf("author %d: n = %v, want %d", r.Object.ID, r.Annotations["n"], f.postsOf(r.Object.ID, 5))
				}
			}
			n, err := A().Annotate(orm.Count("post").As("n")).Filter(orm.Q{"n": 0}).Count(ctx)
			must(t, err)
			if n != 8 {
				t.Errorf("Count of authors without posts = %d, want 8", n)
			}
			plain, err := A().Annotate(orm.Count("post").As("n")).Filter(orm.Q{"n__gt": 3}).All(ctx)
			must(t, err)
			if len(plain) != 8 {
				t.Errorf("All after Annotate: %d rows, want 8", len(plain))
			}
		})

		t.Run("Values Annotate groups by the values", func(t *testing.T) {
			rows, err := P().Values("author__name").Annotate(orm.Sum("score").As("total"), orm.Count("*").As("n")).
				Filter(orm.Q{"n__gte": 2}).OrderBy("author__name").All(ctx)
			must(t, err)
			want := 0
			for _, a := range f.authors {
				if f.postsOf(a.ID, -1) >= 2 {
					want++
				}
			}
			if len(rows) != want {
				t.Fatalf("%d groups, want %d: %v", len(rows), want, rows)
			}
			for _, r := range rows {
				if len(r) != 3 || r["n"].(int64) < 2 {
					t.Errorf("row %v", r)
				}
			}
		})

		t.Run("SelectRelated loads in one query", func(t *testing.T) {
			needsCapture(t, f.db)
			cctx, rec := hooks.Capture(ctx)
			posts, err := P().SelectRelated("author", "editor", "reply__author").OrderBy("id").All(cctx)
			must(t, err)
			if rec.Count() != 1 {
				t.Fatalf("%d statements, want 1:\n%s", rec.Count(), rec)
			}
			if len(posts) != len(f.posts) {
				t.Fatalf("%d posts", len(posts))
			}
			for i, p := range posts {
				a, ok := p.Author.Loaded()
				if !ok || a.ID != f.posts[i].Author.ID || a.Name == "" {
					t.Fatalf("post %d: author %v %v", p.ID, a, ok)
				}
				e, ok := p.Editor.Loaded()
				if p.Editor.Valid != ok || (ok && e.ID != f.authors[0].ID) {
					t.Fatalf("post %d: editor %v %v", p.ID, e, ok)
				}
				r, ok := p.Reply.Loaded()
				if p.Reply.Valid != ok {
					t.Fatalf("post %d: reply %v %v", p.ID, r, ok)
				}
				if ok {
					if ra, ok := r.Author.Loaded(); !ok || ra.ID != p.Author.ID {
						t.Fatalf("post %d: reply's author %v", p.ID, ra)
					}
				}
				got, err := p.Author.Get(cctx, f.db)
				if err != nil || got != a {
					t.Fatalf("Get: %v %v", got, err)
				}
			}
			if rec.Count() != 1 {
				t.Errorf("FK.Get of a loaded object sent a statement: %d", rec.Count())
			}
			one, err := P().SelectRelated("author").Get(ctx, orm.Q{"pk": f.posts[0].ID})
			must(t, err)
			if a, ok := one.Author.Loaded(); !ok || a.ID != f.posts[0].Author.ID {
				t.Errorf("Get with SelectRelated: %v", one.Author)
			}
		})

		t.Run("PrefetchRelated loads in two queries", func(t *testing.T) {
			needsCapture(t, f.db)
			cctx, rec := hooks.Capture(ctx)
			authors, err := A().PrefetchRelated("post").OrderBy("id").All(cctx)
			must(t, err)
			if rec.Count() != 2 {
				t.Fatalf("%d statements, want 2:\n%s", rec.Count(), rec)
			}
			for _, a := range authors {
				ps, ok := a.Posts.Loaded()
				if !ok || len(ps) != f.postsOf(a.ID, -1) {
					t.Fatalf("author %d: %d posts (%v), want %d", a.ID, len(ps), ok, f.postsOf(a.ID, -1))
				}
				for _, p := range ps {
					if p.Author.ID != a.ID {
						t.Fatalf("post %d of author %d", p.ID, a.ID)
					}
				}
			}
			rec.Reset()
			authors, err = A().PrefetchRelated("post__editor").All(cctx)
			must(t, err)
			if rec.Count() != 3 {
				t.Fatalf("%d statements, want 3:\n%s", rec.Count(), rec)
			}
			for _, a := range authors {
				ps, _ := a.Posts.Loaded()
				for _, p := range ps {
					if _, ok := p.Editor.Loaded(); ok != p.Editor.Valid {
						t.Fatalf("post %d: editor not prefetched", p.ID)
					}
				}
			}
			rec.Reset()
			posts, err := P().PrefetchRelated("author").All(cctx)
			must(t, err)
			if rec.Count() != 2 {
				t.Fatalf("%d statements, want 2", rec.Count())
			}
			for _, p := range posts {
				if a, ok := p.Author.Loaded(); !ok || a.ID != p.Author.ID {
					t.Fatalf("post %d: author %v", p.ID, a)
				}
			}
		})

		t.Run("mistakes send nothing", func(t *testing.T) {
			cctx, rec := hooks.Capture(ctx)
			for name, run := range map[string]func() error{
				"SelectRelated of a reverse relation": func() error { _, err := A().SelectRelated("post").All(cctx); return err },
				"PrefetchRelated without a Reverse field": func() error {
					_, err := orm.Objects[Category](f.db).PrefetchRelated("products").All(cctx)
					return err
				},
				"unknown reverse name":          func() error { _, err := A().Filter(orm.Q{"posts__score": 1}).All(cctx); return err },
				"annotation named like a field": func() error { _, err := A().Annotate(orm.Count("post").As("name")).All(cctx); return err },
				"Update after Annotate": func() error {
					_, err := A().Annotate(orm.Count("post").As("n")).Update(cctx, orm.Set{"name": "x"})
					return err
				},
				"Iterator after Annotate": func() error {
					for _, err := range A().Annotate(orm.Count("post").As("n")).Iterator(cctx, 10) {
						return err
					}
					return nil
				},
				"Iterator with an unknown PrefetchRelated": func() error {
					for _, err := range A().PrefetchRelated("posts").Iterator(cctx, 10) {
						return err
					}
					return nil
				},
				"Iterator with PrefetchRelated in a transaction": func() error {
					return orm.Atomic(cctx, f.db, func(ctx context.Context) error {
						for _, err := range A().PrefetchRelated("post").Iterator(ctx, 10) {
							return err
						}
						return nil
					})
				},
				"unknown lookup on an annotation": func() error {
					_, err := A().Annotate(orm.Count("post").As("n")).Filter(orm.Q{"n__nope": 1}).All(cctx)
					return err
				},
			} {
				err := run()
				if !errors.Is(err, orm.ErrInvalidQuery) {
					t.Errorf("%s: %v", name, err)
				}
			}
			if rec.Count() != 0 {
				t.Errorf("%d statements sent:\n%s", rec.Count(), rec)
			}
		})
	})
}

// TestIteratorRelated checks Iterator with SelectRelated (joined objects
// per row, one statement) and PrefetchRelated (one prefetch query per
// relation and chunk: 1 + ceil(n/chunk) statements per relation) on every
// backend, against the fixture.
func TestIteratorRelated(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newRelFixture(t, b)
		needsCapture(t, f.db)
		A := func() *orm.QuerySet[Author] { return orm.Objects[Author](f.db) }
		P := func() *orm.QuerySet[Post] { return orm.Objects[Post](f.db) }
		ceil := func(n, k int) int { return (n + k - 1) / k }

		t.Run("SelectRelated", func(t *testing.T) {
			cctx, rec := hooks.Capture(f.ctx)
			i := 0
			for p, err := range P().SelectRelated("author", "reply__author").OrderBy("id").Iterator(cctx, 3) {
				must(t, err)
				want := f.posts[i]
				i++
				if p.ID != want.ID {
					t.Fatalf("post %d, want %d", p.ID, want.ID)
				}
				if a, ok := p.Author.Loaded(); !ok || a.ID != want.Author.ID || a.Name == "" {
					t.Fatalf("post %d: author %v %v", p.ID, a, ok)
				}
				r, ok := p.Reply.Loaded()
				if ok != want.Reply.Valid || (ok && r.ID != want.Reply.ID) {
					t.Fatalf("post %d: reply %v %v", p.ID, r, ok)
				}
				if ok {
					if ra, ok := r.Author.Loaded(); !ok || ra.ID != p.Author.ID {
						t.Fatalf("post %d: reply's author %v", p.ID, ra)
					}
				}
			}
			if i != len(f.posts) || rec.Count() != 1 {
				t.Fatalf("%d posts, %d statements, want %d and 1:\n%s", i, rec.Count(), len(f.posts), rec)
			}
		})

		t.Run("PrefetchRelated per chunk", func(t *testing.T) {
			for _, chunk := range []int{1, 7, 40, 1000} {
				cctx, rec := hooks.Capture(f.ctx)
				n := 0
				for a, err := range A().PrefetchRelated("post").OrderBy("id").Iterator(cctx, chunk) {
					must(t, err)
					if a.ID != f.authors[n].ID {
						t.Fatalf("chunk %d: author %d, want %d", chunk, a.ID, f.authors[n].ID)
					}
					n++
					ps, ok := a.Posts.Loaded()
					if !ok || len(ps) != f.postsOf(a.ID, -1) {
						t.Fatalf("chunk %d: author %d: %d posts (%v), want %d", chunk, a.ID, len(ps), ok, f.postsOf(a.ID, -1))
					}
					for _, p := range ps {
						if p.Author.ID != a.ID {
							t.Fatalf("post %d of author %d", p.ID, a.ID)
						}
					}
				}
				if n != len(f.authors) || rec.Count() != 1+ceil(n, chunk) {
					t.Fatalf("chunk %d: %d authors, %d statements, want %d:\n%s", chunk, n, rec.Count(), 1+ceil(n, chunk), rec)
				}
			}
		})

		t.Run("two relations and SelectRelated", func(t *testing.T) {
			cctx, rec := hooks.Capture(f.ctx)
			n := 0
			for p, err := range P().SelectRelated("reply").PrefetchRelated("author", "editor").OrderBy("id").Iterator(cctx, 25) {
				must(t, err)
				want := f.posts[n]
				n++
				if a, ok := p.Author.Loaded(); !ok || a.ID != want.Author.ID || a.Name == "" {
					t.Fatalf("post %d: author %v %v", p.ID, a, ok)
				}
				if e, ok := p.Editor.Loaded(); ok != want.Editor.Valid || (ok && e.ID != f.authors[0].ID) {
					t.Fatalf("post %d: editor %v %v", p.ID, e, ok)
				}
				if r, ok := p.Reply.Loaded(); ok != want.Reply.Valid || (ok && r.ID != want.Reply.ID) {
					t.Fatalf("post %d: reply %v %v", p.ID, r, ok)
				}
			}
			// Every chunk of 25 posts has an edited one (every third).
			if want := 1 + 2*ceil(len(f.posts), 25); n != len(f.posts) || rec.Count() != want {
				t.Fatalf("%d posts, %d statements, want %d:\n%s", n, rec.Count(), want, rec)
			}
		})

		t.Run("Limit, early break and an empty result", func(t *testing.T) {
			cctx, rec := hooks.Capture(f.ctx)
			n := 0
			for _, err := range A().PrefetchRelated("post").OrderBy("id").Limit(10).Iterator(cctx, 4) {
				must(t, err)
				n++
			}
			if n != 10 || rec.Count() != 1+3 {
				t.Fatalf("Limit: %d authors, %d statements:\n%s", n, rec.Count(), rec)
			}
			rec.Reset()
			n = 0
			for _, err := range A().PrefetchRelated("post").OrderBy("id").Iterator(cctx, 4) {
				must(t, err)
				if n++; n == 5 {
					break
				}
			}
			if rec.Count() != 1+2 {
				t.Fatalf("break: %d statements:\n%s", rec.Count(), rec)
			}
			if c, err := A().Count(f.ctx); err != nil || c != int64(len(f.authors)) {
				t.Fatalf("after break: %d %v", c, err)
			}
			rec.Reset()
			for range A().PrefetchRelated("post").Filter(orm.Q{"pk__in": []int64{}}).Iterator(cctx, 4) {
				t.Fatal("yielded a row for an empty in")
			}
			if rec.Count() != 0 {
				t.Fatalf("empty in: %d statements", rec.Count())
			}
		})

		t.Run("one connection is refused, not a deadlock", func(t *testing.T) {
			f.db.SetMaxOpenConns(1)
			defer f.db.SetMaxOpenConns(0)
			cctx, rec := hooks.Capture(f.ctx)
			calls := 0
			for _, err := range A().PrefetchRelated("post").Iterator(cctx, 4) {
				calls++
				if !errors.Is(err, orm.ErrInvalidQuery) {
					t.Fatalf("got %v", err)
				}
			}
			if calls != 1 || rec.Count() != 0 {
				t.Fatalf("%d yields, %d statements", calls, rec.Count())
			}
			// SelectRelated needs no second connection.
			n := 0
			for _, err := range P().SelectRelated("author").Iterator(cctx, 4) {
				must(t, err)
				n++
			}
			if n != len(f.posts) {
				t.Fatalf("SelectRelated on one connection: %d posts", n)
			}
		})
	})
}

// TestAggregateAfterAnnotate compares Aggregate over an annotated
// QuerySet (a subquery of the annotated rows, as in Django) with
// hand-written SQL on every backend.
func TestAggregateAfterAnnotate(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newRelFixture(t, b)
		A := func() *orm.QuerySet[Author] { return orm.Objects[Author](f.db) }
		n := orm.Count("post").As("n")
		for _, c := range []struct {
			name          string
			qs            *orm.QuerySet[Author]
			where, having string // of the hand-written SQL
		}{
			{"all authors", A().Annotate(n), "", ""},
			{"HAVING", A().Annotate(n).Filter(orm.Q{"n__gt": 1}), "", " HAVING COUNT(post.id) > 1"},
			{"filtered before", A().Filter(orm.Q{"name__startswith": "aB"}).Annotate(n), " WHERE author.name LIKE 'aB%'", ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := c.qs.Aggregate(f.ctx, orm.Avg("n").As("avg_n"), orm.Max("n").As("max_n"), orm.Sum("n").As("sum_n"),
					orm.Count("*").As("groups"), orm.Sum("id").Default(0).As("ids"))
				must(t, err)
				var avg sql.NullFloat64
				var maxN, sumN sql.NullInt64
				var groups, ids int64
				err = f.db.QueryRowContext(f.ctx, `SELECT AVG(n), MAX(n), SUM(n), COUNT(*), COALESCE(SUM(id), 0) FROM
					(SELECT author.id AS id, COUNT(post.id) AS n FROM author LEFT OUTER JOIN post ON post.author_id = author.id`+
					c.where+` GROUP BY author.id`+c.having+`) t`).Scan(&avg, &maxN, &sumN, &groups, &ids)
				must(t, err)
				if groups == 0 {
					t.Fatal("the case matches no author")
				}
				if g, ok := got["avg_n"].(float64); !ok || !avg.Valid || g-avg.Float64 > 1e-9 || avg.Float64-g > 1e-9 {
					t.Errorf("avg_n %#v, want %v", got["avg_n"], avg.Float64)
				}
				if got["max_n"] != maxN.Int64 || got["sum_n"] != sumN.Int64 || got["groups"] != groups || got["ids"] != ids {
					t.Errorf("got %v, want max %d sum %d groups %d ids %d", got, maxN.Int64, sumN.Int64, groups, ids)
				}
			})
		}
		t.Run("sliced", func(t *testing.T) {
			got, err := A().Annotate(orm.Count("post").As("n")).OrderBy("-n", "id").Limit(5).Aggregate(f.ctx, orm.Sum("n").As("top"))
			must(t, err)
			// The five authors with most posts have four each.
			if got["top"] != int64(20) {
				t.Errorf("top %#v, want 20", got["top"])
			}
		})
		t.Run("no row and mistakes", func(t *testing.T) {
			cctx, rec := hooks.Capture(f.ctx)
			got, err := A().Filter(orm.Q{"pk__in": []int64{}}).Annotate(orm.Count("post").As("n")).Aggregate(cctx, orm.Avg("n").As("avg_n"), orm.Count("*").As("c"))
			must(t, err)
			if got["avg_n"] != nil || got["c"] != int64(0) {
				t.Errorf("empty: %v", got)
			}
			for _, agg := range []orm.Aggregate{orm.Sum("post__score"), orm.Sum(orm.F("n").Mul(2)).As("x"), orm.Avg("nope"), orm.Avg("n").Distinct().Sample()} {
				if _, err := A().Annotate(orm.Count("post").As("n")).Aggregate(cctx, agg); !errors.Is(err, orm.ErrInvalidQuery) {
					t.Errorf("%v: %v", agg, err)
				}
			}
			if rec.Count() != 0 {
				t.Errorf("%d statements sent:\n%s", rec.Count(), rec)
			}
		})
	})
}

// TestLookupOnExpressionAnnotation filters on an expression annotation's
// name (in WHERE) beside an aggregate's (in HAVING) on every backend,
// against hand-written SQL.
func TestLookupOnExpressionAnnotation(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newRelFixture(t, b)
		A := func() *orm.QuerySet[Author] {
			return orm.Objects[Author](f.db).Annotate(orm.Lower("name").As("lname"))
		}
		ids := func(query string) []int64 {
			t.Helper()
			rows, err := f.db.QueryContext(f.ctx, query)
			must(t, err)
			defer rows.Close()
			var out []int64
			for rows.Next() {
				var id int64
				must(t, rows.Scan(&id))
				out = append(out, id)
			}
			must(t, rows.Err())
			return out
		}
		annotated := func(rows []orm.Annotated[Author], err error) []int64 {
			t.Helper()
			must(t, err)
			out := make([]int64, len(rows))
			for i, r := range rows {
				out[i] = r.Object.ID
				if r.Annotations["lname"] == nil {
					t.Fatalf("author %d: no lname in %v", r.Object.ID, r.Annotations)
				}
			}
			return out
		}
		for _, c := range []struct {
			name string
			got  []int64
			want string
		}{
			{"exact", annotated(A().Filter(orm.Q{"lname": "ab0"}).OrderBy("id").AllAnnotated(f.ctx)),
				`SELECT id FROM author WHERE LOWER(name) = 'ab0' ORDER BY id`},
			{"startswith with an aggregate", annotated(A().Annotate(orm.Count("post").As("n")).Filter(orm.Q{"lname__startswith": "ab", "n__gt": 1}).OrderBy("id").AllAnnotated(f.ctx)),
				`SELECT author.id FROM author LEFT OUTER JOIN post ON post.author_id = author.id WHERE LOWER(author.name) LIKE 'ab%'
					GROUP BY author.id HAVING COUNT(post.id) > 1 ORDER BY author.id`},
			{"Exclude, ordered by the annotation", annotated(A().Exclude(orm.Q{"lname__in": []string{"ab0", "ac0", "ad1"}}).OrderBy("-lname", "id").AllAnnotated(f.ctx)),
				`SELECT id FROM author WHERE LOWER(name) NOT IN ('ab0', 'ac0', 'ad1') ORDER BY LOWER(name) DESC, id`},
		} {
			want := ids(c.want)
			if len(want) == 0 || !slices.Equal(c.got, want) {
				t.Errorf("%s: %v, want %v", c.name, c.got, want)
			}
		}
		n, err := A().Filter(orm.Q{"lname__endswith": "0"}).Count(f.ctx)
		must(t, err)
		if want := ids(`SELECT id FROM author WHERE LOWER(name) LIKE '%0'`); n != int64(len(want)) {
			t.Errorf("Count: %d, want %d", n, len(want))
		}
	})
}
