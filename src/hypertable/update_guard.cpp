// The chunk update guard.
#include "pg/pg.hpp"
#include "hypertable/update_guard.hpp"
#include "catalog/catalog.hpp"
#include "catalog/chunk_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "hypertable/dimension_value.hpp"
#include "hypertable/space_hash.hpp"

extern "C"
{
#include "access/genam.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/pg_inherits.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tsdist::hypertable
{

// The (first) inheritance parent of `relid`, InvalidOid if none. Read from
// pg_inherits directly: the guard runs for every updated row.
static Oid
inheritance_parent(Oid relid)
{
	Relation inherits = table_open(InheritsRelationId, AccessShareLock);
	ScanKeyData key;
	ScanKeyInit(&key, Anum_pg_inherits_inhrelid, BTEqualStrategyNumber, F_OIDEQ,
	            ObjectIdGetDatum(relid));
	SysScanDesc scan = systable_beginscan(inherits, InheritsRelidSeqnoIndexId, true, NULL, 1, &key);
	HeapTuple tuple = systable_getnext(scan);
	Oid parent =
	    HeapTupleIsValid(tuple) ? ((Form_pg_inherits) GETSTRUCT(tuple))->inhparent : InvalidOid;
	systable_endscan(scan);
	table_close(inherits, AccessShareLock);
	return parent;
}

// The dimension values of a chunk row (columns found by name).
static void
tuple_point(const catalog::Hypertable *ht, Relation rel, HeapTuple tuple, int64 *point)
{
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		const catalog::Dimension *d = &ht->dimensions[i];
		AttrNumber attno = get_attnum(RelationGetRelid(rel), NameStr(d->column_name));
		bool isnull;
		Datum v = heap_getattr(tuple, attno, RelationGetDescr(rel), &isnull);
		if (d->is_space)
			point[i] = isnull ? 0 : space_hash(space_hasher_for_dimension(d), v);
		else
			point[i] = isnull ? 0 : time_value_to_internal(v, d->column_type);
	}
}

Oid
chunk_hypertable(Oid relid)
{
	Oid parent = inheritance_parent(relid);
	return OidIsValid(parent) && catalog::is_hypertable(parent) ? parent : InvalidOid;
}

void
check_row_stays_in_chunk(Relation chunk_rel, HeapTuple tuple)
{
	catalog::Hypertable *ht =
	    catalog::hypertable_get(inheritance_parent(RelationGetRelid(chunk_rel)));
	if (ht == NULL)
		return;
	int64 point[catalog::kMaxDimensions];
	tuple_point(ht, chunk_rel, tuple, point);
	catalog::ChunkInfo *found = catalog::chunk_find_point(ht, point, false);
	if (found != NULL &&
	    strcmp(NameStr(found->table_name), RelationGetRelationName(chunk_rel)) == 0)
		return;
	ereport(
	    ERROR,
	    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	     errmsg("cannot move a row of hypertable \"%s\" to another chunk", NameStr(ht->table_name)),
	     errdetail("The new values of the partitioning columns belong outside chunk \"%s\"; an "
	               "UPDATE can change them only within the chunk's range.",
	               RelationGetRelationName(chunk_rel)),
	     errhint("Delete the row and insert it again with the new values.")));
}

} // namespace tsdist::hypertable
