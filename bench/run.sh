#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The project's benchmark, one command. Builds (an incremental build of ./build,
# a no-op when it is fresh), installs into the private staged PostgreSQL like
# scripts/test.sh, runs one scenario on instances of its own (free ports,
# always stopped on exit by data directory) and prints a table.
#
#   bench/run.sh [SCENARIO]      SCENARIO: a file in bench/scenarios/ (default: local)
#
# Environment: BENCH_ROWS (1000000), BENCH_INSERT_ROWS (BENCH_ROWS / 4),
# BENCH_BATCH (1000), BENCH_DAYS (14), BENCH_LOCATIONS (100), BENCH_QUERY_RUNS (11),
# BENCH_REPEAT (3), BENCH_SETUP_SQL (run after CREATE EXTENSION),
# BENCH_KEEP=1 (keep the run folder), TSDIST_BUILD_DIR (./build). Scenario
# "distributed" defaults to BENCH_REPEAT 1 and BENCH_QUERY_RUNS 5.
set -uo pipefail
BENCH_ROOT=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib/common.sh
. "$BENCH_ROOT/../scripts/lib/common.sh"
# shellcheck source=lib.sh
. "$BENCH_ROOT/lib.sh"

usage() {
	sed -nE '3,/^set -uo/{/^set -uo/d; s/^# ?//; p}' "$0"
	printf 'Scenarios: %s\n' "$(find "$BENCH_ROOT/scenarios" -name '*.sh' -printf '%f\n' | sed 's/\.sh$//' | sort | paste -sd ' ')"
}

SCENARIO=${1:-local}
case "$SCENARIO" in
	-h | --help)
		usage
		exit 0
		;;
esac
[ -f "$BENCH_ROOT/scenarios/$SCENARIO.sh" ] || {
	usage >&2
	tsdist_die "unknown scenario \"$SCENARIO\""
}
# A scenario file defines scenario_main; it may set SCENARIO_UNAVAILABLE to refuse early.
SCENARIO_UNAVAILABLE=""
# shellcheck source=scenarios/local.sh
. "$BENCH_ROOT/scenarios/$SCENARIO.sh"
[ -z "$SCENARIO_UNAVAILABLE" ] || tsdist_die "scenario \"$SCENARIO\": $SCENARIO_UNAVAILABLE"

BENCH_ROWS=${BENCH_ROWS:-1000000}
BENCH_INSERT_ROWS=${BENCH_INSERT_ROWS:-$((BENCH_ROWS / 4))}
BENCH_BATCH=${BENCH_BATCH:-1000}
BENCH_DAYS=${BENCH_DAYS:-14}
BENCH_LOCATIONS=${BENCH_LOCATIONS:-100}
BENCH_QUERY_RUNS=${BENCH_QUERY_RUNS:-11}
BENCH_REPEAT=${BENCH_REPEAT:-3}
for knob in BENCH_ROWS BENCH_INSERT_ROWS BENCH_BATCH BENCH_DAYS BENCH_LOCATIONS \
	BENCH_QUERY_RUNS BENCH_REPEAT; do
	[[ "${!knob}" =~ ^[1-9][0-9]*$ ]] || tsdist_die "$knob must be a positive integer: ${!knob}"
done
[ "$BENCH_INSERT_ROWS" -le "$BENCH_ROWS" ] || tsdist_die "BENCH_INSERT_ROWS must not exceed BENCH_ROWS"

tsdist_require_root
BUILD=${TSDIST_BUILD_DIR:-$TSDIST_ROOT/build}
tsdist_install_deps
tsdist_log "building in $BUILD"
tsdist_build "$BUILD"
PG_BINDIR=$(tsdist_stage_install "$BUILD" "$BUILD/stage")
export TSDIST_PG_BINDIR=$PG_BINDIR

BENCH_RUN=$(mktemp -d /tmp/tsdist-bench.XXXXXX)
chmod 755 "$BENCH_RUN"
bench_cleanup() {
	tsdist_stop_all
	if [ -n "${BENCH_KEEP:-}" ]; then echo "benchmark files kept in $BENCH_RUN" >&2; else rm -rf "$BENCH_RUN"; fi
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

scenario_main
