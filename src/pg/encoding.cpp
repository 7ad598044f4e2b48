// Running send functions in the database encoding.
#include "pg/pg.hpp"
#include "pg/encoding.hpp"

extern "C"
{
#include "mb/pg_wchar.h"
}

namespace tsdist::pg
{

// Sets the client encoding without catalog access. Switching to the database
// encoding needs no conversion function, and switching back finds the user's
// conversion in mbutils' cache (it is the current one), so neither can fail.
static void
set_client_encoding(int encoding)
{
	if (SetClientEncoding(encoding) < 0)
		elog(FATAL, "could not restore client encoding \"%s\"", pg_encoding_to_char(encoding));
}

void
with_database_encoding(void (*fn)(void *), void *arg)
{
	int client = pg_get_client_encoding();
	if (client == GetDatabaseEncoding())
	{
		fn(arg);
		return;
	}
	set_client_encoding(GetDatabaseEncoding());
	PG_TRY();
	{
		fn(arg);
	}
	PG_FINALLY();
	{
		set_client_encoding(client);
	}
	PG_END_TRY();
}

} // namespace tsdist::pg
