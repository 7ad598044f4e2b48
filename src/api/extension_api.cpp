// SQL entry points about the extension itself.
#include "pg/pg.hpp"
#include "pg/preload.hpp"

// Called by the install script: CREATE EXTENSION fails unless preloaded.
TSDIST_FUNCTION(tsdist_assert_preloaded)
{
	tsdist::pg::require_preloaded();
	PG_RETURN_VOID();
}
