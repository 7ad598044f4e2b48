# Scenario "chunks": how the cost of everyday operations grows with the number
# of chunks. For each chunk count N (BENCH_CHUNKS, default "100 10000";
# BENCH_CHUNKS_LARGE=1 adds 100000, which takes long to build) it builds a local
# hypertable on the access node and a distributed hypertable over three data
# nodes, each with N one-hour chunks (one row per chunk), and measures:
#   (a) SELECT * ... WHERE location = 'loc_1' ORDER BY time DESC LIMIT 1
#   (b) SELECT count(*) ... WHERE time > <the last 5 hours>
#   (c) a 1,000-row INSERT into the 5 most recent (existing) chunks
#   (d) chunks created per second (the last 100 chunks of the N, one statement)
#   (e) planning time on the access node of (a) and (b) (EXPLAIN (SUMMARY))
# and prints each with its ratio to the first N. PostgreSQL's default lock
# settings: a statement that fails (out of shared memory) is shown as ERROR.
# Sourced by bench/run.sh, which calls scenario_main.
# shellcheck shell=bash

CHUNKS_DB=bench
CHUNKS_START='2020-01-01 00:00:00+00'
CHUNKS_NODES=3
CHUNKS_TIMED=100  # chunks of each table created by the timed statement (d)
CHUNKS_BATCH=500  # chunks created per transaction while building a table
CHUNKS_AN_PORT="" # the access node
CHUNKS_DN_PORTS=()
CHUNKS_KINDS=(local dist)
declare -A CHUNKS_KIND_NAME=([local]="local" [dist]="distributed")
declare -A CHUNKS_RESULT=() # "op:kind:N" → value
CHUNKS_ERRORS=()            # one line per failed measurement

BENCH_QUERY_RUNS=${BENCH_QUERY_RUNS:-5}
read -r -a CHUNKS_COUNTS <<<"${BENCH_CHUNKS:-100 10000}"
[ -n "${BENCH_CHUNKS_LARGE:-}" ] && CHUNKS_COUNTS+=(100000)

CHUNKS_OPS=(latest recent insert create plan_latest plan_recent)
declare -A CHUNKS_OP_LABEL=(
	[latest]="(a) latest row of one location, ms"
	[recent]="(b) count(*) of the last 5 hours, ms"
	[insert]="(c) 1,000-row INSERT, recent chunks, ms"
	[create]="(d) chunks created per second"
	[plan_latest]="(e) access node planning of (a), ms"
	[plan_recent]="(e) access node planning of (b), ms"
)

scenario_main() {
	local n kind
	for n in "${CHUNKS_COUNTS[@]}"; do
		if ! [[ $n =~ ^[1-9][0-9]*$ ]] || [ "$n" -lt "$CHUNKS_TIMED" ]; then
			tsdist_die "BENCH_CHUNKS: chunk counts must be integers of at least $CHUNKS_TIMED: $n"
		fi
	done
	chunks_start_instances
	chunks_setup
	for n in "${CHUNKS_COUNTS[@]}"; do
		for kind in "${CHUNKS_KINDS[@]}"; do
			chunks_measure "$kind" "$n"
		done
	done
	chunks_report
}

# An access node and the data nodes (stopped on exit by data directory).
chunks_start_instances() {
	bench_start_cluster "$CHUNKS_NODES" CHUNKS_AN_PORT CHUNKS_DN_PORTS
}

# SQL on the access node's benchmark database; the statement from stdin or -c.
chunks_sql() {
	bench_psql "$CHUNKS_AN_PORT" "$CHUNKS_DB" "$@"
}

chunks_setup() {
	bench_dist_setup "$CHUNKS_AN_PORT" "$CHUNKS_DB" "${CHUNKS_DN_PORTS[@]}"
}

# The timestamptz literal of hour $1 after the start.
chunks_hour() {
	chunks_sql -c "SET timezone = 'UTC'; SELECT timestamptz '$CHUNKS_START' + $1 * interval '1 hour'" | tail -n 1
}

