// Finding the chunk of a row and creating it when it does not exist yet.
#pragma once

#include "catalog/chunk_store.hpp"

namespace tsdist::hypertable
{

// The chunk whose hypercube holds `point` (one internal value per dimension),
// created when missing. Concurrent callers that need the same new chunk get
// one chunk: creation takes a lock on the hypertable and re-reads the catalog
// with the latest snapshot before creating anything. `created` (optional)
// tells whether this call created the chunk.
catalog::ChunkInfo *chunk_find_or_create(const catalog::Hypertable *ht, const int64 *point,
                                         bool *created = nullptr);

// Takes the lock that serialises chunk creation for `ht` (held to commit).
void chunk_creation_lock(const catalog::Hypertable *ht);

// Creates the chunk with hypercube [start, end) (one range per dimension):
// slices, catalog rows and, unless the hypertable is distributed
// (replication_factor > 0: an access node keeps chunks as catalog rows), the
// chunk table with its CHECK constraints, indexes and triggers. NULL schema
// or table name: the hypertable's associated schema and prefix. The caller
// holds chunk_creation_lock and has checked for collisions.
catalog::ChunkInfo *chunk_create_hypercube(const catalog::Hypertable *ht, const int64 *start,
                                           const int64 *end, const char *schema, const char *table);

// The chunk with exactly hypercube [start, end), created if no chunk overlaps
// it (*created tells which); raises when a different chunk overlaps it. What a
// data node runs when the access node places a chunk on it.
catalog::ChunkInfo *chunk_create_exact(const catalog::Hypertable *ht, const int64 *start,
                                       const int64 *end, const char *schema, const char *table,
                                       bool *created);

// Creates indexes on `chunk_relid` like every index of the hypertable.
void chunk_clone_indexes(Oid ht_relid, Oid chunk_relid);

// Creates, on chunk `chunk_relid`, the copy of hypertable index `ht_index`.
void chunk_clone_index(Relation ht_rel, Oid ht_index, Oid chunk_relid);

// Gives every chunk of `ht` a copy of each hypertable index it lacks (after
// ALTER TABLE added or rebuilt indexes of the hypertable).
void chunk_sync_indexes(const catalog::Hypertable *ht);

// Creates on `chunk_relid` a copy of row trigger `trigger` of the hypertable
// (PostgreSQL fires a parent's row triggers only for rows of the parent).
void chunk_clone_trigger(Oid ht_relid, Oid trigger, const char *name, Oid chunk_relid);

// Copies every user row trigger of the hypertable to a new chunk.
void chunk_clone_triggers(Oid ht_relid, Oid chunk_relid);

// Raises (42501) unless `role` may create tables in `schema`, where chunk
// tables are created as the catalog owner. The extension's own chunk schema
// needs no privilege: only the extension creates tables there.
void chunk_schema_check_create(const char *schema, Oid role);

// Raises unless a chunk of `ht` may be created as table `schema`.`table`
// (NULL: the hypertable's associated schema, a generated name) for a caller
// who owns the hypertable or (`by_owner` false) only may INSERT into it. The
// chunk belongs to the hypertable owner, so the schema check applies to the
// owner's rights. In the extension's own schema, which every user shares, and
// for any caller who is not the owner, only names of the hypertable's own form
// "<associated_table_prefix>_<number>_chunk" are accepted, so nobody takes the
// name of another hypertable's future chunk; a non-owner cannot choose the
// schema either (it must be the associated schema).
void chunk_check_target(const catalog::Hypertable *ht, const char *schema, const char *table,
                        bool by_owner);

// The OID of a chunk table, InvalidOid if it was dropped.
Oid chunk_relid(const catalog::ChunkInfo *chunk);

} // namespace tsdist::hypertable
