# Scenario "distributed": an access node and three data nodes, four instances
# on this machine. In the same run and on the same data it loads a distributed
# hypertable over the three nodes (replication factor 1 and 2), a local
# hypertable and a plain table on the access node (COPY, batched INSERT
# VALUES, INSERT ... SELECT), then compares query latency of the distributed
# and the local hypertable and shows whether the nodes' queries carry the
# filter. Sourced by bench/run.sh, which calls scenario_main.
# shellcheck shell=bash

DIST_DB=bench
DIST_START='2024-01-01 00:00:00+00'
DIST_NODES=3
DIST_DATA=""       # folder of the generated files (owned by postgres)
DIST_AN_PORT=""    # the access node
DIST_DN_PORTS=()   # the data nodes, 1..DIST_NODES
DIST_CHUNKS=""     # chunks of the queried tables: "distributed local"
declare -A DIST_RESULT=()     # "measure:kind" → value
declare -A DIST_LAST_TABLE=() # kind → table that still exists

# This scenario's defaults (bench/run.sh fills in the others, BENCH_ROWS
# 1000000 too): twelve loads and queries that fetch every row from the data
# nodes fit in about two minutes on 2 cores with one run of each.
BENCH_REPEAT=${BENCH_REPEAT:-1}
BENCH_QUERY_RUNS=${BENCH_QUERY_RUNS:-5}

# The tables compared, in the order of the table's columns.
DIST_KINDS=(dist1 dist2 hypertable plain)
declare -A DIST_KIND_NAME=(
	[dist1]="distributed hypertable (replication factor 1)"
	[dist2]="distributed hypertable (replication factor 2)"
	[hypertable]="local hypertable"
	[plain]="plain table"
)

scenario_main() {
	dist_start_instances
	dist_setup
	DIST_DATA=$BENCH_RUN/data
	bench_generate_data "$DIST_AN_PORT" "$DIST_DB" "$DIST_DATA" "$DIST_START"
	dist_ingest copy "$BENCH_ROWS"
	dist_queries
	dist_ingest values "$BENCH_INSERT_ROWS"
	dist_ingest select "$BENCH_ROWS"
	dist_report
}

# Starts the access node and the data nodes (bench_start_instance: the library
# preloaded, max_prepared_transactions set, stopped on exit by data directory).
dist_start_instances() {
	bench_start_cluster "$DIST_NODES" DIST_AN_PORT DIST_DN_PORTS
}

# SQL on the access node's benchmark database; the statement from stdin or -c.
dist_sql() {
	bench_psql "$DIST_AN_PORT" "$DIST_DB" "$@"
}

# SQL on data node $1's database (add_data_node named it like the access node's).
dist_node_sql() {
	local i=$1
	shift
	bench_psql "${DIST_DN_PORTS[i]}" "$DIST_DB" "$@"
}

# Creates the database and the extension on the access node and adds the data
# nodes (add_data_node creates their databases and extensions).
dist_setup() {
	bench_dist_setup "$DIST_AN_PORT" "$DIST_DB" "${DIST_DN_PORTS[@]}"
}

# Creates table $1 of kind $2 (see DIST_KINDS) with the local scenario's two
# indexes. Distributed: partitioned by location into one space partition per
# node, like the seed's conditions; local hypertable: by time only.
dist_create_table() {
	local name=$1 kind=$2 create
	bench_create_conditions "$DIST_AN_PORT" "$DIST_DB" "$name"
	case "$kind" in
		plain) return 0 ;;
		hypertable) create="create_hypertable(:'name', 'time'" ;;
		dist*) create="create_distributed_hypertable(:'name', 'time', 'location',
		              replication_factor => ${kind#dist}" ;;
	esac
	dist_sql -v name="$name" >/dev/null <<SQL || tsdist_die "creating the $kind $name failed"
SELECT $create, chunk_time_interval => interval '1 day', create_default_indexes => false);
SQL
}

# Drops table $1 (on the data nodes too); a failure only warns.
dist_drop_table() {
	dist_sql -c "DROP TABLE \"$1\"" || tsdist_log "warning: could not drop $1"
}

# Starts each load from the same state: no dirty shared buffers on any
# instance (CHECKPOINT) and no dirty page cache (sync).
dist_settle() {
	local i
	dist_sql -c "CHECKPOINT" || tsdist_die "checkpoint failed"
	for ((i = 1; i <= DIST_NODES; i++)); do
		dist_node_sql "$i" -c "CHECKPOINT" || tsdist_die "checkpoint failed on node$i"
	done
	sync
}

# Fails unless table $1 holds $2 rows counted through the access node (a load
# that lost rows would look fast); with $3 (copies of every row), also checks
# the sum of the data nodes' own counts.
dist_check_rows() {
	local table=$1 rows=$2 copies=${3:-} n i sum=0
	n=$(dist_sql -c "SELECT count(*) FROM \"$table\"")
	[ "$n" = "$rows" ] || tsdist_die "$table holds $n rows through the access node, expected $rows"
	[ -n "$copies" ] || return 0
	for ((i = 1; i <= DIST_NODES; i++)); do
		n=$(dist_node_sql "$i" -c "SELECT count(*) FROM \"$table\"") || tsdist_die "count on node$i failed"
		sum=$((sum + n))
	done
	[ "$sum" = "$((rows * copies))" ] ||
		tsdist_die "the data nodes hold $sum rows of $table, expected $((rows * copies))"
	tsdist_log "$table: $rows rows through the access node, $sum on the data nodes"
}

