#!/usr/bin/env bash
# Connecting to data nodes and secrets: add_data_node to a server that never
# answers fails after timescaledb_dist.connect_timeout (or statement_timeout)
# instead of hanging; a password given to add_data_node never reaches the
# access node's server log (nor the data node's), whichever way the call
# fails and whatever log_min_error_statement says.
. "$(dirname "$0")/lib.sh"

cluster_start 1
DB=sec_remote
SECRET=S3cretPw-remote-7c1f

# --- a server that accepts TCP connections and never speaks ----------------
SILENT_PORT=$(tsdist_free_port)
python3 -c "
import socket, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $SILENT_PORT))
s.listen(64)
time.sleep(600)
" &
SILENT_PID=$!
stop_silent() { kill "$SILENT_PID" 2>/dev/null; wait "$SILENT_PID" 2>/dev/null; }
trap 'stop_silent; tsdist_stop_all' EXIT
sleep 0.5

q "$AN_PORT" postgres -c "CREATE DATABASE $DB"
q "$AN_PORT" "$DB" -c "CREATE EXTENSION timescaledb_dist"

# Runs SQL on the access node (bounded, so a hang fails the test); prints
# the output and the elapsed seconds on the last line.
timed_an() {
	local start end out args=() c
	for c in "$@"; do args+=(-c "$c"); done
	start=$(date +%s)
	out=$(timeout 60 psql -X -q -At -h 127.0.0.1 -p "$AN_PORT" -U postgres -d "$DB" "${args[@]}" 2>&1)
	end=$(date +%s)
	printf '%s\n%s\n' "$out" "$((end - start))"
}
secs() { tail -n 1 <<<"$1"; }

expect_eq "connect_timeout defaults to 10 s" 10s \
	"$(q "$AN_PORT" "$DB" -c "SHOW timescaledb_dist.connect_timeout")"
out=$(timed_an "SET timescaledb_dist.connect_timeout = 2" \
                "SELECT * FROM add_data_node('silent', host => '127.0.0.1', port => $SILENT_PORT)")
expect_match "silent server: could not connect" 'ERROR:  could not connect to "silent"' "$out"
expect_match "silent server: the detail says why" 'did not answer within 2 seconds' "$out"
[ "$(secs "$out")" -le 6 ] && ok "silent server: failed within the timeout ($(secs "$out") s)" ||
	not_ok "silent server: took $(secs "$out") s"
out=$(timed_an "SELECT * FROM add_data_node('silent', host => '127.0.0.1', port => $SILENT_PORT)")
expect_match "silent server, default timeout: could not connect" 'ERROR:  could not connect to "silent"' "$out"
[ "$(secs "$out")" -ge 9 ] && [ "$(secs "$out")" -le 15 ] &&
	ok "silent server, default timeout: failed after about 10 s ($(secs "$out") s)" ||
	not_ok "silent server, default timeout: took $(secs "$out") s"
out=$(timed_an "SET timescaledb_dist.connect_timeout = 0" "SET statement_timeout = '1s'" \
                "SELECT * FROM add_data_node('silent', host => '127.0.0.1', port => $SILENT_PORT)")
expect_match "no connect timeout: statement_timeout cancels the connect" \
	'canceling statement due to statement timeout' "$out"
[ "$(secs "$out")" -le 5 ] && ok "statement_timeout: cancelled in time ($(secs "$out") s)" ||
	not_ok "statement_timeout: took $(secs "$out") s"
expect_eq "no node was added" 0 \
	"$(q "$AN_PORT" "$DB" -c "SELECT count(*) FROM timescaledb_information.data_nodes")"
expect_eq "the backend is idle again (no lingering connect)" 1 \
	"$(q "$AN_PORT" "$DB" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB'")"

# --- passwords stay out of the logs ------------------------------------------
# The data node asks sec_user for a password; every failing call below
# carries the secret. The access node logs the statement of every message
# (log_min_error_statement = debug5), so only hiding it keeps the secret out.
q "${DN_PORTS[1]}" postgres -c "CREATE ROLE sec_user SUPERUSER LOGIN PASSWORD 'right-pw'"
q "$AN_PORT" postgres -c "CREATE ROLE sec_user SUPERUSER LOGIN"
sed -i "1i host all sec_user 127.0.0.1/32 scram-sha-256" "${DN_DIRS[1]}/data/pg_hba.conf"
runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "${DN_DIRS[1]}/data" reload >/dev/null
q "$AN_PORT" postgres -c "ALTER SYSTEM SET log_min_error_statement = debug5"
q "$AN_PORT" postgres -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
as_user() {
	local args=() c
	for c in "$@"; do args+=(-c "$c"); done
	timeout 60 psql -X -q -At -h 127.0.0.1 -p "$AN_PORT" -U sec_user -d "$DB" "${args[@]}" 2>&1
}

out=$(as_user "SELECT * FROM add_data_node('pw', host => '127.0.0.1', port => ${DN_PORTS[1]}, password => '$SECRET')")
expect_match "wrong password: could not connect" 'ERROR:  could not connect to "pw"' "$out"
out=$(as_user "SET timescaledb_dist.connect_timeout = 1" "SELECT * FROM add_data_node('pw', host => '127.0.0.1', port => $SILENT_PORT, password => '$SECRET')")
expect_match "silent server with a password: could not connect" 'ERROR:  could not connect to "pw"' "$out"
out=$(as_user "SELECT * FROM add_data_node('pw', host => '', password => '$SECRET')")
expect_match "bad argument with a password: refused" 'ERROR:  a host needs to be specified' "$out"
out=$(as_user "SELECT * FROM add_data_node('pw', host => '127.0.0.1', port => ${DN_PORTS[1]}, password => 'right-pw')")
expect_match "right password: added" '^pw\|' "$out"
out=$(as_user "SELECT * FROM add_data_node('pw', host => '127.0.0.1', port => ${DN_PORTS[1]}, password => '$SECRET')")
expect_match "existing node with a password: refused" 'ERROR:  server "pw" already exists' "$out"
out=$(as_user "SELECT * FROM add_data_node('pw', host => '127.0.0.1', port => ${DN_PORTS[1]}, if_not_exists => true, password => '$SECRET')")
expect_match "existing node, if_not_exists: NOTICE" 'NOTICE:  data node "pw" already exists, skipping' "$out"
out=$(as_user "BEGIN" "SELECT * FROM add_data_node('pw2', host => '127.0.0.1', port => ${DN_PORTS[1]}, password => '$SECRET')")
expect_match "in a transaction block with a password: refused" 'ERROR:  add_data_node\(\) cannot run inside a transaction block' "$out"
# The statement text of other failing statements is still logged.
as_user "SELECT 'visible-marker' || 1/0" >/dev/null
sleep 0.5
expect_match "other statements are still logged" 'STATEMENT:  SELECT .visible-marker' "$(cat "$AN_DIR/server.log")"
expect_eq "the password is in no server log" 0 \
	"$(cat "$AN_DIR/server.log" "${DN_DIRS[1]}/server.log" | grep -c "$SECRET")"

stop_silent
cluster_done
