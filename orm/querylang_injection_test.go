package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
	"github.com/sqlorm/sqlorm/hooks"
	"github.com/sqlorm/sqlorm/internal/chinook"
	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// TestQueryLanguageInjection: a Trunc or Cast kind, an Extract part, a
// window bound and an Explain format or option that is not on the fixed
// list is an error wrapping ErrInvalidQuery, and no statement reaches the
// database (counted by the sqlorm driver's hooks). Then Explain runs on
// the three servers with the options they take.
func TestQueryLanguageInjection(t *testing.T) {
	testenv.Run(t, func(t *testing.T, b *testenv.Backend) {
		fresh := chinook.Load(t, b)
		db, err := sql.Open("sqlorm", fresh.URL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		T := orm.Objects[ChTrack](db)
		I := orm.Objects[ChInvoice](db)
		bad := []string{
			"month'); DROP TABLE track; --",
			"month' || (SELECT 1) || '",
			"MONTH", " month", "month\x00", "",
			"year FROM invoice_date) FROM track; --",
		}
		type call struct {
			name string
			run  func(ctx context.Context, s string) error
		}
		calls := []call{
			{"Trunc", func(ctx context.Context, s string) error {
				_, err := I.Annotate(orm.Trunc("invoice_date", s).As("x")).AllAnnotated(ctx)
				return err
			}},
			{"Extract", func(ctx context.Context, s string) error {
				_, err := I.Annotate(orm.Extract("invoice_date", s).As("x")).AllAnnotated(ctx)
				return err
			}},
			{"Cast", func(ctx context.Context, s string) error {
				_, err := T.Annotate(orm.Cast("milliseconds", s).As("x")).AllAnnotated(ctx)
				return err
			}},
			{"Explain format", func(ctx context.Context, s string) error {
				if s == "" {
					s = "xml; --"
				}
				_, err := T.Filter(orm.Q{"genre_id": 1}).Explain(ctx, orm.ExplainFormat(s))
				return err
			}},
			{"Explain option", func(ctx context.Context, s string) error {
				_, err := T.Filter(orm.Q{"genre_id": 1}).Explain(ctx, orm.ExplainFlag(s, true))
				return err
			}},
			{"Trunc in a filter", func(ctx context.Context, s string) error {
				_, err := I.Filter(orm.Q{"invoice_date__gte": orm.Trunc("invoice_date", s)}).Count(ctx)
				return err
			}},
		}
		for _, c := range calls {
			for _, s := range bad {
				cctx, rec := hooks.Capture(context.Background())
				err := c.run(cctx, s)
				if !errors.Is(err, orm.ErrInvalidQuery) {
					t.Errorf("%s(%q): %v, want ErrInvalidQuery", c.name, s, err)
				}
				if n := rec.Count(); n != 0 {
					t.Errorf("%s(%q): %d statements sent: %v", c.name, s, n, rec.Statements())
				}
			}
		}
		for _, fb := range []orm.Frame{orm.RowRange(orm.Preceding(0), orm.CurrentRow), orm.ValueRange(orm.Following(3), orm.Preceding(3)), orm.RowRange(orm.FrameBound{}, orm.CurrentRow)} {
			cctx, rec := hooks.Capture(context.Background())
			_, err := T.Annotate(orm.Window(orm.Sum("bytes"), orm.OrderBy("track_id"), fb).As("x")).AllAnnotated(cctx)
			if !errors.Is(err, orm.ErrInvalidQuery) || rec.Count() != 0 {
				t.Errorf("frame %v: %v, %d statements", fb, err, rec.Count())
			}
		}

		// Explain on the server.
		ctx := context.Background()
		d, err := dialect.Detect(db)
		if err != nil {
			t.Fatal(err)
		}
		qs := T.Filter(orm.Q{"genre_id": 1}).OrderBy("name")
		plan, err := qs.Explain(ctx)
		must(t, err)
		if !strings.Contains(strings.ToLower(plan), "track") && !strings.Contains(strings.ToLower(plan), "scan") {
			t.Errorf("plan names neither the table nor a scan: %q", plan)
		}
		type opt struct {
			opts []orm.ExplainOption
			want string
		}
		opts := map[string][]opt{
			testenv.Postgres: {
				{[]orm.ExplainOption{orm.ExplainFormat("json")}, `"Plan"`},
				{[]orm.ExplainOption{orm.ExplainFlag("analyze", true), orm.ExplainFlag("verbose", true)}, "actual time"},
				{[]orm.ExplainOption{orm.ExplainFormat("yaml"), orm.ExplainFlag("costs", false)}, "Node Type"},
			},
			testenv.MySQL: {
				{[]orm.ExplainOption{orm.ExplainFormat("json")}, `"query_block"`},
				{[]orm.ExplainOption{orm.ExplainFlag("analyze", true)}, "track"},
				{[]orm.ExplainOption{orm.ExplainFormat("text")}, "track"},
			},
		}
		for _, o := range opts[b.Name] {
			plan, err := qs.Explain(ctx, o.opts...)
			must(t, err)
			if !strings.Contains(plan, o.want) {
				t.Errorf("%s: plan %q lacks %q", d.Name(), plan, o.want)
			}
		}
		if b.Name == testenv.SQLite {
			if _, err := qs.Explain(ctx, orm.ExplainFormat("json")); !errors.Is(err, dialect.ErrUnsupported) {
				t.Errorf("SQLite Explain(json): %v", err)
			}
		}
	})
}
