package orm_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/orm"
)

// quotedIdent matches a double-quoted identifier in SQLite's SQL.
var quotedIdent = regexp.MustCompile(`"[^"]*"`)

// FuzzQuerySetSQL feeds arbitrary lookup keys, ordering keys, Values names
// and aggregate aliases to the compiler. Property: it never panics; it
// either returns an error wrapping ErrInvalidQuery (or ErrEmptyResultSet)
// or a statement whose every quoted identifier is a table, column or alias
// the compiler owns — nothing the caller wrote reaches the SQL text except
// through a bind parameter — with one placeholder per argument and no
// statement separator or comment.
func FuzzQuerySetSQL(f *testing.F) {
	for _, s := range []string{
		"", "__", "name__", "__name", "name____exact", "name__exact__exact", "category__name__icontains",
		"data__a b__exact", "data__'; drop", "pk__in", "a\x00", strings.Repeat("a__", 500), "_connector",
		"users.admin", "name", "-price", "?", "category__name", `name"; DROP TABLE product; --`,
		"created_at__year__gte", "category__pk", "x#", "x/*", "price__sum",
	} {
		f.Add(s, s, s, s)
	}
	d, _ := dialect.Get(dialect.SQLite)
	db, r := openRecorder(f)
	ctx := orm.WithDialect(context.Background(), d)
	allowed := map[string]bool{`"a"`: true, `"subquery"`: true}
	for _, n := range []string{"product", "category", "id", "name", "description", "price", "status", "category_id", "created_at", "updated_at"} {
		allowed[`"`+n+`"`] = true
	}
	f.Fuzz(func(t *testing.T, key, order, value, alias string) {
		qs := orm.Objects[Product](nil).Filter(orm.Q{key: value}).Exclude(orm.Or(orm.Q{key: 1}, orm.Q{"name": orm.F(key)})).OrderBy(order)
		check := func(q string, args []any, err error) {
			if err != nil {
				if !errors.Is(err, orm.ErrInvalidQuery) && !errors.Is(err, orm.ErrEmptyResultSet) {
					t.Fatalf("error not typed: %v", err)
				}
				return
			}
			for _, id := range quotedIdent.FindAllString(q, -1) {
				caller := id == `"`+alias+`"` || id == `"`+key+`__max"` || (alias == "" && id == `"price__sum"`) // result names
				if !allowed[id] && !regexp.MustCompile(`^"(T\d+|col\d+|U\d+)"$`).MatchString(id) && !caller {
					t.Fatalf("unexpected identifier %s in %s", id, q)
				}
				if caller && dialect.CheckIdent(strings.Trim(id, `"`)) != nil {
					t.Fatalf("alias %s reached the SQL unchecked: %s", id, q)
				}
			}
			if strings.Count(q, "?") != len(args) {
				t.Fatalf("%d placeholders, %d args: %s", strings.Count(q, "?"), len(args), q)
			}
			if strings.Contains(q, ";") || strings.Contains(q, "--") || strings.Contains(q, "/*") {
				t.Fatalf("separator or comment in %s", q)
			}
		}
		check(qs.SQLFor(d))
		// Expressions: functions, Case and a subquery built from the same
		// inputs.
		fq := orm.Objects[Product](nil).Filter(
			orm.Q{"name": orm.Case(orm.When(orm.Q{key: value}, orm.Concat(key, orm.Value(value))), orm.Default(orm.Lower(order)))},
			orm.Exists(orm.Objects[Category](nil).Filter(orm.Q{key: orm.OuterRef(order), "name": orm.Upper(orm.Value(alias))})),
		).OrderBy(orm.Coalesce(key, orm.Value(value), orm.Length(alias)).Desc())
		check(fq.SQLFor(d))
		check(orm.Objects[Product](nil).Values(key, "name").SQLFor(d))
		// Aggregate runs on the recorder: what it sends must pass too.
		r.take()
		_, err := orm.Objects[Product](db).Filter(orm.Q{key: value}).Aggregate(ctx, orm.Sum("price").As(alias), orm.Max(key))
		stmts := r.take()
		if err != nil && len(stmts) > 0 && !strings.Contains(err.Error(), "Scan") {
			t.Fatalf("error %v after a statement was sent", err)
		}
		for _, st := range stmts {
			check(st.query, st.args, nil)
		}
	})
}
