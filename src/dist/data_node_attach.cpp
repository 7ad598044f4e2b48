// attach_data_node, detach_data_node and the checks they share with
// delete_data_node.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/dist_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/data_node_attach.hpp"
#include "dist/dist_hypertable.hpp"
#include "dist/member_deparse.hpp"
#include "dist/node_commands.hpp"

extern "C"
{
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
}

namespace tsdist::dist
{

// The distributed hypertable of `relid`, owned by the current user.
static catalog::Hypertable *
distributed_hypertable(Oid relid)
{
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
		                errmsg("table \"%s\" is not a hypertable", get_rel_name(relid))));
	if (ht->replication_factor <= 0)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("hypertable \"%s\" is not distributed", get_rel_name(relid))));
	if (!pg_class_ownercheck(relid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, get_rel_name(relid));
	return ht;
}

// The space dimension of `ht`, or NULL.
static catalog::Dimension *
space_dimension(catalog::Hypertable *ht)
{
	for (int i = 0; i < ht->num_dimensions; i++)
		if (ht->dimensions[i].is_space)
			return &ht->dimensions[i];
	return NULL;
}

// The member hypertable id recorded for `node` on `ht_id` (0 when unknown).
static int32
node_hypertable_id(int32 ht_id, const char *node)
{
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht_id))
	{
		auto *hdn = (catalog::HypertableDataNode *) lfirst(lc);
		if (strcmp(NameStr(hdn->node_name), node) == 0)
			return hdn->node_hypertable_id;
	}
	return 0;
}

// With repartition: at least as many space partitions as attached nodes.
static void
repartition_up(catalog::Hypertable *ht)
{
	catalog::Dimension *dim = space_dimension(ht);
	int nodes = list_length(catalog::hypertable_data_nodes(ht->id));
	if (dim == NULL || dim->num_slices >= nodes)
		return;
	catalog::dimension_set_num_slices(dim->id, (int16) nodes);
	catalog::hypertable_cache_invalidate(ht->relid);
	ereport(NOTICE,
	        (errmsg("the number of partitions in dimension \"%s\" was increased to %u",
	                NameStr(dim->column_name), (unsigned) nodes),
	         errdetail("To make use of all attached data nodes, a distributed hypertable needs at "
	                   "least as many partitions in the first closed (space) dimension as there "
	                   "are attached data nodes.")));
}

AttachResult
attach_data_node(const char *node, Oid relid, bool if_not_attached, bool repartition)
{
	ForeignServer *server = catalog::data_node_get(node, false);
	AclResult acl = pg_foreign_server_aclcheck(server->serverid, GetUserId(), ACL_USAGE);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_FOREIGN_SERVER, server->servername);
	catalog::Hypertable *ht = distributed_hypertable(relid);
	LockRelationOid(relid, ShareUpdateExclusiveLock);
	if (catalog::hypertable_has_data_node(ht->id, node))
	{
		if (!if_not_attached)
			ereport(ERROR, (errcode(ERRCODE_DUPLICATE_OBJECT),
			                errmsg("data node \"%s\" is already attached to hypertable \"%s\"",
			                       node, get_rel_name(relid))));
		ereport(NOTICE,
		        (errmsg("data node \"%s\" is already attached to hypertable \"%s\", skipping", node,
		                get_rel_name(relid))));
		return {ht->id, node_hypertable_id(ht->id, node), server->servername};
	}
	create_members(ht, list_make1(server->servername));
	if (repartition)
		repartition_up(ht);
	return {ht->id, node_hypertable_id(ht->id, node), server->servername};
}

// Number of nodes attached to `ht_id`, other than `node`, that are available.
static int
available_other_nodes(int32 ht_id, const char *node)
{
	int n = 0;
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht_id))
	{
		const char *name = NameStr(((catalog::HypertableDataNode *) lfirst(lc))->node_name);
		ForeignServer *server = catalog::data_node_get(name, true);
		if (strcmp(name, node) != 0 && server != NULL &&
		    catalog::data_node_options(server).available)
			n++;
	}
	return n;
}

// Refuses to lose the only replica of a chunk; replicated data needs force.
static void
check_chunks(const catalog::Hypertable *ht, const char *node, bool deleting, bool force)
{
	const char *table = NameStr(ht->table_name);
	if (catalog::chunks_only_on_data_node(ht->id, node) > 0)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("%s data node \"%s\" would mean a data-loss for hypertable \"%s\" "
		                       "since data node has the only data replica",
		                       deleting ? "deleting" : "detaching", node, table),
		                errhint("Ensure the data node \"%s\" has no non-replicated data before %s "
		                        "it.",
		                        node, deleting ? "deleting" : "detaching")));
	if (!force && catalog::chunks_replicated_on_data_node(ht->id, node) > 0)
		ereport(ERROR,
		        (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		         errmsg("data node \"%s\" still holds data for distributed hypertable \"%s\"", node,
		                table)));
}

