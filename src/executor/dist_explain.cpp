// EXPLAIN of data nodes and their remote SQL.
#include "pg/pg.hpp"
#include "executor/dist_explain.hpp"

namespace tsdist::executor
{

void
explain_data_nodes(ExplainState *es, int n, const char *const *names, const char *const *sqls)
{
	ExplainOpenGroup("Data Nodes", "Data Nodes", false, es);
	for (int i = 0; i < n; i++)
	{
		ExplainOpenGroup("Data Node", NULL, true, es);
		ExplainPropertyText("Data node", names[i], es);
		if (es->verbose)
			ExplainPropertyText("Remote SQL", sqls[i], es);
		ExplainCloseGroup("Data Node", NULL, true, es);
	}
	ExplainCloseGroup("Data Nodes", "Data Nodes", false, es);
}

} // namespace tsdist::executor