# The INSERT of one row per hour for hours [$2, $3] into table $1 (one row a chunk).
chunks_rows_sql() {
	echo "INSERT INTO \"$1\" SELECT timestamptz '$CHUNKS_START' + h * interval '1 hour',
	      'loc_' || (h % 10), h FROM generate_series($2, $3) h"
}

# Creates hypertable $1 of kind $2 with one-hour chunks (distributed:
# space-partitioned by location over the data nodes, one chunk an hour still,
# since each hour has one row).
chunks_create_table() {
	local name=$1 kind=$2 create
	case "$kind" in
		local) create="create_hypertable(:'name', 'time'" ;;
		dist) create="create_distributed_hypertable(:'name', 'time', 'location'" ;;
	esac
	chunks_sql -v name="$name" >/dev/null <<SQL || tsdist_die "creating $name failed"
CREATE TABLE :"name" (time timestamptz NOT NULL, location text NOT NULL, temperature double precision);
CREATE INDEX ON :"name" (location, time DESC);
SELECT $create, chunk_time_interval => interval '1 hour');
SQL
}

# Fills table $1 with its first $2 chunks, $CHUNKS_BATCH a transaction (one
# transaction would need a lock per chunk table and index).
chunks_fill() {
	local name=$1 upto=$2 from to
	for ((from = 0; from < upto; from = to)); do
		to=$((from + CHUNKS_BATCH < upto ? from + CHUNKS_BATCH : upto))
		chunks_sql -c "$(chunks_rows_sql "$name" "$from" "$((to - 1))")" >/dev/null ||
			tsdist_die "filling $name failed at hour $from"
		((to % 2000 == 0 || to == upto)) && tsdist_log "$name: $to chunks"
	done
}

# Median of the "Planning Time" of EXPLAIN (SUMMARY) $1 over BENCH_QUERY_RUNS
# runs after one warm-up run.
chunks_planning_ms() {
	local sql=$1 i
	for ((i = 0; i <= BENCH_QUERY_RUNS; i++)); do printf 'EXPLAIN (SUMMARY) %s;\n' "$sql"; done |
		chunks_sql | sed -nE 's/^ *Planning Time: ([0-9.]+) ms.*/\1/p' | tail -n +2 | bench_median
}

# Stores measurement $1 of kind $2 at N = $3: the output of the rest of the
# arguments (a command), or ERROR with the statement's error kept for the report.
chunks_record() {
	local op=$1 kind=$2 n=$3 value err
	shift 3
	err=$(mktemp)
	if value=$("$@" 2>"$err") && [ -n "$value" ]; then
		CHUNKS_RESULT[$op:$kind:$n]=$value
	else
		CHUNKS_RESULT[$op:$kind:$n]=ERROR
		CHUNKS_ERRORS+=("$op, ${CHUNKS_KIND_NAME[$kind]}, N=$n: $(grep -m1 ERROR "$err")")
	fi
	rm -f "$err"
	tsdist_log "$op ${CHUNKS_KIND_NAME[$kind]} N=$n: ${CHUNKS_RESULT[$op:$kind:$n]}"
}

# Chunks per second of the timed creation of the last CHUNKS_TIMED chunks of table $1 (N = $2).
chunks_create_rate() {
	local ms
	ms=$(chunks_rows_sql "$1" "$(($2 - CHUNKS_TIMED))" "$(($2 - 1))" | bench_timed "$CHUNKS_AN_PORT" "$CHUNKS_DB")
	[ -n "$ms" ] && bench_rate "$CHUNKS_TIMED" "$ms"
}

