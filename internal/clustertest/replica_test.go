package clustertest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/sqlorm/sqlorm/internal/testenv"
	"github.com/sqlorm/sqlorm/orm"
)

// WhoAmI reads a view that names the server answering: its role
// (pg_is_in_recovery() on PostgreSQL, @@read_only on MariaDB) and its
// port, so a routed read shows where it ran.
type WhoAmI struct {
	ID   int64 `orm:"primary_key"`
	Role string
	Port int64
}

func (WhoAmI) Meta() orm.Meta { return orm.Meta{Table: "who_am_i"} }

// Item is an ordinary table written through the router.
type Item struct {
	orm.Model
	Name string
	N    int64
}

type replicaSide struct {
	component string
	script    string   // replica.sh's argument naming it
	view      []string // the statements making who_am_i
}

var replicaSides = map[string]replicaSide{
	"postgres": {
		component: testenv.PGReplica, script: "pg",
		view: []string{`CREATE VIEW who_am_i AS SELECT CAST(1 AS BIGINT) AS id,
			CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END AS role,
			CAST(inet_server_port() AS BIGINT) AS port`},
	},
	"mysql": {
		component: testenv.MySQLReplica, script: "mysql",
		// A view cannot read system variables; functions it calls can.
		view: []string{
			`CREATE FUNCTION who_role() RETURNS VARCHAR(10) NOT DETERMINISTIC NO SQL RETURN IF(@@read_only, 'replica', 'primary')`,
			`CREATE FUNCTION who_port() RETURNS BIGINT NOT DETERMINISTIC NO SQL RETURN @@port`,
			`CREATE VIEW who_am_i AS SELECT 1 AS id, who_role() AS role, who_port() AS port`,
		},
	},
}

// TestReplicaRouting: through orm.Databases and the PrimaryReplica
// router, reads run on the replica and writes on the primary, as the
// servers themselves say; inside Atomic everything runs on the primary and
// a block reads its own writes; Using pins a call; a sticky context reads
// the primary after its write; a stopped replica is skipped with no error
// and used again once it is back.
func TestReplicaRouting(t *testing.T) {
	for _, name := range []string{"postgres", "mysql"} {
		t.Run(name, func(t *testing.T) { testReplicaRouting(t, replicaSides[name]) })
	}
}

