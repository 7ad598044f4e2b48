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
