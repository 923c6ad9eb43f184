package dialect_test

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql" // registers "mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "github.com/mattn/go-sqlite3"    // registers "sqlite3"
	_ "github.com/sijms/go-ora/v2"     // registers "oracle"

	"github.com/sqlorm/sqlorm/dialect"
)

// TestDetect opens each real backend driver (sql.Open does not connect).
func TestDetect(t *testing.T) {
	tests := []struct {
		driver, dsn string
		want        dialect.Name
	}{
		{"pgx", "postgres://u@127.0.0.1:1/db", dialect.Postgres},
		{"mysql", "u@tcp(127.0.0.1:1)/db", dialect.MySQL},
		{"sqlite3", ":memory:", dialect.SQLite},
		{"oracle", "oracle://u:p@127.0.0.1:1/svc", dialect.Oracle},
	}
	for _, tt := range tests {
		t.Run(tt.driver, func(t *testing.T) {
			db, err := sql.Open(tt.driver, tt.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			d, err := dialect.Detect(db)
			if err != nil {
				t.Fatal(err)
			}
			if d.Name() != tt.want {
				t.Errorf("Detect = %s, want %s", d.Name(), tt.want)
			}
			if n := testing.AllocsPerRun(100, func() { _, _ = dialect.Detect(db) }); n != 0 {
				t.Errorf("Detect allocates %v times per call", n)
			}
		})
	}
}

// unknownDriver is a driver sqlorm does not know.
type unknownDriver struct{}

func (unknownDriver) Open(string) (driver.Conn, error) { return nil, errors.New("no") }

// selfNaming is a wrapping driver that reports its dialect, as sqlorm's does.
type selfNaming struct {
	unknownDriver
	name dialect.Name
}

func (d selfNaming) Dialect() dialect.Name { return d.name }

var _ dialect.Dialecter = selfNaming{}

func TestDetectUnknownDriver(t *testing.T) {
	sql.Register("dialect_test_unknown", unknownDriver{})
	db, err := sql.Open("dialect_test_unknown", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, err := dialect.Detect(db)
	if d != nil || !errors.Is(err, dialect.ErrUnknownDialect) {
		t.Fatalf("got %v, %v; want ErrUnknownDialect", d, err)
	}
	for _, frag := range []string{"dialect_test.unknownDriver", "orm.WithDialect"} {
		if !strings.Contains(err.Error(), frag) {
			t.Errorf("error %q does not mention %q", err, frag)
		}
	}
}

func TestForDriver(t *testing.T) {
	d, err := dialect.ForDriver(selfNaming{name: dialect.Oracle})
	if err != nil || d.Name() != dialect.Oracle {
		t.Errorf("self-naming driver: got %v, %v", d, err)
	}
	// The driver's own word wins over its type.
	d, err = dialect.ForDriver(&selfNaming{name: dialect.MySQL})
	if err != nil || d.Name() != dialect.MySQL {
		t.Errorf("pointer to self-naming driver: got %v, %v", d, err)
	}
	if _, err := dialect.ForDriver(selfNaming{name: "db2"}); !errors.Is(err, dialect.ErrUnknownDialect) || !strings.Contains(err.Error(), `"db2"`) {
		t.Errorf("self-naming driver with a bad name: got %v", err)
	}
	if _, err := dialect.ForDriver(nil); !errors.Is(err, dialect.ErrUnknownDialect) {
		t.Errorf("nil driver: got %v", err)
	}
	if _, err := dialect.ForDriver(&unknownDriver{}); !errors.Is(err, dialect.ErrUnknownDialect) || !strings.Contains(err.Error(), "*dialect_test.unknownDriver") {
		t.Errorf("pointer to unknown driver: got %v", err)
	}
	if _, err := dialect.Detect(nil); err == nil {
		t.Error("Detect(nil) succeeded")
	}
}

func BenchmarkDetect(b *testing.B) {
	db, err := sql.Open("pgx", "postgres://u@127.0.0.1:1/db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dialect.Detect(db); err != nil {
			b.Fatal(err)
		}
	}
}
