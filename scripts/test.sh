#!/usr/bin/env bash
# Runs sqlorm's tests on every backend this machine offers.
#
# SQLite is always tested. PostgreSQL and MySQL/MariaDB are tested when
# SQLORM_TEST_PG / SQLORM_TEST_MYSQL are set; when one is unset, this script
# probes the usual local server (127.0.0.1:5432, 127.0.0.1:3306) and, if it
# answers, uses the default URL. Otherwise that backend's tests are skipped,
# which is said plainly below (set SQLORM_REQUIRE_BACKENDS=postgres,mysql to
# make a missing backend fail instead, as CI does).
#
# Environment:
#   SQLORM_TEST_PG, SQLORM_TEST_MYSQL  backend URLs; "skip" turns one off
#   SQLORM_PG_PORT, SQLORM_MYSQL_PORT  ports to probe (default 5432, 3306)
#   GOTESTFLAGS  extra flags for go test, e.g. "-race" or "-count=1 -v"
#   PKGS         packages to test (default ./...)
#   SQLORM_TEST_OPEN  bare: tests that open databases with testenv's
#                Database.Open use the backends' own drivers (make test-bare)
#   MODULES      the project's other modules to test after the core, each
#                with go test ./... in its folder (default: otel; "" for none)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_PORT=${SQLORM_PG_PORT:-5432}
MYSQL_PORT=${SQLORM_MYSQL_PORT:-3306}
DEFAULT_PG="postgres://postgres@127.0.0.1:$PG_PORT/test?sslmode=disable"
DEFAULT_MYSQL="mysql://root@127.0.0.1:$MYSQL_PORT/test"

