package driver

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	goora "github.com/sijms/go-ora/v2"

	"github.com/sqlorm/sqlorm/dialect"
)

// There is no Oracle server on the machines that run these tests: Oracle is
// covered up to the wire. These tests check the URL → go-ora wiring and
// that a failed connect neither panics nor leaks the password.
func TestOracleWiring(t *testing.T) {
	cfg, err := ParseURL("oracle://scott:Tiger99x@127.0.0.1:1/ORCLPDB1?health_checks=true&PREFETCH_ROWS=50")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dialect != dialect.Oracle || cfg.URL != "oracle://scott:Tiger99x@127.0.0.1:1/ORCLPDB1?PREFETCH_ROWS=50" || !cfg.Pool.HealthChecks {
		t.Fatalf("cfg = %s (url %q)", cfg, cfg.URL)
	}
	db, err := OpenDB(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bd, err := BackendDriver(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := bd.(*goora.OracleDriver); !ok {
		t.Fatalf("backend driver is %T, want *go_ora.OracleDriver", bd)
	}
	d, err := dialect.Detect(db)
	if err != nil || d.Name() != dialect.Oracle {
		t.Fatalf("Detect = %v, %v", d, err)
	}
	err = db.PingContext(context.Background())
	if err == nil {
		t.Fatal("ping of a closed port succeeded")
	}
	if strings.Contains(err.Error(), "Tiger99x") {
		t.Fatalf("connect error leaks the password: %v", err)
	}
	// The error is go-ora's own, as bare go-ora returns it (issue 12: errors
	// from the backend are never wrapped).
	bare, err2 := sql.Open("oracle", "oracle://scott:Tiger99x@127.0.0.1:1/ORCLPDB1?PREFETCH_ROWS=50")
	if err2 != nil {
		t.Fatal(err2)
	}
	defer bare.Close()
	berr := bare.PingContext(context.Background())
	if berr == nil || fmt.Sprintf("%T", err) != fmt.Sprintf("%T", berr) || err.Error() != berr.Error() {
		t.Fatalf("through sqlorm %T %q; bare go-ora %T %q", err, err, berr, berr)
	}
}

func TestOracleDefaultPort(t *testing.T) {
	// go-ora needs a port; dburl adds 1521.
	c, err := NewConnector(Config{URL: "oracle://u:p@db.example/svc"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.(*connector).be.dialect; got != dialect.Oracle {
		t.Fatalf("dialect %s", got)
	}
	if _, err := sql.OpenDB(c).Driver().(*boundDriver); !err {
		t.Fatal("db.Driver() is not sqlorm's bound driver")
	}
}