# The kinds in the order of repeat $1: reversed every other repeat, so no kind
# always goes first.
dist_kind_order() {
	if (($1 % 2)); then echo "${DIST_KINDS[*]}"; else printf '%s\n' "${DIST_KINDS[@]}" | tac | paste -sd ' '; fi
}

# Measures one load method ($1) of $2 rows into fresh tables of every kind,
# BENCH_REPEAT times; keeps the median rows/s of each kind and the medians of
# the per-repeat ratios distributed / local hypertable.
dist_ingest() {
	local method=$1 rows=$2 r kind table out ms cpu rate copies
	local -A wall=()
	for ((r = 1; r <= BENCH_REPEAT; r++)); do
		for kind in $(dist_kind_order "$r"); do
			table="${method}_${kind}_$r"
			[ -n "${DIST_LAST_TABLE[$kind]:-}" ] && dist_drop_table "${DIST_LAST_TABLE[$kind]}"
			dist_create_table "$table" "$kind"
			dist_settle
			out=$(bench_load "$DIST_AN_PORT" "$DIST_DB" "$method" "$table" "$DIST_DATA") ||
				tsdist_die "$method into $table failed"
			read -r ms cpu <<<"$out"
			copies=""
			[ "$method" = copy ] && [ "$r" = 1 ] && [[ $kind == dist* ]] && copies=${kind#dist}
			dist_check_rows "$table" "$rows" "$copies"
			rate=$(bench_rate "$rows" "$ms")
			wall[$kind:$r]=$rate
			tsdist_log "$method into a fresh ${DIST_KIND_NAME[$kind]} ($r/$BENCH_REPEAT):" \
				"$(bench_thousands "$rate") rows/s"
			DIST_LAST_TABLE[$kind]=$table
		done
	done
	for kind in "${DIST_KINDS[@]}"; do
		# The COPY tables of the distributed (factor 1) and local hypertable stay for the queries.
		if [ "$method" != copy ] || [ "$kind" = dist2 ] || [ "$kind" = plain ]; then
			dist_drop_table "${DIST_LAST_TABLE[$kind]}"
			unset "DIST_LAST_TABLE[$kind]"
		fi
		DIST_RESULT[$method:$kind]=$(for ((r = 1; r <= BENCH_REPEAT; r++)); do
			echo "${wall[$kind:$r]}"; done | bench_median | xargs printf '%.0f\n')
	done
	for kind in dist1 dist2; do
		DIST_RESULT[$method:$kind:ratio]=$(for ((r = 1; r <= BENCH_REPEAT; r++)); do
			echo "${wall[$kind:$r]} ${wall[hypertable:$r]}"; done | awk '{ print $1 / $2 }' | bench_median)
	done
}

DIST_QUERIES=(day hour count daily latest)
declare -A DIST_QUERY_LABEL=(
	[day]="one day (chunk exclusion)"
	[hour]="one location, one hour"
	[count]="count(*) over everything"
	[daily]="daily averages (time_bucket)"
	[latest]="latest 10 rows (ORDER BY time DESC)"
)

# "yes" when every data node's query in the EXPLAIN VERBOSE of $1 (on the
# distributed table) has a WHERE clause, "NO" when one lacks it, "-" for a
# query without conditions; then the number of data nodes queried.
dist_query_pushdown() {
	local sql=$1 plan remote nodes pushed=-
	plan=$(dist_sql -c "EXPLAIN (VERBOSE, COSTS OFF) $sql") || tsdist_die "EXPLAIN failed: $sql"
	remote=$(grep -c 'Remote SQL:' <<<"$plan")
	nodes=$(grep -c 'Data node:' <<<"$plan")
	if [[ $sql == *" WHERE "* ]]; then
		if [ "$remote" -gt 0 ] && [ "$(grep 'Remote SQL:' <<<"$plan" | grep -c ' WHERE ')" = "$remote" ]; then
			pushed=yes
		else
			pushed=NO
		fi
	fi
	echo "$pushed $nodes"
}

# Query latency on the tables the COPY measurement loaded (distributed,
# replication factor 1, against the local hypertable), after VACUUM ANALYZE.
dist_queries() {
	local kind q table sql i dist=${DIST_LAST_TABLE[dist1]} local_ht=${DIST_LAST_TABLE[hypertable]}
	bench_set_queries "$DIST_AN_PORT" "$DIST_DB" "$DIST_START"
	dist_sql -c "VACUUM ANALYZE \"$local_ht\"" || tsdist_die "vacuum failed"
	for ((i = 1; i <= DIST_NODES; i++)); do
		dist_node_sql "$i" -c "VACUUM ANALYZE \"$dist\"" || tsdist_die "vacuum failed on node$i"
	done
	for q in "${DIST_QUERIES[@]}"; do
		for kind in dist1 hypertable; do
			table=${DIST_LAST_TABLE[$kind]}
			sql=${BENCH_QUERY_SQL[$q]//@T/\"$table\"}
			tsdist_log "query $q on the ${DIST_KIND_NAME[$kind]}"
			DIST_RESULT[$q:$kind]=$(bench_query_ms "$DIST_AN_PORT" "$DIST_DB" "$sql") ||
				tsdist_die "query $q failed on $table"
		done
		DIST_RESULT[$q:pushdown]=$(dist_query_pushdown "${BENCH_QUERY_SQL[$q]//@T/\"$dist\"}")
	done
	DIST_CHUNKS="$(dist_sql -c "SELECT count(*) FROM timescaledb_information.chunks
		WHERE hypertable_name = '$dist'") $(dist_sql -c "SELECT count(*) FROM pg_inherits
		WHERE inhparent = '\"$local_ht\"'::regclass")"
}

# A row of the ingest table: label and seven columns.
dist_ingest_row() {
	printf '%-36s %11s %11s %11s %11s %10s %10s %9s\n' "$@" | sed 's/ *$//'
}

# A row of the query table: label and five columns.
dist_query_row() {
	printf '%-38s %12s %12s %10s %6s %8s\n' "$@" | sed 's/ *$//'
}

# Microseconds per row that rate $1 costs more than rate $2 (rows/s).
dist_overhead_us() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", 1e6 / a - 1e6 / b }'
}

# One ingest row: rows/s of every kind, distributed / local hypertable for both
# replication factors, extra microseconds per row of factor 1.
dist_report_ingest() {
	local label=$1 method=$2 kind values=()
	for kind in "${DIST_KINDS[@]}"; do values+=("$(bench_thousands "${DIST_RESULT[$method:$kind]}")"); done
	dist_ingest_row "$label" "${values[@]}" \
		"$(bench_percent "${DIST_RESULT[$method:dist1:ratio]}" 1)" \
		"$(bench_percent "${DIST_RESULT[$method:dist2:ratio]}" 1)" \
		"$(dist_overhead_us "${DIST_RESULT[$method:dist1]}" "${DIST_RESULT[$method:hypertable]}")"
}

# One query row: median ms of both tables, how many times slower the
# distributed one is, nodes queried, filter pushed.
dist_report_query() {
	local q=$1 pushed nodes
	read -r pushed nodes <<<"${DIST_RESULT[$q:pushdown]}"
	dist_query_row "${DIST_QUERY_LABEL[$q]}" "${DIST_RESULT[$q:dist1]}" \
		"${DIST_RESULT[$q:hypertable]}" \
		"$(awk -v a="${DIST_RESULT[$q:dist1]}" -v b="${DIST_RESULT[$q:hypertable]}" 'BEGIN { printf "%.1fx\n", a / b }')" \
		"$nodes/$DIST_NODES" "$pushed"
}

dist_report() {
	local version q
	version=$(dist_sql -c "SHOW server_version")
	echo
	echo "timescaledb_dist benchmark, scenario distributed ($(date -u '+%Y-%m-%d %H:%M UTC'))"
	echo "PostgreSQL $version, $(nproc) CPUs, an access node and $DIST_NODES data nodes, all on this machine."
	echo "$(bench_thousands "$BENCH_ROWS") rows of conditions(time, location, temperature, humidity) over $BENCH_DAYS days"
	echo "and $BENCH_LOCATIONS locations; every table indexed on (time DESC) and (location, time DESC), one-day chunks."
	echo "Distributed: space-partitioned by location into $DIST_NODES, ${DIST_CHUNKS%% *} chunks; local hypertable: ${DIST_CHUNKS##* } chunks."
	echo "Ingest: median of $BENCH_REPEAT run(s) into fresh tables, rows/s; d/local: distributed / local"
	echo "hypertable (median of per-run ratios); +us/row: extra microseconds per row, factor 1."
	echo "Queries: median of $BENCH_QUERY_RUNS runs after a warm-up, ms; d/local: distributed ms / local ms;"
	echo "nodes: data nodes queried (EXPLAIN);"
	echo "pushed: every node's Remote SQL (EXPLAIN VERBOSE) has the WHERE clause."
	echo
	dist_ingest_row "ingest, rows/s" "dist rf 1" "dist rf 2" "local ht" "plain" "rf1/local" "rf2/local" "+us/row"
	bench_table_rule
	dist_report_ingest "COPY from a CSV file ($(bench_thousands "$BENCH_ROWS") rows)" copy
	dist_report_ingest "INSERT VALUES x $BENCH_BATCH ($(bench_thousands "$BENCH_INSERT_ROWS") rows)" values
	dist_report_ingest "INSERT ... SELECT ($(bench_thousands "$BENCH_ROWS") rows)" select
	echo
	dist_query_row "query latency, ms" "distributed" "local ht" "d/local" "nodes" "pushed"
	bench_table_rule
	for q in "${DIST_QUERIES[@]}"; do dist_report_query "$q"; done
}
