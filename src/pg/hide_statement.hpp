// Keeping a statement's text out of the server log while it runs, for calls
// whose arguments hold secrets (add_data_node's password): PostgreSQL logs
// the statement with its ERROR (log_min_error_statement) and, depending on
// the settings, with WARNINGs and NOTICEs. PG zone.
#pragma once

namespace tsdist::pg
{

// Installs the emit_log_hook that hides the statement of messages raised
// inside run_hiding_statement. Called once from _PG_init.
void hide_statement_init();

// Runs fn(arg); every message it raises, its ERROR included, is logged
// without the statement text (ErrorData.hide_stmt). The ERROR is re-raised
// otherwise unchanged.
void run_hiding_statement(void (*fn)(void *), void *arg);

} // namespace tsdist::pg
