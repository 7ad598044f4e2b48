#!/usr/bin/env bash
# statement_timeout and pg_cancel_backend on the access node cancel the
# remote work: when the statement has failed, the remote queries have ended
# on every data node, and the session goes on using its connections.
. "$(dirname "$0")/lib.sh"

cluster_start 2
DB=remote_cancel
cluster_setup_db $DB 2 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }
# Remote queries still running pg_sleep(30) on data node $1.
sleeping() {
	q "${DN_PORTS[$1]}" $DB -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%'
	                            AND state = 'active' AND pid <> pg_backend_pid()"
}
an "CALL distributed_exec('CREATE TABLE t (i int)')" >/dev/null

# statement_timeout: checked right after the statement failed, in the same session.
out=$(an "SET statement_timeout = '500ms';
          CALL distributed_exec('INSERT INTO t VALUES (1); SELECT pg_sleep(30)')")
expect_match "statement_timeout cancels the statement" 'canceling statement due to statement timeout' "$out"
expect_eq "statement_timeout: nothing left running on the data nodes" "0 0" "$(sleeping 1) $(sleeping 2)"
expect_eq "statement_timeout: nothing committed" "0 0" \
	"$(q "${DN_PORTS[1]}" $DB -c "SELECT count(*) FROM t") $(q "${DN_PORTS[2]}" $DB -c "SELECT count(*) FROM t")"

# pg_cancel_backend from another session.
psql -X -q -At -h 127.0.0.1 -p "$AN_PORT" -U postgres -d $DB \
	-c "SET application_name = 'cancel_me'" \
	-c "CALL distributed_exec('INSERT INTO t VALUES (2); SELECT pg_sleep(30)')" \
	-c "CALL distributed_exec('INSERT INTO t VALUES (3)')" >"$TEST_DIR/cancel.out" 2>&1 &
PID=$!
for i in $(seq 200); do
	[ "$(sleeping 1)" = 1 ] && [ "$(sleeping 2)" = 1 ] && break
	sleep 0.1
done
expect_eq "the remote queries run on both nodes" "1 1" "$(sleeping 1) $(sleeping 2)"
an "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'cancel_me'" >/dev/null
wait $PID
expect_match "pg_cancel_backend cancels the statement" 'canceling statement due to user request' \
	"$(cat "$TEST_DIR/cancel.out")"
expect_eq "pg_cancel_backend: nothing left running on the data nodes" "0 0" "$(sleeping 1) $(sleeping 2)"
expect_eq "the cancelled write is gone, the next one in the session committed" "0 0|1 1" \
	"$(q "${DN_PORTS[1]}" $DB -c "SELECT count(*) FROM t WHERE i = 2") $(q "${DN_PORTS[2]}" $DB -c "SELECT count(*) FROM t WHERE i = 2")|$(q "${DN_PORTS[1]}" $DB -c "SELECT count(*) FROM t WHERE i = 3") $(q "${DN_PORTS[2]}" $DB -c "SELECT count(*) FROM t WHERE i = 3")"
expect_eq "no prepared transaction left" 0 "$(prepared_count $DB)"
cluster_done
