#!/usr/bin/env bash
# Reading distributed hypertables on real separate instances: 100k rows
# copied through the access node come back exactly (counts, sums, ordered
# LIMIT, filters), with replication factor 2 every row once; the access
# node's DateStyle and time zone do not change what the nodes are asked;
# remote errors carry the node's name; UPDATE counts add up.
. "$(dirname "$0")/lib.sh"

cluster_start 3
DB=dist_read

an() { q "$AN_PORT" "$DB" -c "$1" 2>&1; }
dn() { q "${DN_PORTS[$1]}" "$DB" -c "$2" 2>&1; }

q "$AN_PORT" postgres -c "CREATE DATABASE $DB"
q "$AN_PORT" "$DB" -c "CREATE EXTENSION timescaledb_dist"
for i in 1 2 3; do
	an "SELECT node_name FROM add_data_node('node$i', host => '127.0.0.1', port => ${DN_PORTS[i]})" >/dev/null
done

ROWS="SELECT timestamptz '2024-01-01' + n * interval '10 seconds' AS time, n % 30 AS device,
             (n % 1000)::float8 AS value FROM generate_series(1, 100000) n"
an "CREATE TABLE metrics (time timestamptz NOT NULL, device int NOT NULL, value float8)" >/dev/null
an "CREATE TABLE replicated (time timestamptz NOT NULL, device int NOT NULL, value float8)" >/dev/null
an "SELECT create_distributed_hypertable('metrics', 'time', 'device', 3,
        chunk_time_interval => interval '1 day')" >/dev/null
an "SELECT create_distributed_hypertable('replicated', 'time', 'device', 3, replication_factor => 2,
        chunk_time_interval => interval '1 day')" >/dev/null
q "$AN_PORT" "$DB" -c "COPY ($ROWS) TO STDOUT" | q "$AN_PORT" "$DB" -c "COPY metrics FROM STDIN"
q "$AN_PORT" "$DB" -c "COPY ($ROWS) TO STDOUT" | q "$AN_PORT" "$DB" -c "COPY replicated FROM STDIN"
an "CREATE TABLE expected AS $ROWS" >/dev/null

for t in metrics replicated; do
	expect_eq "$t: every row once" "100000 100000 $(an "SELECT sum(value) FROM expected")" \
		"$(an "SELECT count(*) || ' ' || count(DISTINCT time) || ' ' || sum(value) FROM $t")"
	expect_eq "$t: no difference to a local table" 0 \
		"$(an "SELECT count(*) FROM ((TABLE $t EXCEPT ALL TABLE expected)
		       UNION ALL (TABLE expected EXCEPT ALL TABLE $t)) x")"
	expect_eq "$t: grouped sums" "$(an "SELECT string_agg(device || ':' || s, ',' ORDER BY device)
		       FROM (SELECT device, sum(value) s FROM expected GROUP BY 1) x")" \
		"$(an "SELECT string_agg(device || ':' || s, ',' ORDER BY device)
		       FROM (SELECT device, sum(value) s FROM $t GROUP BY 1) x")"
	expect_eq "$t: ordered LIMIT" "$(an "SELECT string_agg(time::text, ',') FROM
		       (SELECT time FROM expected ORDER BY time DESC LIMIT 5) x")" \
		"$(an "SELECT string_agg(time::text, ',') FROM
		       (SELECT time FROM $t ORDER BY time DESC LIMIT 5) x")"
	expect_eq "$t: time and space filter" \
		"$(an "SELECT count(*) FROM expected WHERE time >= '2024-01-05' AND time < '2024-01-07 12:00'
		       AND device IN (3, 17)")" \
		"$(an "SELECT count(*) FROM $t WHERE time >= '2024-01-05' AND time < '2024-01-07 12:00'
		       AND device IN (3, 17)")"
done
expect_eq "replicated: every row is on two nodes" 200000 \
	"$(for i in 1 2 3; do dn "$i" "SELECT count(*) FROM replicated"; done | paste -sd+ | bc)"

# DateStyle and time zone of the access node session do not change the answer.
iso=$(an "SELECT count(*) FROM metrics WHERE time < '2024-01-02 03:04:05+00'")
other=$(q "$AN_PORT" "$DB" -c "SET datestyle = 'SQL, DMY'" -c "SET timezone = 'Asia/Tokyo'" \
	-c "SELECT count(*) FROM metrics WHERE time < '02/01/2024 12:04:05'" 2>&1)
expect_eq "DateStyle SQL, DMY and another time zone: same rows" "$iso" "$other"
expect_eq "... as the local table" "$iso" \
	"$(an "SELECT count(*) FROM expected WHERE time < '2024-01-02 03:04:05+00'")"

# A remote error names the node and keeps its SQLSTATE.
out=$(q "$AN_PORT" "$DB" -v VERBOSITY=verbose -c "SELECT count(*) FROM metrics WHERE 1 / (device - device) > 0" 2>&1)
expect_match "a remote error names its node" '\[node[123]\]: .*division by zero' "$out"
expect_match "... with its SQLSTATE" '22012' "$out"
expect_eq "the session works afterwards" 100000 "$(an "SELECT count(*) FROM metrics")"

# UPDATE / DELETE are counted once per row, also with replicas.
expect_eq "UPDATE count: each row once" "$(an "SELECT count(*) FROM expected WHERE device = 7")" \
	"$(q "$AN_PORT" "$DB" -c "UPDATE replicated SET value = -1 WHERE device = 7" -c '\echo :ROW_COUNT')"
expect_eq "both replicas changed" "$(an "SELECT 2 * count(*) FROM expected WHERE device = 7")" \
	"$(for i in 1 2 3; do dn "$i" "SELECT count(*) FROM replicated WHERE value = -1"; done |
	   paste -sd+ | bc)"

cluster_done
