// Creating and dropping the chunks of distributed hypertables on data nodes.
#include "pg/pg.hpp"
#include "dist/dist_chunk.hpp"
#include "catalog/catalog.hpp"
#include "catalog/chunk_node_store.hpp"
#include "catalog/dist_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/data_node_attach.hpp"
#include "dist/node_commands.hpp"
#include "hypertable/chunk_create.hpp"

extern "C"
{
#include "access/xact.h"
#include "executor/spi.h"
#include "utils/acl.h"
#include "utils/builtins.h"
}

namespace tsdist::dist
{

// A bigint[] literal of the first `n` values.
static char *
int8_array_literal(const int64 *values, int n)
{
	StringInfoData buf;
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < n; i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT, i > 0 ? "," : "", values[i]);
	appendStringInfoChar(&buf, '}');
	return quote_literal_cstr(buf.data);
}

// The create_chunk call a data node runs for `chunk` of `ht`.
static char *
create_chunk_sql(const catalog::Hypertable *ht, const catalog::ChunkInfo *chunk)
{
	const char *member =
	    quote_qualified_identifier(NameStr(ht->schema_name), NameStr(ht->table_name));
	return psprintf(
	    "SELECT chunk_id FROM _timescaledb_dist_functions.create_chunk("
	    "%s::pg_catalog.regclass, %s::pg_catalog.int8[], %s::pg_catalog.int8[], %s, %s)",
	    quote_literal_cstr(member), int8_array_literal(chunk->range_start, ht->num_dimensions),
	    int8_array_literal(chunk->range_end, ht->num_dimensions),
	    quote_literal_cstr(NameStr(chunk->schema_name)),
	    quote_literal_cstr(NameStr(chunk->table_name)));
}

// Places a new chunk: creates it on the chosen nodes and records them.
static List *
place_new_chunk(const catalog::Hypertable *ht, const catalog::ChunkInfo *chunk)
{
	List *nodes = chunk_placement(ht->id, chunk->range_start, ht->num_dimensions);
	char **ids = node_commands_run(nodes, create_chunk_sql(ht, chunk));
	for (int i = 0; i < list_length(nodes); i++)
	{
		if (ids[i] == NULL)
			elog(ERROR, "create_chunk on data node \"%s\" returned no chunk id",
			     (const char *) list_nth(nodes, i));
		catalog::chunk_data_node_insert(chunk->id, pg_strtoint32(ids[i]),
		                                (const char *) list_nth(nodes, i));
	}
	CommandCounterIncrement();
	return nodes;
}

catalog::ChunkInfo *
dist_chunk_find_or_create(const catalog::Hypertable *ht, const int64 *point, List **nodes)
{
	bool created = false;
	catalog::ChunkInfo *chunk = hypertable::chunk_find_or_create(ht, point, &created);
	*nodes = created ? place_new_chunk(ht, chunk) : catalog::chunk_data_node_names(chunk->id);
	return chunk;
}

void
dist_chunk_drop(const catalog::ChunkInfo *chunk)
{
	List *nodes = catalog::chunk_data_node_names(chunk->id);
	if (nodes != NIL)
		node_commands_run(nodes, psprintf("DROP TABLE IF EXISTS %s",
		                                  quote_qualified_identifier(NameStr(chunk->schema_name),
		                                                             NameStr(chunk->table_name))));
	Oid types[1] = {INT4OID};
	Datum values[1] = {Int32GetDatum(chunk->id)};
	catalog::catalog_run("DELETE FROM _timescaledb_dist_catalog.chunk WHERE id = $1", 1, types,
	                     values);
	catalog::catalog_run("DELETE FROM _timescaledb_dist_catalog.dimension_slice s"
	                     " WHERE NOT EXISTS (SELECT FROM _timescaledb_dist_catalog.chunk_constraint"
	                     " cc WHERE cc.dimension_slice_id = s.id)");
	if (OidIsValid(hypertable::chunk_relid(chunk)))
		catalog::catalog_run(
		    psprintf("DROP TABLE %s", quote_qualified_identifier(NameStr(chunk->schema_name),
		                                                         NameStr(chunk->table_name))));
	CommandCounterIncrement();
}

// The hypertable id of chunk `chunk_id`, or 0.
static int32
chunk_hypertable_id(int32 chunk_id)
{
	Oid types[1] = {INT4OID};
	Datum values[1] = {Int32GetDatum(chunk_id)};
	SPI_connect();
	int32 id = 0;
	if (catalog::catalog_exec("SELECT hypertable_id FROM _timescaledb_dist_catalog.chunk"
	                          " WHERE id = $1",
	                          1, types, values, NULL) > 0)
		id = catalog::spi_int32(0, 1);
	SPI_finish();
	return id;
}

void
dist_chunk_dropped(int32 chunk_id)
{
	Oid relid = catalog::hypertable_relid_by_id(chunk_hypertable_id(chunk_id));
	catalog::Hypertable *ht = OidIsValid(relid) ? catalog::hypertable_get(relid) : NULL;
	if (ht == NULL || ht->replication_factor <= 0)
		return;
	// Who dropped the placeholder may drop the chunk: its owner (the
	// hypertable's). Callable by PUBLIC, so nobody else gets this far.
	if (!pg_class_ownercheck(ht->relid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, NameStr(ht->table_name));
	ListCell *lc;
	foreach (lc, catalog::chunk_list(ht))
	{
		catalog::ChunkInfo *c = (catalog::ChunkInfo *) lfirst(lc);
		if (c->id == chunk_id && !OidIsValid(hypertable::chunk_relid(c)))
			dist_chunk_drop(c);
	}
}

} // namespace tsdist::dist
