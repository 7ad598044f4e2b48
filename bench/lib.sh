# Helpers for bench/run.sh and bench/scenarios/*.sh: instances tuned for
# measuring, timed SQL, medians and the result table.
# shellcheck shell=bash

# Settings appended to every benchmark instance (after common.sh's own).
bench_instance_conf() {
	cat <<CONF
# benchmark
shared_buffers = ${BENCH_SHARED_BUFFERS:-512MB}
max_wal_size = 8GB
checkpoint_timeout = 1h
autovacuum = off
jit = off
max_parallel_workers_per_gather = 0
CONF
}

# Creates and starts an instance in $1; sets BENCH_PORT. Stopped on exit by
# tsdist_stop_all (by data directory). Not in a subshell: the started list must
# stay in this shell.
bench_start_instance() {
	local dir=$1
	BENCH_PORT=$(tsdist_free_port)
	pg_instance_init "$dir" "$BENCH_PORT"
	bench_instance_conf >>"$dir/data/postgresql.conf"
	pg_instance_start "$dir"
}

# psql on port $1, database $2, unaligned and quiet; the rest are psql arguments.
bench_psql() {
	local port=$1 db=$2
	shift 2
	psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}

# Runs SQL from stdin with \timing; prints the milliseconds of every statement, one a line.
bench_timed() {
	local port=$1 db=$2
	shift 2
	{
		printf '\\timing on\n\\o /dev/null\n'
		cat
	} | bench_psql "$port" "$db" "$@" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p'
}

# Median of the numbers on stdin.
bench_median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; m = int((NR + 1) / 2);
		if (NR % 2) print v[m]; else printf "%.3f\n", (v[m] + v[m + 1]) / 2 }'
}

# Rows per second for $1 rows in $2 milliseconds.
bench_rate() {
	awk -v rows="$1" -v ms="$2" 'BEGIN { printf "%.0f\n", rows / (ms / 1000) }'
}

# Formats an integer with thousands separators: 1234567 → 1,234,567.
bench_thousands() {
	LC_ALL=C printf '%s\n' "$1" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta'
}

# $1 as a percentage of $2 (one decimal).
bench_percent() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f%%\n", 100 * a / b; else print "-" }'
}

# Result table: bench_table_row LABEL PLAIN HYPERTABLE RATIO [EXTRA [NOTE]]
bench_table_row() {
	printf '%-42s %14s %14s %12s %10s  %s\n' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}" | sed 's/ *$//'
}

bench_table_rule() {
	printf '%s\n' "-----------------------------------------------------------------------------------------------------------"
}

# Generates BENCH_ROWS rows of the conditions shape once (not timed) in
# database $2 on port $1: a table bench_source for INSERT ... SELECT, the CSV
# file $3/conditions.csv for COPY and $3/insert_values.sql, BENCH_INSERT_ROWS
# rows as INSERT statements of BENCH_BATCH rows ($3 is created, owned by postgres).
bench_generate_data() {
	local port=$1 db=$2 dir=$3 start=$4
	mkdir -p "$dir"
	chown postgres: "$dir"
	tsdist_log "generating $BENCH_ROWS rows"
	bench_psql "$port" "$db" -v rows="$BENCH_ROWS" -v days="$BENCH_DAYS" \
		-v locations="$BENCH_LOCATIONS" -v start="$start" -v insert_rows="$BENCH_INSERT_ROWS" \
		-v batch="$BENCH_BATCH" -v csv="$dir/conditions.csv" -v inserts="$dir/insert_values.sql" \
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

# The statement(s) of load method $1 (copy, values, select) with the files in
# $2, for psql (the table is the psql variable "table", or "target").
bench_load_sql() {
	case "$1" in
		copy) echo "COPY :\"table\" FROM '$2/conditions.csv' (FORMAT csv);" ;;
		select) echo "INSERT INTO :\"table\" SELECT time, location, temperature, humidity FROM bench_source;" ;;
		values) echo "\\i $2/insert_values.sql" ;;
	esac
}

