// SQL entry point behind the size and row count functions of distributed
// hypertables: the local figures of every data node, gathered in parallel.
#include "pg/pg.hpp"
#include "api/relation_arg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/dist_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/node_commands.hpp"

extern "C"
{
#include "catalog/index.h"
#include "catalog/pg_class.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

using namespace tsdist;

// The data-node functions the access node may call (each takes the member's
// relation as a regclass); nothing else is ever sent.
static const char *const kLocalFunctions[] = {"hypertable_local_size", "chunks_local_size",
                                              "index_local_size", "chunks_local_row_count"};

// Raises 22023 unless `name` is one of kLocalFunctions.
static void
check_local_function(const char *name)
{
	for (const char *known : kLocalFunctions)
		if (strcmp(name, known) == 0)
			return;
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
	                errmsg("unknown data node size function \"%s\"", name)));
}

// The distributed hypertable of `relid` (the table, or the table of an
// index), or NULL.
static catalog::Hypertable *
distributed_hypertable_of(Oid relid)
{
	Oid table = get_rel_relkind(relid) == RELKIND_INDEX ? IndexGetRelation(relid, false) : relid;
	catalog::Hypertable *ht = catalog::hypertable_get(table);
	return ht != NULL && ht->replication_factor > 0 ? ht : NULL;
}

// Names of the data nodes of `ht` (strings).
static List *
node_names(const catalog::Hypertable *ht)
{
	List *names = NIL;
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht->id))
		names = lappend(names,
		                pstrdup(NameStr(((catalog::HypertableDataNode *) lfirst(lc))->node_name)));
	return names;
}

// One row's fields as a text[] (NULL elements for SQL NULL).
static Datum
fields_array(const dist::NodeRows *rows, int row)
{
	Datum *elems = (Datum *) palloc0(sizeof(Datum) * (rows->nfields + 1));
	bool *nulls = (bool *) palloc0(sizeof(bool) * (rows->nfields + 1));
	for (int j = 0; j < rows->nfields; j++)
	{
		const char *v = rows->values[row * rows->nfields + j];
		nulls[j] = v == NULL;
		elems[j] = v == NULL ? (Datum) 0 : CStringGetTextDatum(v);
	}
	int dims[1] = {rows->nfields};
	int lbs[1] = {1};
	return PointerGetDatum(
	    construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
}

// _timescaledb_dist_functions.data_node_relation_rows(relation regclass,
// local_function text) RETURNS TABLE(node_name name, fields text[]): the rows
// of local_function(relation) on every data node of the distributed
// hypertable of `relation` (a hypertable or one of its indexes), run there as
// the current user; no rows for any other relation.
TSDIST_FUNCTION(tsdist_data_node_relation_rows)
{
	Oid relid = api::relation_arg(fcinfo, 0);
	char *function = text_to_cstring(PG_GETARG_TEXT_PP(1));
	check_local_function(function);
	InitMaterializedSRF(fcinfo, 0);
	catalog::Hypertable *ht = distributed_hypertable_of(relid);
	if (ht == NULL)
		return (Datum) 0;
	List *nodes = node_names(ht);
	const char *member = quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
	                                                get_rel_name(relid));
	const char *sql = psprintf("SELECT * FROM %s.%s($1::pg_catalog.regclass)",
	                           catalog::kFunctionsSchema, quote_identifier(function));
	dist::NodeRows *rows = dist::node_queries_run(nodes, sql, 1, &member);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	for (int i = 0; i < list_length(nodes); i++)
		for (int r = 0; r < rows[i].nrows; r++)
		{
			NameData name;
			namestrcpy(&name, rows[i].node_name);
			Datum values[2] = {NameGetDatum(&name), fields_array(&rows[i], r)};
			bool nulls[2] = {false, false};
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}
