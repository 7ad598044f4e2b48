// Finding chunks by hypercube with index scans of the catalog tables.
//
// The chunk of a row is looked up for every chunk an INSERT or COPY touches
// and before every chunk creation, on the access node and on each data node,
// so the lookup must not grow with the number of chunks. It walks the slices
// of the hypertable's first (time) dimension upwards from the searched range
// by range_end (index dimension_slice_range_end_idx), and for each slice that
// overlaps it reads the slice's chunks and their hypercubes by primary keys.
// Near the newest data that visits a handful of index entries; a point in old
// data stops at its chunk (chunk_find_point). No SPI and no planner: the
// access path is fixed, and nothing resolves through the search_path.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/chunk_store.hpp"

extern "C"
{
#include "access/genam.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
}

namespace tsdist::catalog
{

// Column numbers of the catalog tables (sql/12_hypertable_catalog.sql).
enum SliceColumn
{
	kSliceId = 1,
	kSliceDimensionId,
	kSliceRangeStart,
	kSliceRangeEnd
};
enum ChunkColumn
{
	kChunkId = 1,
	kChunkHypertableId,
	kChunkSchemaName,
	kChunkTableName
};
enum ConstraintColumn
{
	kConstraintChunkId = 1,
	kConstraintSliceId
};

// The catalog tables and indexes one lookup reads, opened once per lookup.
struct LookupScan
{
	Snapshot snapshot;
	Relation slices;
	Relation chunks;
	Relation constraints;
	Oid slice_by_end; // (dimension_id, range_end)
	Oid slice_by_id;
	Oid chunk_by_id;
	Oid constraint_by_chunk; // (chunk_id, dimension_slice_id)
	Oid constraint_by_slice;
};

// OID of catalog relation `name`; raises when it is missing (a broken install).
static Oid
catalog_relid(const char *name)
{
	Oid relid = catalog_table_relid(name);
	if (!OidIsValid(relid))
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
		                errmsg("catalog relation \"%s.%s\" does not exist", kCatalogSchema, name),
		                errhint("Reinstall the extension timescaledb_dist.")));
	return relid;
}

// Opens the tables and finds the indexes; `latest` reads with the latest
// snapshot (rows committed after ours), otherwise with a snapshot that sees
// this transaction's earlier commands, like a catalog query through SPI.
static void
lookup_begin(LookupScan *s, bool latest)
{
	s->snapshot = RegisterSnapshot(latest ? GetLatestSnapshot() : GetTransactionSnapshot());
	s->slices = table_open(catalog_relid("dimension_slice"), AccessShareLock);
	s->chunks = table_open(catalog_relid("chunk"), AccessShareLock);
	s->constraints = table_open(catalog_relid("chunk_constraint"), AccessShareLock);
	s->slice_by_end = catalog_relid("dimension_slice_range_end_idx");
	s->slice_by_id = catalog_relid("dimension_slice_pkey");
	s->chunk_by_id = catalog_relid("chunk_pkey");
	s->constraint_by_chunk = catalog_relid("chunk_constraint_pkey");
	s->constraint_by_slice = catalog_relid("chunk_constraint_slice_idx");
}

static void
lookup_end(LookupScan *s)
{
	table_close(s->constraints, AccessShareLock);
	table_close(s->chunks, AccessShareLock);
	table_close(s->slices, AccessShareLock);
	UnregisterSnapshot(s->snapshot);
}

// Column `col` of `tuple` of `rel` (the catalog columns read here are NOT NULL).
static Datum
column(Relation rel, HeapTuple tuple, int col)
{
	bool isnull;
	Datum d = heap_getattr(tuple, col, RelationGetDescr(rel), &isnull);
	Assert(!isnull);
	return d;
}

// Starts a scan of `rel` through `index` with "column `col` = `id`" (int4).
static SysScanDesc
scan_by_int4(const LookupScan *s, Relation rel, Oid index, int col, int32 id, ScanKeyData *key)
{
	ScanKeyInit(key, col, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(id));
	return systable_beginscan(rel, index, true, s->snapshot, 1, key);
}

// True when slice [start, end) overlaps [lo, hi). A slice open at the top
// (end = INT64_MAX) holds INT64_MAX too (+infinity is stored as INT64_MAX).
static bool
range_overlaps(int64 start, int64 end, int64 lo, int64 hi)
{
	return start < hi && (lo < end || end == PG_INT64_MAX);
}

// Fills dimension `i` of `chunk` (in the order of `ht`'s dimensions) from slice
// `slice_id`; false when the slice is not one of `ht`'s dimensions.
static bool
read_slice(const LookupScan *s, const Hypertable *ht, int32 slice_id, ChunkInfo *chunk)
{
	ScanKeyData key;
	SysScanDesc scan = scan_by_int4(s, s->slices, s->slice_by_id, kSliceId, slice_id, &key);
	HeapTuple tuple = systable_getnext(scan);
	bool found = false;
	if (HeapTupleIsValid(tuple))
	{
		int32 dim = DatumGetInt32(column(s->slices, tuple, kSliceDimensionId));
		for (int i = 0; i < ht->num_dimensions && !found; i++)
			if (ht->dimensions[i].id == dim)
			{
				chunk->slice_id[i] = slice_id;
				chunk->range_start[i] = DatumGetInt64(column(s->slices, tuple, kSliceRangeStart));
				chunk->range_end[i] = DatumGetInt64(column(s->slices, tuple, kSliceRangeEnd));
				found = true;
			}
	}
	systable_endscan(scan);
	return found;
}

