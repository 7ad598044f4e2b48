#!/usr/bin/env bash
# create_distributed_restore_point blocks two-phase commits until its
# transaction ends: a distributed INSERT that writes on both data nodes
# waits (here: fails on lock_timeout, leaving nothing prepared) while a
# restore point's transaction is open, and commits once it ended.
. "$(dirname "$0")/lib.sh"

cluster_start 2
DB=compat_rp
cluster_setup_db $DB 2 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }

an "CREATE TABLE m (time timestamptz NOT NULL, dev int NOT NULL, v float8)" >/dev/null
an "SELECT create_distributed_hypertable('m', 'time', 'dev')" >/dev/null
ROWS="INSERT INTO m SELECT '2026-01-01'::timestamptz + g * interval '1 minute', g % 8, g
      FROM generate_series(0, 99) g"
an "$ROWS" >/dev/null
expect_eq "rows on both data nodes" "2" \
	"$(an "SELECT count(*) FROM (SELECT DISTINCT node_name FROM chunks_detailed_size('m')) n")"

out=$(an "SELECT node_type, count(*) FROM create_distributed_restore_point('rp1') GROUP BY 1 ORDER BY 1")
expect_eq "a restore point on the access node and both data nodes" $'access_node|1\ndata_node|2' "$out"

# Session A holds the restore point's transaction open for a while.
q "$AN_PORT" $DB -c "BEGIN" -c "SELECT count(*) FROM create_distributed_restore_point('rp2')" \
	-c "SELECT pg_sleep(5)" -c "COMMIT" >/dev/null 2>&1 &
HOLDER=$!
for _ in $(seq 100); do
	held=$(an "SELECT count(*) FROM pg_locks WHERE relation = '_timescaledb_dist_catalog.remote_txn'::regclass
	           AND mode = 'ExclusiveLock' AND granted")
	[ "$held" = 1 ] && break
	sleep 0.05
done
expect_eq "the restore point's transaction holds the lock" 1 "$held"

out=$(q "$AN_PORT" $DB -c "SET lock_timeout = '1s'" -c "$ROWS" 2>&1)
expect_match "a two-phase commit waits for it (lock timeout)" 'lock timeout' "$out"
expect_eq "nothing written, nothing left prepared" "100|0" "$(an "SELECT count(*) FROM m")|$(prepared_count $DB)"

wait "$HOLDER"
an "$ROWS" >/dev/null
expect_eq "after the restore point's transaction, the commit goes through" 200 "$(an "SELECT count(*) FROM m")"
cluster_done
