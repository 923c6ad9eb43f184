package testenv

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// Components: servers beyond one backend per kind, started by the repo's
// scripts (scripts/replica.sh, scripts/pgbouncer.sh, scripts/galera.sh),
// which print the variables below. .ci/run starts them all and requires
// them; a bare make test skips their tests and says so.
const (
	// PGReplica is a PostgreSQL primary and its streaming replica
	// (SQLORM_TEST_PG_PRIMARY, SQLORM_TEST_PG_REPLICA).
	PGReplica = "pg-replica"
	// MySQLReplica is a MariaDB primary and its binlog replica
	// (SQLORM_TEST_MYSQL_PRIMARY, SQLORM_TEST_MYSQL_REPLICA).
	MySQLReplica = "mysql-replica"
	// PgBouncer is PgBouncer in transaction mode (SQLORM_TEST_PGBOUNCER).
	PgBouncer = "pgbouncer"
	// Galera is a three-node MariaDB Galera cluster (SQLORM_TEST_GALERA,
	// the nodes' URLs separated by spaces).
	Galera = "galera"

	// EnvRequireComponents lists the components that must not be skipped,
	// e.g. "pg-replica,pgbouncer"; "all" names every one.
	EnvRequireComponents = "SQLORM_REQUIRE_COMPONENTS"
)

// componentVars are the variables of each component, in the order
// Component returns their URLs.
var componentVars = map[string][]string{
	PGReplica:    {"SQLORM_TEST_PG_PRIMARY", "SQLORM_TEST_PG_REPLICA"},
	MySQLReplica: {"SQLORM_TEST_MYSQL_PRIMARY", "SQLORM_TEST_MYSQL_REPLICA"},
	PgBouncer:    {"SQLORM_TEST_PGBOUNCER"},
	Galera:       {"SQLORM_TEST_GALERA"},
}

var componentScripts = map[string]string{
	PGReplica: "scripts/replica.sh", MySQLReplica: "scripts/replica.sh",
	PgBouncer: "scripts/pgbouncer.sh", Galera: "scripts/galera.sh",
}

// componentNames is every component, in a fixed order.
var componentNames = []string{PGReplica, MySQLReplica, PgBouncer, Galera}

// ComponentRequired reports whether SQLORM_REQUIRE_COMPONENTS names the
// component (or "all"); an unknown name there is an error.
func ComponentRequired(name string) (bool, error) {
	var bad []string
	req := false
	for _, f := range strings.Split(os.Getenv(EnvRequireComponents), ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch {
		case f == "":
		case f == "all" || f == name:
			req = true
		case !slices.Contains(componentNames, f):
			bad = append(bad, f)
		}
	}
	if len(bad) > 0 {
		return req, fmt.Errorf("%s=%q names unknown component(s) %s; known: %s",
			EnvRequireComponents, os.Getenv(EnvRequireComponents), strings.Join(bad, ", "), strings.Join(componentNames, ", "))
	}
	return req, nil
}

// Component returns the URLs of the named component, one per variable
// (Galera's variable holds one URL per node). When a variable is unset
// the test is skipped with a message naming the script that starts it
// (and the skip is recorded for Summary), or fails when
// SQLORM_REQUIRE_COMPONENTS names the component.
func Component(t testing.TB, name string) []string {
	t.Helper()
	vars, ok := componentVars[name]
	if !ok {
		t.Fatalf("sqlorm testenv: unknown component %q; known: %s", name, strings.Join(componentNames, ", "))
		return nil
	}
	req, err := ComponentRequired(name)
	if err != nil {
		t.Fatalf("sqlorm testenv: %v", err)
		return nil
	}
	var urls []string
	for _, v := range vars {
		val := strings.TrimSpace(os.Getenv(v))
		if val == "" {
			msg := fmt.Sprintf("%s: %s not set; start it with eval \"$(%s up)\"", name, v, componentScripts[name])
			if req {
				t.Fatalf("sqlorm testenv: %s (required by %s)", msg, EnvRequireComponents)
				return nil
			}
			skips.Lock()
			skips.m[name] = v + " not set"
			skips.Unlock()
			t.Skip(msg + "; skipped")
			return nil
		}
		urls = append(urls, strings.Fields(val)...)
	}
	return urls
}
