#!/usr/bin/env bash
# A data node killed with SIGKILL in the middle of a COPY through the access
# node into a distributed hypertable: the COPY fails with an error naming the
# node, no row of it is committed on any node, the node restarts, recovery
# leaves no prepared transaction, and the same table takes the COPY again.
. "$(dirname "$0")/lib.sh"

cluster_start 3
DB=copy_kill
cluster_setup_db $DB 3 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }
an_recovery_interval 0

an "CREATE TABLE m (time timestamptz NOT NULL, dev int NOT NULL, v float8)" >/dev/null
an "SELECT create_distributed_hypertable('m', 'time', 'dev')" >/dev/null
an "INSERT INTO m VALUES ('2026-01-01', 1, 0), ('2026-01-01', 2, 0), ('2026-01-01', 3, 0)" >/dev/null
before=$(an "SELECT count(*) FROM m")
expect_eq "three rows before the COPY" 3 "$before"
before_nodes=$(on_each_dn $DB "SELECT count(*) FROM m")

# Rows over 30 days and 60 devices, enough for a COPY of several seconds.
ROWS=${TSDIST_COPY_KILL_ROWS:-3000000}
CSV=$TEST_DIR/rows.csv
awk -v n="$ROWS" 'BEGIN { for (i = 0; i < n; i++)
	printf "2026-02-%02d %02d:%02d:%02d+00,%d,%d\n", 1 + i % 28, (i / 28) % 24, (i / 7) % 60, i % 60, i % 60, i }' >"$CSV"
chmod 644 "$CSV"

psql -X -q -At -h 127.0.0.1 -p "$AN_PORT" -U postgres -d $DB \
	-c "\\copy m FROM '$CSV' WITH (FORMAT csv)" >"$TEST_DIR/copy.out" 2>&1 &
COPY_PID=$!
# Kill dn2 once its backend is receiving the COPY.
for i in $(seq 300); do
	[ "$(q "${DN_PORTS[2]}" $DB -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %' AND pid <> pg_backend_pid()" 2>/dev/null)" = 1 ] && break
	sleep 0.1
done
expect_eq "the COPY reached dn2" 1 \
	"$(q "${DN_PORTS[2]}" $DB -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %' AND pid <> pg_backend_pid()" 2>/dev/null)"
dn_kill 2
wait "$COPY_PID"
status=$?
out=$(cat "$TEST_DIR/copy.out")
expect_eq "the COPY fails" 1 "$((status != 0))"
expect_match "the error names the data node" 'dn2' "$out"

dn_start 2
expect_eq "no row of the COPY is visible through the access node" "$before" "$(an "SELECT count(*) FROM m")"
expect_eq "no row of the COPY was committed on any node" "$before_nodes" \
	"$(on_each_dn $DB "SELECT count(*) FROM m")"
an "SELECT * FROM recover_distributed_transactions()" >/dev/null
expect_eq "no prepared transaction left" "0 0 0" "$(on_each_dn $DB "SELECT count(*) FROM pg_prepared_xacts")"

out=$(q "$AN_PORT" $DB -c "\\copy m FROM '$CSV' WITH (FORMAT csv)" 2>&1)
expect_eq "the same COPY works after the restart" "" "$out"
expect_eq "all its rows arrived" "$((ROWS + 3))" "$(an "SELECT count(*) FROM m")"
sum=$(on_each_dn $DB "SELECT count(*) FROM m" | tr ' ' '+')
expect_eq "rows on the nodes add up" "$((ROWS + 3))" "$((sum))"

cluster_done
