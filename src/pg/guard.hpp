// Calling PostgreSQL from C++ frames that own destructible objects.
//
// ereport(ERROR) longjmps; it must never jump over a C++ frame whose locals
// have destructors. guard() runs a PostgreSQL call inside PG_TRY, copies the
// error and throws it as a C++ exception, so the stack unwinds normally and the
// error is re-raised unchanged at the boundary (entry()).
//
// Code whose frames hold only trivially destructible locals (pointers, PG
// nodes, palloc'd memory) may call PostgreSQL directly; see
// docs/architecture.md, "Two error worlds".
#pragma once

#include "pg/error.hpp"

#include <optional>
#include <type_traits>

namespace tsdist::pg
{

// Runs f() and turns a PostgreSQL error raised inside it into PgException.
template <typename F>
auto
guard(F &&f) -> decltype(f())
{
	using R = decltype(f());
	MemoryContext caller_context = CurrentMemoryContext;
	ErrorData *volatile edata = nullptr;
	std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> result{};

	PG_TRY();
	{
		if constexpr (std::is_void_v<R>)
			f();
		else
			result.emplace(f());
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(caller_context);
		edata = CopyErrorData();
		FlushErrorState();
	}
	PG_END_TRY();

	if (edata != nullptr)
		throw PgException(edata);
	if constexpr (!std::is_void_v<R>)
		return std::move(*result);
}

} // namespace tsdist::pg
