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

# Generates the rows once (not timed): a source table for INSERT ... SELECT, a
# CSV file for COPY and a file of multi-row INSERT statements.
local_generate_data() {
	LOCAL_DATA=$BENCH_RUN/data
	mkdir -p "$LOCAL_DATA"
	chown postgres: "$LOCAL_DATA"
	tsdist_log "generating $BENCH_ROWS rows"
	local_sql -v rows="$BENCH_ROWS" -v days="$BENCH_DAYS" -v locations="$BENCH_LOCATIONS" \
		-v start="$LOCAL_START" -v insert_rows="$BENCH_INSERT_ROWS" -v batch="$BENCH_BATCH" \
		-v csv="$LOCAL_DATA/conditions.csv" -v inserts="$LOCAL_DATA/insert_values.sql" \
		>/dev/null <<'SQL' ||
SET timezone = 'UTC';
SELECT setseed(0.42);
CREATE UNLOGGED TABLE bench_source AS
SELECT n,
       timestamptz :'start' + (n - 1) * (interval '1 day' * :days / :rows) AS time,
       'location_' || (n % :locations) AS location,
       round((10 + 20 * random())::numeric, 2)::float8 AS temperature,
       round((30 + 60 * random())::numeric, 2)::float8 AS humidity
FROM generate_series(1, :rows) n;
COPY (SELECT time, location, temperature, humidity FROM bench_source ORDER BY n)
    TO :'csv' (FORMAT csv);
-- One statement per batch; psql fills in the target table when it runs the file.
COPY (SELECT 'INSERT INTO :"target" VALUES '
             || string_agg(format('(%L,%L,%s,%s)', time, location, temperature, humidity), ','
                           ORDER BY n) || ';'
      FROM bench_source WHERE n <= :insert_rows
      GROUP BY (n - 1) / :batch ORDER BY (n - 1) / :batch)
    TO :'inserts';
VACUUM ANALYZE bench_source;
SQL
		tsdist_die "data generation failed"
}

# Creates table $1 as a plain table or (kind $2 = hypertable) a hypertable with
# one-day chunks; both get the same indexes.
local_create_table() {
	local name=$1 kind=$2
	local_sql -v name="$name" <<'SQL' || tsdist_die "could not create $name"
CREATE TABLE :"name" (
    time timestamptz NOT NULL,
    location text NOT NULL,
    temperature double precision,
    humidity double precision);
CREATE INDEX ON :"name" (time DESC);
CREATE INDEX ON :"name" (location, time DESC);
SQL
	[ "$kind" = hypertable ] || return 0
	local_sql -v name="$name" >/dev/null <<SQL || tsdist_die "create_hypertable failed for $name"
SELECT create_hypertable(:'name', 'time', chunk_time_interval => interval '1 day'$LOCAL_HT_ARGS);
SQL
}

# Loads table $2 with method $1 (copy, values, select); prints milliseconds.
local_load_ms() {
	local method=$1 table=$2 t0 t1
	case "$method" in
		copy)
			bench_timed "$BENCH_PORT" "$LOCAL_DB" -v table="$table" -v csv="$LOCAL_DATA/conditions.csv" \
				<<<"COPY :\"table\" FROM :'csv' (FORMAT csv);"
			;;
		select)
			bench_timed "$BENCH_PORT" "$LOCAL_DB" -v table="$table" <<<"INSERT INTO :\"table\"
				SELECT time, location, temperature, humidity FROM bench_source;"
			;;
		values)
			t0=$(bench_now_us)
			local_sql -v target="$table" -f "$LOCAL_DATA/insert_values.sql" >/dev/null || return 1
			t1=$(bench_now_us)
			awk -v d="$((t1 - t0))" 'BEGIN { printf "%.3f\n", d / 1000 }'
			;;
	esac
}

