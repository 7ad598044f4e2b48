#!/usr/bin/env bash
# Writing to a distributed hypertable on real separate instances: COPY of
# 100k rows through the access node lands on the three data nodes, every
# node holds exactly the chunks (and space partitions) the access node placed
# there; INSERT ... SELECT adds up too; replication factor 2 writes every row
# twice; two sessions that need the same new chunk get one.
. "$(dirname "$0")/lib.sh"

cluster_start 3
DB=dist_write

an() { q "$AN_PORT" "$DB" -c "$1" 2>&1; }
dn() { q "${DN_PORTS[$1]}" "$DB" -c "$2" 2>&1; }

cluster_setup_db $DB 3 node || { not_ok "set up $DB"; cluster_done; }

an "CREATE TABLE metrics (time timestamptz NOT NULL, device int NOT NULL, value float)" >/dev/null
expect_eq "create_distributed_hypertable" metrics \
	"$(an "SELECT table_name FROM create_distributed_hypertable('metrics', 'time', 'device', 3,
	       chunk_time_interval => interval '1 day')")"

# --- COPY 100k rows ---------------------------------------------------------
q "$AN_PORT" "$DB" -c "COPY (SELECT timestamptz '2024-01-01' + n * interval '10 seconds', n % 30,
                               n / 7.0 FROM generate_series(1, 100000) n) TO STDOUT" |
	q "$AN_PORT" "$DB" -c "COPY metrics FROM STDIN"
total=0
devices=0
for i in 1 2 3; do
	n=$(dn "$i" "SELECT count(*) FROM metrics")
	expect_match "node$i holds rows" '^[1-9][0-9]*$' "$n"
	total=$((total + n))
	devices=$((devices + $(dn "$i" "SELECT count(DISTINCT device) FROM metrics")))
done
expect_eq "per-node counts add up to the rows copied" 100000 "$total"
expect_eq "every device (space partition) lives on one node only" 30 "$devices"
expect_eq "no row stored on the access node" 0 "$(an "SELECT count(*) FROM ONLY metrics")"
expect_eq "the access node's chunk tables are column-less placeholders, one per chunk" \
	"$(an "SELECT count(*) || '|0' FROM timescaledb_information.chunks")" \
	"$(an "SELECT count(*) || '|' || coalesce(max(c.relnatts), 0) FROM pg_class c
	       JOIN pg_namespace n ON n.oid = c.relnamespace
	       WHERE n.nspname = '_timescaledb_dist_internal'")"
for i in 1 2 3; do
	placed=$(an "SELECT string_agg(c.table_name, ',' ORDER BY c.table_name)
	             FROM _timescaledb_dist_catalog.chunk c
	             JOIN _timescaledb_dist_catalog.chunk_data_node cdn ON cdn.chunk_id = c.id
	             WHERE cdn.node_name = 'node$i'")
	held=$(dn "$i" "SELECT string_agg(table_name, ',' ORDER BY table_name)
	                FROM _timescaledb_dist_catalog.chunk")
	expect_eq "node$i holds exactly the chunks placed on it" "$placed" "$held"
	# Rows of a node are in its chunk tables, none in the member's root.
	expect_eq "node$i: no row in the member's root table" 0 \
		"$(dn "$i" "SELECT count(*) FROM ONLY metrics")"
done
sums=$(for i in 1 2 3; do dn "$i" "SELECT sum(value)::numeric FROM metrics"; done | paste -sd+)
expect_eq "values arrive unchanged" t \
	"$(an "SELECT round($sums, 2) = round(sum((n / 7.0)::float8)::numeric, 2)
	       FROM generate_series(1, 100000) n")"

# --- INSERT ... SELECT ----------------------------------------------------------
an "INSERT INTO metrics SELECT timestamptz '2024-02-01' + n * interval '1 minute', n % 30, n
    FROM generate_series(1, 10000) n" >/dev/null
total=0
for i in 1 2 3; do total=$((total + $(dn "$i" "SELECT count(*) FROM metrics"))); done
expect_eq "INSERT ... SELECT adds up" 110000 "$total"

# --- replication factor 2 -------------------------------------------------------
an "CREATE TABLE replicated (time timestamptz NOT NULL, device int NOT NULL, value float)" >/dev/null
an "SELECT create_distributed_hypertable('replicated', 'time', 'device', 3,
    chunk_time_interval => interval '1 day', replication_factor => 2)" >/dev/null
q "$AN_PORT" "$DB" -c "COPY (SELECT timestamptz '2024-01-01' + n * interval '1 minute', n % 10, n
                               FROM generate_series(1, 20000) n) TO STDOUT" |
	q "$AN_PORT" "$DB" -c "COPY replicated FROM STDIN"
total=0
for i in 1 2 3; do total=$((total + $(dn "$i" "SELECT count(*) FROM replicated"))); done
expect_eq "replication factor 2 writes every row twice" 40000 "$total"
expect_eq "every chunk has 2 replicas" 0 \
	"$(an "SELECT count(*) FROM timescaledb_information.chunks
	       WHERE hypertable_name = 'replicated' AND cardinality(data_nodes) <> 2")"

