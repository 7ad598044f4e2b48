# Scenario "local": one instance. A hypertable against a plain table with the
# same columns and indexes, in the same run, on the same data: COPY, batched
# INSERT VALUES, INSERT ... SELECT, and query latency with and without chunk
# exclusion. Sourced by bench/run.sh, which calls scenario_main.
# shellcheck shell=bash

LOCAL_DB=bench
LOCAL_START='2024-01-01 00:00:00+00'
LOCAL_GOAL_PERCENT=85
LOCAL_DATA=""         # folder of the generated files (owned by postgres)
LOCAL_HT=false        # create_hypertable() exists
LOCAL_HT_ARGS=""      # extra create_hypertable() arguments
declare -A LOCAL_RESULT=() # "measure:kind" → value

scenario_main() {
	bench_start_instance "$BENCH_RUN/node"
	local_setup
	local_generate_data
	local_ingest copy "$BENCH_ROWS"
	local_queries
	local_ingest values "$BENCH_INSERT_ROWS"
	local_ingest select "$BENCH_ROWS"
	local_report
}

# SQL on the benchmark database; the statement comes from stdin or -c.
local_sql() {
	bench_psql "$BENCH_PORT" "$LOCAL_DB" "$@"
}

# Creates the database and the extension; finds out whether hypertables exist.
local_setup() {
	bench_psql "$BENCH_PORT" postgres -c "CREATE DATABASE $LOCAL_DB" || tsdist_die "create database failed"
	local_sql -c "CREATE EXTENSION timescaledb_dist" || tsdist_die "CREATE EXTENSION failed"
	if [ -n "${BENCH_SETUP_SQL:-}" ]; then
		local_sql -c "$BENCH_SETUP_SQL" || tsdist_die "BENCH_SETUP_SQL failed"
	fi
	local found
	found=$(local_sql <<'SQL'
SELECT coalesce(bool_or(true), false) || ' ' ||
       coalesce(bool_or('create_default_indexes' = ANY (p.proargnames)), false)
FROM pg_proc p JOIN pg_extension e ON e.extnamespace = p.pronamespace
WHERE e.extname = 'timescaledb_dist' AND p.proname = 'create_hypertable';
SQL
	)
	[ "${found%% *}" = true ] && LOCAL_HT=true
	# Both tables get the same explicit indexes; no extra default index.
	[ "${found##* }" = true ] && LOCAL_HT_ARGS=", create_default_indexes => false"
	tsdist_log "hypertables: $($LOCAL_HT && echo available || echo "not available")"
}

# Generates the rows once (not timed): bench_generate_data in bench/lib.sh.
local_generate_data() {
	LOCAL_DATA=$BENCH_RUN/data
	bench_generate_data "$BENCH_PORT" "$LOCAL_DB" "$LOCAL_DATA" "$LOCAL_START"
}

# Creates table $1 as a plain table or (kind $2 = hypertable) a hypertable with
# one-day chunks; both get the same indexes.
local_create_table() {
	local name=$1 kind=$2
	bench_create_conditions "$BENCH_PORT" "$LOCAL_DB" "$name"
	[ "$kind" = hypertable ] || return 0
	local_sql -v name="$name" >/dev/null <<SQL || tsdist_die "create_hypertable failed for $name"
SELECT create_hypertable(:'name', 'time', chunk_time_interval => interval '1 day'$LOCAL_HT_ARGS);
SQL
}

# Loads table $2 with method $1 in one session; prints "WALL_MS CPU_MS" (see
# bench_load). CPU time hardly changes with other load on the machine, so it
# makes a steadier ratio than wall time.
local_load() {
	bench_load "$BENCH_PORT" "$LOCAL_DB" "$1" "$2" "$LOCAL_DATA"
}

# Drops table $1 to keep the run small; a failure only warns.
local_drop_table() {
	local_sql -c "DROP TABLE \"$1\" CASCADE" || tsdist_log "warning: could not drop $1"
}

# Starts each load from the same state: no dirty shared buffers (CHECKPOINT)
# and no dirty page cache (sync), so one load's write-back does not slow the next.
local_settle() {
	local_sql -c "CHECKPOINT" || tsdist_die "checkpoint failed"
	sync
}

# Fails unless table $1 holds $2 rows (a load that lost rows would look fast).
local_check_rows() {
	local n
	n=$(local_sql -c "SELECT count(*) FROM \"$1\"")
	[ "$n" = "$2" ] || tsdist_die "$1 holds $n rows, expected $2"
}

