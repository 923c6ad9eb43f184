package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// The models of the data-safety tests: one field of each kind a caller is
// likely to get wrong.

type SafeAuthor struct {
	orm.Model
	Name string `orm:"max_length=50"`
}

type SafeItem struct {
	orm.Model
	Title     string             `orm:"max_length=50"`
	Body      string             `orm:"max_length=200,default=b"`
	Views     int64              `orm:"default=0"`
	Qty       int32              `orm:"default=0"`
	Small     int8               `orm:"default=0"`
	Score     float64            `orm:"default=0"`
	Price     decimal.Decimal    `orm:"max_digits=8,decimal_places=2,default=0"`
	Published bool               `orm:"default=false"`
	Status    string             `orm:"max_length=10,choices=draft|live,default=draft"`
	CreatedAt time.Time          `orm:"auto_now_add"`
	Day       *time.Time         `orm:"type=date,null"`
	Wait      time.Duration      `orm:"default=0"`
	Author    orm.FK[SafeAuthor] `orm:"on_delete=cascade,null"`
	Note      sql.Null[string]   `orm:"max_length=20,null"`
	Ref       *int64             `orm:"null"`
}

// safeFixture has three items by one author, on a connection opened
// through the sqlorm driver so that hooks.Capture sees every statement.
type safeFixture struct {
	db     *sql.DB
	ctx    context.Context
	author *SafeAuthor
	items  []*SafeItem
}

func newSafeFixture(t *testing.T, b *testenv.Backend) *safeFixture {
	t.Helper()
	db, err := sql.Open("sqlorm", b.Fresh(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &safeFixture{db: db, ctx: context.Background()}
	must(t, orm.Migrate[SafeAuthor](f.ctx, db))
	must(t, orm.Migrate[SafeItem](f.ctx, db))
	f.author = &SafeAuthor{Name: "ann"}
	must(t, orm.Objects[SafeAuthor](db).Create(f.ctx, f.author))
	for i, title := range []string{"one", "two", "three"} {
		it := &SafeItem{Title: title, Views: int64(10 * (i + 1)), Qty: int32(i + 1), Price: decimal.RequireFromString("1.50"),
			Author: orm.Ref[SafeAuthor](f.author.ID)}
		must(t, orm.Objects[SafeItem](db).Create(f.ctx, it))
		f.items = append(f.items, it)
	}
	return f
}

// snapshot reads every item back through the model: it fails when a row
// holds a value the model cannot read.
func (f *safeFixture) snapshot(t *testing.T) []SafeItem {
	t.Helper()
	got, err := orm.Objects[SafeItem](f.db).OrderBy("id").All(f.ctx)
	if err != nil {
		t.Fatalf("the table cannot be read back: %v", err)
	}
	return got
}

// refused runs fn with a capturing context and checks that it returned an
// error wrapping ErrInvalidQuery, sent no statement, and changed no row.
func (f *safeFixture) refused(t *testing.T, fn func(ctx context.Context) error, mention ...string) {
	t.Helper()
	before := f.snapshot(t)
	ctx, rec := hooks.Capture(f.ctx)
	err := fn(ctx)
	if !errors.Is(err, orm.ErrInvalidQuery) {
		t.Fatalf("want an error wrapping ErrInvalidQuery, got %v", err)
	}
	if n := rec.Count(); n != 0 {
		t.Fatalf("%d statements were sent: %v", n, rec)
	}
	for _, m := range mention {
		if !strings.Contains(err.Error(), m) {
			t.Errorf("the error %q does not name %q", err, m)
		}
	}
	after := f.snapshot(t)
	if len(after) != len(before) {
		t.Fatalf("rows: %d before, %d after", len(before), len(after))
	}
	for i := range before {
		if before[i].Title != after[i].Title || before[i].Views != after[i].Views || before[i].Body != after[i].Body {
			t.Fatalf("row %d changed: %+v → %+v", i, before[i], after[i])
		}
	}
}

// TestNilAndEmptyConditions: a nil condition is an error everywhere, and
// Update and Delete never run without a condition the caller gave.
func TestNilAndEmptyConditions(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newSafeFixture(t, b)
		items := func() *orm.QuerySet[SafeItem] { return orm.Objects[SafeItem](f.db) }
		var nilCond orm.Condition
		var nilQ orm.Q
		del := func(qs *orm.QuerySet[SafeItem]) func(context.Context) error {
			return func(ctx context.Context) error { _, err := qs.Delete(ctx); return err }
		}
		upd := func(qs *orm.QuerySet[SafeItem]) func(context.Context) error {
			return func(ctx context.Context) error { _, err := qs.Update(ctx, orm.Set{"views": 0}); return err }
		}
		count := func(qs *orm.QuerySet[SafeItem]) func(context.Context) error {
			return func(ctx context.Context) error { _, err := qs.Count(ctx); return err }
		}
		for _, c := range []struct {
			name    string
			fn      func(context.Context) error
			mention string
		}{
			{"Filter(nil).Delete", del(items().Filter(nilCond)), "nil Condition"},
			{"Exclude(nil).Delete", del(items().Exclude(nilCond)), "nil Condition"},
			{"Filter(Or(nil)).Delete", del(items().Filter(orm.Or(nilCond))), "Or"},
			{"Filter(And(nil, nil)).Delete", del(items().Filter(orm.And(nilCond, nilCond))), "And"},
			{"Filter(Not(nil)).Delete", del(items().Filter(orm.Not(nilCond))), "Not"},
			{"Filter(Not(nil)) reads", count(items().Filter(orm.Not(nilCond))), "Not"},
			{"nil deep in a tree", del(items().Filter(orm.Or(orm.Q{"title": "one"}, orm.And(orm.Q{"views": 1}, orm.Not(nilCond))))), "Not"},
			{"Get(nil)", func(ctx context.Context) error { _, err := items().Get(ctx, nilCond); return err }, "Get"},
			{"When(nil)", upd(items().Filter(orm.Q{"title": "one"})), ""},
			{"Delete without a condition", del(items()), "AllRows"},
			{"Update without a condition", upd(items()), "AllRows"},
			{"Delete with Q{}", del(items().Filter(orm.Q{})), "AllRows"},
			{"Delete with a nil Q map", del(items().Filter(nilQ)), "AllRows"},
			{"Update with Or(Q{}, And())", upd(items().Filter(orm.Or(orm.Q{}, orm.And()))), "AllRows"},
			{"Delete with Exclude(Q{})", del(items().Exclude(orm.Q{})), "AllRows"},
			{"Delete with Not(Q{})", del(items().Filter(orm.Not(orm.Q{}))), "AllRows"},
		} {
			t.Run(c.name, func(t *testing.T) {
				if c.name == "When(nil)" {
					c.fn = func(ctx context.Context) error {
						_, err := items().Filter(orm.Q{"title": "one"}).Update(ctx, orm.Set{"views": orm.Case(orm.When(nilCond, 1), orm.Default(2))})
						return err
					}
				}
				var mention []string
				if c.mention != "" {
					mention = append(mention, c.mention)
				}
				f.refused(t, c.fn, mention...)
			})
		}

		t.Run("Or drops an empty branch instead of matching every row", func(t *testing.T) {
			n, err := items().Filter(orm.Or(orm.Q{}, orm.Q{"title": "one"})).Count(f.ctx)
			must(t, err)
			if n != 1 {
				t.Fatalf("Or(Q{}, title=one) matched %d rows, want 1", n)
			}
		})
		t.Run("Exclude(Q{}) and Not(Q{}) read every row, as Django's ~Q()", func(t *testing.T) {
			for _, qs := range []*orm.QuerySet[SafeItem]{items().Exclude(orm.Q{}), items().Filter(orm.Not(orm.Q{}))} {
				n, err := qs.Count(f.ctx)
				must(t, err)
				if n != 3 {
					t.Fatalf("matched %d rows, want 3", n)
				}
			}
		})
		t.Run("AllRows says every row", func(t *testing.T) {
			n, err := items().Filter(orm.AllRows()).Update(f.ctx, orm.Set{"views": 7})
			must(t, err)
			if n != 3 {
				t.Fatalf("updated %d, want 3", n)
			}
			n, err = items().Filter(orm.AllRows()).Delete(f.ctx)
			must(t, err)
			if n != 3 {
				t.Fatalf("deleted %d, want 3", n)
			}
		})
	})
}

