// Pinning search_path around the extension's own SQL (see search_path.hpp).
#include "pg/pg.hpp"
#include "pg/search_path.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "utils/guc.h"
}

namespace tsdist::pg
{

int
search_path_pin()
{
	// Already pinned (a nested call): nothing to save, nothing to restore.
	if (namespace_search_path != NULL && strcmp(namespace_search_path, kSafeSearchPath) == 0)
		return 0;
	int level = NewGUCNestLevel();
	(void) set_config_option("search_path", kSafeSearchPath, PGC_USERSET, PGC_S_SESSION,
	                         GUC_ACTION_SAVE, true, 0, false);
	return level;
}

void
search_path_restore(int level)
{
	if (level > 0)
		AtEOXact_GUC(true, level);
}

} // namespace tsdist::pg
