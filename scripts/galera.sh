#!/usr/bin/env bash
# A three-node MariaDB Galera cluster (Debian's galera-4 with mariadbd) on
# loopback ports: node N serves SQL on 3310+N (3311, 3312, 3313) and speaks
# Galera on 4557+10N (4567, 4577, 4587; IST on the next port); state
# transfers use rsync on 4434+10N. Data directories live under
# $COMPONENTS_DIR/galera. The shared server on 3306 is not touched.
#
#   scripts/galera.sh up           start the cluster (idempotent); print exports
#   scripts/galera.sh down         stop every node and remove the data
#   scripts/galera.sh env          print the export lines only
#   scripts/galera.sh start N      start node N again (it rejoins; tests)
#   scripts/galera.sh pid N        print node N's process id (tests kill it)
#
# Exports SQLORM_TEST_GALERA: the three nodes' URLs separated by spaces
# (mysql://root@127.0.0.1:3311/test ...).
# Use: eval "$(scripts/galera.sh up)"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/component-lib.sh

DIR=$COMPONENTS_DIR/galera
PROVIDER=${SQLORM_GALERA_PROVIDER:-$(ls /usr/lib/galera/libgalera_smm.so /usr/lib/libgalera_smm.so 2>/dev/null | head -n1)}
sqlport() { echo $((3310 + $1)); }
gport() { echo $((4557 + 10 * $1)); }
CLUSTER="gcomm://127.0.0.1:$(gport 1),127.0.0.1:$(gport 2),127.0.0.1:$(gport 3)"

print_env() {
	echo "export SQLORM_TEST_GALERA='mysql://root@127.0.0.1:$(sqlport 1)/test mysql://root@127.0.0.1:$(sqlport 2)/test mysql://root@127.0.0.1:$(sqlport 3)/test'"
}

# synced N: node N is a synced member of a three-node primary component.
synced() {
	local out
	out=$(mariadb -h127.0.0.1 -P"$(sqlport "$1")" -uroot -NBe "SHOW STATUS WHERE Variable_name IN ('wsrep_local_state_comment','wsrep_cluster_size')") || return 1
	grep -q 'wsrep_local_state_comment	Synced' <<<"$out" && grep -q 'wsrep_cluster_size	3' <<<"$out"
}

# start N [bootstrap]
start_node() {
	local n=$1 d=$DIR/node$1 gp
	gp=$(gport "$n")
	if pidfile_alive "$d.pid"; then return 0; fi
	local extra=()
	if [[ ${2:-} == bootstrap ]]; then
		[[ -d $d/mysql ]] || mariadb_install "$d"
	elif [[ ! -d $d ]]; then
		# A joiner gets everything by state transfer: an empty directory will do.
		mkdir -p "$d"
		chown mysql:mysql "$d"
	fi
	if [[ ${2:-} == bootstrap ]]; then
		extra+=(--wsrep-new-cluster)
		# A node that was shut down cleanly may bootstrap again.
		sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$d/grastate.dat" 2>/dev/null || true
	fi
	as mysql mariadbd --no-defaults --datadir="$d" --port="$(sqlport "$n")" --bind-address=127.0.0.1 \
		--socket="$d.sock" --pid-file="$d.pid" --log-error="$d.err" --server-id="$((20 + n))" \
		--skip-name-resolve --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
		--innodb-flush-log-at-trx-commit=2 --binlog-format=ROW --default-storage-engine=InnoDB \
		--innodb-autoinc-lock-mode=2 --wsrep-on=ON --wsrep-provider="$PROVIDER" \
		--wsrep-cluster-name=sqlorm-test --wsrep-cluster-address="$CLUSTER" \
		--wsrep-node-name="node$n" --wsrep-node-address="127.0.0.1:$gp" \
		--wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gp;ist.recv_addr=127.0.0.1:$((gp + 1));gcache.size=64M;pc.wait_prim_timeout=PT10S;evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT3S;evs.install_timeout=PT3S" \
		--wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$((4434 + 10 * n))" \
		"${extra[@]}" </dev/null >/dev/null 2>&1 &
	wait_for 60 mariadb_ready "$(sqlport "$n")" || die "galera node $n did not start: $(tail -n8 "$d.err")"
}

case ${1:-} in
up)
	[[ -n $PROVIDER ]] || die "libgalera_smm.so not found (apt-get install -y galera-4)"
	mkdir -p "$DIR"
	chmod 755 "$COMPONENTS_DIR"
	chown mysql "$DIR"
	t=$SECONDS
	if ! pidfile_alive "$DIR/node1.pid" && ! pidfile_alive "$DIR/node2.pid" && ! pidfile_alive "$DIR/node3.pid"; then
		start_node 1 bootstrap
	fi
	start_node 1
	mariadb -h127.0.0.1 -P"$(sqlport 1)" -uroot -e 'CREATE DATABASE IF NOT EXISTS test'
	start_node 2
	start_node 3
	wait_for 60 synced 1 && wait_for 60 synced 2 && wait_for 60 synced 3 ||
		die "the cluster did not sync: $(for n in 1 2 3; do tail -n3 "$DIR/node$n.err"; done)"
	log "up in $((SECONDS - t))s: nodes on $(sqlport 1), $(sqlport 2), $(sqlport 3)"
	print_env
	;;
down)
	for n in 3 2 1; do stop_pidfile "$DIR/node$n.pid" 30; done
	rm -rf "$DIR"
	log down
	;;
env) print_env ;;
start)
	[[ ${2:-} =~ ^[123]$ ]] || die "start 1|2|3"
	start_node "$2"
	wait_for 60 synced "$2" || die "node $2 did not rejoin: $(tail -n8 "$DIR/node$2.err")"
	;;
pid)
	[[ ${2:-} =~ ^[123]$ ]] || die "pid 1|2|3"
	head -n1 "$DIR/node$2.pid"
	;;
*) die "usage: $0 up|down|env|start N|pid N" ;;
esac