# --- two sessions need the same new chunk --------------------------------------
for s in 1 2; do
	q "$AN_PORT" "$DB" -c "INSERT INTO metrics SELECT timestamptz '2024-03-01' + n * interval '1 second',
	                       7, $s FROM generate_series(1, 5000) n" >"$TEST_DIR/concurrent$s.out" 2>&1 &
done
wait
expect_eq "concurrent inserts both succeed" "" "$(cat "$TEST_DIR"/concurrent1.out "$TEST_DIR"/concurrent2.out)"
expect_eq "one chunk for that day and partition" 1 \
	"$(an "SELECT count(*) FROM timescaledb_information.chunks
	       WHERE hypertable_name = 'metrics' AND range_start = '2024-03-01'")"
total=0
for i in 1 2 3; do
	total=$((total + $(dn "$i" "SELECT count(*) FROM metrics WHERE time >= '2024-03-01'")))
done
expect_eq "both sessions' rows arrived" 10000 "$total"

# --- a REPEATABLE READ session waits for the creator of its chunk ----------------
# A creates the chunk and commits after a pause; B's snapshot is older than
# that commit, so B finds the chunk and its placement only by reading the
# catalog again after the lock.
q "$AN_PORT" "$DB" -c "BEGIN" \
	-c "INSERT INTO metrics VALUES ('2024-04-01 00:00', 3, 1)" \
	-c "SELECT pg_sleep(2)" -c "COMMIT" >"$TEST_DIR/rr_a.out" 2>&1 &
sleep 0.5
q "$AN_PORT" "$DB" -c "BEGIN ISOLATION LEVEL REPEATABLE READ" -c "SELECT count(*) FROM pg_class" \
	-c "INSERT INTO metrics VALUES ('2024-04-01 00:01', 3, 2)" -c "COMMIT" >"$TEST_DIR/rr_b.out" 2>&1
wait
expect_eq "the creating session succeeds" "" "$(grep -v '^$' "$TEST_DIR/rr_a.out")"
expect_eq "REPEATABLE READ insert into a chunk created meanwhile succeeds" 0 \
	"$(grep -c ERROR "$TEST_DIR/rr_b.out")"
total=0
for i in 1 2 3; do
	total=$((total + $(dn "$i" "SELECT count(*) FROM metrics WHERE time >= '2024-04-01'")))
done
expect_eq "both sessions' rows arrived (REPEATABLE READ)" 2 "$total"
expect_eq "one chunk for that day and partition (REPEATABLE READ)" 1 \
	"$(an "SELECT count(*) FROM timescaledb_information.chunks
	       WHERE hypertable_name = 'metrics' AND range_start = '2024-04-01'
	       AND range_start IS NOT NULL AND chunk_name IN (
	           SELECT c.table_name FROM _timescaledb_dist_catalog.chunk c
	           JOIN _timescaledb_dist_catalog.chunk_constraint cc ON cc.chunk_id = c.id
	           JOIN _timescaledb_dist_catalog.dimension_slice s ON s.id = cc.dimension_slice_id
	           WHERE s.range_start <= _timescaledb_dist_functions.get_partition_hash(3)
	             AND s.range_end > _timescaledb_dist_functions.get_partition_hash(3))")"

# --- a statement timeout cancels a write to a slow data node ---------------------
# Rows of 12 MB (one COPY each), each held 30 s by a trigger on the node: the
# access node waits for the node, and the timeout cancels the remote COPY.
an "CREATE TABLE slow (time timestamptz NOT NULL, pad text)" >/dev/null
an "SELECT create_distributed_hypertable('slow', 'time', data_nodes => '{node1}')" >/dev/null
dn 1 "CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS
      \$\$BEGIN PERFORM pg_sleep(30); RETURN NEW; END\$\$" >/dev/null
dn 1 "CREATE TRIGGER slow BEFORE INSERT ON slow FOR EACH ROW EXECUTE FUNCTION slow_row()" >/dev/null
started=$(date +%s)
out=$(q "$AN_PORT" "$DB" -c "SET statement_timeout = '2s'" \
	-c "INSERT INTO slow SELECT timestamptz '2024-01-01' + n * interval '1 second',
	    repeat('x', 12000000) FROM generate_series(1, 3) n" 2>&1)
elapsed=$(($(date +%s) - started))
expect_match "the write is canceled by statement_timeout" "canceling statement due to statement timeout" "$out"
expect_eq "... within seconds" t "$([ "$elapsed" -lt 20 ] && echo t || echo "f ($elapsed s)")"
sleep 1
expect_eq "nothing was written on the slow node" 0 "$(dn 1 "SELECT count(*) FROM slow")"
expect_eq "the session's next write works" "" "$(an "INSERT INTO metrics VALUES ('2024-01-01', 1, 1)")"

cluster_done
