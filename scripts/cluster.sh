#!/usr/bin/env bash
# A local cluster: one access node and N data-node instances on 127.0.0.1.
#
#   scripts/cluster.sh start [N]   create (first time) and start; N data nodes, default 3
#   scripts/cluster.sh stop        stop exactly the servers of this cluster
#   scripts/cluster.sh status      show each instance, its port and whether it runs
#
# Instances live in $TSDIST_CLUSTER_DIR (default: .cluster in the checkout),
# one folder each (an, dn1, dn2, …) with data/, server.log and port. Ports are
# chosen free at creation and kept. Binaries come from $TSDIST_PG_BINDIR, or
# the system's PostgreSQL 15 (run scripts/demo.sh or install the extension first).
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

CLUSTER_DIR=${TSDIST_CLUSTER_DIR:-$TSDIST_ROOT/.cluster}

instances() {
	local d
	for d in "$CLUSTER_DIR"/an "$CLUSTER_DIR"/dn*; do [ -f "$d/port" ] && echo "$d"; done
}

start() {
	local n=${1:-3} d i
	[[ "$n" =~ ^[0-9]+$ ]] || tsdist_die "number of data nodes must be a number: $n"
	tsdist_require_root
	mkdir -p "$CLUSTER_DIR"
	chmod 755 "$CLUSTER_DIR"
	for d in an $(for ((i = 1; i <= n; i++)); do echo "dn$i"; done); do
		[ -f "$CLUSTER_DIR/$d/port" ] || pg_instance_init "$CLUSTER_DIR/$d" "$(tsdist_free_port)"
	done
	for d in $(instances); do
		if [ -f "$d/data/postmaster.pid" ] && runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "$d/data" status >/dev/null 2>&1; then
			continue
		fi
		# On failure, stop what this call started; running instances stay up.
		trap tsdist_stop_all EXIT
		pg_instance_start "$d"
	done
	trap - EXIT
	status
	local an_port dn_port
	an_port=$(cat "$CLUSTER_DIR/an/port")
	dn_port=$(cat "$CLUSTER_DIR/dn1/port" 2>/dev/null || echo PORT)
	cat <<MSG

Connect to the access node:   psql -h 127.0.0.1 -p $an_port -U postgres
Make a distributed database there and add a data node to it:
    CREATE DATABASE metrics;
    \\c metrics
    CREATE EXTENSION timescaledb_dist;
    SELECT add_data_node('dn1', host => '127.0.0.1', port => $dn_port);
Stop the cluster:             $(tsdist_cluster_stop_command "$CLUSTER_DIR")
MSG
}

stop() {
	local d
	for d in $(instances); do
		pg_instance_stop "$d"
		echo "stopped $(basename "$d")"
	done
}

status() {
	local d state
	printf '%-6s %-6s %s\n' NODE PORT STATE
	for d in $(instances); do
		if runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "$d/data" status >/dev/null 2>&1; then state=running; else state=stopped; fi
		printf '%-6s %-6s %s\n' "$(basename "$d")" "$(cat "$d/port")" "$state"
	done
}

case "${1:-}" in
	start) start "${2:-3}" ;;
	stop) stop ;;
	status) status ;;
	*) echo "usage: $0 start [N] | stop | status" >&2; exit 2 ;;
esac
