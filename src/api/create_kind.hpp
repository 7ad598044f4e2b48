// Which kind of hypertable create_hypertable's arguments ask for. PG zone.
#pragma once

#include "hypertable/hypertable_create.hpp"

namespace tsdist::api
{

// Reads replication_factor (argument 14), data_nodes (15) and distributed
// (16; create_distributed_hypertable has no such argument and is always
// distributed) and creates a local hypertable, a member hypertable (data
// node, replication_factor => -1) or a distributed one.
hypertable::CreateResult create_hypertable_of_kind(FunctionCallInfo fcinfo,
                                                   hypertable::CreateOptions *opts);

} // namespace tsdist::api
