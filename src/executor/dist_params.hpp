// Values of the $n parameters of remote SQL: the locally computed
// expressions of a DistributedScan or DistributedModify, evaluated when the
// remote statement starts and printed as the data nodes read them.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/execnodes.h"
}

namespace tsdist::executor
{

// Text values (NULL for SQL NULL) of `states` (ExprState *) in `econtext`,
// allocated in CurrentMemoryContext.
const char **dist_param_values(List *states, ExprContext *econtext);

} // namespace tsdist::executor
