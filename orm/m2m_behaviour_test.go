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

// m2mFixture: labels go, sql, orm, web; articles a1..a4 with labels
// a1 {go, sql}, a2 {go}, a3 {}, a4 {orm, web, go}; accounts ann (with a
// profile) and bob (without).
type m2mFixture struct {
	db       *sql.DB
	ctx      context.Context
	labels   map[string]*Label
	articles []*Article
	ann, bob Account
}

func newM2MFixture(t *testing.T, b *testenv.Backend) *m2mFixture {
	t.Helper()
	fresh := b.Fresh(t)
	db, err := fresh.Open() // SQLORM_TEST_OPEN: sqlorm or bare
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &m2mFixture{db: db, ctx: context.Background(), labels: map[string]*Label{}}
	for _, mig := range []func(context.Context, *sql.DB) error{orm.Migrate[Label], orm.Migrate[Article], orm.Migrate[Person], orm.Migrate[Account], orm.Migrate[Profile]} {
		must(t, mig(f.ctx, db))
	}
	for _, n := range []string{"go", "sql", "orm", "web"} {
		l := &Label{Name: n}
		must(t, orm.Objects[Label](db).Create(f.ctx, l))
		f.labels[n] = l
	}
	for i, names := range [][]string{{"go", "sql"}, {"go"}, {}, {"orm", "web", "go"}} {
		a := &Article{Title: "a" + string(rune('1'+i))}
		must(t, orm.Objects[Article](db).Create(f.ctx, a))
		f.articles = append(f.articles, a)
		m, err := orm.M2M[Label](a, "labels")
		must(t, err)
		var ls []*Label
		for _, n := range names {
			ls = append(ls, f.labels[n])
		}
		must(t, m.Add(f.ctx, db, ls...))
	}
	f.ann, f.bob = Account{Login: "ann"}, Account{Login: "bob"}
	must(t, orm.Objects[Account](db).Create(f.ctx, &f.ann))
	must(t, orm.Objects[Account](db).Create(f.ctx, &f.bob))
	p := &Profile{Bio: "Gopher from Berlin"}
	must(t, p.Account.Set(&f.ann))
	must(t, orm.Objects[Profile](db).Create(f.ctx, p))
	return f
}

func (f *m2mFixture) labelNames(t *testing.T, a *Article) []string {
	t.Helper()
	m, err := orm.M2M[Label](a, "labels")
	must(t, err)
	ls, err := m.Query(f.db).All(f.ctx) // Label's Meta.Ordering: by name
	must(t, err)
	out := []string{}
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return out
}

func titles(as []Article) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Title)
	}
	return out
}

func labelNamesOf(ls []Label) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return out
}

func tableCount(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	must(t, db.QueryRow("SELECT COUNT(*) FROM "+table).Scan(&n))
	return n
}

