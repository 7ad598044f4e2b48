// hypertable_data_node and chunk_data_node rows (through SPI, as the catalog owner).
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/dist_store.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
}

namespace tsdist::catalog
{

// Runs a catalog statement with an (id, node name) pair of arguments.
static uint64
exec_id_node(const char *sql, int32 id, const char *node)
{
	Oid types[2] = {INT4OID, NAMEOID};
	NameData name;
	namestrcpy(&name, node != NULL ? node : "");
	Datum values[2] = {Int32GetDatum(id), NameGetDatum(&name)};
	return catalog_exec(sql, 2, types, values, NULL);
}

// Runs a counting query with an (id, node name) pair; returns the count.
static int64
count_id_node(const char *sql, int32 id, const char *node)
{
	SPI_connect();
	exec_id_node(sql, id, node);
	int64 n = spi_int64(0, 1);
	SPI_finish();
	return n;
}

void
hypertable_data_node_insert(int32 ht_id, const char *node, int32 node_ht_id)
{
	Oid types[3] = {INT4OID, NAMEOID, INT4OID};
	NameData name;
	namestrcpy(&name, node);
	Datum values[3] = {Int32GetDatum(ht_id), NameGetDatum(&name), Int32GetDatum(node_ht_id)};
	SPI_connect();
	catalog_exec("INSERT INTO _timescaledb_dist_catalog.hypertable_data_node"
	             " (hypertable_id, node_name, node_hypertable_id) VALUES ($1, $2, $3)",
	             3, types, values, NULL);
	SPI_finish();
}

void
hypertable_data_node_delete(int32 ht_id, const char *node)
{
	SPI_connect();
	exec_id_node("DELETE FROM _timescaledb_dist_catalog.hypertable_data_node"
	             " WHERE hypertable_id = $1 AND node_name = $2",
	             ht_id, node);
	SPI_finish();
}

List *
hypertable_data_nodes(int32 ht_id)
{
	MemoryContext caller = CurrentMemoryContext;
	List *nodes = NIL;
	SPI_connect();
	uint64 n = exec_id_node("SELECT node_name::text, node_hypertable_id, block_chunks"
	                        " FROM _timescaledb_dist_catalog.hypertable_data_node"
	                        " WHERE hypertable_id = $1 ORDER BY node_name",
	                        ht_id, "");
	for (uint64 row = 0; row < n; row++)
	{
		MemoryContext spi = MemoryContextSwitchTo(caller);
		auto *hdn = (HypertableDataNode *) palloc0(sizeof(HypertableDataNode));
		namestrcpy(&hdn->node_name, spi_text(row, 1));
		bool isnull;
		hdn->node_hypertable_id = spi_int32(row, 2, &isnull);
		hdn->block_chunks = strcmp(spi_text(row, 3), "t") == 0;
		nodes = lappend(nodes, hdn);
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	return nodes;
}

bool
hypertable_has_data_node(int32 ht_id, const char *node)
{
	return count_id_node("SELECT count(*) FROM _timescaledb_dist_catalog.hypertable_data_node"
	                     " WHERE hypertable_id = $1 AND node_name = $2",
	                     ht_id, node) > 0;
}

List *
hypertables_of_data_node(const char *node)
{
	MemoryContext caller = CurrentMemoryContext;
	List *ids = NIL;
	SPI_connect();
	uint64 n =
	    exec_id_node("SELECT hypertable_id FROM _timescaledb_dist_catalog.hypertable_data_node"
	                 " WHERE node_name = $2 ORDER BY hypertable_id",
	                 0, node);
	for (uint64 row = 0; row < n; row++)
	{
		MemoryContext spi = MemoryContextSwitchTo(caller);
		ids = lappend_int(ids, spi_int32(row, 1));
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	return ids;
}

bool
hypertable_name_by_id(int32 ht_id, char **schema, char **table)
{
	Oid types[1] = {INT4OID};
	Datum values[1] = {Int32GetDatum(ht_id)};
	MemoryContext caller = CurrentMemoryContext;
	bool found = false;
	SPI_connect();
	if (catalog_exec("SELECT schema_name::text, table_name::text"
	                 " FROM _timescaledb_dist_catalog.hypertable WHERE id = $1",
	                 1, types, values, NULL) > 0)
	{
		*schema = MemoryContextStrdup(caller, spi_text(0, 1));
		*table = MemoryContextStrdup(caller, spi_text(0, 2));
		found = true;
	}
	SPI_finish();
	return found;
}

Oid
hypertable_relid_by_id(int32 ht_id)
{
	char *schema;
	char *table;
	if (!hypertable_name_by_id(ht_id, &schema, &table))
		return InvalidOid;
	Oid nsp = get_namespace_oid(schema, true);
	return OidIsValid(nsp) ? get_relname_relid(table, nsp) : InvalidOid;
}

void
hypertable_set_replication_factor(int32 ht_id, int16 replication_factor)
{
	Oid types[2] = {INT4OID, INT2OID};
	Datum values[2] = {Int32GetDatum(ht_id), Int16GetDatum(replication_factor)};
	SPI_connect();
	catalog_exec("UPDATE _timescaledb_dist_catalog.hypertable SET replication_factor = $2"
	             " WHERE id = $1",
	             2, types, values, NULL);
	SPI_finish();
}

void
dimension_set_num_slices(int32 dimension_id, int16 num_slices)
{
	Oid types[2] = {INT4OID, INT2OID};
	Datum values[2] = {Int32GetDatum(dimension_id), Int16GetDatum(num_slices)};
	SPI_connect();
	catalog_exec("UPDATE _timescaledb_dist_catalog.dimension SET num_slices = $2 WHERE id = $1", 2,
	             types, values, NULL);
	SPI_finish();
}

// The chunks of $1 with a replica on $2, with their number of replicas.
#define CHUNK_REPLICAS_ON_NODE                                                                     \
	"SELECT cdn.chunk_id, (SELECT count(*) FROM _timescaledb_dist_catalog.chunk_data_node o"       \
	" WHERE o.chunk_id = cdn.chunk_id) AS replicas"                                                \
	" FROM _timescaledb_dist_catalog.chunk_data_node cdn"                                          \
	" JOIN _timescaledb_dist_catalog.chunk c ON c.id = cdn.chunk_id"                               \
	" WHERE c.hypertable_id = $1 AND cdn.node_name = $2"

int64
chunks_only_on_data_node(int32 ht_id, const char *node)
{
	return count_id_node("SELECT count(*) FROM (" CHUNK_REPLICAS_ON_NODE ") r WHERE replicas = 1",
	                     ht_id, node);
}

int64
chunks_replicated_on_data_node(int32 ht_id, const char *node)
{
	return count_id_node("SELECT count(*) FROM (" CHUNK_REPLICAS_ON_NODE ") r WHERE replicas > 1",
	                     ht_id, node);
}

int64
chunks_with_fewer_replicas(int32 ht_id, int replicas)
{
	return count_id_node(
	    psprintf("SELECT count(*) FROM _timescaledb_dist_catalog.chunk c"
	             " WHERE c.hypertable_id = $1 AND $2 IS NOT NULL AND (SELECT count(*)"
	             " FROM _timescaledb_dist_catalog.chunk_data_node cdn"
	             " WHERE cdn.chunk_id = c.id) < %d",
	             replicas),
	    ht_id, "");
}

void
chunk_data_node_delete_for(int32 ht_id, const char *node)
{
	SPI_connect();
	exec_id_node("DELETE FROM _timescaledb_dist_catalog.chunk_data_node cdn"
	             " USING _timescaledb_dist_catalog.chunk c"
	             " WHERE c.id = cdn.chunk_id AND c.hypertable_id = $1 AND cdn.node_name = $2",
	             ht_id, node);
	SPI_finish();
}

void
chunk_data_node_insert(int32 chunk_id, int32 node_chunk_id, const char *node)
{
	Oid types[3] = {INT4OID, INT4OID, NAMEOID};
	NameData name;
	namestrcpy(&name, node);
	Datum values[3] = {Int32GetDatum(chunk_id), Int32GetDatum(node_chunk_id), NameGetDatum(&name)};
	SPI_connect();
	catalog_exec("INSERT INTO _timescaledb_dist_catalog.chunk_data_node"
	             " (chunk_id, node_chunk_id, node_name) VALUES ($1, $2, $3)",
	             3, types, values, NULL);
	SPI_finish();
}

} // namespace tsdist::catalog
