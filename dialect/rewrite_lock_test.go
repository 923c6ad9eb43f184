package dialect_test

import (
	"errors"
	"testing"

	"github.com/sqlorm/sqlorm/dialect"
)

// The statements that hold writers off a table during a rewrite, per
// backend (the behaviour is tested on the servers by package migrations).
func TestRewriteLocking(t *testing.T) {
	my := mustGet(t, dialect.MySQL)
	sl, ok, err := dialect.SwapLocking(my, []dialect.TableLock{
		{Table: "t__new", Write: true}, {Table: "t"}, {Table: "t"},
		{Table: "child", Write: true}, {Table: "child", Alias: "c"}, {Table: "t__new", Alias: "p"},
	})
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if want := "LOCK TABLES `t__new` WRITE, `t` READ, `child` WRITE, `child` AS `c` READ, `t__new` AS `p` READ"; sl.Lock != want {
		t.Errorf("Lock\n got %s\nwant %s", sl.Lock, want)
	}
	if sl.Unlock != "UNLOCK TABLES" || sl.KillQuery(42) != "KILL QUERY 42" || sl.SessionID == "" || sl.Waiting == "" {
		t.Errorf("%+v %q", sl, sl.KillQuery(42))
	}
	for _, bad := range []dialect.TableLock{{Table: "t`; DROP TABLE x"}, {Table: "t", Alias: "a b"}} {
		if _, _, err := dialect.SwapLocking(my, []dialect.TableLock{bad}); !errors.Is(err, dialect.ErrInvalidIdentifier) {
			t.Errorf("%+v: %v, want ErrInvalidIdentifier", bad, err)
		}
	}
	if _, _, err := dialect.SwapLocking(my, nil); !errors.Is(err, dialect.ErrInvalidSchema) {
		t.Errorf("no tables: %v", err)
	}
	for _, n := range []dialect.Name{dialect.SQLite, dialect.Postgres, dialect.Oracle} {
		if _, ok, err := dialect.SwapLocking(mustGet(t, n), []dialect.TableLock{{Table: "t"}}); ok || err != nil {
			t.Errorf("%s: SwapLocking %v, %v; want none", n, ok, err)
		}
	}

	pg := mustGet(t, dialect.Postgres)
	if s, err := dialect.LockForRewrite(pg, "t"); err != nil || s != `LOCK TABLE "t" IN SHARE MODE` {
		t.Errorf("postgres: %q, %v", s, err)
	}
	if _, err := dialect.LockForRewrite(pg, "t; x"); !errors.Is(err, dialect.ErrInvalidIdentifier) {
		t.Errorf("postgres bad name: %v", err)
	}
	for _, n := range []dialect.Name{dialect.SQLite, dialect.MySQL, dialect.Oracle} {
		if s, err := dialect.LockForRewrite(mustGet(t, n), "t"); s != "" || err != nil {
			t.Errorf("%s: LockForRewrite %q, %v", n, s, err)
		}
	}
	if s := dialect.BeginRewrite(mustGet(t, dialect.SQLite)); s != "BEGIN IMMEDIATE" {
		t.Errorf("sqlite: %q", s)
	}
	if s := dialect.BeginRewrite(pg); s != "" {
		t.Errorf("postgres: %q", s)
	}
}
