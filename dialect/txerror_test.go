package dialect_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/sqlorm/sqlorm/dialect"
)

func liteCode(code sqlite3.ErrNo, ext sqlite3.ErrNoExtended) error {
	return sqlite3.Error{Code: code, ExtendedCode: ext}
}

func TestTxErrorClassification(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		retryable bool
		ends      bool
	}{
		{"nil", nil, false, false},
		{"plain error", errors.New("x"), false, false},
		{"context canceled (the caller decides)", context.Canceled, false, false},
		{"sql.ErrTxDone (the caller decides)", sql.ErrTxDone, false, false},
		{"driver.ErrBadConn (the caller decides)", driver.ErrBadConn, false, false},

		{"pg serialization failure", pgErr("40001", "", "", ""), true, false},
		{"pg deadlock", pgErr("40P01", "", "", ""), true, false},
		{"pg deadlock wrapped", fmt.Errorf("ctx: %w", pgErr("40P01", "", "", "")), true, false},
		{"pg unique violation", pgErr("23505", "", "", ""), false, false},
		{"pg statement timeout", pgErr("57014", "", "", ""), false, false},
		{"pg in failed transaction", pgErr("25P02", "", "", ""), false, false},
		{"pg admin shutdown (FATAL)", &pgconn.PgError{Severity: "FATAL", Code: "57P01"}, false, true},
		{"pg connection failure", pgErr("08006", "", "", ""), false, true},

		{"mysql deadlock", myErr(1213, "Deadlock found"), true, true},
		{"mysql lock wait timeout", myErr(1205, "Lock wait timeout exceeded"), false, false},
		{"mysql duplicate", myErr(1062, "Duplicate entry"), false, false},
		{"mysql connection killed", myErr(1927, "Connection was killed"), false, true},
		{"mysql invalid connection", gomysql.ErrInvalidConn, false, true},
		{"mysql invalid connection wrapped", fmt.Errorf("x: %w", gomysql.ErrInvalidConn), false, true},

		{"sqlite busy", liteCode(sqlite3.ErrBusy, sqlite3.ErrNoExtended(sqlite3.ErrBusy)), true, true},
		{"sqlite busy snapshot", liteCode(sqlite3.ErrBusy, sqlite3.ErrBusySnapshot), true, true},
		{"sqlite full", liteCode(sqlite3.ErrFull, sqlite3.ErrNoExtended(sqlite3.ErrFull)), false, true},
		{"sqlite ioerr", liteCode(sqlite3.ErrIoErr, sqlite3.ErrIoErrWrite), false, true},
		{"sqlite nomem", liteCode(sqlite3.ErrNomem, sqlite3.ErrNoExtended(sqlite3.ErrNomem)), false, true},
		{"sqlite constraint", liteErr(sqlite3.ErrConstraintUnique), false, false},
		{"sqlite locked", liteCode(sqlite3.ErrLocked, sqlite3.ErrNoExtended(sqlite3.ErrLocked)), false, false},
		{"sqlite look-alike type", Error{ExtendedCode: 5}, false, false},

		{"oracle deadlock", oraErr(60, "ORA-00060: deadlock detected"), true, false},
		{"oracle cannot serialize", oraErr(8177, "ORA-08177"), true, false},
		{"oracle end of file", oraErr(3113, "ORA-03113"), false, true},
		{"oracle unique", oraErr(1, "ORA-00001"), false, false},

		{"classified constraint error", mustGet(t, dialect.Postgres).ClassifyError(pgErr("23505", "c", "t", "")), false, false},
		{"joined errors", errors.Join(errors.New("a"), myErr(1213, "Deadlock")), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dialect.IsRetryable(tt.err); got != tt.retryable {
				t.Errorf("IsRetryable(%v) = %v, want %v", tt.err, got, tt.retryable)
			}
			if got := dialect.EndsTransaction(tt.err); got != tt.ends {
				t.Errorf("EndsTransaction(%v) = %v, want %v", tt.err, got, tt.ends)
			}
		})
	}
}

func TestIsStatementTimeout(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"PostgreSQL statement_timeout", &pgconn.PgError{Code: "57014", Message: "canceling statement due to statement timeout"}, true},
		{"MariaDB max_statement_time", &gomysql.MySQLError{Number: 1969}, true},
		{"MySQL max_execution_time", fmt.Errorf("query: %w", &gomysql.MySQLError{Number: 3024}), true},
		{"a lock wait timeout is not", &gomysql.MySQLError{Number: 1205}, false},
		{"a unique violation is not", &pgconn.PgError{Code: "23505"}, false},
		{"a context deadline is not", context.DeadlineExceeded, false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dialect.IsStatementTimeout(tt.err); got != tt.want {
				t.Errorf("IsStatementTimeout(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
