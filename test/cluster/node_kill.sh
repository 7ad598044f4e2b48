#!/usr/bin/env bash
# A data node killed with SIGKILL: in the middle of a long multi-node
# statement, before PREPARE and after PREPARE (fault point with the sleep
# action). The error names the node, nothing is committed anywhere (or, once
# every node prepared, everything is after recovery), and after the node
# restarts the same session works again (the connection cache replaces dead
# connections).
. "$(dirname "$0")/lib.sh"

cluster_start 3
DB=node_kill
cluster_setup_db $DB 3 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }
# Rows with value $1 on each data node, e.g. "1 1 1".
rows_of() { on_each_dn $DB "SELECT count(*) FROM t WHERE i = $1"; }
# Waits up to 20 s until query $2 on port $1 (database $DB) returns t.
wait_for() {
	local i
	for i in $(seq 200); do
		[ "$(q "$1" $DB -c "$2" 2>/dev/null)" = t ] && return 0
		sleep 0.1
	done
	return 1
}
an_recovery_interval 0
an "CALL distributed_exec('CREATE TABLE t (i int)')" >/dev/null
MARK=$TEST_DIR/marks
mkdir -p "$MARK"
chmod 777 "$MARK"

# --- one session through kills and restarts of dn2 --------------------------
# psql waits for the marker files the test creates (\! runs a shell command).
cat >"$TEST_DIR/session.sql" <<SQL
CALL distributed_exec('INSERT INTO t VALUES (1)');
\\! while [ ! -e $MARK/restarted1 ]; do sleep 0.1; done
CALL distributed_exec('INSERT INTO t VALUES (5)', transactional => false);
CALL distributed_exec('INSERT INTO t VALUES (2)');
CALL distributed_exec('INSERT INTO t VALUES (3); SELECT pg_sleep(30)');
\\! while [ ! -e $MARK/restarted2 ]; do sleep 0.1; done
CALL distributed_exec('INSERT INTO t VALUES (4)');
SQL
psql -X -q -At -h 127.0.0.1 -p "$AN_PORT" -U postgres -d $DB -f "$TEST_DIR/session.sql" \
	>"$TEST_DIR/session.out" 2>&1 &
SESSION=$!

# dn2 dies while the session is idle: its cached connection is dead, and is
# replaced by the next distributed_exec (autocommit and transactional).
wait_for "${DN_PORTS[1]}" "SELECT count(*) = 1 FROM t WHERE i = 1" || not_ok "first insert done"
dn_kill 2
dn_start 2
touch "$MARK/restarted1"
# dn2 dies in the middle of the long statement.
wait_for "${DN_PORTS[2]}" "SELECT count(*) > 0 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active' AND pid <> pg_backend_pid()" ||
	not_ok "long statement running on dn2"
start=$(date +%s)
dn_kill 2
for i in $(seq 100); do
	grep -q 'ERROR' "$TEST_DIR/session.out" && break
	sleep 0.1
done
expect_eq "the statement fails at once when the node dies" 1 $(($(date +%s) - start < 5))
expect_match "the error names the data node" '^psql:.*ERROR:  \[dn2\]: ' "$(grep ERROR "$TEST_DIR/session.out")"
for i in 1 3; do
	expect_eq "dn$i: the statement's work is rolled back" 0 \
		"$(q "${DN_PORTS[i]}" $DB -c "SELECT count(*) FROM t WHERE i = 3")"
	expect_eq "dn$i: no remote query left running" 0 \
		"$(q "${DN_PORTS[i]}" $DB -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active' AND pid <> pg_backend_pid()")"
done
dn_start 2
touch "$MARK/restarted2"
wait "$SESSION"
expect_eq "the session's statements after each restart work" "1 1 1|1 1 1|1 1 1|0 0 0|1 1 1" \
	"$(rows_of 1)|$(rows_of 5)|$(rows_of 2)|$(rows_of 3)|$(rows_of 4)"
