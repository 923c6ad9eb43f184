package dialect

import (
	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/sijms/go-ora/v2/network"
)

// How a driver error affects the transaction it happened in. Like
// ClassifyError, these look at error codes only (never message text) and
// through wrapped errors, and recognise the errors of all four backend
// drivers whatever dialect is in use, so they also work where the dialect of
// a transaction is not known.

// Codes of errors a retry of the whole transaction can resolve.
const (
	pgSerializationFailure = "40001" // serialization_failure
	pgDeadlockDetected     = "40P01" // deadlock_detected
	mysqlErLockDeadlock    = 1213    // ER_LOCK_DEADLOCK: the server rolled back the transaction
	sqliteBusy             = 5       // SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT)
	oraDeadlock            = 60      // ORA-00060: deadlock detected while waiting for resource
	oraCannotSerialize     = 8177    // ORA-08177: can't serialize access for this transaction
)

// Codes of errors after which the transaction no longer exists on the
// server (rolled back) or its connection is gone.
const (
	mysqlErServerShutdown     = 1053 // ER_SERVER_SHUTDOWN
	mysqlErConnectionKilled   = 1927 // ER_CONNECTION_KILLED (MariaDB)
	mysqlErClientIdleTimeout  = 4031 // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
	mysqlErQueryInterruptedRB = 1180 // ER_ERROR_DURING_COMMIT
	sqliteNoMem               = 7    // SQLITE_NOMEM
	sqliteIOErr               = 10   // SQLITE_IOERR and its extended codes
	sqliteFull                = 13   // SQLITE_FULL
	oraNotLoggedOn            = 1012 // ORA-01012: not logged on
	oraSessionKilled          = 28   // ORA-00028: your session has been killed
	oraEndOfFile              = 3113 // ORA-03113: end-of-file on communication channel
	oraNotConnected           = 3114 // ORA-03114: not connected to ORACLE
	oraConnectionLost         = 3135 // ORA-03135: connection lost contact
)

// IsRetryable reports whether err, or an error it wraps, says the
// transaction lost a race with another one and running the whole
// transaction again can succeed: a serialization failure or a deadlock.
//
//   - PostgreSQL: SQLSTATE 40001 (serialization_failure) and 40P01
//     (deadlock_detected).
//   - MySQL/MariaDB: error 1213 (ER_LOCK_DEADLOCK). Error 1205, lock wait
//     timeout, is not: InnoDB rolls back only the statement, and waiting
//     again usually times out again.
//   - SQLite: SQLITE_BUSY and its extended codes, among them
//     SQLITE_BUSY_SNAPSHOT (517), which a deferred transaction gets when it
//     tries to write after another connection committed.
//   - Oracle: ORA-00060 (deadlock) and ORA-08177 (cannot serialize).
//
// Every other error, nil included, is not retryable.
func IsRetryable(err error) bool {
	return walkChain(err, func(e error) bool {
		switch x := e.(type) {
		case *pgconn.PgError:
			return x.Code == pgSerializationFailure || x.Code == pgDeadlockDetected
		case *gomysql.MySQLError:
			return x.Number == mysqlErLockDeadlock
		case *network.OracleError:
			return x != nil && (x.ErrCode == oraDeadlock || x.ErrCode == oraCannotSerialize)
		}
		if code, ok := sqlite3ExtendedCode(e); ok {
			return code&0xff == sqliteBusy
		}
		return false
	})
}

// EndsTransaction reports whether err, or an error it wraps, means that the
// transaction it happened in is over on the server, or that its connection
// is lost, so that a ROLLBACK TO SAVEPOINT cannot bring it back:
//
//   - PostgreSQL: a FATAL or PANIC error (the server closes the session,
//     57P01 admin shutdown among them) and class 08, connection exception.
//     Other errors, 40001 and 40P01 included, leave the transaction
//     aborted but recoverable to a savepoint.
//   - MySQL/MariaDB: 1213 (a deadlock victim's whole transaction is rolled
//     back, savepoints included, and a later COMMIT answers OK), 1053
//     server shutdown, 1180 error during commit, 1927 connection killed,
//     4031 idle timeout, and go-sql-driver's ErrInvalidConn.
//   - SQLite: SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY and SQLITE_NOMEM, after
//     which SQLite may already have rolled the transaction back: a later
//     statement on the same connection would then run in autocommit mode.
//   - Oracle: ORA-00028, ORA-01012, ORA-03113, ORA-03114, ORA-03135.
//
// It does not look at errors that are not from a database driver
// (database/sql's ErrTxDone, driver.ErrBadConn, context errors): callers
// decide about those.
func EndsTransaction(err error) bool {
	return walkChain(err, func(e error) bool {
		if e == gomysql.ErrInvalidConn {
			return true
		}
		switch x := e.(type) {
		case *pgconn.PgError:
			return x.Severity == "FATAL" || x.Severity == "PANIC" ||
				(len(x.Code) == 5 && x.Code[:2] == "08")
		case *gomysql.MySQLError:
			switch x.Number {
			case mysqlErLockDeadlock, mysqlErServerShutdown, mysqlErQueryInterruptedRB,
				mysqlErConnectionKilled, mysqlErClientIdleTimeout:
				return true
			}
			return false
		case *network.OracleError:
			if x == nil {
				return false
			}
			switch x.ErrCode {
			case oraSessionKilled, oraNotLoggedOn, oraEndOfFile, oraNotConnected, oraConnectionLost:
				return true
			}
			return false
		}
		if code, ok := sqlite3ExtendedCode(e); ok {
			switch code & 0xff {
			case sqliteFull, sqliteIOErr, sqliteBusy, sqliteNoMem:
				return true
			}
		}
		return false
	})
}

// Codes of errors a server-side statement time limit raises.
const (
	pgQueryCanceled           = "57014" // query_canceled: statement_timeout, or a cancel request
	mysqlErStatementTimeout   = 1969    // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
	mysqlErQueryTimeoutMySQL8 = 3024    // ER_QUERY_TIMEOUT (MySQL max_execution_time)
)

// IsStatementTimeout reports whether err, or an error it wraps, is a
// server refusing to run a statement longer than its session's limit (the
// sqlorm driver's statement_timeout option sets it): PostgreSQL's
// statement_timeout (SQLSTATE 57014, query_canceled), MariaDB's
// max_statement_time (error 1969) and MySQL's max_execution_time (error
// 3024). The connection stays usable. Like the functions above it reads
// codes only: on PostgreSQL a statement cancelled from another session
// (pg_cancel_backend) has the same code and reads as a timeout too. A
// caller's context deadline is not one (pgx reports the context's error):
// test that with errors.Is(err, context.DeadlineExceeded).
func IsStatementTimeout(err error) bool {
	return walkChain(err, func(e error) bool {
		switch x := e.(type) {
		case *pgconn.PgError:
			return x.Code == pgQueryCanceled
		case *gomysql.MySQLError:
			return x.Number == mysqlErStatementTimeout || x.Number == mysqlErQueryTimeoutMySQL8
		}
		return false
	})
}
