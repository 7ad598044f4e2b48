// SQL entry points of the recovery of distributed transactions.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "txn/recovery.hpp"

extern "C"
{
#include "access/xact.h"
#include "utils/tuplestore.h"
}

namespace
{

// Adds one result row of recover_distributed_transactions().
void
put_row(const char *node_name, const tsdist::txn::RecoveryCounts *counts, bool reached, void *arg)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) arg;
	Name name = (Name) palloc0(NAMEDATALEN);
	namestrcpy(name, node_name);
	Datum values[5] = {NameGetDatum(name), Int32GetDatum(counts->committed),
	                   Int32GetDatum(counts->rolled_back), Int32GetDatum(counts->in_progress),
	                   Int32GetDatum(counts->failed)};
	bool nulls[5] = {false, !reached, !reached, !reached, !reached};
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

} // namespace

// _timescaledb_dist_functions.remote_txn_heal_data_node(node_name name):
// the number of prepared transactions committed or rolled back.
TSDIST_FUNCTION(tsdist_remote_txn_heal_data_node)
{
	PreventInTransactionBlock(true, "remote_txn_heal_data_node()");
	ForeignServer *server = tsdist::catalog::data_node_get(NameStr(*PG_GETARG_NAME(0)), false);
	tsdist::txn::RecoveryCounts counts = tsdist::txn::recover_data_node(server->serverid);
	PG_RETURN_INT32(counts.committed + counts.rolled_back);
}

// recover_distributed_transactions(): one row per data node.
TSDIST_FUNCTION(tsdist_recover_distributed_transactions)
{
	PreventInTransactionBlock(true, "recover_distributed_transactions()");
	InitMaterializedSRF(fcinfo, 0);
	tsdist::txn::recover_all_data_nodes(put_row, fcinfo->resultinfo);
	PG_RETURN_NULL();
}
