# Helpers for cluster tests: real instances, TAP-like "ok"/"not ok" lines.
# A test sources this file, calls cluster_start N, runs steps, and ends with cluster_done.
# shellcheck shell=bash
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"

TEST_DIR=${TSDIST_TEST_DIR:-$(mktemp -d /tmp/tsdist-cluster.XXXXXX)}
mkdir -p "$TEST_DIR"
chmod 755 "$TEST_DIR"
T_FAILED=0
trap tsdist_stop_all EXIT
trap 'exit 143' TERM INT

# Starts an access node (AN_PORT) and N data nodes (DN_PORTS[1..N], DN_DIRS[1..N]).
cluster_start() {
	local n=${1:-3} i
	AN_DIR=$TEST_DIR/an
	AN_PORT=$(tsdist_free_port)
	pg_instance_init "$AN_DIR" "$AN_PORT"
	pg_instance_start "$AN_DIR"
	DN_PORTS=()
	DN_DIRS=()
	for ((i = 1; i <= n; i++)); do
		DN_DIRS[i]=$TEST_DIR/dn$i
		DN_PORTS[i]=$(tsdist_free_port)
		pg_instance_init "${DN_DIRS[i]}" "${DN_PORTS[i]}"
		pg_instance_start "${DN_DIRS[i]}"
	done
}

# psql on port $1, database $2, -At output; the rest are psql arguments.
q() {
	local port=$1 db=$2
	shift 2
	psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}

ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $*"
	T_FAILED=1
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"
		printf '  expected: %s\n  actual:   %s\n' "$2" "$3"
	fi
}

# expect_match DESCRIPTION REGEX ACTUAL
expect_match() {
	if grep -qE -- "$2" <<<"$3"; then ok "$1"; else
		not_ok "$1"
		printf '  expected to match: %s\n  actual: %s\n' "$2" "$3"
	fi
}

cluster_done() {
	tsdist_stop_all
	exit "$T_FAILED"
}

# cluster_setup_db DB [N [PREFIX]]: creates DB on the access node with the extension and
# adds data nodes PREFIX1..PREFIXN (default dn1..dnN, all started) for cluster_start's instances.
cluster_setup_db() {
	local db=$1 n=${2:-${#DN_PORTS[@]}} prefix=${3:-dn} i
	q "$AN_PORT" postgres -c "CREATE DATABASE $db" || return 1
	q "$AN_PORT" "$db" -c "CREATE EXTENSION timescaledb_dist" || return 1
	for ((i = 1; i <= n; i++)); do
		q "$AN_PORT" "$db" -c "SELECT FROM add_data_node('$prefix$i', host => '127.0.0.1',
		                       port => ${DN_PORTS[i]})" || return 1
	done
}

# dn_kill I: SIGKILL the postmaster of data node I (the pid on the first line
# of its postmaster.pid) and wait until its server processes are gone too, so
# it can be started again.
dn_kill() {
	local dir=${DN_DIRS[$1]} pid children c i
	pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null) || return 0
	children=$(ps -o pid= --ppid "$pid" 2>/dev/null)
	kill -9 "$pid" 2>/dev/null
	for c in $pid $children; do
		for i in $(seq 100); do
			kill -0 "$c" 2>/dev/null || break
			sleep 0.1
		done
	done
}

# dn_start I: starts data node I again (after dn_kill).
dn_start() { pg_instance_start "${DN_DIRS[$1]}"; }

# an_wait_ready: waits (up to 60 s) until the access node accepts connections,
# e.g. after one of its backends crashed and it reinitialised.
an_wait_ready() {
	local i
	for i in $(seq 600); do
		q "$AN_PORT" postgres -c "SELECT 1" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# prepared_count DB: prepared transactions in database DB on every data node, summed.
prepared_count() {
	local db=$1 i total=0 c
	for i in "${!DN_PORTS[@]}"; do
		c=$(q "${DN_PORTS[i]}" postgres -c "SELECT count(*) FROM pg_prepared_xacts WHERE database = '$db'" 2>/dev/null) || c=0
		total=$((total + c))
	done
	echo "$total"
}

# on_each_dn DB SQL: the one-value result of SQL in database DB on every data
# node, space-separated (e.g. "1 1 1").
on_each_dn() {
	local db=$1 sql=$2 i out=()
	for i in "${!DN_PORTS[@]}"; do out+=("$(q "${DN_PORTS[i]}" "$db" -c "$sql" 2>&1)"); done
	echo "${out[*]}"
}

# an_recovery_interval SECONDS: sets timescaledb_dist.recovery_interval on the
# access node (0 = background recovery off) and reloads.
an_recovery_interval() {
	q "$AN_PORT" postgres -c "ALTER SYSTEM SET timescaledb_dist.recovery_interval = $1" &&
		q "$AN_PORT" postgres -c "SELECT pg_reload_conf()" >/dev/null
}

# expect_chunks_placed DB LABEL: each data node dnI holds exactly the chunks the
# access node's catalog places on it.
expect_chunks_placed() {
	local db=$1 label=$2 i placed held
	for i in "${!DN_PORTS[@]}"; do
		placed=$(q "$AN_PORT" "$db" -c "SELECT string_agg(c.table_name, ',' ORDER BY c.table_name)
		             FROM _timescaledb_dist_catalog.chunk c
		             JOIN _timescaledb_dist_catalog.chunk_data_node cdn ON cdn.chunk_id = c.id
		             WHERE cdn.node_name = 'dn$i'" 2>&1)
		held=$(q "${DN_PORTS[i]}" "$db" -c "SELECT string_agg(table_name, ',' ORDER BY table_name)
		                                   FROM _timescaledb_dist_catalog.chunk" 2>&1)
		expect_eq "$label: dn$i holds exactly the chunks placed on it" "$placed" "$held"
	done
}
