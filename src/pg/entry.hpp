// The boundary every PostgreSQL-called function goes through.
//
// SQL functions, hooks and callbacks are extern "C" and a few lines long: they
// call entry() with a lambda. entry() catches every C++ exception and reports
// it with ereport(ERROR) only after the try block has ended, i.e. after every
// C++ object of the call has been destroyed.
#pragma once

#include "pg/error.hpp"

namespace tsdist::pg
{

// Reports a caught exception as a PostgreSQL error. Never returns.
[[noreturn]] void report_error(ErrorData *pg_error, int sqlstate, const char *message,
                               const char *detail, const char *hint);

// Runs body() and converts any C++ exception into a PostgreSQL ERROR.
template <typename F>
auto
entry(F &&body) -> decltype(body())
{
	ErrorData *pg_error = nullptr;
	int sqlstate = ERRCODE_INTERNAL_ERROR;
	char *message = nullptr;
	char *detail = nullptr;
	char *hint = nullptr;

	try
	{
		return body();
	}
	catch (const PgException &e)
	{
		pg_error = e.edata();
	}
	catch (const Error &e)
	{
		sqlstate = e.sqlstate();
		message = pstrdup(e.what());
		detail = e.detail().empty() ? nullptr : pstrdup(e.detail().c_str());
		hint = e.hint().empty() ? nullptr : pstrdup(e.hint().c_str());
	}
	catch (const std::bad_alloc &)
	{
		sqlstate = ERRCODE_OUT_OF_MEMORY;
		message = pstrdup("out of memory");
	}
	catch (const std::exception &e)
	{
		message = psprintf("internal error: %s", e.what());
	}
	catch (...)
	{
		message = pstrdup("internal error: unknown C++ exception");
	}
	report_error(pg_error, sqlstate, message, detail, hint);
}

} // namespace tsdist::pg
