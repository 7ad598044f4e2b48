// Internal subtransactions around steps that need cleanup on failure.
#include "pg/pg.hpp"
#include "dist/subxact.hpp"

extern "C"
{
#include "access/xact.h"
#include "utils/resowner.h"
}

namespace tsdist::dist
{

ErrorData *
run_in_subtransaction(void (*fn)(void *), void *arg)
{
	MemoryContext caller = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	ErrorData *volatile edata = NULL;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(caller);
	PG_TRY();
	{
		fn(arg);
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(caller);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(caller);
	CurrentResourceOwner = owner;
	return edata;
}

bool
try_or_warn(void (*fn)(void *), void *arg, const char *warning)
{
	ErrorData *edata = run_in_subtransaction(fn, arg);
	if (edata == NULL)
		return true;
	ereport(WARNING, (errmsg_internal("%s", warning), errdetail_internal("%s", edata->message)));
	FreeErrorData(edata);
	return false;
}

} // namespace tsdist::dist