// TestManyToMany runs the many-to-many and one-to-one relations on
// SQLite, PostgreSQL and MariaDB.
func TestManyToMany(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newM2MFixture(t, b)
		ctx, db := f.ctx, f.db
		A := func() *orm.QuerySet[Article] { return orm.Objects[Article](db).OrderBy("title") }
		L := func() *orm.QuerySet[Label] { return orm.Objects[Label](db) }
		a1, a2, a3 := f.articles[0], f.articles[1], f.articles[2]

		t.Run("Add ignores existing pairs and repeats, in one statement", func(t *testing.T) {
			needsCapture(t, db)
			m, err := orm.M2M[Label](a2, "labels")
			must(t, err)
			cctx, rec := hooks.Capture(ctx)
			must(t, m.Add(cctx, db, f.labels["go"], f.labels["web"], f.labels["web"]))
			if rec.Count() != 1 {
				t.Errorf("%d statements, want 1:\n%s", rec.Count(), rec)
			}
			if got := f.labelNames(t, a2); !slices.Equal(got, []string{"go", "web"}) {
				t.Errorf("labels %v", got)
			}
			must(t, m.Remove(ctx, db, f.labels["web"], f.labels["sql"])) // sql is not related: ignored
			if got := f.labelNames(t, a2); !slices.Equal(got, []string{"go"}) {
				t.Errorf("after Remove: %v", got)
			}
		})

		t.Run("Set replaces the set in one transaction; Clear empties it", func(t *testing.T) {
			m, err := orm.M2M[Label](a3, "labels")
			must(t, err)
			must(t, m.Set(ctx, db, f.labels["orm"], f.labels["sql"]))
			must(t, m.Set(ctx, db, f.labels["sql"], f.labels["web"]))
			if got := f.labelNames(t, a3); !slices.Equal(got, []string{"sql", "web"}) {
				t.Errorf("after Set: %v", got)
			}
			// Set joins the transaction in the context: rolled back with it.
			errBoom := errors.New("boom")
			err = orm.Atomic(ctx, db, func(ctx context.Context) error {
				if err := m.Set(ctx, db, f.labels["go"]); err != nil {
					return err
				}
				return errBoom
			})
			if !errors.Is(err, errBoom) {
				t.Fatal(err)
			}
			if got := f.labelNames(t, a3); !slices.Equal(got, []string{"sql", "web"}) {
				t.Errorf("after a rolled back Set: %v", got)
			}
			must(t, m.Clear(ctx, db))
			if got := f.labelNames(t, a3); len(got) != 0 {
				t.Errorf("after Clear: %v", got)
			}
			n, err := L().Count(ctx)
			must(t, err)
			if n != 4 {
				t.Errorf("Clear deleted labels: %d left", n)
			}
		})

		t.Run("the reverse side through related_name", func(t *testing.T) {
			m, err := orm.M2M[Article](f.labels["go"], "articles")
			must(t, err)
			arts, err := m.Query(db).OrderBy("title").All(ctx)
			must(t, err)
			if got := titles(arts); !slices.Equal(got, []string{"a1", "a2", "a4"}) {
				t.Errorf("articles of go: %v", got)
			}
			n, err := m.Query(db).Filter(orm.Q{"title__in": []string{"a1", "a3"}}).Count(ctx)
			must(t, err)
			if n != 1 {
				t.Errorf("Count = %d", n)
			}
		})

		t.Run("lookups both ways are joins with duplicates", func(t *testing.T) {
			arts, err := A().Filter(orm.Q{"labels__name__in": []string{"go", "sql"}}).All(ctx)
			must(t, err)
			if got := titles(arts); !slices.Equal(got, []string{"a1", "a1", "a2", "a4"}) {
				t.Errorf("duplicates as in Django: %v", got)
			}
			arts, err = A().Filter(orm.Q{"labels__name__in": []string{"go", "sql"}}).Distinct().All(ctx)
			must(t, err)
			if got := titles(arts); !slices.Equal(got, []string{"a1", "a2", "a4"}) {
				t.Errorf("Distinct: %v", got)
			}
			// Two Filter calls: two joins, "some label go and some label sql".
			arts, err = A().Filter(orm.Q{"labels__name": "go"}).Filter(orm.Q{"labels__name": "sql"}).All(ctx)
			must(t, err)
			if got := titles(arts); !slices.Equal(got, []string{"a1"}) {
				t.Errorf("chained filters: %v", got)
			}
			labs, err := L().Filter(orm.Q{"articles__title__startswith": "a4"}).All(ctx)
			must(t, err)
			if got := labelNamesOf(labs); !slices.Equal(got, []string{"go", "orm", "web"}) {
				t.Errorf("from Label: %v", got)
			}
			arts, err = A().Filter(orm.Q{"labels": f.labels["orm"].ID}).All(ctx)
			must(t, err)
			if got := titles(arts); !slices.Equal(got, []string{"a4"}) {
				t.Errorf("by key: %v", got)
			}
			arts, err = A().Filter(orm.Q{"labels__isnull": true}).All(ctx)
			must(t, err)
			if got := titles(arts); !slices.Equal(got, []string{"a3"}) {
				t.Errorf("isnull: %v", got)
			}
		})

		t.Run("Exclude across the relation is NOT EXISTS", func(t *testing.T) {
			arts, err := A().Exclude(orm.Q{"labels__name": "go"}).All(ctx)
			must(t, err)
			if got := titles(arts); !slices.Equal(got, []string{"a3"}) {
				t.Errorf("no label go: %v", got)
			}
			labs, err := L().Exclude(orm.Q{"articles__title": "a4"}).All(ctx)
			must(t, err)
			if got := labelNamesOf(labs); !slices.Equal(got, []string{"sql"}) {
				t.Errorf("labels not on a4: %v", got)
			}
			n, err := orm.Objects[Article](db).Annotate(orm.Count("labels").As("n")).Filter(orm.Q{"n__gte": 2}).Count(ctx)
			must(t, err)
			if n != 2 {
				t.Errorf("articles with 2+ labels: %d", n)
			}
		})

		t.Run("PrefetchRelated loads the sets in one more statement", func(t *testing.T) {
			needsCapture(t, db)
			cctx, rec := hooks.Capture(ctx)
			arts, err := A().PrefetchRelated("labels").All(cctx)
			must(t, err)
			if rec.Count() != 2 {
				t.Fatalf("%d statements, want 2:\n%s", rec.Count(), rec)
			}
			for _, a := range arts {
				ls, ok := a.Labels.Loaded()
				want := f.labelNames(t, &a)
				if !ok || !slices.Equal(labelNamesOf(ls), want) {
					t.Errorf("%s: prefetched %v (%v), want %v", a.Title, labelNamesOf(ls), ok, want)
				}
			}
			cctx, rec = hooks.Capture(ctx)
			labs, err := L().PrefetchRelated("articles__labels").All(cctx)
			must(t, err)
			if rec.Count() != 3 {
				t.Fatalf("%d statements, want 3:\n%s", rec.Count(), rec)
			}
			for _, l := range labs {
				as, ok := l.Articles.Loaded()
				if !ok {
					t.Fatalf("%s: not loaded", l.Name)
				}
				for _, a := range as {
					if _, ok := a.Labels.Loaded(); !ok {
						t.Errorf("%s/%s: second level not loaded", l.Name, a.Title)
					}
				}
			}
		})

		t.Run("deleting either side cascades to the pairs", func(t *testing.T) {
			before := tableCount(t, db, "article_labels")
			must(t, orm.Delete(ctx, db, f.labels["web"])) // on a2? no: on a4 (and a3 was cleared)
			after := tableCount(t, db, "article_labels")
			if before-after != 1 {
				t.Errorf("deleting a label removed %d pairs, want 1", before-after)
			}
			must(t, orm.Delete(ctx, db, a1))
			if got := tableCount(t, db, "article_labels"); after-got != 2 {
				t.Errorf("deleting an article removed %d pairs, want 2", after-got)
			}
		})

		t.Run("relation to self", func(t *testing.T) {
			ann, bob, cy := &Person{Name: "ann"}, &Person{Name: "bob"}, &Person{Name: "cy"}
			for _, p := range []*Person{ann, bob, cy} {
				must(t, orm.Objects[Person](db).Create(ctx, p))
			}
			m, err := orm.M2M[Person](ann, "friends")
			must(t, err)
			must(t, m.Add(ctx, db, bob, cy))
			ps, err := orm.Objects[Person](db).Filter(orm.Q{"friends__name": "cy"}).All(ctx)
			must(t, err)
			if len(ps) != 1 || ps[0].Name != "ann" {
				t.Errorf("friends of cy's: %v", ps)
			}
			// Not symmetrical: the reverse side (query name "person").
			back, err := orm.M2M[Person](bob, "person")
			must(t, err)
			n, err := back.Query(db).Count(ctx)
			must(t, err)
			if n != 1 {
				t.Errorf("bob is the friend of %d", n)
			}
		})

		t.Run("one-to-one: unique, reverse lookups, ReverseOne, SelectRelated", func(t *testing.T) {
			needsCapture(t, db)
			p, err := orm.ReverseOne[Profile](ctx, db, &f.ann)
			must(t, err)
			if p.Bio != "Gopher from Berlin" {
				t.Errorf("profile %+v", p)
			}
			if _, err := orm.ReverseOne[Profile](ctx, db, &f.bob); !errors.Is(err, orm.ErrDoesNotExist) {
				t.Errorf("bob's profile: %v, want ErrDoesNotExist", err)
			}
			dup := &Profile{Bio: "again"}
			must(t, dup.Account.Set(&f.ann))
			if err := orm.Objects[Profile](db).Create(ctx, dup); !errors.Is(err, orm.ErrUniqueViolation) {
				t.Errorf("second profile: %v, want ErrUniqueViolation", err)
			}
			accs, err := orm.Objects[Account](db).Filter(orm.Q{"profile__bio__icontains": "GOPHER"}).All(ctx)
			must(t, err)
			if len(accs) != 1 || accs[0].Login != "ann" {
				t.Errorf("reverse lookup: %v", accs)
			}
			accs, err = orm.Objects[Account](db).Exclude(orm.Q{"profile__bio__icontains": "gopher"}).All(ctx)
			must(t, err)
			if len(accs) != 1 || accs[0].Login != "bob" {
				t.Errorf("Exclude keeps the account without a profile: %v", accs)
			}
			cctx, rec := hooks.Capture(ctx)
			ps, err := orm.Objects[Profile](db).SelectRelated("account").All(cctx)
			must(t, err)
			if rec.Count() != 1 || len(ps) != 1 {
				t.Fatalf("%d statements, %d rows", rec.Count(), len(ps))
			}
			if a, ok := ps[0].Account.Loaded(); !ok || a.Login != "ann" {
				t.Errorf("loaded %v %v", a, ok)
			}
			must(t, orm.Delete(ctx, db, &f.ann))
			if n, _ := orm.Objects[Profile](db).Count(ctx); n != 0 {
				t.Errorf("on_delete=cascade left %d profiles", n)
			}
		})

		t.Run("mistakes send nothing", func(t *testing.T) {
			cctx, rec := hooks.Capture(ctx)
			if _, err := orm.M2M[Label](&Article{}, "labels"); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("unsaved owner: %v", err)
			}
			if _, err := orm.M2M[Label](a2, "tags"); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("unknown name: %v", err)
			}
			if _, err := orm.M2M[Person](a2, "labels"); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("wrong type: %v", err)
			}
			m, _ := orm.M2M[Label](a2, "labels")
			if err := m.Add(cctx, db, &Label{Name: "unsaved"}); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("unsaved label: %v", err)
			}
			if err := m.Set(cctx, db, nil); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("nil label: %v", err)
			}
			if _, err := orm.Objects[Article](db).Filter(orm.Q{"labels__nope": 1}).All(cctx); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("unknown field: %v", err)
			}
			if _, err := orm.ReverseOne[Label](cctx, db, a2); !errors.Is(err, orm.ErrInvalidQuery) {
				t.Errorf("ReverseOne without OneToOne: %v", err)
			}
			if rec.Count() != 0 {
				t.Errorf("statements sent:\n%s", rec)
			}
			if err := m.Add(ctx, db, &Label{Model: orm.Model{ID: 999}}); !errors.Is(err, orm.ErrForeignKeyViolation) {
				t.Errorf("missing label: %v", err)
			}
		})
	})
}