// TestValuesMeetTheirField: a value of the wrong kind, in any lookup on any
// field kind and in Update, is refused before a statement is sent, with
// the model and field named.
func TestValuesMeetTheirField(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newSafeFixture(t, b)
		items := func() *orm.QuerySet[SafeItem] { return orm.Objects[SafeItem](f.db) }
		now := time.Now()
		type wrong struct {
			field string
			value any
		}
		bad := []wrong{
			{"id", "3=1;drop table users;"},
			{"views", "abc"},
			{"views", "1 OR 1=1"},
			{"views", true},
			{"views", now},
			{"views", 1.5}, // rounded for gt, gte, lt, lte and range, as Django does
			{"qty", "1 OR 1=1"},
			{"small", "x"},
			{"score", "abc"},
			{"score", true},
			{"price", "abc"},
			{"price", now},
			{"price", "1e100000000"}, // a billion digits: refused, not written out
			{"published", now},
			{"published", "yes please"},
			{"published", 2},
			{"title", true},
			{"title", now},
			{"title", []byte("x")},
			{"title", "\xd7 not UTF-8"},
			{"note", "\xff"},
			{"created_at", "yesterday"},
			{"created_at", 5},
			{"created_at", true},
			{"day", "yesterday"},
			{"wait", 5},
			{"wait", "soon"},
			{"author", SafeAuthor{}},
			{"author", &SafeAuthor{}},
			{"author", "ann"},
			{"author", 1.5},
			{"note", 3 + 4i},
			{"ref", "x"},
		}
		lookupsFor := func(field string) []string {
			ls := []string{"", "__exact", "__gt", "__gte", "__lt", "__lte", "__in", "__range"}
			if field == "created_at" || field == "day" {
				ls = append(ls, "__year", "__month__gt")
			}
			return ls
		}
		for _, w := range bad {
			for _, l := range lookupsFor(w.field) {
				if _, isFloat := w.value.(float64); isFloat && l != "" && l != "__exact" && l != "__in" {
					continue
				}
				key := w.field + l
				v := w.value
				switch l {
				case "__in":
					v = []any{w.value}
				case "__range":
					v = []any{w.value, w.value}
				case "__year", "__month__gt":
					if w.field == "day" || w.field == "created_at" {
						v = "abc"
					}
				}
				t.Run("Filter "+key+" "+showType(w.value), func(t *testing.T) {
					f.refused(t, func(ctx context.Context) error {
						_, err := items().Filter(orm.Q{key: v}).All(ctx)
						return err
					}, "SafeItem")
				})
			}
			if w.field == "id" || w.field == "created_at" {
				continue
			}
			t.Run("Update "+w.field+" "+showType(w.value), func(t *testing.T) {
				f.refused(t, func(ctx context.Context) error {
					_, err := items().Filter(orm.Q{"title": "one"}).Update(ctx, orm.Set{w.field: w.value})
					return err
				}, "SafeItem", w.field)
			})
		}
		writeOnly := []wrong{
			{"small", 300},
			{"price", 1234567}, // max_digits=8, decimal_places=2: six digits before the point
			{"qty", int64(1) << 40},
			{"title", strings.Repeat("é", 51)}, // max_length=50 characters
			{"status", "18446744073709551316"},
			{"title", nil},
			{"views", nil},
		}
		for _, w := range writeOnly {
			t.Run("Update "+w.field+" "+showType(w.value), func(t *testing.T) {
				f.refused(t, func(ctx context.Context) error {
					_, err := items().Filter(orm.Q{"title": "one"}).Update(ctx, orm.Set{w.field: w.value})
					return err
				}, "SafeItem", w.field)
			})
		}
		for _, l := range []string{"__contains", "__icontains", "__startswith", "__iexact", "__regex"} {
			t.Run("Filter title"+l+" not UTF-8", func(t *testing.T) {
				f.refused(t, func(ctx context.Context) error {
					_, err := items().Filter(orm.Q{"title" + l: "\xd7"}).All(ctx)
					return err
				}, "SafeItem")
			})
		}
		if b.Name == testenv.Postgres { // the one backend whose text cannot hold NUL
			t.Run("Filter and Create with NUL on PostgreSQL", func(t *testing.T) {
				f.refused(t, func(ctx context.Context) error {
					_, err := items().Filter(orm.Q{"body__contains": "a\x00b"}).All(ctx)
					return err
				}, "NUL")
				f.refused(t, func(ctx context.Context) error {
					return items().Create(ctx, &SafeItem{Title: "nul\x00", Status: "draft"})
				}, "SafeItem", "Title", "NUL")
			})
		}
		t.Run("Create with text longer than max_length", func(t *testing.T) {
			f.refused(t, func(ctx context.Context) error {
				return items().Create(ctx, &SafeItem{Title: strings.Repeat("x", 51), Status: "draft"})
			}, "SafeItem", "title", "max_length=50")
		})
		t.Run("Create with text that is not UTF-8", func(t *testing.T) {
			f.refused(t, func(ctx context.Context) error {
				return items().Create(ctx, &SafeItem{Title: "ok\xd7", Status: "draft"})
			}, "SafeItem", "Title", "UTF-8")
		})
		t.Run("GetOrCreate defaults", func(t *testing.T) {
			f.refused(t, func(ctx context.Context) error {
				_, _, err := items().GetOrCreate(ctx, orm.Q{"title": "four"}, orm.Set{"views": "many"})
				return err
			}, "SafeItem", "views")
		})
		t.Run("Sum of a text field", func(t *testing.T) {
			f.refused(t, func(ctx context.Context) error {
				_, err := items().Aggregate(ctx, orm.Sum("title"))
				return err
			}, "title")
		})
		t.Run("Avg of a bool field", func(t *testing.T) {
			f.refused(t, func(ctx context.Context) error {
				_, err := items().Annotate(orm.Avg("published").As("p")).AllAnnotated(ctx)
				return err
			}, "published")
		})
		t.Run("a value in F arithmetic", func(t *testing.T) {
			f.refused(t, func(ctx context.Context) error {
				_, err := items().Filter(orm.Q{"title": "one"}).Update(ctx, orm.Set{"views": orm.F("views").Add("abc")})
				return err
			}, "views")
		})
	})
}

