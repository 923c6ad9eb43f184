package dialect

import "testing"

// TestDriverDialect covers the drivers this module does not depend on
// (lib/pq, modernc.org/sqlite), which the external tests cannot open.
func TestDriverDialect(t *testing.T) {
	tests := []struct {
		pkg, name string
		want      Name
		ok        bool
	}{
		{"github.com/jackc/pgx/v5/stdlib", "Driver", Postgres, true},
		{"github.com/lib/pq", "Driver", Postgres, true},
		{"github.com/go-sql-driver/mysql", "MySQLDriver", MySQL, true},
		{"github.com/mattn/go-sqlite3", "SQLiteDriver", SQLite, true},
		{"modernc.org/sqlite", "Driver", SQLite, true},
		{"github.com/sijms/go-ora/v2", "OracleDriver", Oracle, true},
		{"github.com/jackc/pgx/v5/stdlib", "Conn", "", false},
		{"github.com/jackc/pgx/v4/stdlib", "Driver", "", false},
		{"github.com/sijms/go-ora", "OracleDriver", "", false},
		{"example.com/fake/github.com/lib/pq", "Driver", "", false},
		{"", "Driver", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.pkg+"."+tt.name, func(t *testing.T) {
			got, ok := driverDialect(tt.pkg, tt.name)
			if ok != tt.ok || got != tt.want {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
