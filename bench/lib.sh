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