// With force: forgets the node's replicas of chunks that have others (WARNING).
static void
drop_replicas(const catalog::Hypertable *ht, const char *node)
{
	if (catalog::chunks_replicated_on_data_node(ht->id, node) == 0)
		return;
	ereport(WARNING,
	        (errmsg("distributed hypertable \"%s\" is under-replicated", NameStr(ht->table_name)),
	         errdetail("Some chunks no longer meet the replication target after "
	                   "detaching data node \"%s\".",
	                   node)));
	catalog::chunk_data_node_delete_for(ht->id, node);
}

// Fewer available nodes than the replication factor: ERROR, WARNING with force.
static void
check_replication(const catalog::Hypertable *ht, const char *node, bool force)
{
	if (available_other_nodes(ht->id, node) >= ht->replication_factor)
		return;
	const char *table = NameStr(ht->table_name);
	ereport(force ? WARNING : ERROR,
	        (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
	         errmsg("insufficient number of data nodes for distributed hypertable \"%s\"", table),
	         errdetail("Reducing the number of available data nodes on distributed hypertable "
	                   "\"%s\" prevents full replication of new chunks.",
	                   table),
	         force ? 0 : errhint("Use force => true to force this operation.")));
}

// With repartition: no more space partitions than attached nodes.
static void
repartition_down(catalog::Hypertable *ht)
{
	catalog::Dimension *dim = space_dimension(ht);
	int nodes = list_length(catalog::hypertable_data_nodes(ht->id));
	if (dim == NULL || nodes == 0 || dim->num_slices <= nodes)
		return;
	catalog::dimension_set_num_slices(dim->id, (int16) nodes);
	catalog::hypertable_cache_invalidate(ht->relid);
	ereport(NOTICE,
	        (errmsg("the number of partitions in dimension \"%s\" of hypertable \"%s\" was "
	                "decreased to %u",
	                NameStr(dim->column_name), NameStr(ht->table_name), (unsigned) nodes),
	         errdetail("To make efficient use of all attached data nodes, the number of space "
	                   "partitions was set to match the number of data nodes.")));
}

// Detaches `node` from one hypertable (after check_chunks on all of them).
static void
detach_one(catalog::Hypertable *ht, const char *node, bool force, bool repartition,
           bool drop_remote_data)
{
	drop_replicas(ht, node);
	check_replication(ht, node, force);
	catalog::hypertable_data_node_delete(ht->id, node);
	if (repartition)
		repartition_down(ht);
	if (drop_remote_data)
		node_commands_run(list_make1(pstrdup(node)), member_drop_sql(ht));
}

// Checks every hypertable first, so nothing changes before an error, then
// detaches the node from each.
static void
detach_all(List *hts, const char *node, bool deleting, bool force, bool repartition,
           bool drop_remote_data)
{
	ListCell *lc;
	foreach (lc, hts)
	{
		auto *ht = (catalog::Hypertable *) lfirst(lc);
		LockRelationOid(ht->relid, ShareUpdateExclusiveLock);
		check_chunks(ht, node, deleting, force);
		if (!force)
			check_replication(ht, node, false);
	}
	foreach (lc, hts)
		detach_one((catalog::Hypertable *) lfirst(lc), node, force, repartition, drop_remote_data);
}

// Every hypertable `node` is attached to; all must be owned by the caller.
static List *
attached_hypertables(const char *node)
{
	List *hts = NIL;
	ListCell *lc;
	foreach (lc, catalog::hypertables_of_data_node(node))
	{
		Oid relid = catalog::hypertable_relid_by_id(lfirst_int(lc));
		if (!OidIsValid(relid))
			continue;
		if (!pg_class_ownercheck(relid, GetUserId()))
			ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			                errmsg("permission denied for hypertable \"%s\"", get_rel_name(relid)),
			                errdetail("The data node is attached to hypertables that the current "
			                          "user lacks permissions for.")));
		hts = lappend(hts, catalog::hypertable_get(relid));
	}
	return hts;
}

int
detach_data_node(const char *node, Oid relid, bool if_attached, bool force, bool repartition,
                 bool drop_remote_data)
{
	ForeignServer *server = catalog::data_node_get(node, false);
	List *hts;
	if (OidIsValid(relid))
	{
		catalog::Hypertable *ht = distributed_hypertable(relid);
		if (!catalog::hypertable_has_data_node(ht->id, server->servername))
		{
			if (!if_attached)
				ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
				                errmsg("data node \"%s\" is not attached to hypertable \"%s\"",
				                       node, get_rel_name(relid))));
			ereport(NOTICE,
			        (errmsg("data node \"%s\" is not attached to hypertable \"%s\", skipping", node,
			                get_rel_name(relid))));
			return 0;
		}
		hts = list_make1(ht);
	}
	else
		hts = attached_hypertables(server->servername);
	detach_all(hts, server->servername, false, force, repartition, drop_remote_data);
	return list_length(hts);
}

void
detach_data_node_everywhere(const char *node, bool force, bool repartition)
{
	detach_all(attached_hypertables(node), node, true, force, repartition, false);
}

} // namespace tsdist::dist
