#!/usr/bin/env bash
# The seed example as written (scripts/lib/seed_example.sql, host names
# replaced by the local ones) on four real instances: an access node and three
# data nodes. Checks the output, then connects to each data node directly to
# see which rows it holds.
. "$(dirname "$0")/lib.sh"

cluster_start 3
DB=seed
q "$AN_PORT" postgres -c "CREATE DATABASE $DB"

out=$(psql -X -a -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$AN_PORT" -U postgres -d "$DB" \
	-v dn1="${DN_PORTS[1]}" -v dn2="${DN_PORTS[2]}" -v dn3="${DN_PORTS[3]}" \
	-f "$(dirname "$0")/../../scripts/lib/seed_example.sql" 2>&1)
s=$?
expect_eq "the seed example runs to the end" 0 "$s"
[ "$s" -ne 0 ] && tail -n 30 <<<"$out"

an() { q "$AN_PORT" "$DB" -c "$1" 2>&1; }
dn() { q "${DN_PORTS[$1]}" "$DB" -c "$2" 2>&1; }

expect_match "detach_data_node with data: the seed's error" \
	'ERROR:  detaching data node "node1" would mean a data-loss for hypertable "conditions" since data node has the only data replica' "$out"
expect_match "detach_data_node with data: the seed's hint" \
	'HINT:  Ensure the data node "node1" has no non-replicated data before detaching it.' "$out"
expect_match "delete_data_node of a node with data is refused" \
	'ERROR:  deleting data node "node1" would mean a data-loss' "$out"
expect_match "create_distributed_hypertable returns the hypertable" '\(1,public,conditions,t\)' "$out"
expect_match "attach_data_node repartitions" 'the number of partitions in dimension "location" was increased to 3' "$out"

expect_eq "data nodes after the example" "node1 node2 node3" \
	"$(an "SELECT string_agg(node_name, ' ' ORDER BY node_name) FROM timescaledb_information.data_nodes")"
expect_eq "the spare node's database was dropped" 0 \
	"$(q "${DN_PORTS[3]}" postgres -c "SELECT count(*) FROM pg_database WHERE datname = 'demo_spare'")"

total=$(an "SELECT count(*) FROM conditions")
expect_eq "the access node sees every row" 2592 "$total"
expect_eq "the access node stores none" 0 "$(an "SELECT count(*) FROM ONLY conditions")"
sum=0
for i in 1 2 3; do
	n=$(dn "$i" "SELECT count(*) FROM conditions")
	sum=$((sum + n))
	echo "# node$i holds $n rows"
done
expect_eq "rows on the data nodes add up to the access node's count" "$total" "$sum"
expect_eq "node1 and node2 hold the first two days, node3 none of them" 0 \
	"$(dn 3 "SELECT count(*) FROM conditions WHERE time < '2026-11-15'")"
expect_match "node3 got rows of the chunks created after attach" '^[1-9][0-9]*$' \
	"$(dn 3 "SELECT count(*) FROM conditions WHERE time >= '2026-11-15'")"

# Each location of the first two days lives on exactly one node.
locs=""
for i in 1 2; do
	locs+=$(dn "$i" "SELECT string_agg(DISTINCT location, ',' ORDER BY location) FROM conditions WHERE time < '2026-11-15'")
	locs+=","
done
expect_eq "each location of the first two days lives on one node" \
	"attic,cellar,garage,garden,kitchen,office" \
	"$(tr ',' '\n' <<<"$locs" | grep -v '^$' | sort | paste -sd, -)"
for i in 1 2; do
	expect_match "node$i holds some of the first two days" '^[1-9][0-9]*$' \
		"$(dn "$i" "SELECT count(*) FROM conditions WHERE time < '2026-11-15'")"
done

# The catalog agrees with the nodes: every chunk's table exists on its node.
missing=0
while IFS='|' read -r chunk node; do
	[ -z "$chunk" ] && continue
	i=${node#node}
	[ "$(dn "$i" "SELECT count(*) FROM pg_class WHERE relname = '$chunk'")" = 1 ] || missing=$((missing + 1))
done < <(an "SELECT chunk_name, unnest(data_nodes) FROM timescaledb_information.chunks")
expect_eq "every chunk of the catalog exists on its data node" 0 "$missing"

expect_eq "query through the access node equals the sum over the nodes" \
	"$(an "SELECT round(sum(temperature)) FROM conditions WHERE location = 'office'")" \
	"$(for i in 1 2 3; do dn "$i" "SELECT coalesce(sum(temperature), 0) FROM conditions WHERE location = 'office'"; done | awk '{s += $1} END {printf "%d", s}')"

cluster_done