# Loads table $4 with method $3 (files in $5) in one session on port $1,
# database $2; prints "WALL_MS CPU_MS": the statements' time and the CPU time
# (user + system) of the server backend, read from /proc before and after.
bench_load() {
	local port=$1 db=$2 method=$3 table=$4 dir=$5 ticks cpu
	ticks=$(getconf CLK_TCK)
	cpu="SELECT (split_part(s, ' ', 14)::bigint + split_part(s, ' ', 15)::bigint) * 1000 / $ticks"
	cpu="$cpu AS cpu FROM pg_read_file('/proc/self/stat') s"
	{
		printf '%s \\gset start_\n\\timing on\n\\o /dev/null\n' "$cpu"
		bench_load_sql "$method" "$dir"
		printf '\\o\n\\timing off\n%s \\gset end_\n\\echo cpu :end_cpu :start_cpu\n' "$cpu"
	} | bench_psql "$port" "$db" -v table="$table" -v target="$table" |
		awk '/^Time: / { ms += $2 } /^cpu / { cpu = $2 - $3 } END { if (cpu == "") exit 1; printf "%.3f %d\n", ms, cpu }'
}

# Median latency in ms of the statement $3 on port $1, database $2, over
# BENCH_QUERY_RUNS runs after one warm-up run.
bench_query_ms() {
	local port=$1 db=$2 sql=$3 i
	for ((i = 0; i <= BENCH_QUERY_RUNS; i++)); do printf '%s;\n' "$sql"; done |
		bench_timed "$port" "$db" | tail -n +2 | bench_median
}

# The queries both scenarios time, by name, with @T for the table, in
# BENCH_QUERY_SQL: the day in the middle of the data from $3 (the first row's
# time) on, asked of port $1, database $2.
declare -A BENCH_QUERY_SQL=()
bench_set_queries() {
	local port=$1 db=$2 start=$3 day next
	day=$(bench_psql "$port" "$db" -c "SELECT (date '${start%% *}' + $BENCH_DAYS / 2)")
	next=$(bench_psql "$port" "$db" -c "SELECT (date '$day' + 1)")
	BENCH_QUERY_SQL=(
		[day]="SELECT count(*), avg(temperature) FROM @T WHERE time >= '$day 00:00+00' AND time < '$next 00:00+00'"
		[hour]="SELECT time, temperature FROM @T WHERE location = 'location_7' AND time >= '$day 12:00+00' AND time < '$day 13:00+00' ORDER BY time DESC"
		[latest]="SELECT * FROM @T ORDER BY time DESC LIMIT 10"
		[daily]="SELECT time_bucket('1 day', time) AS day, count(*), avg(temperature) FROM @T GROUP BY day ORDER BY day"
		[count]="SELECT count(*) FROM @T"
	)
}

# Creates the plain table $3 of the conditions shape with the two indexes both
# scenarios use, on port $1, database $2.
bench_create_conditions() {
	bench_psql "$1" "$2" -v name="$3" <<'SQL' || tsdist_die "could not create $3"
CREATE TABLE :"name" (
    time timestamptz NOT NULL,
    location text NOT NULL,
    temperature double precision,
    humidity double precision);
CREATE INDEX ON :"name" (time DESC);
CREATE INDEX ON :"name" (location, time DESC);
SQL
}

# Starts an access node and $1 data nodes (stopped on exit by data directory);
# their ports go to the variable named $2 and to the array named $3 (1..N).
bench_start_cluster() {
	local n=$1 i
	local -n cluster_an_port=$2 cluster_dn_ports=$3
	tsdist_log "starting an access node and $n data nodes"
	bench_start_instance "$BENCH_RUN/an"
	cluster_an_port=$BENCH_PORT
	for ((i = 1; i <= n; i++)); do
		bench_start_instance "$BENCH_RUN/dn$i"
		cluster_dn_ports[i]=$BENCH_PORT
	done
}

# Creates database $2 with the extension on the access node at port $1
# (BENCH_SETUP_SQL runs there next) and adds the data nodes whose ports follow
# as node1, node2, … (add_data_node creates their databases and extensions).
bench_dist_setup() {
	local an=$1 db=$2 i=0 port
	shift 2
	bench_psql "$an" postgres -c "CREATE DATABASE $db" || tsdist_die "create database failed"
	bench_psql "$an" "$db" -c "CREATE EXTENSION timescaledb_dist" || tsdist_die "CREATE EXTENSION failed"
	if [ -n "${BENCH_SETUP_SQL:-}" ]; then
		bench_psql "$an" "$db" -c "$BENCH_SETUP_SQL" || tsdist_die "BENCH_SETUP_SQL failed"
	fi
	for port in "$@"; do
		i=$((i + 1))
		bench_psql "$an" "$db" -c "SELECT node_name FROM add_data_node('node$i', host => '127.0.0.1',
		           port => $port)" >/dev/null || tsdist_die "add_data_node node$i failed"
	done
}
