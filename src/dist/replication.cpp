// The replication factor of distributed hypertables and where new chunks go.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/dist_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "core/chunk_placement.hpp"
#include "dist/data_node_attach.hpp"
#include "dist/dist_hypertable.hpp"
#include "dist/node_commands.hpp"
#include "catalog/metadata_store.hpp"

#include <new>

extern "C"
{
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
}

namespace tsdist::dist
{

void
set_replication_factor(Oid relid, int replication_factor)
{
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
		                errmsg("table \"%s\" is not a hypertable", get_rel_name(relid))));
	check_replication_factor(replication_factor);
	if (ht->replication_factor <= 0)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("hypertable \"%s\" is not distributed", get_rel_name(relid))));
	if (!pg_class_ownercheck(relid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, get_rel_name(relid));
	LockRelationOid(relid, ShareUpdateExclusiveLock);
	int nodes = list_length(catalog::hypertable_data_nodes(ht->id));
	if (replication_factor > nodes)
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		         errmsg("replication factor too large for hypertable \"%s\"", get_rel_name(relid)),
		         errdetail("The hypertable has %d data nodes attached, while the replication "
		                   "factor is %d.",
		                   nodes, replication_factor),
		         errhint("Decrease the replication factor or attach more data nodes to the "
		                 "hypertable.")));
	catalog::hypertable_set_replication_factor(ht->id, (int16) replication_factor);
	catalog::hypertable_cache_invalidate(relid);
	if (catalog::chunks_with_fewer_replicas(ht->id, replication_factor) > 0)
		ereport(WARNING,
		        (errmsg("hypertable \"%s\" is under-replicated", get_rel_name(relid)),
		         errdetail("Some chunks have less than %d replicas.", replication_factor)));
}

void
members_set_number_partitions(const catalog::Hypertable *ht, const char *column, int partitions)
{
	List *names = NIL;
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht->id))
		names = lappend(names,
		                pstrdup(NameStr(((catalog::HypertableDataNode *) lfirst(lc))->node_name)));
	warn_if_too_few_partitions(column, partitions, list_length(names));
	if (names == NIL)
		return;
	char *qualified = quote_qualified_identifier(NameStr(ht->schema_name), NameStr(ht->table_name));
	node_commands_run(names, psprintf("SELECT %s.set_number_partitions(%s::pg_catalog.regclass, %d,"
	                                  " %s::pg_catalog.name)",
	                                  quote_identifier(catalog::extension_schema()),
	                                  quote_literal_cstr(qualified), partitions,
	                                  quote_literal_cstr(column)));
}

// Attached nodes of `ht_id` that may get new chunks (available, not blocked).
static List *
eligible_nodes(int32 ht_id)
{
	List *names = NIL;
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht_id))
	{
		auto *hdn = (catalog::HypertableDataNode *) lfirst(lc);
		ForeignServer *server = catalog::data_node_get(NameStr(hdn->node_name), true);
		if (!hdn->block_chunks && server != NULL && catalog::data_node_options(server).available)
			names = lappend(names, pstrdup(NameStr(hdn->node_name)));
	}
	return names;
}

// The placement ordinal of a chunk: its space slice, else its time slice.
static int64
placement_ordinal(const catalog::Hypertable *ht, const int64 *range_starts, int nslices)
{
	for (int d = 0; d < ht->num_dimensions && d < nslices; d++)
		if (ht->dimensions[d].is_space)
			return core::space_slice_ordinal(range_starts[d], ht->dimensions[d].num_slices);
	return core::time_slice_ordinal(range_starts[0], ht->dimensions[0].interval_length);
}

// core::place_chunk into `out` (room for replication_factor entries); no
// PostgreSQL call in this frame. Returns the count, -1 when out of memory.
static int
place(int num_nodes, int replication_factor, int64 ordinal, int *out)
{
	try
	{
		std::vector<size_t> chosen =
		    core::place_chunk((size_t) num_nodes, replication_factor, ordinal);
		for (size_t i = 0; i < chosen.size(); i++)
			out[i] = (int) chosen[i];
		return (int) chosen.size();
	}
	catch (const std::bad_alloc &)
	{
		return -1;
	}
}

List *
chunk_placement(int32 ht_id, const int64 *range_starts, int nslices)
{
	Oid relid = catalog::hypertable_relid_by_id(ht_id);
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL || ht->replication_factor <= 0)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("hypertable %d is not distributed", ht_id)));
	if (nslices != ht->num_dimensions)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("a chunk of hypertable \"%s\" needs %d slices", get_rel_name(relid),
		                       ht->num_dimensions)));
	List *nodes = eligible_nodes(ht_id);
	if (list_length(nodes) < ht->replication_factor)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("insufficient number of available data nodes"),
		                errhint("Increase the number of available data nodes on hypertable \"%s\".",
		                        get_rel_name(relid))));
	int *chosen = (int *) palloc0(sizeof(int) * (ht->replication_factor + 1));
	int n = place(list_length(nodes), ht->replication_factor,
	              placement_ordinal(ht, range_starts, nslices), chosen);
	if (n < 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	List *result = NIL;
	for (int i = 0; i < n; i++)
		result = lappend(result, list_nth(nodes, chosen[i]));
	return result;
}

} // namespace tsdist::dist
