// Reading chunk_data_node: the data nodes that hold a chunk. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::catalog
{

// Names (char *) of the data nodes holding chunk `chunk_id`, sorted.
List *chunk_data_node_names(int32 chunk_id);

} // namespace tsdist::catalog
