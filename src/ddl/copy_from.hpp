// COPY FROM into a hypertable: rows parsed by PostgreSQL's COPY code, routed
// to chunks and written in batches per chunk.
#pragma once

#include "catalog/hypertable_store.hpp"

extern "C"
{
#include "nodes/parsenodes.h"
}

namespace tsdist::ddl
{

// Runs COPY ... FROM for hypertable `ht`; returns the number of rows stored.
uint64 copy_into_hypertable(CopyStmt *stmt, const char *query_string, catalog::Hypertable *ht);

} // namespace tsdist::ddl
