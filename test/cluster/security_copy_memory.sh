#!/usr/bin/env bash
# Issue 9 item 10: COPY into a hypertable (local or distributed) keeps the
# backend's memory flat, as COPY into a plain table does. Each statement runs
# in a fresh session; the test samples the backend's anonymous resident memory
# (RssAnon in /proc/<pid>/status: no shared buffers) while it runs and checks
# the peak growth. Rows' values used to stay in the portal's memory until the
# end of the statement (about 40 bytes a row, 20 MB for the 500k rows here).
. "$(dirname "$0")/lib.sh"

cluster_start 1
DB=security_copy_memory
cluster_setup_db $DB 1 || { not_ok "set up $DB"; cluster_done; }
an() { q "$AN_PORT" $DB -c "$1" 2>&1; }

ROWS=500000
an "CREATE TABLE plain (time timestamptz NOT NULL, dev int NOT NULL, v float8, note text)" >/dev/null
an "CREATE TABLE local_ht (LIKE plain)" >/dev/null
an "CREATE TABLE dist_ht (LIKE plain)" >/dev/null
an "SELECT create_hypertable('local_ht', 'time', 'dev', 2, chunk_time_interval => interval '1 day')" >/dev/null
an "SELECT create_distributed_hypertable('dist_ht', 'time', 'dev', chunk_time_interval => interval '1 day')" >/dev/null
CSV=$TEST_DIR/rows.csv
awk -v n=$ROWS 'BEGIN { for (i = 0; i < n; i++)
	printf "2026-02-%02d %02d:%02d:00+00,%d,%d.5,note %d\n", 1 + i % 3, (i / 60) % 24, i % 60, i % 10, i, i }' >"$CSV"
chmod 644 "$CSV"

# peak_growth SQL: runs SQL in a new session; prints the peak growth of the
# backend's RssAnon (kB) while SQL ran.
peak_growth() {
	local sql=$1 bg pid="" base cur peak=0 i
	PGAPPNAME=memprobe psql -X -q -At -h 127.0.0.1 -p "$AN_PORT" -U postgres -d $DB \
		-c "SELECT pg_sleep(0.5)" -c "$sql" >"$TEST_DIR/probe.out" 2>&1 &
	bg=$!
	for i in $(seq 50); do
		pid=$(an "SELECT pid FROM pg_stat_activity WHERE application_name = 'memprobe'")
		[ -n "$pid" ] && break
		sleep 0.05
	done
	base=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status")
	while kill -0 "$bg" 2>/dev/null; do
		cur=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null)
		[ -n "$cur" ] && [ "$cur" -gt "$peak" ] && peak=$cur
		sleep 0.02
	done
	wait "$bg" || cat "$TEST_DIR/probe.out" >&2
	echo $((peak - base))
}

# expect_flat LABEL GROWTH_KB LIMIT_KB
expect_flat() {
	if [ "$2" -lt "$3" ]; then ok "$1: grew $2 kB (limit $3 kB)"; else
		not_ok "$1: grew $2 kB, limit $3 kB"
	fi
}

plain=$(peak_growth "\\copy plain FROM '$CSV' WITH (FORMAT csv)")
expect_eq "plain table: every row copied" $ROWS "$(an "SELECT count(*) FROM plain")"
# Limits over the plain table's growth: 8 MB for a local hypertable (batches of
# 1000 rows), 12 MB for a distributed one (it buffers up to 4 MB for the nodes).
local_copy=$(peak_growth "\\copy local_ht FROM '$CSV' WITH (FORMAT csv)")
expect_eq "local hypertable: every row copied" $ROWS "$(an "SELECT count(*) FROM local_ht")"
expect_flat "COPY into a local hypertable" "$local_copy" $((plain + 8192))
dist_copy=$(peak_growth "\\copy dist_ht FROM '$CSV' WITH (FORMAT csv)")
expect_eq "distributed hypertable: every row copied" $ROWS "$(an "SELECT count(*) FROM dist_ht")"
expect_flat "COPY into a distributed hypertable" "$dist_copy" $((plain + 12288))

# INSERT ... SELECT goes through the HypertableInsert node.
local_insert=$(peak_growth "INSERT INTO local_ht SELECT * FROM plain")
expect_flat "INSERT ... SELECT into a local hypertable" "$local_insert" $((plain + 8192))
dist_insert=$(peak_growth "INSERT INTO dist_ht SELECT * FROM plain")
expect_flat "INSERT ... SELECT into a distributed hypertable" "$dist_insert" $((plain + 12288))
expect_eq "every row inserted" "$((2 * ROWS)) $((2 * ROWS))" \
	"$(an "SELECT (SELECT count(*) FROM local_ht) || ' ' || (SELECT count(*) FROM dist_ht)")"

cluster_done