func showType(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case string:
		return "text"
	case time.Time:
		return "time"
	}
	return strings.NewReplacer("*", "ptr-", "[]", "slice-", "orm_test.", "", " ", "").Replace(fmt.Sprintf("%T", v))
}

// TestLegitimateConversions: the conversions Django makes still work, and
// match the rows they should.
func TestLegitimateConversions(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newSafeFixture(t, b)
		items := func() *orm.QuerySet[SafeItem] { return orm.Objects[SafeItem](f.db) }
		type status string
		for _, c := range []struct {
			name string
			q    orm.Q
			want int64
		}{
			{"int for int64", orm.Q{"views": 10}, 1},
			{"int64 for int32", orm.Q{"qty": int64(2)}, 1},
			{"integer text for an integer (Django's int())", orm.Q{"views__gte": "20"}, 2},
			{"integral float for an integer", orm.Q{"views": 30.0}, 1},
			{"fractional float rounded for gt", orm.Q{"views__gt": 19.5}, 2},
			{"out-of-width comparison is a valid question", orm.Q{"small__lt": 1000}, 3},
			{"text for a decimal", orm.Q{"price": "1.5"}, 3},
			{"float for a decimal, not rounded", orm.Q{"price__gt": 1.499}, 3},
			{"int for a decimal", orm.Q{"price__lt": 2}, 3},
			{"a pointer to the author", orm.Q{"author": f.author}, 3},
			{"the author's key", orm.Q{"author": f.author.ID}, 3},
			{"the author by value", orm.Q{"author": *f.author}, 3},
			{"an FK value", orm.Q{"author": orm.Ref[SafeAuthor](f.author.ID)}, 3},
			{"a typed string enum", orm.Q{"status": status("draft")}, 3},
			{"a number for text, compared as text", orm.Q{"title__in": []any{"one", 2}}, 1},
			{"bool text for a bool", orm.Q{"published": "false"}, 3},
			{"ISO text for a date-time", orm.Q{"created_at__gt": "2000-01-01 00:00:00"}, 3},
			{"ISO date for a date-time", orm.Q{"created_at__gt": "2000-01-01"}, 3},
			{"duration text", orm.Q{"wait__lt": "1h"}, 3},
			{"a year as text", orm.Q{"created_at__year__gte": "2000"}, 3},
		} {
			t.Run(c.name, func(t *testing.T) {
				n, err := items().Filter(c.q).Count(f.ctx)
				must(t, err)
				if n != c.want {
					t.Fatalf("%v matched %d rows, want %d", c.q, n, c.want)
				}
			})
		}
		t.Run("Update converts and the row reads back", func(t *testing.T) {
			n, err := items().Filter(orm.Q{"title": "one"}).Update(f.ctx, orm.Set{
				"views": "42", "qty": int64(7), "small": 5, "price": "2.345", "published": 1, "score": "0.5",
				"day": "2024-02-29", "wait": "90s", "author": f.author, "note": "hi", "ref": 3,
			})
			must(t, err)
			if n != 1 {
				t.Fatalf("updated %d", n)
			}
			got, err := items().Get(f.ctx, orm.Q{"title": "one"})
			must(t, err)
			if got.Views != 42 || got.Qty != 7 || got.Small != 5 || got.Price.String() != "2.34" || !got.Published ||
				got.Score != 0.5 || got.Day == nil || got.Day.Format("2006-01-02") != "2024-02-29" || got.Wait != 90*time.Second ||
				got.Note.V != "hi" || got.Ref == nil || *got.Ref != 3 {
				t.Fatalf("read back %+v", got)
			}
		})
		t.Run("an annotation compares as its output kind", func(t *testing.T) {
			n, err := items().Annotate(orm.Length("title").As("len")).Filter(orm.Q{"len__gt": 3}).Count(f.ctx)
			must(t, err)
			if n != 1 { // "three"
				t.Fatalf("Length(title) > 3 matched %d rows, want 1", n)
			}
			n, err = items().Annotate(orm.Lower("title").As("lt")).Filter(orm.Q{"lt": "two"}).Count(f.ctx)
			must(t, err)
			if n != 1 {
				t.Fatalf("Lower(title) = two matched %d rows, want 1", n)
			}
			f.refused(t, func(ctx context.Context) error {
				_, err := items().Annotate(orm.Length("title").As("len")).Filter(orm.Q{"len__gt": "abc"}).Count(ctx)
				return err
			})
		})
	})
}

