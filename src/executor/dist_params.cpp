// Parameter values for remote SQL.
#include "pg/pg.hpp"
#include "executor/dist_params.hpp"
#include "dist/deparse.hpp"

extern "C"
{
#include "executor/executor.h"
#include "nodes/nodeFuncs.h"
#include "utils/lsyscache.h"
}

namespace tsdist::executor
{

// What with_transmission_settings runs: evaluate and print every value.
struct ParamCall
{
	List *states;
	ExprContext *econtext;
	const char **values;
};

// with_transmission_settings callback.
extern "C" void
print_param_values(void *arg)
{
	ParamCall *call = (ParamCall *) arg;
	int i = 0;
	ListCell *lc;
	foreach (lc, call->states)
	{
		ExprState *state = (ExprState *) lfirst(lc);
		bool isnull;
		Datum value = ExecEvalExpr(state, call->econtext, &isnull);
		Oid out;
		bool varlena;
		getTypeOutputInfo(exprType((Node *) state->expr), &out, &varlena);
		call->values[i++] = isnull ? NULL : OidOutputFunctionCall(out, value);
	}
}

const char **
dist_param_values(List *states, ExprContext *econtext)
{
	ParamCall call = {states, econtext,
	                  (const char **) palloc0(sizeof(char *) * (list_length(states) + 1))};
	dist::with_transmission_settings(print_param_values, &call);
	return call.values;
}

} // namespace tsdist::executor
