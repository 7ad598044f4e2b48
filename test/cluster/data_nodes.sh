#!/usr/bin/env bash
# Data nodes on real separate instances: add_data_node bootstraps each data
# node (database, extension, membership), checked by connecting to the data
# nodes directly; the cases one instance cannot show (max_prepared_transactions,
# a server without the extension, an unreachable port, password logins);
# delete_data_node with and without drop_database.
. "$(dirname "$0")/lib.sh"

cluster_start 3
DB=dist_db

# Extra instances: prepared transactions off / too few, and one whose
# PostgreSQL has no timescaledb_dist extension files (library only).
NOPREP_DIR=$TEST_DIR/noprep
NOPREP_PORT=$(tsdist_free_port)
pg_instance_init "$NOPREP_DIR" "$NOPREP_PORT"
echo "max_prepared_transactions = 0" >>"$NOPREP_DIR/data/postgresql.conf"
pg_instance_start "$NOPREP_DIR"

LOW_DIR=$TEST_DIR/low
LOW_PORT=$(tsdist_free_port)
pg_instance_init "$LOW_DIR" "$LOW_PORT"
echo "max_prepared_transactions = 10" >>"$LOW_DIR/data/postgresql.conf"
pg_instance_start "$LOW_DIR"

STAGE=${PG_BINDIR%/usr/lib/postgresql/$PG_MAJOR/bin}
NOEXT_STAGE=$TEST_DIR/noext-stage
cp -a "$STAGE" "$NOEXT_STAGE"
rm -f "$NOEXT_STAGE"/usr/share/postgresql/$PG_MAJOR/extension/timescaledb_dist*
NOEXT_DIR=$TEST_DIR/noext
NOEXT_PORT=$(tsdist_free_port)
SAVED_BINDIR=$PG_BINDIR
PG_BINDIR=$NOEXT_STAGE/usr/lib/postgresql/$PG_MAJOR/bin
pg_instance_init "$NOEXT_DIR" "$NOEXT_PORT"
pg_instance_start "$NOEXT_DIR"
PG_BINDIR=$SAVED_BINDIR

UNREACHABLE_PORT=$(tsdist_free_port)

# SQL on the access node's database; stderr included.
an() { q "$AN_PORT" "$DB" -c "$1" 2>&1; }
# Whether database $2 exists on the instance at port $1 (t/f).
db_exists() { q "$1" template1 -c "SELECT count(*) > 0 FROM pg_database WHERE datname = '$2'"; }

q "$AN_PORT" postgres -c "CREATE DATABASE $DB"
q "$AN_PORT" "$DB" -c "CREATE EXTENSION timescaledb_dist"