expect_eq "only the statement running at the kill failed" 1 "$(grep -c ERROR "$TEST_DIR/session.out")"

# --- dn2 dies during the commit ---------------------------------------------
# $1 fault point (sleep action), $2 value; runs in the background.
commit_with_pause() {
	an "SET timescaledb_dist.debug_fault_point = '$1';
	    SET timescaledb_dist.debug_fault_action = 'sleep';
	    CALL distributed_exec('INSERT INTO t VALUES ($2)')" >"$TEST_DIR/commit-$1.out" 2>&1
}
wait_fault() {
	wait_for "$AN_PORT" "SELECT count(*) > 0 FROM pg_stat_activity WHERE query = 'timescaledb_dist fault point $1: sleeping'"
}

commit_with_pause before_prepare 10 &
PID=$!
wait_fault before_prepare || not_ok "before_prepare: fault point reached"
dn_kill 2
wait $PID
expect_match "killed before PREPARE: the error names the node" 'ERROR:  \[dn2\]: ' \
	"$(cat "$TEST_DIR/commit-before_prepare.out")"
dn_start 2
expect_eq "killed before PREPARE: nothing prepared" 0 "$(prepared_count $DB)"
expect_eq "killed before PREPARE: nothing committed anywhere" "0 0 0" "$(rows_of 10)"

commit_with_pause after_prepare 11 &
PID=$!
wait_fault after_prepare || not_ok "after_prepare: fault point reached"
dn_kill 2
wait $PID
expect_match "killed after PREPARE: committed, WARNING names the node" \
	'WARNING:  could not commit prepared transaction on data node "dn2"' \
	"$(cat "$TEST_DIR/commit-after_prepare.out")"
expect_eq "killed after PREPARE: committed on the live nodes" "1 1" \
	"$(q "${DN_PORTS[1]}" $DB -c "SELECT count(*) FROM t WHERE i = 11") $(q "${DN_PORTS[3]}" $DB -c "SELECT count(*) FROM t WHERE i = 11")"
dn_start 2
expect_eq "the restarted node kept its prepared transaction" 1 "$(prepared_count $DB)"
expect_eq "recovery commits it" "dn1|0|0|dn2|1|0|dn3|0|0" \
	"$(an "SELECT node_name, committed, rolled_back FROM recover_distributed_transactions()" | tr '\n' '|' | sed 's/|$//')"
expect_eq "killed after PREPARE: complete on every node after recovery" "1 1 1" "$(rows_of 11)"
expect_eq "no prepared transaction left" 0 "$(prepared_count $DB)"

# --- a node that stays down: clear error, then recovery skips it ------------
dn_kill 3
out=$(an "CALL distributed_exec('INSERT INTO t VALUES (12)')")
expect_match "a node that is down: could not connect, naming the node" 'could not connect to "dn3"' "$out"
out=$(an "SELECT node_name, committed FROM recover_distributed_transactions()")
expect_match "recovery warns about the unreachable node and runs on the others" \
	'could not recover transactions on data node "dn3"' "$out"
# It can be marked unavailable; distributed_exec then refuses it clearly.
an "SELECT FROM alter_data_node('dn3', available => false)" >/dev/null
out=$(an "CALL distributed_exec('INSERT INTO t VALUES (12)')")
expect_match "an unavailable node is refused by name" 'data node "dn3" is not available' "$out"
an "CALL distributed_exec('INSERT INTO t VALUES (13)', '{dn1,dn2}')" >/dev/null
dn_start 3
an "SELECT FROM alter_data_node('dn3', available => true)" >/dev/null
an "CALL distributed_exec('INSERT INTO t VALUES (14)')" >/dev/null
expect_eq "after the node is back and available: writes reach it" "0 0 0|1 1 0|1 1 1" \
	"$(rows_of 12)|$(rows_of 13)|$(rows_of 14)"
cluster_done
