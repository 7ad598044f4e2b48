#!/usr/bin/env bash
# Watching the cluster on real instances: drop_chunks of 200 chunks reports
# its progress in timescaledb_experimental.operation_progress (seen from
# another session, done advancing) and with NOTICEs; data_node_status counts
# the in-doubt transactions a crashed commit leaves and a stopped node.
# The drop is held at two chosen chunks by sessions on the data nodes that
# lock those chunk tables, so the progress seen is deterministic.
. "$(dirname "$0")/lib.sh"

cluster_start 2
DB=progress
cluster_setup_db $DB 2 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }
an_recovery_interval 0

an "CREATE TABLE metrics (time timestamptz NOT NULL, value float8);
    SELECT FROM create_distributed_hypertable('metrics', 'time', replication_factor => 1,
                                              chunk_time_interval => interval '1 hour');
    INSERT INTO metrics SELECT '2024-01-01'::timestamptz + i * interval '1 hour', i
    FROM generate_series(0, 199) i ORDER BY 1" >/dev/null
expect_eq "200 chunks" 200 "$(an "SELECT count(*) FROM show_chunks('metrics')")"
expect_eq "data_node_status: chunks per node sum to 200, bytes on both" "200|2" \
	"$(an "SELECT sum(chunks), count(*) FILTER (WHERE bytes > 0)
	       FROM timescaledb_experimental.data_node_status")"

