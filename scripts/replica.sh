#!/usr/bin/env bash
# Streaming replicas for the routing tests (issue 14):
#   PostgreSQL: a primary cluster of its own on $PG_PRIMARY_PORT (5434) and a
#     streaming replica made from it with pg_basebackup on $PG_REPLICA_PORT
#     (5435). The shared server on 5432 is not touched.
#   MariaDB: a primary with a binary log on $MY_PRIMARY_PORT (3307) and a
#     GTID binlog replica of it on $MY_REPLICA_PORT (3308). The shared
#     server on 3306 is not touched.
#
#   scripts/replica.sh up      start them (idempotent); print export lines
#   scripts/replica.sh down    stop them and remove their data
#   scripts/replica.sh env     print the export lines only
#   scripts/replica.sh stop-replica pg|mysql   stop one replica (tests)
#   scripts/replica.sh start-replica pg|mysql  start it again
#
# Exports: SQLORM_TEST_PG_PRIMARY, SQLORM_TEST_PG_REPLICA,
# SQLORM_TEST_MYSQL_PRIMARY, SQLORM_TEST_MYSQL_REPLICA.
# Use: eval "$(scripts/replica.sh up)"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/component-lib.sh

PG_PRIMARY_PORT=${SQLORM_PG_PRIMARY_PORT:-5434}
PG_REPLICA_PORT=${SQLORM_PG_REPLICA_PORT:-5435}
MY_PRIMARY_PORT=${SQLORM_MYSQL_PRIMARY_PORT:-3307}
MY_REPLICA_PORT=${SQLORM_MYSQL_REPLICA_PORT:-3308}
DIR=$COMPONENTS_DIR/replica
PGP=$DIR/pg/primary PGR=$DIR/pg/replica
MYP=$DIR/my/primary MYR=$DIR/my/replica

print_env() {
	cat <<-E
	export SQLORM_TEST_PG_PRIMARY='postgres://postgres@127.0.0.1:$PG_PRIMARY_PORT/test?sslmode=disable'
	export SQLORM_TEST_PG_REPLICA='postgres://postgres@127.0.0.1:$PG_REPLICA_PORT/test?sslmode=disable'
	export SQLORM_TEST_MYSQL_PRIMARY='mysql://root@127.0.0.1:$MY_PRIMARY_PORT/test'
	export SQLORM_TEST_MYSQL_REPLICA='mysql://root@127.0.0.1:$MY_REPLICA_PORT/test'
	E
}

pg() { as postgres "$PG_BIN/$@"; }
pg_up_on() { "$PG_BIN/pg_isready" -q -t 1 -h 127.0.0.1 -p "$1"; }

# pg_start DATADIR PORT
pg_start() {
	pg_up_on "$2" && return 0
	pg pg_ctl -D "$1" -l "$1.log" -w -t 30 -o "-p $2 -k $DIR/pg -c listen_addresses=127.0.0.1" start >/dev/null ||
		die "postgres on $2 did not start: $(tail -n5 "$1.log")"
}

pg_up() {
	if [[ ! -f $PGP/PG_VERSION ]]; then
		rm -rf "$PGP"
		pg initdb -D "$PGP" -U postgres --auth=trust --no-sync >"$PGP.initdb.log" 2>&1 ||
			die "initdb failed: $(tail -n5 "$PGP.initdb.log")"
		cat >>"$PGP/postgresql.conf" <<-C
		wal_level = replica
		max_wal_senders = 5
		hot_standby = on
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		shared_buffers = 32MB
		max_connections = 60
		C
		echo "host replication all 127.0.0.1/32 trust" >>"$PGP/pg_hba.conf"
	fi
	pg_start "$PGP" "$PG_PRIMARY_PORT"
	if [[ $("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'") != 1 ]]; then
		"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres test
	fi
	if [[ ! -f $PGR/standby.signal ]]; then
		rm -rf "$PGR"
		pg pg_basebackup -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -D "$PGR" -R -X stream -c fast >/dev/null 2>"$PGR.basebackup.log" ||
			die "pg_basebackup failed: $(tail -n5 "$PGR.basebackup.log")"
	fi
	pg_start "$PGR" "$PG_REPLICA_PORT"
}

