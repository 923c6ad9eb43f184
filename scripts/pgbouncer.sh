#!/usr/bin/env bash
# PgBouncer (Debian's package) in transaction mode on 127.0.0.1:$PORT (6433, not
# 6432, where a system PgBouncer may listen)
# in front of the PostgreSQL server on $SQLORM_PGBOUNCER_TARGET
# (127.0.0.1:5432). Every database name is forwarded, so tests reach their
# fresh databases through it. Its configuration and logs live under
# $COMPONENTS_DIR/pgbouncer; the system's /etc/pgbouncer is not used.
#
#   scripts/pgbouncer.sh up     start it (idempotent); print the export line
#   scripts/pgbouncer.sh down   stop it and remove its files
#   scripts/pgbouncer.sh env    print the export line only
#
# Exports SQLORM_TEST_PGBOUNCER, a URL for database test through the pooler
# with the options sqlorm needs behind a transaction-mode pooler (see the
# README's "Behind PgBouncer").
# Use: eval "$(scripts/pgbouncer.sh up)"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/component-lib.sh

PORT=${SQLORM_PGBOUNCER_PORT:-6433}
TARGET=${SQLORM_PGBOUNCER_TARGET:-127.0.0.1:5432}
DIR=$COMPONENTS_DIR/pgbouncer

print_env() {
	echo "export SQLORM_TEST_PGBOUNCER='postgres://postgres@127.0.0.1:$PORT/test?sslmode=disable&pooler=transaction'"
}

ready() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d test -tAc 'SELECT 1'; }

case ${1:-} in
up)
	command -v pgbouncer >/dev/null || die "pgbouncer is not installed (apt-get install -y pgbouncer)"
	if ! pidfile_alive "$DIR/pgbouncer.pid"; then
		mkdir -p "$DIR"
		chmod 755 "$COMPONENTS_DIR"
		chown postgres "$DIR"
		cat >"$DIR/pgbouncer.ini" <<-C
		[databases]
		* = host=${TARGET%:*} port=${TARGET##*:}

		[pgbouncer]
		listen_addr = 127.0.0.1
		listen_port = $PORT
		unix_socket_dir =
		auth_type = trust
		auth_file = $DIR/userlist.txt
		pool_mode = transaction
		default_pool_size = 10
		max_client_conn = 200
		server_reset_query =
		server_check_delay = 5
		ignore_startup_parameters = extra_float_digits
		logfile = $DIR/pgbouncer.log
		pidfile = $DIR/pgbouncer.pid
		admin_users = postgres
		C
		echo '"postgres" ""' >"$DIR/userlist.txt"
		port_free "$PORT" || die "127.0.0.1:$PORT is taken by another process"
		as postgres pgbouncer -d "$DIR/pgbouncer.ini" >/dev/null 2>&1 || die "pgbouncer did not start: $(tail -n5 "$DIR/pgbouncer.log")"
	fi
	wait_for 10 ready || die "pgbouncer on $PORT does not answer: $(tail -n5 "$DIR/pgbouncer.log")"
	log "up: 127.0.0.1:$PORT (transaction mode) -> $TARGET"
	print_env
	;;
down)
	stop_pidfile "$DIR/pgbouncer.pid"
	rm -rf "$DIR"
	log down
	;;
env) print_env ;;
*) die "usage: $0 up|down|env" ;;
esac
