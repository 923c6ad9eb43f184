package orm_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/orm"
)

// Place is the model of the routing tests: each database holds one row
// naming that database, so a read shows where it ran.
type Place struct {
	orm.Model
	Name string
}

// Other is a second model, which a custom router sends elsewhere.
type Other struct {
	orm.Model
	Name string
}

// routedSQLite opens one SQLite file per alias, each with a Place row and
// an Other row holding the alias.
func routedSQLite(t *testing.T, aliases ...string) map[string]*sql.DB {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	out := map[string]*sql.DB{}
	for _, a := range aliases {
		db, err := sql.Open("sqlite3", filepath.Join(dir, a+".db")+"?_fk=1")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := orm.Migrate[Place](ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := orm.Migrate[Other](ctx, db); err != nil {
			t.Fatal(err)
		}
		if err := orm.Objects[Place](db).Create(ctx, &Place{Name: a}); err != nil {
			t.Fatal(err)
		}
		if err := orm.Objects[Other](db).Create(ctx, &Other{Name: a}); err != nil {
			t.Fatal(err)
		}
		out[a] = db
	}
	return out
}

// placeRead returns the name of the database a read of Place ran on.
func placeRead(ctx context.Context, t *testing.T, h orm.DB) string {
	t.Helper()
	rows, err := orm.Objects[Place](h).OrderBy("id").Limit(1).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("read %d rows, want 1", len(rows))
	}
	return rows[0].Name
}

func newReplicated(t *testing.T, raw map[string]*sql.DB, opts ...orm.ReplicaOption) (*orm.Databases, *orm.ReplicaRouter) {
	t.Helper()
	r := orm.PrimaryReplica("default", []string{"r1", "r2"}, append([]orm.ReplicaOption{orm.HealthEvery(0)}, opts...)...)
	dbs, err := orm.NewDatabases(raw, orm.WithRouters(r))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dbs.Close() })
	return dbs, r
}

