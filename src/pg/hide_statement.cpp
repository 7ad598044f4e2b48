// Hiding the statement text of the messages of a call (see hide_statement.hpp).
#include "pg/pg.hpp"
#include "pg/hide_statement.hpp"

namespace tsdist::pg
{

static int hiding_depth = 0;
static emit_log_hook_type prev_emit_log_hook = NULL;

// emit_log_hook: no statement text for messages raised while hiding.
extern "C" void
hide_statement_emit_log(ErrorData *edata)
{
	if (hiding_depth > 0)
		edata->hide_stmt = true;
	if (prev_emit_log_hook != NULL)
		prev_emit_log_hook(edata);
}

void
hide_statement_init()
{
	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = hide_statement_emit_log;
}

void
run_hiding_statement(void (*fn)(void *), void *arg)
{
	MemoryContext caller = CurrentMemoryContext;
	hiding_depth++;
	PG_TRY();
	{
		fn(arg);
	}
	PG_CATCH();
	{
		hiding_depth--;
		/* The ERROR is logged after the stack unwound: mark it now. */
		MemoryContextSwitchTo(caller);
		ErrorData *edata = CopyErrorData();
		FlushErrorState();
		edata->hide_stmt = true;
		ReThrowError(edata);
	}
	PG_END_TRY();
	hiding_depth--;
}

} // namespace tsdist::pg
