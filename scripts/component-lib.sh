# Shared helpers of the component scripts (replica.sh, pgbouncer.sh,
# galera.sh); sourced, not run. Every component lives under $COMPONENTS_DIR
# (default /tmp/sqlorm-components), runs on loopback ports of its own and
# never touches the servers on 5432 and 3306 beyond reading from them.

COMPONENTS_DIR=${SQLORM_COMPONENTS_DIR:-/tmp/sqlorm-components}
PG_BIN=${SQLORM_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}

# log MSG: progress on stderr, so stdout carries only the export lines.
log() { echo "$(basename "$0"): $*" >&2; }
die() { log "$*"; exit 1; }

# as USER CMD...: run CMD as USER (the servers refuse to run as root).
as() {
	local u=$1; shift
	if [[ $(id -un) == "$u" ]]; then "$@"; else runuser -u "$u" -- "$@"; fi
}

# wait_for SECONDS CMD...: retry CMD every 0.2s until it succeeds.
wait_for() {
	local n=$(($1 * 5)); shift
	local i
	for ((i = 0; i < n; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# port_free PORT: nothing listens on 127.0.0.1:PORT.
port_free() { ! timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# pidfile_alive FILE: the process named in FILE runs.
pidfile_alive() { [[ -s $1 ]] && kill -0 "$(head -n1 "$1")" 2>/dev/null; }

# stop_pidfile FILE [SECONDS]: TERM the process of FILE, KILL it after
# SECONDS (default 20), remove FILE.
stop_pidfile() {
	local f=$1 secs=${2:-20} pid
	[[ -s $f ]] || return 0
	pid=$(head -n1 "$f")
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		local i
		for ((i = 0; i < secs * 5; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$f"
}

# mariadb_ready PORT: a MariaDB server answers as root on 127.0.0.1:PORT.
mariadb_ready() { mariadb-admin --connect-timeout=1 -h127.0.0.1 -P"$1" -uroot ping; }

# mariadb_install DATADIR: a fresh data directory owned by mysql whose root
# may log in over TCP from 127.0.0.1 without a password (test servers only).
mariadb_install() {
	local dir=$1
	rm -rf "$dir"
	mkdir -p "$dir"
	chown mysql:mysql "$dir"
	as mysql mariadb-install-db --no-defaults --datadir="$dir" --auth-root-authentication-method=normal \
		--skip-test-db --skip-name-resolve >"$dir.install.log" 2>&1 ||
		die "mariadb-install-db $dir failed: $(tail -n5 "$dir.install.log")"
}