# Drops table $1 to keep the run small; a failure only warns.
local_drop_table() {
	local_sql -c "DROP TABLE \"$1\" CASCADE" || tsdist_log "warning: could not drop $1"
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
# BENCH_REPEAT times (alternating which kind goes first); keeps median rows/s.
local_ingest() {
	local method=$1 rows=$2 r kind kinds table ms
	local -A rates=()
	for ((r = 1; r <= BENCH_REPEAT; r++)); do
		kinds="plain"
		$LOCAL_HT && { if ((r % 2)); then kinds="plain hypertable"; else kinds="hypertable plain"; fi; }
		for kind in $kinds; do
			table="${method}_${kind}_$r"
			tsdist_log "$method: $rows rows into a fresh $(local_kind_name "$kind") ($r/$BENCH_REPEAT)"
			[ -n "${LOCAL_LAST_TABLE[$kind]:-}" ] && local_drop_table "${LOCAL_LAST_TABLE[$kind]}"
			local_create_table "$table" "$kind"
			ms=$(local_load_ms "$method" "$table")
			[ -n "$ms" ] || tsdist_die "$method into $table failed"
			local_check_rows "$table" "$rows"
			rates[$kind]+="$(bench_rate "$rows" "$ms") "
			LOCAL_LAST_TABLE[$kind]=$table
		done
	done
	for kind in "${!rates[@]}"; do
		if [ "$method" != copy ]; then # the COPY tables stay for the queries
			local_drop_table "${LOCAL_LAST_TABLE[$kind]}"
			unset "LOCAL_LAST_TABLE[$kind]"
		fi
		LOCAL_RESULT[$method:$kind]=$(tr ' ' '\n' <<<"${rates[$kind]}" | grep . | bench_median)
	done
}
declare -A LOCAL_LAST_TABLE=()

# Median latency in ms of query $2 (@T = table) on table $1, after one warm-up run.
local_query_ms() {
	local table=$1 sql=${2//@T/\"$1\"} i
	for ((i = 0; i <= BENCH_QUERY_RUNS; i++)); do printf '%s;\n' "$sql"; done |
		bench_timed "$BENCH_PORT" "$LOCAL_DB" | tail -n +2 | bench_median
}

# Number of table scans in the plan of query $2 on table $1 (chunks count one each).
local_query_scans() {
	local sql=${2//@T/\"$1\"}
	local_sql -c "EXPLAIN (COSTS OFF) $sql" |
		grep -cE 'Seq Scan on|Bitmap Heap Scan on|Index Scan using|Index Only Scan using|Custom Scan'
}

LOCAL_QUERIES=(day hour latest all)
declare -A LOCAL_QUERY_LABEL=(
	[day]="one day of the range (chunk exclusion)"
	[hour]="one hour, one location (chunk exclusion)"
	[latest]="latest 10 rows (ORDER BY time DESC)"
	[all]="daily averages over all chunks"
)
declare -A LOCAL_QUERY_SQL=()

# Query latency on the tables the COPY measurement loaded.
local_queries() {
	local day next kind q table
	day=$(local_sql -c "SELECT (date '${LOCAL_START%% *}' + $BENCH_DAYS / 2)")
	next=$(local_sql -c "SELECT (date '$day' + 1)")
	LOCAL_QUERY_SQL=(
		[day]="SELECT count(*), avg(temperature) FROM @T WHERE time >= '$day 00:00+00' AND time < '$next 00:00+00'"
		[hour]="SELECT time, temperature FROM @T WHERE location = 'location_7' AND time >= '$day 12:00+00' AND time < '$day 13:00+00' ORDER BY time DESC"
		[latest]="SELECT * FROM @T ORDER BY time DESC LIMIT 10"
		[all]="SELECT time_bucket('1 day', time) AS day, count(*), avg(temperature) FROM @T GROUP BY day ORDER BY day"
	)
	for kind in "${!LOCAL_LAST_TABLE[@]}"; do
		table=${LOCAL_LAST_TABLE[$kind]}
		local_sql -c "VACUUM ANALYZE \"$table\"" || tsdist_die "vacuum failed"
		for q in "${LOCAL_QUERIES[@]}"; do
			tsdist_log "query $q on the $(local_kind_name "$kind")"
			LOCAL_RESULT[$q:$kind]=$(local_query_ms "$table" "${LOCAL_QUERY_SQL[$q]}") ||
				tsdist_die "query $q failed on $table"
			LOCAL_RESULT[$q:scans:$kind]=$(local_query_scans "$table" "${LOCAL_QUERY_SQL[$q]}")
		done
	done
	$LOCAL_HT && LOCAL_CHUNKS=$(local_sql -c "SELECT count(*) FROM pg_inherits
		WHERE inhparent = '\"${LOCAL_LAST_TABLE[hypertable]}\"'::regclass")
}
LOCAL_CHUNKS=""

# One ingest row of the table: rows/s for each kind and the hypertable's share.
local_report_ingest() {
	local label=$1 method=$2 plain ht ratio note=""
	plain=${LOCAL_RESULT[$method:plain]}
	if $LOCAL_HT; then
		ht=${LOCAL_RESULT[$method:hypertable]}
		ratio=$(bench_percent "$ht" "$plain")
		if [ "$method" = copy ]; then
			if awk -v h="$ht" -v p="$plain" -v g="$LOCAL_GOAL_PERCENT" 'BEGIN { exit !(100 * h >= g * p) }'; then
				note="goal >= $LOCAL_GOAL_PERCENT%: met"
			else
				note="goal >= $LOCAL_GOAL_PERCENT%: NOT met"
			fi
		fi
		ht=$(bench_thousands "$ht")
	else
		ht="not available"
		ratio="-"
	fi
	bench_table_row "$label" "$(bench_thousands "$plain")" "$ht" "$ratio" "$note"
}

# One query row: median ms for each kind, the hypertable's share, scans per plan.
local_report_query() {
	local q=$1 plain ht ratio note
	plain=${LOCAL_RESULT[$q:plain]}
	note="${LOCAL_RESULT[$q:scans:plain]}"
	if $LOCAL_HT; then
		ht=${LOCAL_RESULT[$q:hypertable]}
		ratio=$(bench_percent "$ht" "$plain")
		note="$note / ${LOCAL_RESULT[$q:scans:hypertable]}"
	else
		ht="not available"
		ratio="-"
	fi
	bench_table_row "${LOCAL_QUERY_LABEL[$q]}" "$plain" "$ht" "$ratio" "$note"
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
	echo "Ingest: median of $BENCH_REPEAT run(s), fresh tables each. Queries: median of $BENCH_QUERY_RUNS runs after a warm-up."
	echo
	bench_table_row "ingest, rows/s (higher is better)" "plain table" "hypertable" "hyper/plain"
	bench_table_rule
	local_report_ingest "COPY from a CSV file ($(bench_thousands "$BENCH_ROWS") rows)" copy
	local_report_ingest "INSERT VALUES x $BENCH_BATCH ($(bench_thousands "$BENCH_INSERT_ROWS") rows)" values
	local_report_ingest "INSERT ... SELECT ($(bench_thousands "$BENCH_ROWS") rows)" select
	echo
	bench_table_row "query latency, ms (lower is better)" "plain table" "hypertable" "hyper/plain" \
		"tables scanned (plain / hyper)"
	bench_table_rule
	for q in "${LOCAL_QUERIES[@]}"; do local_report_query "$q"; done
}
