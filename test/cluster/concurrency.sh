#!/usr/bin/env bash
# Concurrent distributed writers: 8 clients (TSDIST_CONCURRENCY_CLIENTS), for
# half of TSDIST_CONCURRENCY_SECONDS (120: a minute each), commit transactions that insert an
# overlapping range of rows on every data node, take a transaction-level
# advisory lock on dn1 (so they queue behind each other's prepared
# transactions) and log themselves in a local table of the access node, all
# in one distributed transaction. (Rows are not updated: the remote
# transactions run at REPEATABLE READ, so concurrent updates of one row fail
# with serialization errors, as documented.) The
# background recovery runs every second meanwhile. Afterwards: no client saw
# an error or warning (no deadlock, no recovery racing with a commit), the
# local log and each node's rows agree, nothing is left prepared. For the
# other half, the clients INSERT into a distributed hypertable (rows on every
# node, overlapping time ranges, so they also race to create the same chunks),
# with the same checks plus the access node's chunk placement matching the
# chunks the data nodes hold.
. "$(dirname "$0")/lib.sh"

CLIENTS=${TSDIST_CONCURRENCY_CLIENTS:-8}
SECONDS_RUN=$(((${TSDIST_CONCURRENCY_SECONDS:-120} + 1) / 2))
ROWS=21 # rows per transaction and node

cluster_start 3
DB=concurrency
cluster_setup_db $DB 3 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }
an_recovery_interval 1
an "CALL distributed_exec('CREATE TABLE t (i int, client int)')" >/dev/null
an "CREATE TABLE local_log (client int)" >/dev/null
# One client: a loop of distributed transactions, committed inside the procedure.
an "CREATE PROCEDURE client_loop(c int, seconds float8) LANGUAGE plpgsql AS \$\$
DECLARE
    stop timestamptz := clock_timestamp() + seconds * interval '1 second';
BEGIN
    WHILE clock_timestamp() < stop LOOP
        CALL distributed_exec(format('INSERT INTO t SELECT g, %s FROM generate_series(%s, %s) g',
                                     c, c * 10, c * 10 + $ROWS - 1));
        CALL distributed_exec('SELECT pg_advisory_xact_lock(1)', '{dn1}');
        INSERT INTO local_log VALUES (c);
        COMMIT;
    END LOOP;
END \$\$" >/dev/null

# run_clients PROCEDURE: runs CALL PROCEDURE(c, seconds) in every client at
# once and checks they all ended without an error or a warning.
run_clients() {
	local c p pids=() failed=0
	for ((c = 1; c <= CLIENTS; c++)); do
		q "$AN_PORT" $DB -c "CALL $1($c, $SECONDS_RUN)" >"$TEST_DIR/$1-$c.out" 2>&1 &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
	expect_eq "$1: every client ran to the end" 0 "$failed"
	expect_eq "$1: no client saw an error or a warning" "" "$(cat "$TEST_DIR/$1"-*.out)"
}
run_clients client_loop

commits=$(an "SELECT count(*) FROM local_log")
expect_eq "clients committed transactions" 1 $((commits > CLIENTS))
for i in 1 2 3; do
	expect_eq "dn$i: rows match the local log" "$((commits * ROWS))" \
		"$(q "${DN_PORTS[i]}" $DB -c "SELECT count(*) FROM t")"
	expect_eq "dn$i: rows per client match the local log" "" \
		"$(q "${DN_PORTS[i]}" $DB -c "SELECT client FROM t GROUP BY client HAVING count(*) % $ROWS <> 0")"
done
per_client_an=$(an "SELECT string_agg(client || ':' || n, ',' ORDER BY client) FROM (SELECT client, count(*) n FROM local_log GROUP BY client) s")
per_client_dn=$(q "${DN_PORTS[2]}" $DB -c "SELECT string_agg(client || ':' || n / $ROWS, ',' ORDER BY client) FROM (SELECT client, count(*) n FROM t GROUP BY client) s")
expect_eq "each client's transactions are on the data nodes" "$per_client_an" "$per_client_dn"
expect_eq "no prepared transaction left" 0 "$(prepared_count $DB)"
echo "# $commits distributed transactions by $CLIENTS clients in $SECONDS_RUN s"

# --- INSERT into a distributed hypertable -------------------------------------
an "CREATE TABLE metrics (time timestamptz NOT NULL, device int NOT NULL, client int)" >/dev/null
an "SELECT FROM create_distributed_hypertable('metrics', 'time', 'device', 3,
                                              chunk_time_interval => interval '1 hour')" >/dev/null
an "CREATE TABLE insert_log (client int)" >/dev/null
an "CREATE PROCEDURE insert_loop(c int, seconds float8) LANGUAGE plpgsql AS \$\$
DECLARE
    stop timestamptz := clock_timestamp() + seconds * interval '1 second';
    k int := 0;
BEGIN
    WHILE clock_timestamp() < stop LOOP
        INSERT INTO metrics
        SELECT timestamptz '2024-01-01' + ((c * 7 + k) % 48) * interval '30 minutes'
               + d * interval '1 second', d, c
        FROM generate_series(1, 6) d;
        INSERT INTO insert_log VALUES (c);
        COMMIT;
        k := k + 1;
    END LOOP;
END \$\$" >/dev/null
run_clients insert_loop
inserts=$(an "SELECT count(*) FROM insert_log")
expect_eq "insert_loop: rows on the data nodes match the local log" "$((inserts * 6))" \
	"$(($(on_each_dn $DB "SELECT count(*) FROM metrics" | tr ' ' '+')))"
per_client_an=$(an "SELECT string_agg(client || ':' || n * 6, ',' ORDER BY client) FROM (SELECT client, count(*) n FROM insert_log GROUP BY client) s")
per_client_dn=$(for i in 1 2 3; do q "${DN_PORTS[i]}" $DB -c "SELECT client, count(*) FROM metrics GROUP BY client"; done |
	awk -F'|' '{n[$1] += $2} END {for (c in n) print c ":" n[c]}' | sort -n | paste -sd,)
expect_eq "insert_loop: each client's rows are on the data nodes" "$per_client_an" "$per_client_dn"
expect_chunks_placed $DB insert_loop
expect_eq "insert_loop: no prepared transaction left" 0 "$(prepared_count $DB)"
echo "# $inserts INSERT transactions by $CLIENTS clients in $SECONDS_RUN s"
expect_eq "no deadlock reported on any node" "" \
	"$(grep -h 'deadlock detected' "$AN_DIR/server.log" "${DN_DIRS[1]}/server.log" "${DN_DIRS[2]}/server.log" "${DN_DIRS[3]}/server.log")"
cluster_done
