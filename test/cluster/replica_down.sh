#!/usr/bin/env bash
# Replication factor 2 with one data node stopped: what a user sees before
# and after marking it unavailable. Reads answer correctly from the live
# replicas once the node is marked; writes to a chunk with a replica on the
# stopped node fail with an error naming it; new chunks avoid it; after the
# node is back and available again everything is as before.
. "$(dirname "$0")/lib.sh"

cluster_start 3
DB=replica_down
cluster_setup_db $DB 3 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }

an "CREATE TABLE m (time timestamptz NOT NULL, dev int NOT NULL, v float8)" >/dev/null
an "SELECT create_distributed_hypertable('m', 'time', 'dev', replication_factor => 2)" >/dev/null
an "INSERT INTO m SELECT '2026-01-01'::timestamptz + g * interval '1 minute', g % 12, g
    FROM generate_series(0, 5999) g" >/dev/null
expected=$(an "SELECT count(*), sum(v), count(DISTINCT dev) FROM m")
expect_eq "rows written with two replicas" "6000|17997000|12" "$expected"
expect_eq "every chunk has two replicas" 0 \
	"$(an "SELECT count(*) FROM timescaledb_experimental.chunk_replication_status WHERE num_replicas <> 2")"

pg_instance_stop "${DN_DIRS[2]}"
out=$(an "SELECT count(*) FROM m")
expect_match "a read while dn2 is down and not marked names the node" 'dn2' "$out"

an "SELECT FROM alter_data_node('dn2', available => false)" >/dev/null
expect_eq "marked unavailable: reads answer from the live replicas" "$expected" \
	"$(an "SELECT count(*), sum(v), count(DISTINCT dev) FROM m")"
expect_eq "marked unavailable: a filtered read is right too" \
	"500" "$(an "SELECT count(*) FROM m WHERE dev = 5")"

out=$(an "INSERT INTO m VALUES ('2026-01-01 00:30', 1, 1)")
expect_match "a write to a chunk with a replica on dn2 fails naming it" 'dn2' "$out"
expect_eq "the failed write left nothing" "$expected" \
	"$(an "SELECT count(*), sum(v), count(DISTINCT dev) FROM m")"

out=$(an "WITH i AS (INSERT INTO m VALUES ('2027-06-01', 1, 1), ('2027-06-01', 2, 1),
          ('2027-06-01', 3, 1) RETURNING 1) SELECT count(*) FROM i")
expect_eq "new chunks go to the live nodes" 3 "$out"
expect_eq "no new chunk was placed on dn2" 0 \
	"$(an "SELECT count(*) FROM timescaledb_information.chunks
	       WHERE range_start >= '2027-01-01' AND 'dn2' = ANY(data_nodes)")"

dn_start 2
an "SELECT FROM alter_data_node('dn2', available => true)" >/dev/null
expect_eq "back and available: reads are right" "6003|17997003|12" \
	"$(an "SELECT count(*), sum(v), count(DISTINCT dev) FROM m")"
expect_eq "back and available: writes to its chunks work" 1 \
	"$(an "WITH i AS (INSERT INTO m VALUES ('2026-01-01 00:30', 1, 1) RETURNING 1)
	       SELECT count(*) FROM i")"
expect_eq "no prepared transaction left on any node" "0 0 0" \
	"$(on_each_dn $DB "SELECT count(*) FROM pg_prepared_xacts")"

cluster_done
