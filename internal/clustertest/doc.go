// Package clustertest proves sqlorm against servers beyond one per
// backend: a PostgreSQL streaming replica and a MariaDB binlog replica
// behind orm.Databases and the PrimaryReplica router, PgBouncer in
// transaction mode, and a three-node MariaDB Galera cluster. The servers
// are started by scripts/replica.sh, scripts/pgbouncer.sh and
// scripts/galera.sh (.ci/run starts them all); a test whose component is
// not running is skipped, or fails when SQLORM_REQUIRE_COMPONENTS names
// it. The package has tests only.
package clustertest