pg_down() {
	local d
	for d in "$PGR" "$PGP"; do
		[[ -f $d/postmaster.pid ]] && pg pg_ctl -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
	done
	rm -rf "$PGR" "$PGP" "$PGR".*.log "$PGP".*.log "$PGR.log" "$PGP.log"
}

# my_start DATADIR PORT SERVER_ID EXTRA...
my_start() {
	local d=$1 port=$2 id=$3; shift 3
	mariadb_ready "$port" >/dev/null 2>&1 && return 0
	as mysql mariadbd --no-defaults --datadir="$d" --port="$port" --bind-address=127.0.0.1 \
		--socket="$d.sock" --pid-file="$d.pid" --server-id="$id" --skip-name-resolve \
		--innodb-buffer-pool-size=32M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 \
		--log-error="$d.err" "$@" </dev/null >/dev/null 2>&1 &
	wait_for 30 mariadb_ready "$port" || die "mariadbd on $port did not start: $(tail -n5 "$d.err")"
}

my_sql() { mariadb -h127.0.0.1 -P"$1" -uroot -NBe "$2"; }

my_up() {
	if [[ ! -d $MYP/mysql ]]; then
		mariadb_install "$MYP"
		rm -rf "$MYR"
		cp -a "$MYP" "$MYR"
	fi
	my_start "$MYP" "$MY_PRIMARY_PORT" 7 --log-bin="$MYP-bin" --binlog-format=ROW
	my_sql "$MY_PRIMARY_PORT" 'CREATE DATABASE IF NOT EXISTS test'
	my_start "$MYR" "$MY_REPLICA_PORT" 8 --read-only --relay-log="$MYR-relay"
	if [[ -z $(my_sql "$MY_REPLICA_PORT" 'SHOW SLAVE STATUS') ]]; then
		my_sql "$MY_REPLICA_PORT" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$MY_PRIMARY_PORT, MASTER_USER='root', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE"
	fi
	wait_for 20 bash -c "mariadb -h127.0.0.1 -P$MY_REPLICA_PORT -uroot -NBe 'SHOW DATABASES' | grep -qx test" ||
		die "the MariaDB replica on $MY_REPLICA_PORT did not replicate: $(my_sql "$MY_REPLICA_PORT" 'SHOW SLAVE STATUS\G' | grep -E 'Running|Error')"
}

my_down() {
	local d
	for d in "$MYR" "$MYP"; do
		stop_pidfile "$d.pid"
	done
	rm -rf "$MYR" "$MYP" "$MYR"[.-]* "$MYP"[.-]*
}

case ${1:-} in
up)
	mkdir -p "$DIR/pg" "$DIR/my"
	chmod 755 "$COMPONENTS_DIR" "$DIR"
	chown postgres "$DIR/pg"
	chown mysql "$DIR/my"
	t=$SECONDS
	pg_up
	my_up
	log "up in $((SECONDS - t))s: postgres $PG_PRIMARY_PORT -> $PG_REPLICA_PORT, mariadb $MY_PRIMARY_PORT -> $MY_REPLICA_PORT"
	print_env
	;;
down)
	pg_down
	my_down
	rm -rf "$DIR"
	log down
	;;
env) print_env ;;
stop-replica)
	case ${2:-} in
	pg) pg pg_ctl -D "$PGR" -m fast -w stop >/dev/null ;;
	mysql) stop_pidfile "$MYR.pid" ;;
	*) die "stop-replica pg|mysql" ;;
	esac
	;;
start-replica)
	case ${2:-} in
	pg) pg_start "$PGR" "$PG_REPLICA_PORT" ;;
	mysql) my_start "$MYR" "$MY_REPLICA_PORT" 8 --read-only --relay-log="$MYR-relay" ;;
	*) die "start-replica pg|mysql" ;;
	esac
	;;
*) die "usage: $0 up|down|env|stop-replica pg|mysql|start-replica pg|mysql" ;;
esac