# hold N APP: a session on the data node of the N-th chunk (in drop order)
# that locks that chunk table until terminated (application_name APP).
hold() {
	local node chunk
	IFS='|' read -r node chunk < <(an "SELECT cdn.node_name, format('%I.%I', c.schema_name, c.table_name)
	     FROM _timescaledb_dist_catalog.chunk c
	     JOIN _timescaledb_dist_catalog.chunk_data_node cdn ON cdn.chunk_id = c.id
	     ORDER BY c.id OFFSET $1 - 1 LIMIT 1")
	PGAPPNAME=$2 q "${DN_PORTS[${node#dn}]}" $DB -c "BEGIN" -c "LOCK TABLE $chunk IN ACCESS SHARE MODE" \
		-c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
	HOLD_NODE[$2]=${node#dn}
	for _ in $(seq 100); do
		[ "$(q "${DN_PORTS[${node#dn}]}" $DB -c "SELECT count(*) FROM pg_stat_activity
		      WHERE application_name = '$2' AND query LIKE '%pg_sleep%'")" = 1 ] && return 0
		sleep 0.1
	done
	return 1
}
# release APP: ends the holding session (by its application_name, on its node).
release() {
	q "${DN_PORTS[${HOLD_NODE[$1]}]}" $DB -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
	                                           WHERE application_name = '$1'" >/dev/null
}
# progress_until DONE: polls the view until done = DONE; prints "total|done|percent".
progress_until() {
	local row
	for _ in $(seq 200); do
		row=$(an "SELECT total, done, percent_done FROM timescaledb_experimental.operation_progress
		          WHERE command = 'drop_chunks' AND relation = 'metrics'::regclass")
		[ "${row#*|}" != "$row" ] && [ "$(cut -d'|' -f2 <<<"$row")" = "$1" ] && break
		sleep 0.1
	done
	echo "$row"
}

declare -A HOLD_NODE
an "CREATE ROLE watcher; CREATE ROLE stats_reader IN ROLE pg_read_all_stats" >/dev/null
hold 50 hold1 || not_ok "lock chunk 50"
hold 150 hold2 || not_ok "lock chunk 150"
start=$(date +%s)
q "$AN_PORT" $DB -c "SET client_min_messages = notice" \
	-c "SET timescaledb_dist.progress_notice_interval = '200ms'" \
	-c "SELECT count(*) FROM drop_chunks('metrics', older_than => '2025-01-01'::timestamptz)" \
	>"$TEST_DIR/drop.out" 2>&1 &
DROP_PID=$!
expect_eq "progress while held at chunk 50: 49 of 200 done" "200|49|24.5" "$(progress_until 49)"
# Other roles see another user's operation only with pg_read_all_stats.
expect_eq "operation_progress: hidden from a role without pg_read_all_stats, shown with it" "0|1" \
	"$(an "SET ROLE watcher; SELECT count(*) FROM timescaledb_experimental.operation_progress;
	       SET ROLE stats_reader; SELECT count(*) FROM timescaledb_experimental.operation_progress" |
		tr '\n' '|' | sed 's/|$//')"
sleep 0.3
release hold1
expect_eq "progress while held at chunk 150: 149 of 200 done" "200|149|74.5" "$(progress_until 149)"
sleep 0.3
release hold2
wait $DROP_PID
expect_match "drop_chunks dropped 200 chunks" '^200$' "$(tail -n 1 "$TEST_DIR/drop.out")"
expect_match "a NOTICE after the first hold" 'NOTICE:  drop_chunks on "metrics": 50 of 200 chunks done' \
	"$(cat "$TEST_DIR/drop.out")"
expect_match "a NOTICE after the second hold" 'NOTICE:  drop_chunks on "metrics": 150 of 200 chunks done' \
	"$(cat "$TEST_DIR/drop.out")"
notices=$(grep -c NOTICE "$TEST_DIR/drop.out")
elapsed_ms=$((($(date +%s) - start + 1) * 1000))
[ "$notices" -le $((elapsed_ms / 200 + 1)) ] && ok "NOTICEs at most one per interval ($notices)" ||
	not_ok "too many NOTICEs: $notices in ${elapsed_ms}ms"
expect_eq "no progress row once done" 0 "$(an "SELECT count(*) FROM timescaledb_experimental.operation_progress")"

# Default interval (2 s): a short drop sends no NOTICE.
an "INSERT INTO metrics SELECT '2024-01-01'::timestamptz + i * interval '1 hour', i
    FROM generate_series(0, 9) i" >/dev/null
out=$(q "$AN_PORT" $DB -c "SET client_min_messages = notice" \
	-c "SELECT count(*) FROM drop_chunks('metrics', older_than => '2025-01-01'::timestamptz)" 2>&1)
expect_eq "a short drop_chunks: no NOTICE" 10 "$out"

# In-doubt transactions: a crash after the local commit leaves one prepared
# transaction per node and its log rows until recovery (which also removes
# the rows of the transactions above, committed everywhere).
an "CALL distributed_exec('CREATE TABLE t (i int)')" >/dev/null
an "SELECT count(*) FROM recover_distributed_transactions()" >/dev/null
an "SET timescaledb_dist.debug_fault_point = 'after_local_commit';
    SET timescaledb_dist.debug_fault_action = 'crash';
    CALL distributed_exec('INSERT INTO t VALUES (1)')" >/dev/null
an_wait_ready || not_ok "access node back after the crash"
expect_eq "data_node_status: one in-doubt, one logged transaction per node" \
	"dn1|t|1|1 dn2|t|1|1" \
	"$(an "SELECT node_name, reachable, in_doubt_transactions, logged_transactions
	       FROM timescaledb_experimental.data_node_status ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
an "SELECT count(*) FROM recover_distributed_transactions()" >/dev/null
expect_eq "data_node_status: none after recovery" "dn1|0|0 dn2|0|0" \
	"$(an "SELECT node_name, in_doubt_transactions, logged_transactions
	       FROM timescaledb_experimental.data_node_status ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"

# A node that accepts connections but never answers: with connect_timeout 1
# the view answers within about a second, the other node probed meanwhile.
SILENT_PORT=$(tsdist_free_port)
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $SILENT_PORT)); s.listen(8); held = []
while True: held.append(s.accept())" &
SILENT_PID=$!
sleep 0.5
an "SELECT FROM alter_data_node('dn2', port => $SILENT_PORT)" >/dev/null
start_ms=$(date +%s%3N)
out=$(an "SET timescaledb_dist.connect_timeout = 1;
          SELECT node_name, reachable, error FROM timescaledb_experimental.data_node_status
          ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')
elapsed_ms=$(($(date +%s%3N) - start_ms))
expect_eq "data_node_status with dn2 silent" \
	"dn1|t| dn2|f|The data node did not answer within 1 seconds." "$out"
[ "$elapsed_ms" -lt 3000 ] && ok "silent node: the view answered in ${elapsed_ms}ms" ||
	not_ok "silent node: the view took ${elapsed_ms}ms"
out=$(an "SET timescaledb_dist.connect_timeout = 0; SET statement_timeout = '500ms';
          SELECT node_name FROM timescaledb_experimental.data_node_status")
expect_match "silent node, no connect_timeout: statement_timeout ends the view" \
	'canceling statement due to statement timeout' "$out"
kill "$SILENT_PID"
an "SELECT FROM alter_data_node('dn2', port => ${DN_PORTS[2]})" >/dev/null

# A stopped data node: its row says so, the view answers.
dn_kill 2
out=$(an "SELECT node_name, reachable, error IS NOT NULL, chunks
          FROM timescaledb_experimental.data_node_status ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')
expect_eq "data_node_status with dn2 down" "dn1|t|f|0 dn2|f|t|0" "$out"

cluster_done
