// Package sqlormotel traces and measures a sqlorm database with
// OpenTelemetry. It is a module of its own (github.com/sqlorm/sqlorm/otel),
// as bun's extra/bunotel and XSAM/otelsql are, so that the core sqlorm
// module never depends on OpenTelemetry.
//
//	cfg, _ := driver.ParseURL("postgres://app@db.internal:5432/shop")
//	db, err := sqlormotel.OpenDB(cfg) // global tracer and meter providers
//	...
//	reg, err := sqlormotel.RegisterMetrics(db, cfg)
//	defer reg.Unregister()
//
// # Spans
//
// A [Hook] (a hooks.Hook for driver.Config.Hooks) makes one CLIENT span per
// statement, named by the statement's summary ("SELECT blog_post",
// "INSERT blog_tag"), with the stable database attributes of the
// OpenTelemetry semantic conventions (v1.43.0): db.system.name,
// db.query.text (the statement text; argument values only with
// [WithQueryParameters], as db.query.parameter.<index>), db.query.summary,
// db.operation.name (when the text is a single statement), db.namespace,
// server.address, server.port, and on failure error.type,
// db.response.status_code (the backend's code: SQLSTATE, MySQL error
// number, SQLite extended code, ORA-nnnnn), an error status and the error
// recorded as an event. An exec also carries
// sqlorm.rows_affected (the conventions define only returned rows, which
// a database/sql driver cannot count without wrapping the rows).
//
// A transaction gets a span of its own, "transaction", from BeginTx to
// Commit or Rollback, carrying sqlorm.transaction.outcome (commit or
// rollback) and the error of a failed begin or commit. Statements run in
// the transaction with the context it was begun with (the usual case, and
// what orm.Atomic does) are children of that span; a statement whose
// context carries another span keeps it as its parent.
//
// Spans are made when the statement returns, with its real start and end
// times: the driver reports a statement that the backend answers with
// driver.ErrSkip a second time when database/sql runs it prepared, and only
// the statement that ran is traced. The context the backend sees therefore
// carries no statement span.
//
// # Metrics
//
// With a meter provider (the global one by default), the hook records the
// stable db.client.operation.duration histogram. [RegisterMetrics] reports
// the pool of one *sql.DB as observable instruments: database/sql's
// db.client.connection.count (state idle and used), db.client.connection.max
// and its wait counters, and sqlorm's own pool counters from driver.Stats
// (connections opened, closed for age, health checks run and failed).
package sqlormotel