// TestPartialObjectsSavePartially: a value loaded with Only, Defer or a
// Raw query of some columns writes only what it loaded.
func TestPartialObjectsSavePartially(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newSafeFixture(t, b)
		items := func() *orm.QuerySet[SafeItem] { return orm.Objects[SafeItem](f.db) }
		must(t, orm.Save(f.ctx, f.db, &SafeItem{Model: orm.Model{ID: f.items[0].ID}, Title: "one", Body: "kept body", Views: 10, Qty: 1,
			Price: decimal.RequireFromString("1.50"), Status: "draft", Author: orm.Ref[SafeAuthor](f.author.ID), CreatedAt: f.items[0].CreatedAt}))
		reread := func(t *testing.T) *SafeItem {
			t.Helper()
			got, err := items().Get(f.ctx, orm.Q{"pk": f.items[0].ID})
			must(t, err)
			return got
		}
		t.Run("Defer then Save keeps the deferred field", func(t *testing.T) {
			d, err := items().Defer("body").Get(f.ctx, orm.Q{"title": "one"})
			must(t, err)
			d.Views = 777
			ctx, rec := hooks.Capture(f.ctx)
			must(t, orm.Save(ctx, f.db, d))
			for _, q := range rec.Statements() {
				if strings.Contains(q.SQL, "body") || strings.Contains(strings.ToUpper(q.SQL), "INSERT") {
					t.Errorf("Save of a deferred object sent %s", q.SQL)
				}
			}
			got := reread(t)
			if got.Body != "kept body" || got.Views != 777 {
				t.Fatalf("after Save: body %q views %d", got.Body, got.Views)
			}
		})
		t.Run("Only then Save writes only that field", func(t *testing.T) {
			o, err := items().Only("title").Get(f.ctx, orm.Q{"title": "one"})
			must(t, err)
			o.Title = "uno"
			must(t, orm.Save(f.ctx, f.db, o))
			got := reread(t)
			if got.Title != "uno" || got.Body != "kept body" || got.Views != 777 || !got.Author.Valid {
				t.Fatalf("after Save: %+v", got)
			}
			must(t, orm.Save(f.ctx, f.db, got)) // a full object writes everything again
		})
		t.Run("a partial Raw row saves partially", func(t *testing.T) {
			d, err := dialect.Detect(f.db)
			must(t, err)
			rs, err := orm.Raw[SafeItem](f.db, orm.Rebind(d, "SELECT id, views FROM safe_item WHERE id = ?"), f.items[0].ID).All(f.ctx)
			must(t, err)
			rs[0].Views = 5
			must(t, orm.Save(f.ctx, f.db, &rs[0]))
			if got := reread(t); got.Views != 5 || got.Title != "uno" || got.Body != "kept body" {
				t.Fatalf("after Save: %+v", got)
			}
		})
		t.Run("Iterator and All rows remember too", func(t *testing.T) {
			all, err := items().Only("views").All(f.ctx)
			must(t, err)
			for i := range all {
				all[i].Views++
				must(t, orm.Save(f.ctx, f.db, &all[i]))
			}
			// Saved after the loop: on SQLite without WAL a write waits for
			// the open read of the Iterator.
			var streamed []SafeItem
			for it, err := range items().Defer("title", "body").Iterator(f.ctx, 2) {
				must(t, err)
				streamed = append(streamed, it)
			}
			for i := range streamed {
				streamed[i].Views++
				must(t, orm.Save(f.ctx, f.db, &streamed[i]))
			}
			if got := reread(t); got.Views != 7 || got.Title != "uno" || got.Body != "kept body" {
				t.Fatalf("after Save: %+v", got)
			}
		})
		t.Run("writing the zeros of a partial object is refused", func(t *testing.T) {
			o, err := items().Only("title").Get(f.ctx, orm.Q{"pk": f.items[1].ID})
			must(t, err)
			f.refused(t, func(ctx context.Context) error { return orm.Save(ctx, f.db, o, orm.ForceInsert()) }, "Only")
			f.refused(t, func(ctx context.Context) error { return items().Create(ctx, o) }, "Only")
			f.refused(t, func(ctx context.Context) error { return items().BulkCreate(ctx, []SafeItem{*o}) }, "Only")
			f.refused(t, func(ctx context.Context) error {
				_, err := items().BulkUpdate(ctx, []SafeItem{*o}, []string{"views"})
				return err
			}, "views")
			_, err = items().BulkUpdate(f.ctx, []SafeItem{*o}, []string{"title"})
			must(t, err)
		})
		t.Run("Refresh makes the object whole", func(t *testing.T) {
			o, err := items().Only("title").Get(f.ctx, orm.Q{"pk": f.items[1].ID})
			must(t, err)
			must(t, orm.Refresh(f.ctx, f.db, o))
			o.ID = 0
			must(t, items().Create(f.ctx, o)) // a whole object copies fine
			if o.Views != 22 {                // 20, and two increments above
				t.Fatalf("refreshed views %d", o.Views)
			}
		})
		t.Run("a model without ModelState cannot be loaded partially", func(t *testing.T) {
			must(t, orm.Migrate[SafeCode](f.ctx, f.db))
			f.refused(t, func(ctx context.Context) error {
				_, err := orm.Objects[SafeCode](f.db).Only("name").All(ctx)
				return err
			}, "ModelState")
			_, err := orm.Raw[SafeCode](f.db, "SELECT code FROM safe_code").All(f.ctx)
			if !errors.Is(err, orm.ErrInvalidQuery) || !strings.Contains(err.Error(), "ModelState") {
				t.Fatalf("partial Raw of a model without ModelState: %v", err)
			}
			n, err := orm.Objects[SafeCodeState](f.db).Only("name").Count(f.ctx)
			must(t, err)
			if n != 0 {
				t.Fatalf("count %d", n)
			}
		})
	})
}