func testReplicaRouting(t *testing.T, side replicaSide) {
	urls := testenv.Component(t, side.component)
	primaryURL, replicaURL := urls[0], urls[1]
	b, err := testenv.ForURL(primaryURL)
	if err != nil {
		t.Fatal(err)
	}
	d := b.Fresh(t)
	pdb := open(t, d.URL)
	rdb := openLazy(t, withHost(t, d.URL, replicaURL)) // its database arrives by replication
	ctx := context.Background()
	replicaPort := port(t, replicaURL)
	primaryPort := port(t, primaryURL)

	if err := orm.Migrate[Item](ctx, pdb); err != nil {
		t.Fatal(err)
	}
	for _, q := range side.view {
		if _, err := orm.Exec(ctx, pdb, q); err != nil {
			t.Fatal(err)
		}
	}
	router := orm.PrimaryReplica("default", []string{"replica"},
		orm.HealthEvery(100*time.Millisecond), orm.StickyAfterWrite(300*time.Millisecond))
	dbs, err := orm.NewDatabases(map[string]*sql.DB{"default": pdb, "replica": rdb}, orm.WithRouters(router))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dbs.Close() })
	eventually(t, 15*time.Second, "the view reaches the replica", func() error {
		_, err := orm.Objects[WhoAmI](dbs.Using("replica")).All(ctx)
		return err
	})

	who := func(ctx context.Context) (WhoAmI, error) {
		rows, err := orm.Objects[WhoAmI](dbs).All(ctx)
		if err != nil {
			return WhoAmI{}, err
		}
		if len(rows) != 1 {
			return WhoAmI{}, fmt.Errorf("who_am_i has %d rows, want 1", len(rows))
		}
		return rows[0], nil
	}
	want := func(t *testing.T, ctx context.Context, role string, port int64) {
		t.Helper()
		w, err := who(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if w.Role != role || w.Port != port {
			t.Fatalf("read ran on the %s on port %d, want the %s on port %d", w.Role, w.Port, role, port)
		}
	}

	t.Run("reads on the replica", func(t *testing.T) {
		for range 5 {
			want(t, ctx, "replica", replicaPort)
		}
		raw, err := orm.Raw[WhoAmI](dbs, "SELECT id, role, port FROM who_am_i").All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) != 1 || raw[0].Role != "replica" {
			t.Fatalf("Raw through the router read %+v, want the replica", raw)
		}
	})

	t.Run("writes on the primary", func(t *testing.T) {
		if err := orm.Objects[Item](dbs).Create(ctx, &Item{Name: "w1", N: 1}); err != nil {
			t.Fatal(err)
		}
		n, err := orm.Objects[Item](dbs).Using("default").Filter(orm.Q{"name": "w1"}).Count(ctx)
		if err != nil || n != 1 {
			t.Fatalf("the primary holds %d rows named w1 (%v), want 1", n, err)
		}
		if _, err := orm.Objects[Item](dbs).Filter(orm.Q{"name": "w1"}).Update(ctx, orm.Set{"n": 2}); err != nil {
			t.Fatal(err)
		}
		eventually(t, 15*time.Second, "the write reaches the replica", func() error {
			it, err := orm.Objects[Item](dbs.Using("replica")).Get(ctx, orm.Q{"name": "w1"})
			if err != nil {
				return err
			}
			if it.N != 2 {
				return fmt.Errorf("n = %d on the replica, want 2", it.N)
			}
			return nil
		})
	})

	t.Run("atomic on the primary", func(t *testing.T) {
		err := orm.Atomic(ctx, dbs, func(ctx context.Context) error {
			want(t, ctx, "primary", primaryPort)
			if err := orm.Objects[Item](dbs).Create(ctx, &Item{Name: "a1", N: 1}); err != nil {
				return err
			}
			n, err := orm.Objects[Item](dbs).Filter(orm.Q{"name": "a1"}).Count(ctx)
			if err != nil {
				return err
			}
			if n != 1 {
				return fmt.Errorf("the block reads %d rows named a1 after creating one", n)
			}
			rows, err := orm.ExecuteRawSQL(ctx, dbs, "SELECT role FROM who_am_i")
			if err != nil {
				return err
			}
			if fmt.Sprint(rows[0][0]) != "primary" {
				return fmt.Errorf("raw SQL in the block ran on the %v", rows[0][0])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("using", func(t *testing.T) {
		w, err := orm.Objects[WhoAmI](dbs).Using("default").All(ctx)
		if err != nil || len(w) != 1 || w[0].Role != "primary" {
			t.Fatalf("Using(default) read %+v (%v), want the primary", w, err)
		}
		_, err = orm.Objects[WhoAmI](dbs).Using("nope").All(ctx)
		if !errors.Is(err, orm.ErrUnknownAlias) {
			t.Fatalf("Using(nope): %v, want ErrUnknownAlias", err)
		}
		if _, err := orm.Exec(ctx, dbs.Using("nope"), "SELECT 1"); !errors.Is(err, orm.ErrUnknownAlias) {
			t.Fatalf("Exec on Using(nope): %v, want ErrUnknownAlias", err)
		}
	})

	t.Run("sticky after write", func(t *testing.T) {
		sctx := orm.Sticky(ctx)
		want(t, sctx, "replica", replicaPort)
		if err := orm.Objects[Item](dbs).Create(sctx, &Item{Name: "s1", N: 1}); err != nil {
			t.Fatal(err)
		}
		want(t, sctx, "primary", primaryPort)
		want(t, ctx, "replica", replicaPort) // another context is not sticky
		time.Sleep(400 * time.Millisecond)
		want(t, sctx, "replica", replicaPort)
	})

	t.Run("stopped replica", func(t *testing.T) {
		script(t, "replica.sh", "stop-replica", side.script)
		restarted := false
		t.Cleanup(func() {
			if !restarted {
				script(t, "replica.sh", "start-replica", side.script)
			}
		})
		for i := range 50 {
			w, err := who(ctx)
			if err != nil {
				t.Fatalf("read %d with the replica stopped: %v", i, err)
			}
			if w.Role != "primary" {
				t.Fatalf("read %d ran on the %s", i, w.Role)
			}
			if _, err := orm.Objects[Item](dbs).Filter(orm.Q{"name": "w1"}).Get(ctx); err != nil {
				t.Fatalf("get %d with the replica stopped: %v", i, err)
			}
		}
		if router.Healthy("replica") {
			t.Fatal("the router still calls the stopped replica healthy")
		}
		script(t, "replica.sh", "start-replica", side.script)
		restarted = true
		eventually(t, 15*time.Second, "reads return to the restarted replica", func() error {
			w, err := who(ctx)
			if err != nil {
				return err
			}
			if w.Role != "replica" {
				return fmt.Errorf("read ran on the %s", w.Role)
			}
			return nil
		})
	})
}

func port(t testing.TB, rawURL string) int64 {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	p, err := strconv.ParseInt(u.Port(), 10, 64)
	if err != nil {
		t.Fatalf("%s: port: %v", rawURL, err)
	}
	return p
}
