package dialect

import (
	"errors"
	"strconv"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/sijms/go-ora/v2/network"
)

// ErrorCode returns the backend's own code for a database error anywhere in
// err's chain, as a string, or "" when err carries none: PostgreSQL's
// SQLSTATE ("23505"), the MySQL/MariaDB error number ("1062"), SQLite's
// extended result code ("2067"), Oracle's "ORA-00001". It is what
// OpenTelemetry's db.response.status_code holds.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe != nil {
		return pe.Code
	}
	var me *gomysql.MySQLError
	if errors.As(err, &me) && me != nil {
		return strconv.Itoa(int(me.Number))
	}
	var oe *network.OracleError
	if errors.As(err, &oe) && oe != nil {
		return "ORA-" + leftPad(strconv.Itoa(oe.ErrCode), 5)
	}
	var code int64
	if walkChain(err, func(e error) bool {
		c, ok := sqlite3ExtendedCode(e)
		if ok {
			code = c
		}
		return ok
	}) {
		return strconv.FormatInt(code, 10)
	}
	return ""
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}