type SafeCode struct {
	Code string `orm:"primary_key,max_length=2"`
	Name string `orm:"max_length=20"`
	Area int64
}

type SafeCodeState struct {
	orm.ModelState
	Code string `orm:"primary_key,max_length=2"`
	Name string `orm:"max_length=20"`
	Area int64
}

func (SafeCodeState) Meta() orm.Meta { return orm.Meta{Table: "safe_code"} }

type SafeComment struct {
	orm.Model
	Text string           `orm:"max_length=50"`
	Item orm.FK[SafeItem] `orm:"on_delete=cascade"`
}

// TestRequiredForeignKey: a required foreign key left unset is refused
// before the INSERT, naming the field, and still reads as a NOT NULL
// violation.
func TestRequiredForeignKey(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newSafeFixture(t, b)
		must(t, orm.Migrate[SafeComment](f.ctx, f.db))
		comments := orm.Objects[SafeComment](f.db)
		for _, c := range []struct {
			name string
			fn   func(ctx context.Context) error
		}{
			{"Create", func(ctx context.Context) error { return comments.Create(ctx, &SafeComment{Text: "x"}) }},
			{"Save", func(ctx context.Context) error { return orm.Save(ctx, f.db, &SafeComment{Text: "x"}) }},
			{"BulkCreate", func(ctx context.Context) error {
				return comments.BulkCreate(ctx, []SafeComment{{Text: "x", Item: orm.Ref[SafeItem](f.items[0].ID)}, {Text: "y"}})
			}},
		} {
			t.Run(c.name, func(t *testing.T) {
				ctx, rec := hooks.Capture(f.ctx)
				err := c.fn(ctx)
				if !errors.Is(err, orm.ErrInvalidQuery) || !errors.Is(err, orm.ErrNotNullViolation) || !strings.Contains(err.Error(), "SafeComment.Item") {
					t.Fatalf("got %v", err)
				}
				for _, q := range rec.Statements() {
					if strings.Contains(strings.ToUpper(q.SQL), "INSERT") {
						t.Fatalf("an INSERT was sent: %s", q.SQL)
					}
				}
				n, err := comments.Count(f.ctx)
				must(t, err)
				if n != 0 {
					t.Fatalf("%d comments written", n)
				}
			})
		}
	})
}

