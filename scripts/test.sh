#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: GoogleTest unit tests
# (ctest), code checks (format, layering), the pg_regress suite and the
# multi-instance cluster tests. Ends with "N passed, N failed".
#
#   scripts/test.sh                      everything
#   scripts/test.sh regress [NAME...]    only pg_regress (optionally some tests)
#   scripts/test.sh cluster [NAME...]    only cluster tests
#   scripts/test.sh unit | checks        only those
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

tsdist_require_root
SUITE=${1:-all}
shift || true
SELECTED=("$@")
BUILD=${TSDIST_BUILD_DIR:-$TSDIST_ROOT/build}
PG_REGRESS=/usr/lib/postgresql/$PG_MAJOR/lib/pgxs/src/test/regress/pg_regress

PASSED=0
FAILED=0
RUN=$(mktemp -d /tmp/tsdist-test.XXXXXX)
chmod 755 "$RUN"
cleanup() {
	tsdist_stop_all
	# Servers a killed or timed-out cluster test left running, by data directory.
	local pidfile
	while read -r pidfile; do
		pg_instance_stop "$(dirname "$(dirname "$pidfile")")"
	done < <(find "$RUN" -name postmaster.pid -path '*/data/*' 2>/dev/null)
	if [ "$FAILED" -eq 0 ] && [ -z "${TSDIST_KEEP_RUN:-}" ]; then rm -rf "$RUN"; else echo "test files kept in $RUN" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Records one result line per test.
result() {
	local name=$1 ok=$2
	if [ "$ok" = 0 ]; then
		PASSED=$((PASSED + 1))
		printf 'ok      %s\n' "$name"
	else
		FAILED=$((FAILED + 1))
		printf 'FAILED  %s\n' "$name"
	fi
}

wanted() { [ "$SUITE" = all ] || [ "$SUITE" = "$1" ]; }
selected() {
	[ ${#SELECTED[@]} -eq 0 ] && return 0
	local s
	for s in "${SELECTED[@]}"; do [ "$s" = "$1" ] && return 0; done
	return 1
}

run_unit() {
	local log=$RUN/unit.log
	(cd "$BUILD" && ctest --output-on-failure) >"$log" 2>&1
	local status=$?
	local line
	line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$log")
	local failed total
	failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
	total=$(sed -E 's/.* tests failed out of ([0-9]+).*/\1/' <<<"$line")
	if [ -z "$line" ] || [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
		cat "$log"
		result "unit: ctest" 1
		return
	fi
	[ "$failed" -gt 0 ] && grep -E '\*\*\*Failed|Failed  ' "$log" | head -n 40
	PASSED=$((PASSED + total - failed))
	FAILED=$((FAILED + failed))
	printf 'unit: %d passed, %d failed\n' "$((total - failed))" "$failed"
}

run_checks() {
	local files
	files=$(cd "$TSDIST_ROOT" && find src test bench -name '*.cpp' -o -name '*.hpp' 2>/dev/null | sort)
	(cd "$TSDIST_ROOT" && clang-format --dry-run --Werror $files) >"$RUN/format.log" 2>&1
	local s=$?
	[ $s -ne 0 ] && head -n 30 "$RUN/format.log"
	result "checks: clang-format" $s
	"$TSDIST_ROOT/scripts/check_layers.sh"
	result "checks: layer includes" $?
}

run_regress() {
	local dir=$RUN/regress port tests=() t
	for t in "$TSDIST_ROOT"/test/regress/sql/*.sql; do
		t=$(basename "$t" .sql)
		selected "$t" && tests+=("$t")
	done
	[ ${#tests[@]} -eq 0 ] && return 0
	port=$(tsdist_free_port)
	pg_instance_init "$dir" "$port"
	pg_instance_start "$dir"
	cp -r "$TSDIST_ROOT/test/regress/sql" "$TSDIST_ROOT/test/regress/expected" "$dir/"
	chown -R postgres: "$dir"
	# A hung test fails the suite instead of blocking CI.
	(cd "$dir" && timeout "${TSDIST_REGRESS_TIMEOUT:-900}" runuser -u postgres -- "$PG_REGRESS" --host=127.0.0.1 \
		--port="$port" --bindir="$PG_BINDIR" --inputdir="$dir" --outputdir="$dir" \
		--dbname=regression "${tests[@]}") >"$dir/pg_regress.out" 2>&1
	local line name
	while read -r line; do
		name=$(sed -E 's/^(test )?[[:space:]]*([^ ]+) +\.\.\..*/\2/' <<<"$line")
		case "$line" in
			*"... ok"*) result "regress: $name" 0 ;;
			*) result "regress: $name" 1 ;;
		esac
	done < <(grep -E '\.\.\. +(ok|FAILED|failed)' "$dir/pg_regress.out")
	if ! grep -qE '\.\.\. +ok' "$dir/pg_regress.out" && ! grep -qE '\.\.\. +FAILED' "$dir/pg_regress.out"; then
		cat "$dir/pg_regress.out"
		result "regress: pg_regress run" 1
	fi
	[ -f "$dir/regression.diffs" ] && head -n 200 "$dir/regression.diffs"
	pg_instance_stop "$dir"
}

# Each cluster test prints "ok - …" / "not ok - …" lines and exits non-zero on failure.
run_cluster() {
	local f name log s
	for f in "$TSDIST_ROOT"/test/cluster/*.sh; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .sh)
		selected "$name" || continue
		log=$RUN/cluster-$name.log
		TSDIST_PG_BINDIR=$PG_BINDIR TSDIST_TEST_DIR=$RUN/cluster-$name \
			timeout "${TSDIST_CLUSTER_TIMEOUT:-600}" bash "$f" >"$log" 2>&1
		s=$?
		local ok notok
		ok=$(grep -c '^ok ' "$log")
		notok=$(grep -c '^not ok ' "$log")
		grep -E '^(ok|not ok) ' "$log" | sed "s/^/cluster $name: /"
		PASSED=$((PASSED + ok))
		FAILED=$((FAILED + notok))
		if [ $s -ne 0 ] && [ "$notok" -eq 0 ]; then
			tail -n 40 "$log"
			result "cluster: $name (exit $s)" 1
		elif [ "$notok" -gt 0 ]; then
			tail -n 40 "$log"
		fi
	done
}

tsdist_install_deps
tsdist_log "building in $BUILD"
tsdist_build "$BUILD"
PG_BINDIR=$(tsdist_stage_install "$BUILD" "$BUILD/stage")
export TSDIST_PG_BINDIR=$PG_BINDIR

wanted unit && run_unit
wanted checks && run_checks
wanted regress && run_regress
wanted cluster && run_cluster

if [ $((PASSED + FAILED)) -eq 0 ]; then
	echo "no test ran" >&2
	FAILED=1
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
