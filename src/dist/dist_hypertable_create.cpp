// create_distributed_hypertable: data node choice, checks, local hypertable
// and its members on the data nodes.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/dist_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/dist_hypertable.hpp"
#include "dist/member_deparse.hpp"
#include "dist/node_commands.hpp"
#include "dist/row_security.hpp"

extern "C"
{
#include "catalog/pg_type.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
}

namespace tsdist::dist
{

void
check_replication_factor(int replication_factor)
{
	if (replication_factor < 1 || replication_factor > kMaxReplicationFactor)
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid replication factor"),
		         errhint("A hypertable's replication factor must be between 1 and %d.",
		                 kMaxReplicationFactor)));
}

// The node names of a data_nodes argument; each must exist and be usable.
static List *
nodes_from_array(ArrayType *array)
{
	if (ARR_NDIM(array) != 1 || array_contains_nulls(array) || ARR_ELEMTYPE(array) != NAMEOID)
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid data nodes format"),
		         errhint("Specify a one-dimensional array of data nodes.")));
	Datum *elems;
	int n;
	deconstruct_array(array, NAMEOID, NAMEDATALEN, false, TYPALIGN_CHAR, &elems, NULL, &n);
	List *nodes = NIL;
	for (int i = 0; i < n; i++)
	{
		const char *name = NameStr(*DatumGetName(elems[i]));
		ForeignServer *server = catalog::data_node_get(name, false);
		AclResult acl = pg_foreign_server_aclcheck(server->serverid, GetUserId(), ACL_USAGE);
		if (acl != ACLCHECK_OK)
			aclcheck_error(acl, OBJECT_FOREIGN_SERVER, server->servername);
		if (!list_member(nodes, makeString(server->servername)))
			nodes = lappend(nodes, makeString(server->servername));
	}
	List *names = NIL;
	ListCell *lc;
	foreach (lc, nodes)
		names = lappend(names, strVal(lfirst(lc)));
	return names;
}

// Raises `no data nodes can be assigned to the hypertable` with a reason.
static void
raise_no_nodes(bool exist)
{
	ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
	                errmsg("no data nodes can be assigned to the hypertable"),
	                exist ? errdetail("Data nodes exist, but none have USAGE privilege.")
	                      : errdetail("No data nodes where available to assign to the hypertable."),
	                exist ? errhint("Grant USAGE on data nodes to attach them to the hypertable.")
	                      : errhint("Add data nodes to the database.")));
}

// Every data node the current user has USAGE on (NOTICE for the others).
static List *
default_nodes()
{
	List *servers = catalog::data_node_list();
	List *names = NIL;
	ListCell *lc;
	foreach (lc, servers)
	{
		ForeignServer *server = (ForeignServer *) lfirst(lc);
		if (pg_foreign_server_aclcheck(server->serverid, GetUserId(), ACL_USAGE) == ACLCHECK_OK)
			names = lappend(names, server->servername);
	}
	if (names == NIL)
		raise_no_nodes(servers != NIL);
	int skipped = list_length(servers) - list_length(names);
	if (skipped > 0)
		ereport(NOTICE, (errmsg("%d of %d data nodes not used by this hypertable due to lack of "
		                        "permissions",
		                        skipped, list_length(servers)),
		                 errhint("Grant USAGE on data nodes to attach them to a hypertable.")));
	return names;
}

// Checks the number of nodes against the replication factor and partitions.
static void
check_node_count(const hypertable::CreateOptions *o, int nnodes, int rf)
{
	if (nnodes == 1)
		ereport(WARNING,
		        (errmsg("only one data node was assigned to the hypertable"),
		         errdetail("A distributed hypertable should have at least two data nodes for best "
		                   "performance."),
		         errhint("Add more data nodes to the database and attach them to the "
		                 "hypertable.")));
	if (rf > nnodes)
		ereport(
		    ERROR,
		    (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		     errmsg("replication factor too large for hypertable \"%s\"", get_rel_name(o->relid)),
		     errdetail("The hypertable has %d data nodes attached, while the replication "
		               "factor is %d.",
		               nnodes, rf),
		     errhint("Decrease the replication factor or attach more data nodes to the "
		             "hypertable.")));
	if (o->space_column != NULL && o->number_partitions > 0)
		warn_if_too_few_partitions(o->space_column, o->number_partitions, nnodes);
}

void
warn_if_too_few_partitions(const char *column, int partitions, int nodes)
{
	if (partitions >= nodes)
		return;
	ereport(WARNING,
	        (errmsg("insufficient number of partitions for dimension \"%s\"", column),
	         errdetail("There are not enough partitions to make use of all data nodes."),
	         errhint("Increase the number of partitions in dimension \"%s\" to match or exceed "
	                 "the number of attached data nodes.",
	                 column)));
}

hypertable::CreateResult
distributed_hypertable_create(hypertable::CreateOptions *o, int rf, ArrayType *data_nodes)
{
	if (o->migrate_data)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("cannot migrate data for distributed hypertable")));
	check_replication_factor(rf);
	if (catalog::hypertable_get(o->relid) != NULL)
		return hypertable::hypertable_create(o); // exists: NOTICE or error
	check_no_row_security(o->relid);
	List *nodes = data_nodes != NULL ? nodes_from_array(data_nodes) : default_nodes();
	int nnodes = list_length(nodes);
	if (o->space_column != NULL && o->number_partitions < 0)
		o->number_partitions = nnodes;
	check_node_count(o, nnodes, rf);
	o->replication_factor = (int16) rf;
	hypertable::CreateResult r = hypertable::hypertable_create(o);
	create_members(catalog::hypertable_get(o->relid), nodes);
	return r;
}

void
create_members(const catalog::Hypertable *ht, List *nodes)
{
	char **ids = node_commands_run(nodes, member_create_sql(ht));
	for (int i = 0; i < list_length(nodes); i++)
		catalog::hypertable_data_node_insert(ht->id, (const char *) list_nth(nodes, i),
		                                     ids[i] != NULL ? pg_strtoint32(ids[i]) : 0);
}

void
drop_members(int32 ht_id)
{
	List *attached = catalog::hypertable_data_nodes(ht_id);
	if (attached == NIL || OidIsValid(catalog::hypertable_relid_by_id(ht_id)))
		return;
	catalog::Hypertable ht = {};
	List *names = NIL;
	ListCell *lc;
	foreach (lc, attached)
		names = lappend(names, NameStr(((catalog::HypertableDataNode *) lfirst(lc))->node_name));
	char *name = NULL;
	char *schema = NULL;
	if (!catalog::hypertable_name_by_id(ht_id, &schema, &name))
		return;
	namestrcpy(&ht.schema_name, schema);
	namestrcpy(&ht.table_name, name);
	node_commands_run(names, member_drop_sql(&ht));
}

} // namespace tsdist::dist
