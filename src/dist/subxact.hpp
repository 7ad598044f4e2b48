// Running a step so that its failure can be followed by cleanup. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// Runs fn(arg) in an internal subtransaction. Returns NULL on success; on an
// error rolls the subtransaction back and returns the error (copied into the
// caller's memory context, error state flushed) so the caller can clean up
// and then re-raise it with ReThrowError.
ErrorData *run_in_subtransaction(void (*fn)(void *), void *arg);

// Like run_in_subtransaction, but reports a failure as a WARNING with the
// given message (the error's message becomes the DETAIL). Returns success.
bool try_or_warn(void (*fn)(void *), void *arg, const char *warning);

} // namespace tsdist::dist
