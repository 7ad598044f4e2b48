#!/usr/bin/env bash
# The demo: installs what is missing, builds, installs the extension into the
# system's PostgreSQL 15, starts an access node and 3 data nodes on 127.0.0.1
# (scripts/cluster.sh) and runs the whole seed example (scripts/lib/seed_example.sql)
# in a database "demo", printing every statement and its output, then what
# each data node holds.
#
# Run as root. Running it again starts from scratch: the demo databases of
# the earlier run are dropped first, the cluster is restarted on the new build.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

tsdist_require_root
tsdist_install_deps
tsdist_log "building in $TSDIST_ROOT/build"
tsdist_build "$TSDIST_ROOT/build"
tsdist_log "installing into the system's PostgreSQL $PG_MAJOR"
cmake --install "$TSDIST_ROOT/build" >/dev/null || tsdist_die "install failed"

CLUSTER=("$TSDIST_ROOT/scripts/cluster.sh")
CLUSTER_DIR=${TSDIST_CLUSTER_DIR:-$TSDIST_ROOT/.cluster}
tsdist_log "starting the cluster (access node + 3 data nodes)"
"${CLUSTER[@]}" stop >/dev/null 2>&1
"${CLUSTER[@]}" start 3 >/dev/null || tsdist_die "could not start the cluster"
AN_PORT=$(cat "$CLUSTER_DIR/an/port")
DN_PORTS=()
for i in 1 2 3; do DN_PORTS[i]=$(cat "$CLUSTER_DIR/dn$i/port"); done

tsdist_log "resetting the demo databases of an earlier run"
for port in "$AN_PORT" "${DN_PORTS[@]:1}"; do
	for db in demo demo_spare; do
		tsdist_psql "$port" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null ||
			tsdist_die "could not reset database $db on port $port"
	done
done

echo
echo "=== On the access node (port $AN_PORT), database demo"
tsdist_psql "$AN_PORT" -d postgres -c "CREATE DATABASE demo" || tsdist_die "could not create demo"
psql -X -a -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$AN_PORT" -U postgres -d demo \
	-v dn1="${DN_PORTS[1]}" -v dn2="${DN_PORTS[2]}" -v dn3="${DN_PORTS[3]}" \
	-f "$TSDIST_ROOT/scripts/lib/seed_example.sql" || tsdist_die "the demo failed"

echo
echo "=== What each data node holds (connecting to each one directly)"
for i in 1 2 3; do
	printf 'node%s (port %s): ' "$i" "${DN_PORTS[i]}"
	tsdist_psql "${DN_PORTS[i]}" -d demo -Atc \
		"SELECT count(*) || ' rows, locations ' || coalesce(string_agg(DISTINCT location, ', '), '-') FROM conditions"
done

cat <<MSG

Connect to the access node:   psql -h 127.0.0.1 -p $AN_PORT -U postgres demo
Data nodes:                   ports ${DN_PORTS[1]}, ${DN_PORTS[2]}, ${DN_PORTS[3]} (database demo)
Stop the cluster:             $(tsdist_cluster_stop_command "$CLUSTER_DIR")
MSG