# "plain table" or "hypertable", for messages.
local_kind_name() {
	[ "$1" = plain ] && echo "plain table" || echo "$1"
}

# Measures one load method ($1) of $2 rows into fresh tables of each kind,
# BENCH_REPEAT times, alternating which kind goes first. Keeps the median rows/s
# of each kind and the medians of the per-repeat hypertable/plain ratios (wall
# and CPU): a pair measured back to back shares the machine's conditions.
local_ingest() {
	local method=$1 rows=$2 r kind kinds table out ms cpu rate
	local -A wall=() cpu_rate=()
	for ((r = 1; r <= BENCH_REPEAT; r++)); do
		kinds="plain"
		$LOCAL_HT && { if ((r % 2)); then kinds="plain hypertable"; else kinds="hypertable plain"; fi; }
		for kind in $kinds; do
			table="${method}_${kind}_$r"
			[ -n "${LOCAL_LAST_TABLE[$kind]:-}" ] && local_drop_table "${LOCAL_LAST_TABLE[$kind]}"
			local_create_table "$table" "$kind"
			local_settle
			out=$(local_load "$method" "$table") || tsdist_die "$method into $table failed"
			read -r ms cpu <<<"$out"
			local_check_rows "$table" "$rows"
			rate=$(bench_rate "$rows" "$ms")
			wall[$kind:$r]=$rate
			cpu_rate[$kind:$r]=$(bench_rate "$rows" "$((cpu > 0 ? cpu : 1))")
			tsdist_log "$method into a fresh $(local_kind_name "$kind") ($r/$BENCH_REPEAT):" \
				"$(bench_thousands "$rate") rows/s, backend CPU $cpu ms"
			LOCAL_LAST_TABLE[$kind]=$table
		done
	done
	for kind in plain hypertable; do
		[ -n "${LOCAL_LAST_TABLE[$kind]:-}" ] || continue
		if [ "$method" != copy ]; then # the COPY tables stay for the queries
			local_drop_table "${LOCAL_LAST_TABLE[$kind]}"
			unset "LOCAL_LAST_TABLE[$kind]"
		fi
		LOCAL_RESULT[$method:$kind]=$(for ((r = 1; r <= BENCH_REPEAT; r++)); do
			echo "${wall[$kind:$r]}"; done | bench_median | xargs printf '%.0f\n')
	done
	$LOCAL_HT || return 0
	LOCAL_RESULT[$method:ratio]=$(for ((r = 1; r <= BENCH_REPEAT; r++)); do
		echo "${wall[hypertable:$r]} ${wall[plain:$r]}"; done | awk '{ print $1 / $2 }' | bench_median)
	LOCAL_RESULT[$method:cpu_ratio]=$(for ((r = 1; r <= BENCH_REPEAT; r++)); do
		echo "${cpu_rate[hypertable:$r]} ${cpu_rate[plain:$r]}"; done | awk '{ print $1 / $2 }' | bench_median)
}
declare -A LOCAL_LAST_TABLE=()

# Median latency in ms of query $2 (@T = table) on table $1, after one warm-up run.
local_query_ms() {
	bench_query_ms "$BENCH_PORT" "$LOCAL_DB" "${2//@T/\"$1\"}"
}

