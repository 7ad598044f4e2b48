# Scenario "distributed" (not written yet): an access node and data nodes on
# separate instances, a distributed hypertable against a plain table, with the
# same measures as "local" (COPY, batched INSERT, INSERT ... SELECT, query
# latency with and without chunk exclusion) plus per-node fan-out. It will
# start its instances with bench_start_instance like scenarios/local.sh.
# shellcheck shell=bash

# shellcheck disable=SC2034 # read by bench/run.sh
SCENARIO_UNAVAILABLE="not implemented yet (distributed hypertables are not built); run \"bench/run.sh local\""

scenario_main() {
	tsdist_die "scenario \"distributed\" is not implemented yet"
}