// TestPrimaryReplicaRouting: reads go to the replicas in turn and writes
// to the primary; in Atomic everything runs on the primary; Using pins a
// call; each kind of read and write routes as documented.
func TestPrimaryReplicaRouting(t *testing.T) {
	raw := routedSQLite(t, "default", "r1", "r2")
	dbs, _ := newReplicated(t, raw)
	ctx := context.Background()

	t.Run("round robin", func(t *testing.T) {
		seen := map[string]int{}
		for range 6 {
			seen[placeRead(ctx, t, dbs)]++
		}
		if seen["r1"] != 3 || seen["r2"] != 3 {
			t.Fatalf("reads ran on %v, want 3 on each replica", seen)
		}
	})
	t.Run("reads of every kind", func(t *testing.T) {
		reads := map[string]func() (string, error){
			"Get": func() (string, error) {
				w, err := orm.Objects[Place](dbs).Get(ctx, orm.Q{"id": 1})
				return nameOf(w), err
			},
			"First": func() (string, error) {
				w, err := orm.Objects[Place](dbs).OrderBy("id").First(ctx)
				return nameOf(w), err
			},
			"Values": func() (string, error) {
				v, err := orm.Objects[Place](dbs).Values("name").All(ctx)
				if err != nil {
					return "", err
				}
				return v[0]["name"].(string), nil
			},
			"ValuesListFlat": func() (string, error) {
				v, err := orm.ValuesListFlat[string](ctx, orm.Objects[Place](dbs), "name")
				if err != nil {
					return "", err
				}
				return v[0], nil
			},
			"Iterator": func() (string, error) {
				for w, err := range orm.Objects[Place](dbs).Iterator(ctx, 10) {
					return w.Name, err
				}
				return "", errors.New("no row")
			},
			"Raw": func() (string, error) {
				w, err := orm.Raw[Place](dbs, "SELECT id, name FROM place").All(ctx)
				if err != nil {
					return "", err
				}
				return w[0].Name, nil
			},
			"Refresh": func() (string, error) {
				w := &Place{}
				w.ID = 1
				err := orm.Refresh(ctx, dbs, w)
				return w.Name, err
			},
		}
		for name, read := range reads {
			got, err := read()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got != "r1" && got != "r2" {
				t.Errorf("%s ran on %s, want a replica", name, got)
			}
		}
	})
	t.Run("writes on the primary", func(t *testing.T) {
		w := &Place{Name: "written"}
		if err := orm.Objects[Place](dbs).Create(ctx, w); err != nil {
			t.Fatal(err)
		}
		if err := orm.Save(ctx, dbs, w); err != nil {
			t.Fatal(err)
		}
		for alias, want := range map[string]int64{"default": 1, "r1": 0, "r2": 0} {
			n, err := orm.Objects[Place](raw[alias]).Filter(orm.Q{"name": "written"}).Count(ctx)
			if err != nil || n != want {
				t.Errorf("%s holds %d written rows (%v), want %d", alias, n, err, want)
			}
		}
		if _, err := orm.Objects[Place](dbs).Filter(orm.Q{"name": "written"}).Update(ctx, orm.Set{"name": "updated"}); err != nil {
			t.Fatal(err)
		}
		if n, _ := orm.Objects[Place](raw["default"]).Filter(orm.Q{"name": "updated"}).Count(ctx); n != 1 {
			t.Errorf("Update did not reach the primary")
		}
		if err := orm.Delete(ctx, dbs, w); err != nil {
			t.Fatal(err)
		}
		if n, _ := orm.Objects[Place](raw["default"]).Filter(orm.Q{"name": "updated"}).Count(ctx); n != 0 {
			t.Errorf("Delete did not reach the primary")
		}
		if _, err := orm.Exec(ctx, dbs, "UPDATE other SET name = 'raw' WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		if o, _ := orm.Objects[Other](raw["default"]).Get(ctx, orm.Q{"id": 1}); o == nil || o.Name != "raw" {
			t.Errorf("Exec did not run on the primary: %+v", o)
		}
	})
	t.Run("atomic on the primary", func(t *testing.T) {
		err := orm.Atomic(ctx, dbs, func(ctx context.Context) error {
			if got := placeRead(ctx, t, dbs); got != "default" {
				t.Errorf("read in Atomic ran on %s", got)
			}
			if err := orm.Objects[Place](dbs).Create(ctx, &Place{Name: "in-block"}); err != nil {
				return err
			}
			n, err := orm.Objects[Place](dbs).Filter(orm.Q{"name": "in-block"}).Count(ctx)
			if err != nil || n != 1 {
				t.Errorf("the block reads %d of its own rows (%v), want 1", n, err)
			}
			return orm.SetRollback(ctx, true)
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("using", func(t *testing.T) {
		if got := placeRead(ctx, t, dbs.Using("r2")); got != "r2" {
			t.Errorf("dbs.Using(r2) read %s", got)
		}
		w, err := orm.Objects[Place](dbs).Using("default").Get(ctx, orm.Q{"id": 1})
		if err != nil || w.Name != "default" {
			t.Errorf("QuerySet.Using(default): %+v, %v", w, err)
		}
		rows, err := orm.ExecuteRawSQL(ctx, dbs.Using("r1"), "SELECT name FROM place WHERE id = 1")
		if err != nil || rows[0][0] != "r1" {
			t.Errorf("ExecuteRawSQL on Using(r1): %v, %v", rows, err)
		}
		err = orm.Atomic(ctx, dbs.Using("r1"), func(ctx context.Context) error {
			if got := placeRead(ctx, t, dbs); got != "r1" {
				t.Errorf("a read in Atomic on r1 ran on %s", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("mistakes", func(t *testing.T) {
		_, err := orm.Objects[Place](dbs).Using("nope").All(ctx)
		if !errors.Is(err, orm.ErrUnknownAlias) || !strings.Contains(err.Error(), "known: default, r1, r2") {
			t.Errorf("Using(nope): %v", err)
		}
		if _, err := orm.Exec(ctx, dbs.Using("nope"), "SELECT 1"); !errors.Is(err, orm.ErrUnknownAlias) {
			t.Errorf("Exec on Using(nope): %v", err)
		}
		if err := dbs.Using("nope").QueryRowContext(ctx, "SELECT 1").Scan(new(int)); !errors.Is(err, orm.ErrUnknownAlias) {
			t.Errorf("QueryRowContext on Using(nope): %v", err)
		}
		_, err = orm.Objects[Place](raw["default"]).Using("r1").All(ctx)
		if !errors.Is(err, orm.ErrInvalidQuery) || !strings.Contains(err.Error(), "*sql.DB") {
			t.Errorf("Using on a QuerySet of a *sql.DB: %v", err)
		}
	})
}

func nameOf(w *Place) string {
	if w == nil {
		return ""
	}
	return w.Name
}

// TestPlainDBUnchanged: a *sql.DB passed where orm.DB is taken runs every
// call on itself, as before Databases existed, even when the same *sql.DB
// is a replica of some Databases.
func TestPlainDBUnchanged(t *testing.T) {
	raw := routedSQLite(t, "default", "r1", "r2")
	newReplicated(t, raw)
	ctx := context.Background()
	for _, alias := range []string{"default", "r1", "r2"} {
		if got := placeRead(ctx, t, raw[alias]); got != alias {
			t.Errorf("a read on the *sql.DB of %s ran on %s", alias, got)
		}
	}
	var nilDB *sql.DB
	if _, err := orm.Objects[Place](nilDB).All(ctx); err == nil || !strings.Contains(err.Error(), "nil *sql.DB") {
		t.Errorf("nil *sql.DB: %v", err)
	}
}

// TestStickyAfterWrite: a sticky context reads the primary for the window
// after its write; other contexts keep reading the replicas.
func TestStickyAfterWrite(t *testing.T) {
	raw := routedSQLite(t, "default", "r1", "r2")
	dbs, _ := newReplicated(t, raw, orm.StickyAfterWrite(200*time.Millisecond))
	ctx := context.Background()
	sctx := orm.Sticky(ctx)
	if got := placeRead(sctx, t, dbs); got == "default" {
		t.Fatalf("a sticky context read the primary before any write")
	}
	if err := orm.Objects[Other](dbs).Create(sctx, &Other{Name: "x"}); err != nil {
		t.Fatal(err)
	}
	if got := placeRead(sctx, t, dbs); got != "default" {
		t.Errorf("read right after the write ran on %s, want the primary", got)
	}
	if got := placeRead(ctx, t, dbs); got == "default" {
		t.Errorf("another context became sticky")
	}
	time.Sleep(250 * time.Millisecond)
	if got := placeRead(sctx, t, dbs); got == "default" {
		t.Errorf("read after the window still ran on the primary")
	}
}

// refusingConnector is a replica whose server is down: every connection
// attempt is refused, as a stopped server's port refuses it.
type refusingConnector struct{}

func (refusingConnector) Connect(context.Context) (driver.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}
func (refusingConnector) Driver() driver.Driver { return &sqlite3.SQLiteDriver{} }

// TestReplicaDownFailover: reads routed to a replica that cannot be
// reached run on the next healthy replica or the primary, with no error,
// and the replica is marked down.
func TestReplicaDownFailover(t *testing.T) {
	raw := routedSQLite(t, "default", "r2")
	raw["r1"] = sql.OpenDB(refusingConnector{})
	t.Cleanup(func() { raw["r1"].Close() })
	dbs, router := newReplicated(t, raw)
	ctx := context.Background()
	for i := range 10 {
		if got := placeRead(ctx, t, dbs); got != "r2" {
			t.Fatalf("read %d ran on %s, want r2", i, got)
		}
		if _, err := orm.Objects[Place](dbs).Count(ctx); err != nil {
			t.Fatalf("count %d: %v", i, err)
		}
	}
	if router.Healthy("r1") || !router.Healthy("r2") {
		t.Errorf("healthy: r1 %v, r2 %v; want false, true", router.Healthy("r1"), router.Healthy("r2"))
	}
	// Only routed reads fail over: a call pinned to r1, and r1's *sql.DB
	// used directly, report the refused connection.
	if _, err := orm.Objects[Place](dbs).Using("r1").Count(ctx); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Using(r1) with r1 down: %v, want the refused connection", err)
	}
	if _, err := orm.Objects[Place](raw["r1"]).Count(ctx); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("r1's *sql.DB used directly: %v, want the refused connection", err)
	}
	// Both replicas down: the primary serves the reads.
	raw2 := routedSQLite(t, "default")
	raw2["r1"], raw2["r2"] = sql.OpenDB(refusingConnector{}), sql.OpenDB(refusingConnector{})
	dbs2, _ := newReplicated(t, raw2)
	for i := range 4 {
		if got := placeRead(ctx, t, dbs2); got != "default" {
			t.Fatalf("read %d with no replica ran on %s", i, got)
		}
	}
}

// modelRouter sends Other to the alias "other" and has no opinion on the
// rest; it keeps Other's table out of every other database.
type modelRouter struct{}

func (modelRouter) DBForRead(_ context.Context, m orm.ModelRef) string {
	if m.Name == "Other" {
		return "other"
	}
	return ""
}
func (r modelRouter) DBForWrite(ctx context.Context, m orm.ModelRef) string {
	return r.DBForRead(ctx, m)
}
func (modelRouter) AllowRelation(a, b orm.ModelRef) orm.Decision {
	if (a.Name == "Other") != (b.Name == "Other") {
		return orm.Deny
	}
	return orm.NoOpinion
}
func (modelRouter) AllowMigrate(alias string, m orm.ModelRef) orm.Decision {
	if m.Name == "Other" {
		if alias == "other" {
			return orm.Allow
		}
		return orm.Deny
	}
	return orm.NoOpinion
}

// TestRouterChain: routers are asked in order and the first answer wins;
// with no answer the default alias serves; AllowRelation and AllowMigrate
// follow the same rule, and MigrateDatabases creates tables only where
// allowed.
func TestRouterChain(t *testing.T) {
	raw := routedSQLite(t, "default", "r1", "r2", "other")
	dbs, err := orm.NewDatabases(raw, orm.WithRouters(modelRouter{}, orm.PrimaryReplica("default", []string{"r1", "r2"}, orm.HealthEvery(0))))
	if err != nil {
		t.Fatal(err)
	}
	defer dbs.Close()
	ctx := context.Background()
	o, err := orm.Objects[Other](dbs).Get(ctx, orm.Q{"id": 1})
	if err != nil || o.Name != "other" {
		t.Fatalf("Other read: %+v, %v; want the row of other", o, err)
	}
	if got := placeRead(ctx, t, dbs); got != "r1" && got != "r2" {
		t.Errorf("Place read ran on %s, want a replica (second router)", got)
	}
	where, _ := orm.ModelRefOf[Place]()
	other, ok := orm.ModelRefOf[Other]()
	if !ok || other.Table != "other" {
		t.Fatalf("ModelRefOf[Other] = %+v, %v", other, ok)
	}
	if dbs.AllowRelation(where, other) || !dbs.AllowRelation(where, where) {
		t.Errorf("AllowRelation: Place-Other %v, Place-Place %v", dbs.AllowRelation(where, other), dbs.AllowRelation(where, where))
	}
	type Fresh struct {
		orm.Model
		Name string
	}
	if err := orm.MigrateDatabases[Fresh](ctx, dbs); err != nil {
		t.Fatal(err)
	}
	for alias, want := range map[string]bool{"default": true, "r1": false, "r2": false, "other": true} {
		got, err := orm.TableExists[Fresh](ctx, raw[alias])
		if err != nil || got != want {
			t.Errorf("table fresh on %s: %v (%v), want %v", alias, got, err, want)
		}
	}
	alias, _, err := dbs.ForWrite(ctx, other)
	if err != nil || alias != "other" {
		t.Errorf("ForWrite(Other) = %q, %v", alias, err)
	}
}

// TestNewDatabasesErrors: each mistake is refused with a message naming it.
func TestNewDatabasesErrors(t *testing.T) {
	raw := routedSQLite(t, "default", "r1")
	used := orm.PrimaryReplica("default", []string{"r1"}, orm.HealthEvery(0))
	first, err := orm.NewDatabases(raw, orm.WithRouters(used))
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	tests := []struct {
		name string
		dbs  map[string]*sql.DB
		opts []orm.DatabasesOption
		want string
	}{
		{"empty", nil, nil, "no database"},
		{"nil db", map[string]*sql.DB{"default": nil}, nil, `alias "default" has a nil *sql.DB`},
		{"no default", map[string]*sql.DB{"a": raw["r1"], "b": raw["default"]}, nil, `unknown database alias "default"`},
		{"bad default", raw, []orm.DatabasesOption{orm.WithDefault("x")}, `unknown database alias "x"`},
		{"router alias", raw, []orm.DatabasesOption{orm.WithRouters(orm.PrimaryReplica("default", []string{"r9"}))}, `"r9"; known: default, r1`},
		{"primary as replica", raw, []orm.DatabasesOption{orm.WithRouters(orm.PrimaryReplica("default", []string{"default"}))}, "both the primary and a replica"},
		{"router reused", raw, []orm.DatabasesOption{orm.WithRouters(used)}, "already used"},
		{"nil router", raw, []orm.DatabasesOption{orm.WithRouters(nil)}, "router 0 is nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := orm.NewDatabases(tc.dbs, tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	one, err := orm.NewDatabases(map[string]*sql.DB{"only": raw["r1"]})
	if err != nil || one.Default() != "only" {
		t.Fatalf("a single alias is the default: %v, %v", one, err)
	}
}

// TestLeastBusy: with LeastBusy a read goes to the replica with fewer
// connections in use; equally busy replicas are taken in turn.
func TestLeastBusy(t *testing.T) {
	raw := routedSQLite(t, "default", "r1", "r2")
	dbs, _ := newReplicated(t, raw, orm.LeastBusy())
	ctx := context.Background()
	busy, err := raw["r1"].Conn(ctx) // r1 has a connection in use
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if got := placeRead(ctx, t, dbs); got != "r2" {
			t.Fatalf("read %d with r1 busy ran on %s, want r2", i, got)
		}
	}
	busy.Close()
	seen := map[string]int{}
	for range 6 {
		seen[placeRead(ctx, t, dbs)]++
	}
	if seen["r1"] != 3 || seen["r2"] != 3 {
		t.Fatalf("idle replicas served %v, want 3 reads each", seen)
	}
}
