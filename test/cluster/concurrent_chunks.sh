#!/usr/bin/env bash
# Two (and then four) sessions insert into the same new chunk at the same
# moment: they get one chunk and no row is lost. The second session must
# wait for the first one's chunk creation (lock) and then use its chunk.
. "$(dirname "$0")/lib.sh"

cluster_start 0
DB=concurrent_chunks
q "$AN_PORT" postgres -c "CREATE DATABASE $DB"
q "$AN_PORT" $DB >/dev/null <<'SQL'
CREATE EXTENSION timescaledb_dist;
CREATE TABLE m (time timestamptz NOT NULL, device int NOT NULL, v int);
SELECT create_hypertable('m', 'time', 'device', 2, chunk_time_interval => interval '1 day');
SQL

# Session A creates the chunk of 2020-01-01 in an open transaction.
q "$AN_PORT" $DB -c "BEGIN" -c "INSERT INTO m VALUES ('2020-01-01 01:00+00', 1, 1)" \
	-c "SELECT pg_sleep(3)" -c "COMMIT" >/dev/null &
A=$!
# Wait until A holds the new chunk (its table exists, uncommitted).
for i in $(seq 50); do
	n=$(q "$AN_PORT" $DB -c "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
		WHERE c.relname = 'm' AND l.mode = 'ShareUpdateExclusiveLock' AND l.granted")
	[ "$n" = 1 ] && break
	sleep 0.1
done
expect_eq "session A holds the chunk creation lock" 1 "$n"

# Session B needs the same chunk: it waits for A, then uses A's chunk.
q "$AN_PORT" $DB -c "INSERT INTO m VALUES ('2020-01-01 02:00+00', 1, 2)" >/dev/null &
B=$!
waited=0
for i in $(seq 50); do
	w=$(q "$AN_PORT" $DB -c "SELECT count(*) FROM pg_stat_activity
		WHERE query LIKE 'INSERT INTO m VALUES (''2020-01-01 02:00%' AND wait_event_type = 'Lock'")
	[ "$w" = 1 ] && { waited=1; break; }
	sleep 0.1
done
expect_eq "session B waits for the chunk A is creating" 1 "$waited"
wait $A
expect_eq "session A committed" 0 $?
wait $B
expect_eq "session B inserted after A committed" 0 $?
expect_eq "one chunk for both rows" 1 "$(q "$AN_PORT" $DB -c "SELECT count(*) FROM show_chunks('m')")"
expect_eq "both rows are there, in that chunk" "2|1" \
	"$(q "$AN_PORT" $DB -c "SELECT count(*), count(DISTINCT tableoid) FROM m")"

# Four sessions at once, each 2000 rows over the same 5 new days x 2 partitions.
pids=()
for s in 1 2 3 4; do
	q "$AN_PORT" $DB -c "INSERT INTO m SELECT '2020-02-01'::timestamptz + (i % 5) * interval '1 day'
		+ $s * interval '1 second', i % 7, $s FROM generate_series(1, 2000) i" >/dev/null &
	pids+=($!)
done
ok_all=0
for p in "${pids[@]}"; do wait "$p" || ok_all=1; done
expect_eq "four concurrent sessions succeeded" 0 "$ok_all"
expect_eq "no row lost" 8000 "$(q "$AN_PORT" $DB -c "SELECT count(*) FROM m WHERE v > 0 AND time >= '2020-02-01'")"
expect_eq "one chunk per day and partition" 10 \
	"$(q "$AN_PORT" $DB -c "SELECT count(*) FROM timescaledb_information.chunks WHERE range_start >= '2020-02-01'")"
expect_eq "chunk hypercubes do not overlap" 0 "$(q "$AN_PORT" $DB -c "
	SELECT count(*) FROM _timescaledb_dist_catalog.chunk a
	JOIN _timescaledb_dist_catalog.chunk b ON a.id < b.id
	WHERE NOT EXISTS (
		SELECT FROM _timescaledb_dist_catalog.chunk_constraint ca
		JOIN _timescaledb_dist_catalog.dimension_slice sa ON sa.id = ca.dimension_slice_id
		JOIN _timescaledb_dist_catalog.chunk_constraint cb ON cb.chunk_id = b.id
		JOIN _timescaledb_dist_catalog.dimension_slice sb
			ON sb.id = cb.dimension_slice_id AND sb.dimension_id = sa.dimension_id
		WHERE ca.chunk_id = a.id
		  AND (sa.range_end <= sb.range_start OR sb.range_end <= sa.range_start))")"
expect_eq "no row in the root table" 0 "$(q "$AN_PORT" $DB -c "SELECT count(*) FROM ONLY m")"
cluster_done
