// Running send functions in the database encoding.
//
// The binary send functions of text types (pq_sendtext, pq_sendcountedtext)
// convert to the *session's* client encoding. Inside the backend that is the
// user's client_encoding, which must never shape bytes the extension sends to
// data nodes (their connections speak the database encoding) or hashes.
#pragma once

namespace tsdist::pg
{

// Runs fn(arg) with the client encoding set to the database encoding, so text
// goes through send functions unchanged; the user's client encoding is back
// when it returns or raises. Frames inside fn must be C-like (it may longjmp).
void with_database_encoding(void (*fn)(void *), void *arg);

} // namespace tsdist::pg
