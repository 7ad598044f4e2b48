#!/usr/bin/env bash
# Atomicity of distributed transactions when the access node's backend dies
# at each step of the two-phase commit (timescaledb_dist.debug_fault_point
# with debug_fault_action = crash: the backend kills itself, the access node
# restarts). After recovery, by the function and separately by the background
# worker, every transaction is complete on all data nodes or absent on all.
. "$(dirname "$0")/lib.sh"

cluster_start 3
DB=txn_faults
cluster_setup_db $DB 3 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }
# Rows with value $1 on each data node, e.g. "1 1 1".
rows_of() { on_each_dn $DB "SELECT count(*) FROM t WHERE i = $1"; }
# Waits up to $1 seconds until no prepared transaction of $DB is left.
wait_no_prepared() {
	local i
	for i in $(seq $(($1 * 10))); do
		[ "$(prepared_count $DB)" = 0 ] && return 0
		sleep 0.1
	done
	return 1
}

an_recovery_interval 0
an "CALL distributed_exec('CREATE TABLE t (i int)')" >/dev/null
an "SELECT count(*) FROM recover_distributed_transactions()" >/dev/null

# point, prepared transactions left by the crash, outcome after recovery
CASES="before_prepare:0:absent after_first_prepare:1:absent after_prepare:3:absent after_local_commit:3:complete"
v=0
for method in function worker; do
	for c in $CASES; do
		IFS=: read -r point left outcome <<<"$c"
		v=$((v + 1))
		out=$(an "SET timescaledb_dist.debug_fault_point = '$point';
		          SET timescaledb_dist.debug_fault_action = 'crash';
		          CALL distributed_exec('INSERT INTO t VALUES ($v)')")
		expect_match "$point ($method): the access node's backend died" \
			'server closed the connection unexpectedly|terminating connection' "$out"
		an_wait_ready || not_ok "$point ($method): access node back after the crash"
		expect_eq "$point ($method): $left prepared transactions left" "$left" "$(prepared_count $DB)"
		if [ $method = function ]; then
			an "SELECT sum(committed), sum(rolled_back) FROM recover_distributed_transactions()" >/dev/null
		else
			an_recovery_interval 1
			wait_no_prepared 20 || not_ok "$point (worker): recovered within the interval"
			an_recovery_interval 0
		fi
		expect_eq "$point ($method): nothing prepared after recovery" 0 "$(prepared_count $DB)"
		expected="0 0 0"
		[ "$outcome" = complete ] && expected="1 1 1"
		expect_eq "$point ($method): transaction $outcome on every data node" "$expected" "$(rows_of $v)"
	done
done
an "SELECT count(*) FROM recover_distributed_transactions()" >/dev/null
expect_eq "log of two-phase commits empty after recovery" 0 \
	"$(an "SELECT count(*) FROM _timescaledb_dist_catalog.remote_txn")"

# The error action (connections lost, backend alive) with the worker.
an_recovery_interval 1
out=$(an "SET timescaledb_dist.debug_fault_point = 'after_local_commit';
          CALL distributed_exec('INSERT INTO t VALUES (100)')")
expect_match "error action after the local commit: a WARNING per node" \
	'could not commit prepared transaction on data node "dn3"' "$out"
wait_no_prepared 20 || not_ok "worker commits the prepared transactions"
expect_eq "error action after the local commit: complete everywhere" "1 1 1" "$(rows_of 100)"
an_recovery_interval 0

# Real INSERTs into a distributed hypertable, each creating new chunks on
# every data node in the same transaction: the rows and the chunks (catalog
# rows on the access node, tables on the data nodes) appear everywhere or
# nowhere.
an "CREATE TABLE metrics (time timestamptz NOT NULL, device int NOT NULL)" >/dev/null
an "SELECT FROM create_distributed_hypertable('metrics', 'time', 'device', 3)" >/dev/null
day=0
for c in after_first_prepare:0 after_prepare:0 after_local_commit:6; do
	IFS=: read -r point expected <<<"$c"
	day=$((day + 10))
	out=$(an "SET timescaledb_dist.debug_fault_point = '$point';
	          SET timescaledb_dist.debug_fault_action = 'crash';
	          INSERT INTO metrics SELECT timestamptz '2024-01-01' + interval '$day days', d
	                              FROM generate_series(1, 6) d")
	expect_match "INSERT, $point: the access node's backend died" \
		'server closed the connection unexpectedly|terminating connection' "$out"
	an_wait_ready || not_ok "INSERT, $point: access node back"
	an "SELECT count(*) FROM recover_distributed_transactions()" >/dev/null
	expect_eq "INSERT, $point: nothing prepared after recovery" 0 "$(prepared_count $DB)"
	expect_eq "INSERT, $point: $expected of 6 rows on the data nodes" "$expected" \
		"$(($(on_each_dn $DB "SELECT count(*) FROM metrics WHERE time = timestamptz '2024-01-01' + interval '$day days'" | tr ' ' '+')))"
done
expect_chunks_placed $DB INSERT
cluster_done