# Number of table scans in the plan of query $2 on table $1 (chunks count one each).
local_query_scans() {
	local sql=${2//@T/\"$1\"}
	local_sql -c "EXPLAIN (COSTS OFF) $sql" |
		grep -cE 'Seq Scan on|Bitmap Heap Scan on|Index Scan using|Index Only Scan using|Custom Scan'
}

LOCAL_QUERIES=(day hour latest daily)
declare -A LOCAL_QUERY_LABEL=(
	[day]="one day of the range (chunk exclusion)"
	[hour]="one hour, one location (chunk exclusion)"
	[latest]="latest 10 rows (ORDER BY time DESC)"
	[daily]="daily averages over all chunks"
)

# Query latency on the tables the COPY measurement loaded.
local_queries() {
	local kind q table
	bench_set_queries "$BENCH_PORT" "$LOCAL_DB" "$LOCAL_START"
	for kind in "${!LOCAL_LAST_TABLE[@]}"; do
		table=${LOCAL_LAST_TABLE[$kind]}
		local_sql -c "VACUUM ANALYZE \"$table\"" || tsdist_die "vacuum failed"
		for q in "${LOCAL_QUERIES[@]}"; do
			tsdist_log "query $q on the $(local_kind_name "$kind")"
			LOCAL_RESULT[$q:$kind]=$(local_query_ms "$table" "${BENCH_QUERY_SQL[$q]}") ||
				tsdist_die "query $q failed on $table"
			LOCAL_RESULT[$q:scans:$kind]=$(local_query_scans "$table" "${BENCH_QUERY_SQL[$q]}")
		done
	done
	$LOCAL_HT && LOCAL_CHUNKS=$(local_sql -c "SELECT count(*) FROM pg_inherits
		WHERE inhparent = '\"${LOCAL_LAST_TABLE[hypertable]}\"'::regclass")
}
LOCAL_CHUNKS=""

# One ingest row of the table: rows/s of each kind, the hypertable's share of the
# plain table's rows/s (wall clock) and of its rows per backend CPU second.
local_report_ingest() {
	local label=$1 method=$2 plain ht="not available" ratio="-" cpu_ratio="-" note=""
	plain=$(bench_thousands "${LOCAL_RESULT[$method:plain]}")
	if $LOCAL_HT; then
		ht=$(bench_thousands "${LOCAL_RESULT[$method:hypertable]}")
		ratio=$(bench_percent "${LOCAL_RESULT[$method:ratio]}" 1)
		cpu_ratio=$(bench_percent "${LOCAL_RESULT[$method:cpu_ratio]}" 1)
		if [ "$method" = copy ]; then
			if awk -v r="${LOCAL_RESULT[$method:ratio]}" -v g="$LOCAL_GOAL_PERCENT" 'BEGIN { exit !(100 * r >= g) }'; then
				note="goal >= $LOCAL_GOAL_PERCENT%: met"
			else
				note="goal >= $LOCAL_GOAL_PERCENT%: NOT met"
			fi
		fi
	fi
	bench_table_row "$label" "$plain" "$ht" "$ratio" "$cpu_ratio" "$note"
}

# One query row: median ms of each kind, the hypertable's share, table scans per plan.
local_report_query() {
	local q=$1 plain ht="not available" ratio="-" scans
	plain=${LOCAL_RESULT[$q:plain]}
	scans=${LOCAL_RESULT[$q:scans:plain]}
	if $LOCAL_HT; then
		ht=${LOCAL_RESULT[$q:hypertable]}
		ratio=$(bench_percent "$ht" "$plain")
		scans="$scans / ${LOCAL_RESULT[$q:scans:hypertable]}"
	fi
	bench_table_row "${LOCAL_QUERY_LABEL[$q]}" "$plain" "$ht" "$ratio" "$scans"
}

local_report() {
	local version cpus q
	version=$(local_sql -c "SHOW server_version")
	cpus=$(nproc)
	echo
	echo "timescaledb_dist benchmark, scenario local ($(date -u '+%Y-%m-%d %H:%M UTC'))"
	echo "PostgreSQL $version, $cpus CPUs. $(bench_thousands "$BENCH_ROWS") rows of conditions(time, location, temperature, humidity)"
	echo "over $BENCH_DAYS days and $BENCH_LOCATIONS locations; both tables indexed on (time DESC) and (location, time DESC)."
	if $LOCAL_HT; then
		echo "Hypertable: chunk_time_interval 1 day, ${LOCAL_CHUNKS:-?} chunks."
	else
		echo "hypertable: not available (this build has no create_hypertable()); plain table only."
	fi
	echo "Ingest: median of $BENCH_REPEAT run(s) into fresh tables; hyper/plain is the median of the per-run"
	echo "ratios of rows/s, CPU h/p the same for rows per second of server backend CPU time."
	echo "Queries: median of $BENCH_QUERY_RUNS runs after a warm-up; scans p/h: tables scanned by each plan."
	echo
	bench_table_row "ingest, rows/s (higher is better)" "plain table" "hypertable" "hyper/plain" \
		"CPU h/p"
	bench_table_rule
	local_report_ingest "COPY from a CSV file ($(bench_thousands "$BENCH_ROWS") rows)" copy
	local_report_ingest "INSERT VALUES x $BENCH_BATCH ($(bench_thousands "$BENCH_INSERT_ROWS") rows)" values
	local_report_ingest "INSERT ... SELECT ($(bench_thousands "$BENCH_ROWS") rows)" select
	echo
	bench_table_row "query latency, ms (lower is better)" "plain table" "hypertable" "hyper/plain" \
		"scans p/h"
	bench_table_rule
	for q in "${LOCAL_QUERIES[@]}"; do local_report_query "$q"; done
}
