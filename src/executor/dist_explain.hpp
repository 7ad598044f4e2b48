// EXPLAIN output of the data nodes a distributed node talks to: in text
// "Data node: name" (and "Remote SQL: ..." with VERBOSE) per node; in
// JSON/YAML/XML a "Data Nodes" list of objects.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "commands/explain.h"
}

namespace tsdist::executor
{

// Shows names[i] and, with VERBOSE, sqls[i] for i < n.
void explain_data_nodes(ExplainState *es, int n, const char *const *names, const char *const *sqls);

} // namespace tsdist::executor
