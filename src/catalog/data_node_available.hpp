// Whether a data node may be used (alter_data_node(..., available => ...)).
// PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::catalog
{

// True unless the data node's server has the option available=false.
bool data_node_is_available(Oid server_oid);

// The same by node name; false for an unknown node.
bool data_node_is_available_by_name(const char *node_name);

// Raises `data node "%s" is not available` (08006) for an unavailable node.
void data_node_check_available(Oid server_oid);

} // namespace tsdist::catalog
