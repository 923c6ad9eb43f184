package dialect

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
)

// Codes of errors a server answers with when it cannot serve a session.
const (
	pgAdminShutdown    = "57P01" // admin_shutdown: the server is stopping
	pgCrashShutdown    = "57P02" // crash_shutdown
	pgCannotConnectNow = "57P03" // cannot_connect_now: starting up or shutting down
)

// IsConnectionError reports whether err, or an error it wraps, says the
// database could not be reached or the connection was lost, rather than
// that the server refused the statement: a refused or reset TCP
// connection, a network error, an unexpected end of the stream,
// database/sql's driver.ErrBadConn, pgx's ConnectError and go-sql-driver's
// ErrInvalidConn; PostgreSQL's SQLSTATE 57P01, 57P02, 57P03 (the server is
// stopping or starting) and class 08 (connection exception); MySQL/MariaDB
// 1053 (server shutdown) and 1927 (connection killed). A statement that
// failed so may or may not have run: only a caller that knows it was a
// read (a query routed to a read replica) may run it elsewhere.
func IsConnectionError(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, gomysql.ErrInvalidConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	return walkChain(err, func(e error) bool {
		switch x := e.(type) {
		case *pgconn.PgError:
			return x.Code == pgAdminShutdown || x.Code == pgCrashShutdown || x.Code == pgCannotConnectNow ||
				(len(x.Code) == 5 && x.Code[:2] == "08")
		case *gomysql.MySQLError:
			return x.Number == mysqlErServerShutdown || x.Number == mysqlErConnectionKilled
		}
		return false
	})
}
