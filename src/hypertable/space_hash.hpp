// The space dimension's hash of a value: the canonical bytes of the value
// (its type's binary send format, text types as UTF-8 regardless of
// client_encoding) hashed with core::partition_hash. A custom partitioning
// function replaces it when the dimension has one.
#pragma once

#include "catalog/hypertable_store.hpp"

namespace tsdist::hypertable
{

struct SpaceHasher
{
	Oid type;       // base type of the column
	bool text_like; // hash the text as UTF-8 bytes instead of calling send
	FmgrInfo send;  // the type's send function (when not text_like)
	bool custom;    // a user partitioning function is used
	FmgrInfo func;  // that function
};

// Prepares a hasher for values of `type`; `func` is a custom partitioning
// function or InvalidOid. Allocated in CurrentMemoryContext.
SpaceHasher *space_hasher_create(Oid type, Oid func);

// The hasher of space dimension `d` (its partitioning function, if any).
SpaceHasher *space_hasher_for_dimension(const catalog::Dimension *d);

// The partition hash (0..INT32_MAX) of a non-NULL value.
int32 space_hash(SpaceHasher *hasher, Datum value);

// True when values of `type` that are equal by its default btree equality
// under `collation` are always the same bytes, hence of the same partition
// hash: only then may "column = constant" exclude by hash. Not for a
// nondeterministic collation ('D05' = 'd05'), nor for types like numeric
// (1.0 = 1.00) or citext; asks the operator family's equalimage function,
// as btree deduplication does.
bool equality_keeps_hash(Oid type, Oid collation);

} // namespace tsdist::hypertable
