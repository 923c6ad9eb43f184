package dialect

import (
	"errors"
	"fmt"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"github.com/sijms/go-ora/v2/network"
)

func TestErrorCode(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"plain", errors.New("boom"), ""},
		{"postgres wrapped", fmt.Errorf("insert: %w", &pgconn.PgError{Code: "23505"}), "23505"},
		{"mysql", &gomysql.MySQLError{Number: 1062}, "1062"},
		{"oracle", &network.OracleError{ErrCode: 1}, "ORA-00001"},
		{"sqlite", fmt.Errorf("x: %w", sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintUnique}), "2067"},
		{"classified keeps the code", (postgres{}).ClassifyError(&pgconn.PgError{Code: "23505"}), "23505"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(tc.err); got != tc.want {
				t.Fatalf("ErrorCode(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
}