type ClashAuthor struct {
	orm.Model
	Name string `orm:"max_length=20"`
}

type ClashPost struct {
	orm.Model
	Writer orm.FK[ClashAuthor] `orm:"on_delete=cascade,related_name=posts"`
	Editor orm.FK[ClashAuthor] `orm:"on_delete=cascade,related_name=posts"`
}

type ClashMessage struct {
	orm.Model
	From orm.FK[ClashAuthor] `orm:"on_delete=cascade"`
	To   orm.FK[ClashAuthor] `orm:"on_delete=cascade"`
}

type ClashNote struct {
	orm.Model
	Author orm.FK[ClashAuthor] `orm:"on_delete=cascade,related_name=notes"`
}

type ClashNote2 struct {
	orm.Model
	Author orm.FK[ClashAuthor] `orm:"on_delete=cascade,related_name=notes"`
}

// TestReverseNameClash: two relations reaching one model under the same
// reverse name are refused at registration with the right advice.
func TestReverseNameClash(t *testing.T) {
	for _, c := range []struct {
		name     string
		register func() error
		mention  []string
	}{
		{"two related_names in one model", orm.Register[ClashPost], []string{"ClashPost.Writer", "ClashPost.Editor", `"posts"`, "change related_name=posts"}},
		{"two default names in one model", orm.Register[ClashMessage], []string{"ClashMessage.From", "ClashMessage.To", `"clashmessage"`, "give ClashMessage.To a related_name"}},
		{"the same related_name in two models", func() error {
			if err := orm.Register[ClashNote](); err != nil {
				return errors.New("the first model was refused: " + err.Error())
			}
			return orm.Register[ClashNote2]()
		}, []string{"ClashNote.Author", "ClashNote2.Author", `"notes"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.register()
			var me *orm.ModelError
			if !errors.As(err, &me) {
				t.Fatalf("want a *ModelError, got %v", err)
			}
			for _, m := range c.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("%q does not say %q", err, m)
				}
			}
		})
	}
}

// fuzzValue makes a Go value of one of the types callers pass, from the
// fuzz input.
func fuzzValue(kind uint8, s string, n int64, x float64, flag bool) any {
	switch kind % 14 {
	case 0:
		return s
	case 1:
		return n
	case 2:
		return int8(n)
	case 3:
		return uint64(n)
	case 4:
		return x
	case 5:
		return flag
	case 6:
		return time.Unix(n%(1<<34), 0).UTC()
	case 7:
		return []byte(s)
	case 8:
		if d, err := decimal.NewFromString(s); err == nil {
			return d
		}
		return decimal.NewFromFloat(x)
	case 9:
		return time.Duration(n)
	case 10:
		return nil
	case 11:
		return &s
	case 12:
		return int32(n)
	}
	return float32(x)
}

// safeFields are the fields FuzzValuesReadBack writes and compares.
var safeFields = []string{"title", "body", "views", "qty", "small", "score", "price", "published", "status", "day", "wait", "author", "note", "ref"}

// FuzzValuesReadBack: whatever value Update accepts for a field, every row
// still reads back into the model, and whatever value Filter accepts
// runs without a database error — on every backend configured (SQLite
// always; PostgreSQL and MariaDB when their URLs are set), each input on
// each of them. On SQLite, whose columns take any value, a value the ORM
// let through unconverted would be stored as is and fail the read; on the
// servers it would be a database error or a value cast by the server's own
// rules (MariaDB's '1 OR 1=1' = 1).
func FuzzValuesReadBack(f *testing.F) {
	type target struct {
		name string
		db   *sql.DB
		id   int64
	}
	ctx := context.Background()
	var targets []target
	for _, b := range testenv.Backends(f) {
		db, err := b.Fresh(f).Open()
		if err != nil {
			f.Fatal(err)
		}
		f.Cleanup(func() { db.Close() })
		if err := orm.Migrate[SafeAuthor](ctx, db); err != nil {
			f.Fatal(err)
		}
		if err := orm.Migrate[SafeItem](ctx, db); err != nil {
			f.Fatal(err)
		}
		author := &SafeAuthor{Name: "a"}
		if err := orm.Objects[SafeAuthor](db).Create(ctx, author); err != nil {
			f.Fatal(err)
		}
		item := &SafeItem{Title: "t", Status: "draft", Author: orm.Ref[SafeAuthor](author.ID)}
		if err := orm.Objects[SafeItem](db).Create(ctx, item); err != nil {
			f.Fatal(err)
		}
		targets = append(targets, target{b.Name, db, item.ID})
	}
	for i, seed := range []struct {
		s    string
		n    int64
		x    float64
		flag bool
	}{{"abc", 5, 1.5, true}, {"12", -300, 3, false}, {"2024-01-02", 1 << 40, -0.25, true}, {"1 OR 1=1", 0, 1e300, false}, {"live", 1, 0, true}, {"1h", 90, 2.5, false}} {
		for k := range uint8(14) {
			f.Add(uint8(i+int(k)), k, seed.s, seed.n, seed.x, seed.flag)
		}
	}
	f.Fuzz(func(t *testing.T, fieldIdx, kind uint8, s string, n int64, x float64, flag bool) {
		field := safeFields[int(fieldIdx)%len(safeFields)]
		v := fuzzValue(kind, s, n, x, flag)
		for _, tg := range targets {
			if _, err := orm.Objects[SafeItem](tg.db).Filter(orm.Q{field: v}).Count(ctx); err != nil && !errors.Is(err, orm.ErrInvalidQuery) {
				t.Fatalf("%s: Filter %s = %#v: an error that is not ErrInvalidQuery: %v", tg.name, field, v, err)
			}
			_, err := orm.Objects[SafeItem](tg.db).Filter(orm.Q{"pk": tg.id}).Update(ctx, orm.Set{field: v})
			if err != nil && !errors.Is(err, orm.ErrInvalidQuery) && !errors.Is(err, orm.ErrCheckViolation) && !errors.Is(err, orm.ErrForeignKeyViolation) {
				t.Fatalf("%s: Update %s = %#v: %v", tg.name, field, v, err)
			}
			if _, err := orm.Objects[SafeItem](tg.db).All(ctx); err != nil {
				t.Fatalf("%s: after Update %s = %#v, the row cannot be read back: %v", tg.name, field, v, err)
			}
		}
	})
}

// TestMigrateRefusesSQLiteWithoutForeignKeys: on a SQLite connection that
// does not enforce foreign keys, the table of a model with one is not
// created (its on_delete would never run); one without is.
func TestMigrateRefusesSQLiteWithoutForeignKeys(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, url string
		refused   bool
	}{
		{"without _fk", "sqlite:" + t.TempDir() + "/off.db", true},
		{"with _fk=1", "sqlite:" + t.TempDir() + "/on.db?_fk=1", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, err := sql.Open("sqlorm", c.url)
			must(t, err)
			defer db.Close()
			must(t, orm.Migrate[SafeAuthor](ctx, db)) // no foreign key: always created
			err = orm.Migrate[SafeItem](ctx, db)
			if c.refused {
				if !errors.Is(err, orm.ErrInvalidQuery) || !strings.Contains(err.Error(), "_fk=1") {
					t.Fatalf("got %v", err)
				}
				if _, err := orm.Objects[SafeItem](db).Count(ctx); err == nil {
					t.Fatal("the table was created")
				}
				return
			}
			must(t, err)
		})
	}
}

// Cents is a custom field type: an amount of money stored as an integer.
type Cents int64

// Value implements driver.Valuer.
func (c Cents) Value() (driver.Value, error) { return int64(c), nil }

// Scan implements sql.Scanner.
func (c *Cents) Scan(src any) error {
	n, ok := src.(int64)
	if !ok {
		return fmt.Errorf("Cents: %T", src)
	}
	*c = Cents(n)
	return nil
}

type SafePrice struct {
	orm.Model
	Amount Cents `orm:"type=bigint"`
}

// TestCustomValuerValues: a value of the custom type's own family
// converts (5 for a Cents); text for it does not.
func TestCustomValuerValues(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newSafeFixture(t, b)
		must(t, orm.Migrate[SafePrice](f.ctx, f.db))
		prices := orm.Objects[SafePrice](f.db)
		must(t, prices.Create(f.ctx, &SafePrice{Amount: 5}))
		for _, v := range []any{5, int32(5), Cents(5), uint8(5)} {
			n, err := prices.Filter(orm.Q{"amount": v}).Count(f.ctx)
			must(t, err)
			if n != 1 {
				t.Fatalf("amount = %#v matched %d", v, n)
			}
		}
		for _, v := range []any{"5", 5.5, true} {
			f.refused(t, func(ctx context.Context) error {
				_, err := prices.Filter(orm.Q{"amount": v}).Count(ctx)
				return err
			}, "amount")
		}
	})
}

// TestErrorPrefixOnce: a constraint error met by an ORM call says
// "sqlorm:" once, and errors.Is and errors.As still reach it.
func TestErrorPrefixOnce(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newSafeFixture(t, b)
		err := orm.Objects[SafeItem](f.db).Create(f.ctx, &SafeItem{Title: "x", Status: "bogus"})
		var ce *orm.ConstraintError
		if !errors.Is(err, orm.ErrCheckViolation) || !errors.As(err, &ce) {
			t.Fatalf("got %v", err)
		}
		if n := strings.Count(err.Error(), "sqlorm:"); n != 1 || !strings.HasPrefix(err.Error(), "sqlorm: insert SafeItem: check constraint violated") {
			t.Fatalf("%q says sqlorm: %d times", err, n)
		}
	})
}

// TestIntegerOutOfRangeLookups: an integer beyond what the column holds
// answers as Django (5.0) answers — no row for exact, gt/gte above and
// lt/lte below the range, every row for the other side, out-of-range in
// elements dropped, range bounds clamped — on every backend alike (before,
// PostgreSQL refused to bind 2^40 for an integer column and the call
// failed with a driver error; SQLite and MariaDB compared natively).
// Items have qty 1, 2, 3; ref NULL for the first and 7 for the others.
func TestIntegerOutOfRangeLookups(t *testing.T) {
	const huge = int64(1) << 40
	cases := []struct {
		name string
		cond orm.Condition
		want int
	}{
		{"exact above", orm.Q{"qty": huge}, 0},
		{"exact below", orm.Q{"qty": -huge}, 0},
		{"gt above", orm.Q{"qty__gt": huge}, 0},
		{"gte above", orm.Q{"qty__gte": huge}, 0},
		{"lt above", orm.Q{"qty__lt": huge}, 3},
		{"lte above", orm.Q{"qty__lte": huge}, 3},
		{"gt below", orm.Q{"qty__gt": -huge}, 3},
		{"gte below", orm.Q{"qty__gte": -huge}, 3},
		{"lt below", orm.Q{"qty__lt": -huge}, 0},
		{"lte below", orm.Q{"qty__lte": -huge}, 0},
		{"small above", orm.Q{"small__lt": int64(1) << 20}, 3},
		{"in drops what no row holds", orm.Q{"qty__in": []int64{huge, 2, -huge}}, 1},
		{"in of nothing holdable", orm.Q{"qty__in": []int64{huge}}, 0},
		{"range clamped", orm.Q{"qty__range": []int64{-huge, huge}}, 3},
		{"range above", orm.Q{"qty__range": []int64{huge, 2 * huge}}, 0},
		{"range below", orm.Q{"qty__range": []int64{-2 * huge, -huge}}, 0},
		{"not exact", orm.Not(orm.Q{"qty": huge}), 3},
		{"not lt above", orm.Not(orm.Q{"qty__lt": huge}), 0},
		{"or with a real condition", orm.Or(orm.Q{"qty": huge}, orm.Q{"qty": 1}), 1},
		{"nullable lt above leaves NULL out", orm.Q{"ref__lt": huge}, 2}, // ref is 64-bit: within, compared natively
		{"within the range", orm.Q{"qty__gt": int64(-1)}, 3},
	}
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		f := newSafeFixture(t, b)
		seven := int64(7)
		if _, err := orm.Objects[SafeItem](f.db).Filter(orm.Q{"pk__in": []int64{f.items[1].ID, f.items[2].ID}}).Update(f.ctx, orm.Set{"ref": &seven}); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n, err := orm.Objects[SafeItem](f.db).Filter(c.cond).Count(f.ctx)
				if err != nil || n != int64(c.want) {
					t.Fatalf("Count = %d, %v; want %d", n, err, c.want)
				}
				got, err := orm.Objects[SafeItem](f.db).Exclude(c.cond).Count(f.ctx)
				if err != nil || got != int64(3-c.want) {
					t.Fatalf("Exclude: Count = %d, %v; want %d", got, err, 3-c.want)
				}
			})
		}
	})
}
