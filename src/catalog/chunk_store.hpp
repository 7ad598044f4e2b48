// Chunk, dimension slice and chunk constraint rows of the catalog.
#pragma once

#include "catalog/hypertable_store.hpp"

namespace tsdist::catalog
{

// A chunk and its hypercube: one [start, end) per dimension, in the order of
// the hypertable's dimensions.
struct ChunkInfo
{
	int32 id;
	NameData schema_name;
	NameData table_name;
	int64 range_start[kMaxDimensions];
	int64 range_end[kMaxDimensions];
	int32 slice_id[kMaxDimensions];
	TimestampTz creation_time; // when the chunk's catalog row was made
};

// Chunks of `ht` whose hypercube overlaps [start, end) in every dimension
// (List of ChunkInfo *, by id, in CurrentMemoryContext). With `latest`, reads
// with the latest snapshot (sees chunks committed after our snapshot). Index
// scans (chunk_lookup.cpp): the cost follows the slices of the first
// dimension that end above start[0], not the number of chunks.
List *chunk_find_overlapping(const Hypertable *ht, const int64 *start, const int64 *end,
                             bool latest);

// The chunk of `ht` whose hypercube holds `point`, or NULL; stops at the
// first (chunks do not overlap).
ChunkInfo *chunk_find_point(const Hypertable *ht, const int64 *point, bool latest);

// All chunks of `ht`, ordered by id (List of ChunkInfo *).
List *chunk_list(const Hypertable *ht);

// The id of the slice [start, end) of `dimension_id`, inserted if missing.
int32 slice_get_or_create(int32 dimension_id, int64 start, int64 end);

// Reserves the id of the next chunk.
int32 chunk_next_id();

// Inserts the chunk row and one chunk_constraint row per dimension.
void chunk_insert(const Hypertable *ht, const ChunkInfo *chunk, char **constraint_names);

} // namespace tsdist::catalog
