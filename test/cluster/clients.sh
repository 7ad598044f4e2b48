#!/usr/bin/env bash
# The access node driven by the clients people use, not only psql: Python
# (psycopg 3), Node.js (node-postgres with pg-cursor and pg-copy-streams), Java
# (PostgreSQL JDBC) and pgbench with a custom script. Each client program in
# test/clients/ gets its own distributed hypertable and a plain table with the
# same columns, writes the same rows to both (prepared statements, batches,
# COPY, rolled-back transactions) and compares every read (server-side cursors,
# Grafana-style time_bucket / date_trunc queries with a time filter) with the
# plain table; it prints ok / not ok lines and exits non-zero on a mismatch.
. "$(dirname "$0")/lib.sh"

CLIENTS=$TSDIST_ROOT/test/clients
DB=clients
cluster_start 2
cluster_setup_db $DB 2 || { not_ok "set up $DB"; cluster_done; }
export PGHOST=127.0.0.1 PGPORT=$AN_PORT PGUSER=postgres PGDATABASE=$DB

an() { q "$AN_PORT" "$DB" -c "$1" 2>&1; }

# client_tables NAME: the distributed hypertable NAME (two space partitions,
# 1-hour chunks) and the plain table NAME_ref.
client_tables() {
	local out
	out=$(an "CREATE TABLE $1 (time timestamptz NOT NULL, location text NOT NULL,
	                          temperature double precision, humidity double precision);
	          CREATE TABLE ${1}_ref (LIKE $1);
	          SELECT FROM create_distributed_hypertable('$1', 'time', 'location', 2,
	                                                    chunk_time_interval => interval '1 hour')") ||
		{ not_ok "create the tables $1 and ${1}_ref"; printf '%s\n' "$out"; }
}

# run_client LABEL COMMAND...: runs a client program (its ok / not ok lines are
# this test's) and checks it exited 0.
run_client() {
	local label=$1 s start
	shift
	start=$SECONDS
	"$@" 2>&1
	s=$?
	expect_eq "$label exited 0 ($((SECONDS - start)) s)" 0 "$s"
}

# --- Python: psycopg 3 ---------------------------------------------------------------------------
client_tables cond_py
run_client "psycopg client" /usr/bin/python3 "$CLIENTS/python/psycopg_client.py" cond_py

# --- Node.js: node-postgres, pg-cursor, pg-copy-streams (from npm, pinned by package-lock.json) ---
client_tables cond_node
if [ -d "$CLIENTS/node/node_modules" ] ||
	(cd "$CLIENTS/node" && npm ci --no-audit --no-fund >"$TEST_DIR/npm-ci.log" 2>&1); then
	run_client "node-postgres client" node "$CLIENTS/node/pg_client.js" cond_node
else
	not_ok "npm ci in test/clients/node"
	tail -n 20 "$TEST_DIR/npm-ci.log"
fi

# --- Java: PostgreSQL JDBC (Debian's libpostgresql-jdbc-java), run as a single-file program ------
client_tables cond_jdbc
run_client "JDBC client" java -cp /usr/share/java/postgresql.jar "$CLIENTS/jdbc/JdbcClient.java" \
	"jdbc:postgresql://127.0.0.1:$AN_PORT/$DB?user=postgres" cond_jdbc

# --- pgbench: a custom script, 4 clients, prepared and extended protocol -------------------------
client_tables cond_bench
PGBENCH=$PG_BINDIR/pgbench
[ -x "$PGBENCH" ] || PGBENCH=pgbench
processed=0
for mode in prepared extended; do
	out=$("$PGBENCH" -n -T 5 -c 4 -j 2 -M $mode -f "$CLIENTS/pgbench/insert_read.sql" 2>&1)
	s=$?
	expect_eq "pgbench -M $mode exited 0" 0 "$s"
	n=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' <<<"$out")
	expect_match "pgbench -M $mode processed transactions (${n:-none} in 5 s)" '^[1-9][0-9]*$' "$n"
	expect_eq "pgbench -M $mode: no failed transactions" 0 \
		"$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' <<<"$out")"
	[ "$s" -eq 0 ] || printf '%s\n' "$out" | tail -n 20
	processed=$((processed + ${n:-0}))
done
expect_eq "pgbench: one row per transaction reported processed" "$processed" \
	"$(an "SELECT count(*) FROM cond_bench")"
expect_chunks_placed $DB "pgbench"

cluster_done