// Reads the hypercube of chunk `chunk->id`; false unless it has one slice in
// every dimension of `ht`.
static bool
read_hypercube(const LookupScan *s, const Hypertable *ht, ChunkInfo *chunk)
{
	ScanKeyData key;
	SysScanDesc scan = scan_by_int4(s, s->constraints, s->constraint_by_chunk, kConstraintChunkId,
	                                chunk->id, &key);
	int nslices = 0;
	HeapTuple tuple;
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		int32 slice_id = DatumGetInt32(column(s->constraints, tuple, kConstraintSliceId));
		if (read_slice(s, ht, slice_id, chunk))
			nslices++;
	}
	systable_endscan(scan);
	return nslices == ht->num_dimensions;
}

// Reads the chunk row of `chunk->id`; false when it is not a chunk of `ht`.
static bool
read_chunk_row(const LookupScan *s, const Hypertable *ht, ChunkInfo *chunk)
{
	ScanKeyData key;
	SysScanDesc scan = scan_by_int4(s, s->chunks, s->chunk_by_id, kChunkId, chunk->id, &key);
	HeapTuple tuple = systable_getnext(scan);
	bool found = HeapTupleIsValid(tuple) &&
	             DatumGetInt32(column(s->chunks, tuple, kChunkHypertableId)) == ht->id;
	if (found)
	{
		namestrcpy(&chunk->schema_name,
		           NameStr(*DatumGetName(column(s->chunks, tuple, kChunkSchemaName))));
		namestrcpy(&chunk->table_name,
		           NameStr(*DatumGetName(column(s->chunks, tuple, kChunkTableName))));
	}
	systable_endscan(scan);
	return found;
}

// The chunk `chunk_id` of `ht` when its hypercube overlaps [start, end) in
// every dimension, else NULL (palloc'd).
static ChunkInfo *
overlapping_chunk(const LookupScan *s, const Hypertable *ht, int32 chunk_id, const int64 *start,
                  const int64 *end)
{
	ChunkInfo *chunk = (ChunkInfo *) palloc0(sizeof(ChunkInfo));
	chunk->id = chunk_id;
	if (!read_hypercube(s, ht, chunk))
		return NULL;
	for (int i = 0; i < ht->num_dimensions; i++)
		if (!range_overlaps(chunk->range_start[i], chunk->range_end[i], start[i], end[i]))
			return NULL;
	return read_chunk_row(s, ht, chunk) ? chunk : NULL;
}

// Appends to `found` the chunks of slice `slice_id` that overlap the box.
static List *
add_chunks_of_slice(const LookupScan *s, const Hypertable *ht, int32 slice_id, const int64 *start,
                    const int64 *end, List *found)
{
	ScanKeyData key;
	SysScanDesc scan =
	    scan_by_int4(s, s->constraints, s->constraint_by_slice, kConstraintSliceId, slice_id, &key);
	HeapTuple tuple;
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		ChunkInfo *chunk = overlapping_chunk(
		    s, ht, DatumGetInt32(column(s->constraints, tuple, kConstraintChunkId)), start, end);
		if (chunk != NULL)
			found = lappend(found, chunk);
	}
	systable_endscan(scan);
	return found;
}

// Chunks of `ht` overlapping the box [start, end); stops after the first
// with `first_only`. Walks the first dimension's slices with range_end above
// start[0] in range_end order, keeping those that begin below end[0].
static List *
find_chunks(const Hypertable *ht, const int64 *start, const int64 *end, bool latest,
            bool first_only)
{
	LookupScan s;
	lookup_begin(&s, latest);
	ScanKeyData keys[2];
	ScanKeyInit(&keys[0], kSliceDimensionId, BTEqualStrategyNumber, F_INT4EQ,
	            Int32GetDatum(ht->dimensions[0].id));
	// range_end > start (a slice open at the top also holds INT64_MAX itself).
	ScanKeyInit(&keys[1], kSliceRangeEnd, BTGreaterStrategyNumber, F_INT8GT,
	            Int64GetDatum(Min(start[0], PG_INT64_MAX - 1)));
	SysScanDesc scan = systable_beginscan(s.slices, s.slice_by_end, true, s.snapshot, 2, keys);
	List *found = NIL;
	HeapTuple tuple;
	while ((found == NIL || !first_only) && HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		if (DatumGetInt64(column(s.slices, tuple, kSliceRangeStart)) >= end[0])
			continue;
		int32 slice_id = DatumGetInt32(column(s.slices, tuple, kSliceId));
		found = add_chunks_of_slice(&s, ht, slice_id, start, end, found);
	}
	systable_endscan(scan);
	lookup_end(&s);
	return found;
}

// Orders ChunkInfo pointers by chunk id.
static int
compare_chunk_ids(const ListCell *a, const ListCell *b)
{
	int32 x = ((const ChunkInfo *) lfirst(a))->id;
	int32 y = ((const ChunkInfo *) lfirst(b))->id;
	return (x > y) - (x < y);
}

List *
chunk_find_overlapping(const Hypertable *ht, const int64 *start, const int64 *end, bool latest)
{
	List *found = find_chunks(ht, start, end, latest, false);
	list_sort(found, compare_chunk_ids);
	return found;
}

ChunkInfo *
chunk_find_point(const Hypertable *ht, const int64 *point, bool latest)
{
	int64 end[kMaxDimensions];
	for (int i = 0; i < ht->num_dimensions; i++)
		end[i] = point[i] == PG_INT64_MAX ? PG_INT64_MAX : point[i] + 1;
	List *found = find_chunks(ht, point, end, latest, true);
	return found == NIL ? NULL : (ChunkInfo *) linitial(found);
}

} // namespace tsdist::catalog
