// Progress of long operations (drop_chunks of many chunks, ...), as
// PostgreSQL's pg_stat_progress_* views report theirs: one shared-memory
// slot per backend, read by timescaledb_experimental.operation_progress, and
// NOTICEs in the session at most every timescaledb_dist.progress_notice_interval.
// PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::pg
{

inline constexpr int kProgressTextSize = 64;

// One running operation as the view shows it.
struct ProgressRow
{
	int pid;
	Oid database;
	Oid user;
	Oid relid;
	char command[kProgressTextSize];
	char phase[kProgressTextSize];
	int64 total;
	int64 done;
	TimestampTz started;
};

// Requests the shared memory, defines the setting and the cleanup
// callbacks. Called once from _PG_init.
void progress_init();

// Starts reporting `command` on relation `relid` (may be InvalidOid): `total`
// units (e.g. "chunks") to do, in phase `phase`. Ends any earlier report.
void progress_start(const char *command, Oid relid, const char *phase, int64 total,
                    const char *unit);

// `done` units are done; may send a NOTICE (at most one per interval, the
// first only once the operation ran for an interval).
void progress_update(int64 done);

// Ends the report (also done by a transaction or subtransaction abort).
void progress_end();

// Copies the running operations the current user may see (its own roles',
// or all with pg_read_all_stats) into *rows (palloc'd); returns their number.
int progress_snapshot(ProgressRow **rows);

} // namespace tsdist::pg
