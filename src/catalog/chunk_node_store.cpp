// chunk_data_node reads (through SPI, as the catalog owner).
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/chunk_node_store.hpp"

extern "C"
{
#include "executor/spi.h"
}

namespace tsdist::catalog
{

// Reads with the latest snapshot: a chunk found after waiting for its
// creator (REPEATABLE READ included) has its rows committed after our snapshot.
List *
chunk_data_node_names(int32 chunk_id)
{
	MemoryContext caller = CurrentMemoryContext;
	Oid types[1] = {INT4OID};
	Datum values[1] = {Int32GetDatum(chunk_id)};
	List *names = NIL;
	static SPIPlanPtr plan;
	SPI_connect();
	uint64 n =
	    catalog_exec_saved(&plan, true,
	                       "SELECT node_name::text FROM _timescaledb_dist_catalog.chunk_data_node"
	                       " WHERE chunk_id = $1 ORDER BY node_name",
	                       1, types, values, NULL);
	for (uint64 row = 0; row < n; row++)
	{
		char *name = spi_text(row, 1);
		MemoryContext spi = MemoryContextSwitchTo(caller);
		names = lappend(names, pstrdup(name));
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	return names;
}

} // namespace tsdist::catalog
