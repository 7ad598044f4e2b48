// Finding the chunk of a row and creating it when it does not exist yet.
#pragma once

#include "catalog/chunk_store.hpp"

namespace tsdist::hypertable
{

// The chunk whose hypercube holds `point` (one internal value per dimension),
// created when missing. Concurrent callers that need the same new chunk get
// one chunk: creation takes a lock on the hypertable and re-reads the catalog
// with the latest snapshot before creating anything.
catalog::ChunkInfo *chunk_find_or_create(const catalog::Hypertable *ht, const int64 *point);

// Creates indexes on `chunk_relid` like every index of the hypertable.
void chunk_clone_indexes(Oid ht_relid, Oid chunk_relid);

// Creates, on chunk `chunk_relid`, the copy of hypertable index `ht_index`.
void chunk_clone_index(Relation ht_rel, Oid ht_index, Oid chunk_relid);

// Creates on `chunk_relid` a copy of row trigger `trigger` of the hypertable
// (PostgreSQL fires a parent's row triggers only for rows of the parent).
void chunk_clone_trigger(Oid ht_relid, Oid trigger, const char *name, Oid chunk_relid);

// Copies every user row trigger of the hypertable to a new chunk.
void chunk_clone_triggers(Oid ht_relid, Oid chunk_relid);

// The OID of a chunk table, InvalidOid if it was dropped.
Oid chunk_relid(const catalog::ChunkInfo *chunk);

} // namespace tsdist::hypertable