# port_open HOST PORT: true when something accepts a TCP connection within 1s.
port_open() {
	timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

pg_up() {
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q -t 1 -h 127.0.0.1 -p "$PG_PORT"
	else
		port_open 127.0.0.1 "$PG_PORT"
	fi
}

mysql_up() {
	local admin
	admin=$(command -v mariadb-admin || command -v mysqladmin || true)
	if [[ -n $admin ]]; then
		timeout 2 "$admin" --connect-timeout=1 -h127.0.0.1 -P"$MYSQL_PORT" -uroot ping >/dev/null 2>&1 && return 0
		# A server that answers but refuses root without a password is still
		# reachable; let the tests report the real error.
	fi
	port_open 127.0.0.1 "$MYSQL_PORT"
}

# required NAME...: true when SQLORM_REQUIRE_BACKENDS names any of NAME or "all".
required() {
	local list=",${SQLORM_REQUIRE_BACKENDS:-},"
	list=${list// /}
	list=${list,,}
	local n
	for n in all "$@"; do
		[[ $list == *",$n,"* ]] && return 0
	done
	return 1
}

# redact URL: hide a password in scheme://user:password@host.
redact() {
	sed -E 's#^([a-z0-9+]+://[^:/@]*):[^@]*@#\1:xxxxx@#' <<<"$1"
}

pg_off=; mysql_off=
if [[ ${SQLORM_TEST_PG:-} == skip ]]; then
	pg_off=1; unset SQLORM_TEST_PG
elif [[ -z ${SQLORM_TEST_PG:-} ]] && pg_up; then
	export SQLORM_TEST_PG=$DEFAULT_PG
fi
if [[ ${SQLORM_TEST_MYSQL:-} == skip ]]; then
	mysql_off=1; unset SQLORM_TEST_MYSQL
elif [[ -z ${SQLORM_TEST_MYSQL:-} ]] && mysql_up; then
	export SQLORM_TEST_MYSQL=$DEFAULT_MYSQL
fi

echo "sqlite: always tested"
if [[ -n ${SQLORM_TEST_PG:-} ]]; then
	echo "postgres: using $(redact "$SQLORM_TEST_PG")"
elif [[ -n $pg_off ]]; then
	echo "postgres: SQLORM_TEST_PG=skip, its tests will be skipped"
else
	if required postgres pg postgresql; then
		echo "postgres: not reachable and SQLORM_TEST_PG not set, but required: its tests will FAIL"
	else
		echo "postgres: not reachable, its tests will be skipped"
	fi
fi
if [[ -n ${SQLORM_TEST_MYSQL:-} ]]; then
	echo "mysql: using $(redact "$SQLORM_TEST_MYSQL")"
elif [[ -n $mysql_off ]]; then
	echo "mysql: SQLORM_TEST_MYSQL=skip, its tests will be skipped"
else
	if required mysql mariadb; then
		echo "mysql: not reachable and SQLORM_TEST_MYSQL not set, but required: its tests will FAIL"
	else
		echo "mysql: not reachable, its tests will be skipped"
	fi
fi
if [[ ${SQLORM_TEST_OPEN:-sqlorm} != sqlorm ]]; then
	echo "databases opened with: ${SQLORM_TEST_OPEN} (SQLORM_TEST_OPEN)"
fi
if [[ -n ${SQLORM_REQUIRE_BACKENDS:-} ]]; then
	echo "required backends (a missing one fails): $SQLORM_REQUIRE_BACKENDS"
fi

# Components (scripts/replica.sh, pgbouncer.sh, galera.sh print these
# variables; SQLORM_REQUIRE_COMPONENTS=all makes a missing one fail).
components=(
	"pg-replica:SQLORM_TEST_PG_REPLICA:replica.sh"
	"mysql-replica:SQLORM_TEST_MYSQL_REPLICA:replica.sh"
	"pgbouncer:SQLORM_TEST_PGBOUNCER:pgbouncer.sh"
	"galera:SQLORM_TEST_GALERA:galera.sh"
)
components_skipped=()
for c in "${components[@]}"; do
	IFS=: read -r cname cvar cscript <<<"$c"
	if [[ -n ${!cvar:-} ]]; then
		echo "$cname: using $(redact "${!cvar%% *}")"
	elif [[ ,${SQLORM_REQUIRE_COMPONENTS:-}, == *,all,* || ,${SQLORM_REQUIRE_COMPONENTS:-}, == *,$cname,* ]]; then
		echo "$cname: $cvar not set, but required: its tests will FAIL (start it: eval \"\$(scripts/$cscript up)\")"
	else
		echo "$cname: $cvar not set, its tests will be skipped (start it: eval \"\$(scripts/$cscript up)\")"
		components_skipped+=("$cname ($cvar not set)")
	fi
done

# shellcheck disable=SC2086 # GOTESTFLAGS and PKGS are word lists on purpose
set +e
go test ${GOTESTFLAGS:-} ${PKGS:-./...}
status=$?
for m in ${MODULES-otel}; do
	echo "module $m:"
	(cd "$m" && go test ${GOTESTFLAGS:-} ./...) || status=1
done
set -e

skipped=() failed=()
if [[ -z ${SQLORM_TEST_PG:-} ]]; then
	if required postgres pg postgresql; then
		failed+=("postgres (SQLORM_TEST_PG not set)")
	else
		skipped+=("postgres (SQLORM_TEST_PG not set)")
	fi
fi
if [[ -z ${SQLORM_TEST_MYSQL:-} ]]; then
	if required mysql mariadb; then
		failed+=("mysql (SQLORM_TEST_MYSQL not set)")
	else
		skipped+=("mysql (SQLORM_TEST_MYSQL not set)")
	fi
fi
join() {
	local out= s
	for s in "$@"; do out+=${out:+, }$s; done
	echo "$out"
}
if ((${#failed[@]})); then
	echo "backends required but missing (their tests failed): $(join "${failed[@]}")"
fi
if ((${#skipped[@]})); then
	echo "backends skipped: $(join "${skipped[@]}")"
elif ((${#failed[@]} == 0)); then
	echo "backends tested: sqlite, postgres, mysql"
fi
if ((${#components_skipped[@]})); then
	echo "components skipped: $(join "${components_skipped[@]}")"
fi
exit $status
