// SQL entry points of the watching views: data node status and the progress
// of long operations.
#include "pg/pg.hpp"
#include "dist/node_status.hpp"
#include "pg/progress.hpp"

extern "C"
{
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

using namespace tsdist;

namespace
{

Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = s == NULL;
	return s == NULL ? (Datum) 0 : CStringGetTextDatum(s);
}

Datum
name_value(const char *s)
{
	Name name = (Name) palloc0(NAMEDATALEN);
	strlcpy(NameStr(*name), s, NAMEDATALEN);
	return NameGetDatum(name);
}

} // namespace

// _timescaledb_dist_functions.data_node_status() RETURNS TABLE(node_name,
// host, port, database, available, connections, reachable, latency_ms,
// error, in_doubt_transactions, bytes)
TSDIST_FUNCTION(tsdist_data_node_status)
{
	dist::NodeStatus *nodes;
	int n = dist::node_status_all(&nodes);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	for (int i = 0; i < n; i++)
	{
		const dist::NodeStatus &s = nodes[i];
		Datum v[11];
		bool null[11] = {false};
		v[0] = name_value(s.node_name);
		v[1] = text_or_null(s.host, &null[1]);
		v[2] = Int32GetDatum(s.port);
		null[2] = s.port == 0;
		v[3] = text_or_null(s.dbname, &null[3]);
		v[4] = BoolGetDatum(s.available);
		v[5] = Int32GetDatum(s.connections);
		v[6] = BoolGetDatum(s.reachable);
		null[6] = !s.probed;
		v[7] = Float8GetDatum(s.latency_ms);
		null[7] = !s.reachable;
		v[8] = text_or_null(s.error, &null[8]);
		v[9] = Int64GetDatum(s.in_doubt);
		null[9] = !s.answered;
		v[10] = Int64GetDatum(s.bytes);
		null[10] = !s.answered;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, null);
	}
	return (Datum) 0;
}

// _timescaledb_dist_functions.operation_progress() RETURNS TABLE(pid,
// datid, userid, command, relid, phase, total, done, started)
TSDIST_FUNCTION(tsdist_operation_progress)
{
	pg::ProgressRow *rows;
	int n = pg::progress_snapshot(&rows);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	for (int i = 0; i < n; i++)
	{
		const pg::ProgressRow &r = rows[i];
		Datum v[9];
		bool null[9] = {false};
		v[0] = Int32GetDatum(r.pid);
		v[1] = ObjectIdGetDatum(r.database);
		v[2] = ObjectIdGetDatum(r.user);
		v[3] = CStringGetTextDatum(r.command);
		v[4] = ObjectIdGetDatum(r.relid);
		null[4] = !OidIsValid(r.relid);
		v[5] = CStringGetTextDatum(r.phase);
		v[6] = Int64GetDatum(r.total);
		v[7] = Int64GetDatum(r.done);
		v[8] = TimestampTzGetDatum(r.started);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, null);
	}
	return (Datum) 0;
}