# --- add three data nodes -------------------------------------------------
for i in 1 2 3; do
	out=$(an "SELECT node_name, port, database, node_created, database_created, extension_created
	          FROM add_data_node('node$i', host => '127.0.0.1', port => ${DN_PORTS[i]})")
	expect_eq "add_data_node node$i bootstraps database and extension" \
		"node$i|${DN_PORTS[i]}|$DB|t|t|t" "$out"
done
AN_UUID=$(an "SELECT value FROM _timescaledb_dist_catalog.metadata WHERE key = 'dist_uuid'")
expect_match "access node has a dist_uuid" '^[0-9a-f-]{36}$' "$AN_UUID"
expect_eq "access node role" "access_node" \
	"$(an "SELECT value FROM _timescaledb_dist_catalog.metadata WHERE key = 'dist_role'")"
for i in 1 2 3; do
	expect_eq "node$i: database exists on the data node" t "$(db_exists "${DN_PORTS[i]}" $DB)"
	expect_eq "node$i: extension exists on the data node" timescaledb_dist \
		"$(q "${DN_PORTS[i]}" $DB -c "SELECT extname FROM pg_extension WHERE extname = 'timescaledb_dist'")"
	expect_eq "node$i: data node records the access node's uuid and its role" \
		"dist_role|data_node
dist_uuid|$AN_UUID" "$(q "${DN_PORTS[i]}" $DB -c "SELECT key, value FROM _timescaledb_dist_catalog.metadata ORDER BY key")"
done
expect_eq "data_nodes view lists the nodes" \
	"node1|postgres|{host=127.0.0.1,port=${DN_PORTS[1]},dbname=$DB}
node2|postgres|{host=127.0.0.1,port=${DN_PORTS[2]},dbname=$DB}
node3|postgres|{host=127.0.0.1,port=${DN_PORTS[3]},dbname=$DB}" \
	"$(an "SELECT * FROM timescaledb_information.data_nodes ORDER BY node_name")"
expect_eq "data_node view (seed name) lists the same" 3 \
	"$(an "SELECT count(*) FROM timescaledb_information.data_node")"

out=$(an "SELECT node_name, node_created FROM add_data_node('node1', host => '127.0.0.1', port => ${DN_PORTS[1]}, if_not_exists => true)")
expect_match "if_not_exists: NOTICE" 'NOTICE:  data node "node1" already exists, skipping' "$out"
expect_match "if_not_exists: row with node_created false" '^node1\|f$' "$out"

# --- refusals ----------------------------------------------------------
out=$(an "SELECT * FROM add_data_node('noprep', host => '127.0.0.1', port => $NOPREP_PORT)")
expect_match "max_prepared_transactions=0 refused" 'ERROR:  prepared transactions need to be enabled' "$out"
expect_match "max_prepared_transactions=0: DETAIL" 'DETAIL:  Parameter max_prepared_transactions=0\.' "$out"
expect_match "max_prepared_transactions=0: HINT" 'HINT:  Configuration parameter max_prepared_transactions must be set >0 \(changes will require restart\)\.' "$out"
expect_eq "max_prepared_transactions=0: no database created" f "$(db_exists "$NOPREP_PORT" $DB)"

out=$(an "SELECT node_name, node_created FROM add_data_node('low', host => '127.0.0.1', port => $LOW_PORT)")
expect_match "max_prepared_transactions < max_connections warns" 'WARNING:  max_prepared_transactions is set low' "$out"
expect_match "low max_prepared_transactions: DETAIL" 'DETAIL:  Parameters max_prepared_transactions=10, max_connections=100\.' "$out"
expect_match "low max_prepared_transactions: node added" '^low\|t$' "$out"
expect_eq "low: delete with drop_database" t "$(an "SELECT delete_data_node('low', drop_database => true)")"
expect_eq "low: database dropped" f "$(db_exists "$LOW_PORT" $DB)"

out=$(an "SELECT * FROM add_data_node('noext', host => '127.0.0.1', port => $NOEXT_PORT)")
expect_match "server without the extension refused" 'ERROR:  TimescaleDB extension not available on remote PostgreSQL instance' "$out"
expect_match "server without the extension: HINT" 'HINT:  Install the TimescaleDB extension on the remote PostgreSQL instance\.' "$out"
expect_eq "server without the extension: no database created" f "$(db_exists "$NOEXT_PORT" $DB)"

# The same server offering only another major.minor version of the extension.
EXT_DIR=$NOEXT_STAGE/usr/share/postgresql/$PG_MAJOR/extension
printf "default_version = '9.9.0'\nmodule_pathname = '\$libdir/timescaledb_dist'\nrelocatable = false\n" >"$EXT_DIR/timescaledb_dist.control"
echo "SELECT 1;" >"$EXT_DIR/timescaledb_dist--9.9.0.sql"
out=$(an "SELECT * FROM add_data_node('noext', host => '127.0.0.1', port => $NOEXT_PORT)")
expect_match "incompatible extension version refused" 'ERROR:  remote PostgreSQL instance has an incompatible timescaledb extension version' "$out"
expect_match "incompatible extension version: DETAIL" 'DETAIL:  Access node version: 0\.1\.0, available remote versions: 9\.9\.0\.' "$out"

out=$(an "SELECT * FROM add_data_node('gone', host => '127.0.0.1', port => $UNREACHABLE_PORT)")
expect_match "unreachable port refused" 'ERROR:  could not connect to "gone"' "$out"
expect_match "unreachable port: libpq reason in DETAIL" "DETAIL:  connection to server at \"127.0.0.1\", port $UNREACHABLE_PORT failed: Connection refused" "$out"

out=$(an "SELECT * FROM add_data_node('self', host => '127.0.0.1', port => $AN_PORT)")
expect_match "the access node's own database refused" 'ERROR:  cannot add the current database as a data node to itself' "$out"

q "$AN_PORT" postgres -c "CREATE DATABASE other_an"
q "$AN_PORT" other_an -c "CREATE EXTENSION timescaledb_dist"
out=$(q "$AN_PORT" other_an -c "SELECT * FROM add_data_node('node1', host => '127.0.0.1', port => ${DN_PORTS[1]}, database => '$DB')" 2>&1)
expect_match "a member of another distributed database refused" 'ERROR:  database is already a member of a distributed database' "$out"
out=$(q "${DN_PORTS[1]}" $DB -c "SELECT * FROM add_data_node('x', host => '127.0.0.1', port => ${DN_PORTS[2]})" 2>&1)
expect_match "adding data nodes on a data node refused" 'ERROR:  unable to assign data nodes from an existing distributed database' "$out"
expect_eq "refusals left the catalog unchanged" "node1 node2 node3" \
	"$(an "SELECT string_agg(node_name, ' ' ORDER BY node_name) FROM timescaledb_information.data_nodes")"

# --- password logins -----------------------------------------------------
# node2's server asks dist_user for a password; the user mapping carries it.
q "${DN_PORTS[2]}" postgres -c "CREATE ROLE dist_user SUPERUSER LOGIN PASSWORD 'pw-secret'"
q "$AN_PORT" postgres -c "CREATE ROLE dist_user SUPERUSER LOGIN"
sed -i "1i host all dist_user 127.0.0.1/32 scram-sha-256" "${DN_DIRS[2]}/data/pg_hba.conf"
runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "${DN_DIRS[2]}/data" reload >/dev/null
sleep 0.5
as_user() { psql -X -q -At -h 127.0.0.1 -p "$AN_PORT" -U dist_user -d "$DB" -c "$1" 2>&1; }
out=$(as_user "SELECT * FROM add_data_node('pwnode', host => '127.0.0.1', port => ${DN_PORTS[2]}, database => 'pw_db')")
expect_match "no password: could not connect" 'ERROR:  could not connect to "pwnode"' "$out"
out=$(as_user "SELECT node_name, database_created FROM add_data_node('pwnode', host => '127.0.0.1', port => ${DN_PORTS[2]}, database => 'pw_db', password => 'pw-secret')")
expect_eq "password: add_data_node logs in with it" "pwnode|t" "$out"
expect_eq "password: owned by dist_user, not in the view" "dist_user|{host=127.0.0.1,port=${DN_PORTS[2]},dbname=pw_db}" \
	"$(an "SELECT owner, options FROM timescaledb_information.data_nodes WHERE node_name = 'pwnode'")"
expect_eq "password: kept in a user mapping for dist_user" "dist_user" \
	"$(an "SELECT usename FROM pg_user_mappings WHERE srvname = 'pwnode'")"
expect_eq "password: never in the server log" 0 "$(grep -c 'pw-secret' "$AN_DIR/server.log" "${DN_DIRS[2]}/server.log" | awk -F: '{s+=$2} END {print s}')"
expect_eq "password: delete with drop_database uses it" t \
	"$(as_user "SELECT delete_data_node('pwnode', drop_database => true)")"
expect_eq "password: database dropped" f "$(db_exists "${DN_PORTS[2]}" pw_db)"

# --- a server without the postgres database: template1 is used -------------
q "${DN_PORTS[2]}" template1 -c "DROP DATABASE postgres"
out=$(an "SELECT node_name, database_created FROM add_data_node('fallback', host => '127.0.0.1', port => ${DN_PORTS[2]}, database => 'fb_db')")
expect_eq "no postgres database: bootstrap connects to template1" "fallback|t" "$out"
expect_eq "no postgres database: delete with drop_database" t \
	"$(an "SELECT delete_data_node('fallback', drop_database => true)")"
expect_eq "no postgres database: database dropped" f "$(db_exists "${DN_PORTS[2]}" fb_db)"

# --- delete ---------------------------------------------------------------
expect_eq "delete node3 keeps its database" t "$(an "SELECT delete_data_node('node3')")"
expect_eq "node3: database still there" t "$(db_exists "${DN_PORTS[3]}" $DB)"
expect_eq "node3: membership cleared" 0 \
	"$(q "${DN_PORTS[3]}" $DB -c "SELECT count(*) FROM _timescaledb_dist_catalog.metadata")"
out=$(an "SELECT node_name, node_created, database_created, extension_created FROM add_data_node('node3', host => '127.0.0.1', port => ${DN_PORTS[3]})")
expect_match "node3 re-added: database NOTICE" "NOTICE:  database \"$DB\" already exists on data node, skipping" "$out"
expect_match "node3 re-added: extension NOTICE" 'NOTICE:  extension "timescaledb_dist" already exists on data node, skipping' "$out"
expect_match "node3 re-added: extension DETAIL" "DETAIL:  TimescaleDB extension version on 127.0.0.1:${DN_PORTS[3]} was 0\.1\.0\." "$out"
expect_match "node3 re-added" '^node3\|t\|f\|f$' "$out"

# A data node whose server is down can still be deleted (membership: WARNING).
pg_instance_stop "${DN_DIRS[3]}"
out=$(an "SELECT delete_data_node('node3')")
expect_match "down node: WARNING" 'WARNING:  could not clear the membership of data node "node3"' "$out"
expect_match "down node: deleted" '^t$' "$out"

for i in 1 2; do
	expect_eq "delete node$i with drop_database" t "$(an "SELECT delete_data_node('node$i', drop_database => true)")"
	expect_eq "node$i: database dropped on the data node" f "$(db_exists "${DN_PORTS[i]}" $DB)"
done
expect_eq "no data nodes left" 0 "$(an "SELECT count(*) FROM timescaledb_information.data_nodes")"
expect_eq "no longer an access node" 0 "$(an "SELECT count(*) FROM _timescaledb_dist_catalog.metadata")"

cluster_done