# Builds the table of kind $1 with $2 chunks and takes every measurement.
chunks_measure() {
	local kind=$1 n=$2 name="conditions_$1_$2" since latest recent insert count
	tsdist_log "building the ${CHUNKS_KIND_NAME[$kind]} hypertable $name with $n chunks"
	chunks_create_table "$name" "$kind"
	chunks_fill "$name" "$((n - CHUNKS_TIMED))"
	chunks_record create "$kind" "$n" chunks_create_rate "$name" "$n"
	count=$(chunks_sql -c "SELECT count(*) FROM show_chunks('$name')")
	[ "$count" = "$n" ] || tsdist_die "$name has $count chunks, expected $n"
	since=$(chunks_hour "$((n - 5))")
	latest="SELECT * FROM \"$name\" WHERE location = 'loc_1' ORDER BY time DESC LIMIT 1"
	recent="SELECT count(*) FROM \"$name\" WHERE time > '$since'"
	insert="INSERT INTO \"$name\" SELECT timestamptz '$since' + i * interval '18 seconds',
	        'loc_' || (i % 10), i FROM generate_series(0, 999) i"
	chunks_record latest "$kind" "$n" bench_query_ms "$CHUNKS_AN_PORT" "$CHUNKS_DB" "$latest"
	chunks_record recent "$kind" "$n" bench_query_ms "$CHUNKS_AN_PORT" "$CHUNKS_DB" "$recent"
	chunks_record plan_latest "$kind" "$n" chunks_planning_ms "$latest"
	chunks_record plan_recent "$kind" "$n" chunks_planning_ms "$recent"
	chunks_record insert "$kind" "$n" bench_query_ms "$CHUNKS_AN_PORT" "$CHUNKS_DB" "$insert"
}

# "value" of op $1, kind $2 at N = $3 and its ratio to the first N ("-" when unknown).
chunks_ratio() {
	local a=${CHUNKS_RESULT[$1:$2:$3]:-} b=${CHUNKS_RESULT[$1:$2:${CHUNKS_COUNTS[0]}]:-}
	[[ $a =~ ^[0-9.]+$ && $b =~ ^[0-9.]+$ ]] || { echo "-"; return; }
	awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.1fx\n", a / b; else print "-" }'
}

# A row of the table: label, kind, then the columns.
chunks_row() {
	local label=$1 kind=$2
	shift 2
	printf '%-40s %-11s' "$label" "$kind"
	printf ' %12s' "$@"
	printf '\n'
}

chunks_report() {
	local op kind n header=() cells
	for n in "${CHUNKS_COUNTS[@]}"; do header+=("N=$(bench_thousands "$n")"); done
	for n in "${CHUNKS_COUNTS[@]:1}"; do header+=("x at $(bench_thousands "$n")"); done
	echo
	echo "timescaledb_dist benchmark, scenario chunks ($(date -u '+%Y-%m-%d %H:%M UTC'))"
	echo "PostgreSQL $(chunks_sql -c "SHOW server_version"), $(nproc) CPUs; an access node and $CHUNKS_NODES data nodes on this machine;"
	echo "default max_locks_per_transaction. Hypertables of N one-hour chunks, one row per chunk, indexed on"
	echo "(time DESC) and (location, time DESC); distributed: space-partitioned by location over the nodes."
	echo "Latencies: median of $BENCH_QUERY_RUNS runs after a warm-up (psql timing); (d): the last $CHUNKS_TIMED chunks in one INSERT."
	echo "x: the value at N divided by the value at N=$(bench_thousands "${CHUNKS_COUNTS[0]}")."
	echo
	chunks_row "operation" "hypertable" "${header[@]}"
	bench_table_rule
	for op in "${CHUNKS_OPS[@]}"; do
		for kind in "${CHUNKS_KINDS[@]}"; do
			cells=()
			for n in "${CHUNKS_COUNTS[@]}"; do cells+=("${CHUNKS_RESULT[$op:$kind:$n]:--}"); done
			for n in "${CHUNKS_COUNTS[@]:1}"; do cells+=("$(chunks_ratio "$op" "$kind" "$n")"); done
			chunks_row "${CHUNKS_OP_LABEL[$op]}" "${CHUNKS_KIND_NAME[$kind]}" "${cells[@]}"
		done
	done
	if [ ${#CHUNKS_ERRORS[@]} -gt 0 ]; then
		echo
		echo "Errors:"
		printf '  %s\n' "${CHUNKS_ERRORS[@]}"
	fi
}
