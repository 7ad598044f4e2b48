// Probing data nodes for the status view. Each step that may fail for one
// node runs in an internal subtransaction, so the failure becomes that node's
// error text instead of the query's ERROR.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/metadata_store.hpp"
#include "core/gid.hpp"
#include "dist/node_status.hpp"
#include "dist/subxact.hpp"
#include "remote/connection_cache.hpp"
#include "remote/request.hpp"
#include "remote/server_options.hpp"

extern "C"
{
#include "utils/acl.h"
#include "utils/timestamp.h"
}

namespace tsdist::dist
{

// How long the probe query may run on a node.
static constexpr int kProbeTimeoutMs = 5000;

// Prepared transactions of this access node in the node's database, and the
// total size of the node's chunk tables (from the node's own catalog).
static const char *const kProbeSql =
    "SELECT (SELECT pg_catalog.count(*) FROM pg_catalog.pg_prepared_xacts p "
    "        WHERE p.database OPERATOR(pg_catalog.=) pg_catalog.current_database() "
    "          AND pg_catalog.starts_with(p.gid, $1)), "
    "       (SELECT COALESCE(pg_catalog.sum(pg_catalog.pg_total_relation_size(c.oid)), "
    "                        0)::pg_catalog.int8 "
    "        FROM _timescaledb_dist_catalog.chunk k "
    "        JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) k.schema_name "
    "        JOIN pg_catalog.pg_class c ON c.relnamespace OPERATOR(pg_catalog.=) n.oid "
    "         AND c.relname OPERATOR(pg_catalog.=) k.table_name)";

struct Probe
{
	NodeStatus *status;
	Oid server_oid;
	const char *gid_prefix; // NULL when this database never had data nodes
	remote::Connection *conn;
};

// Sets the session up, measures the round trip of an empty query, sends the
// probe query.
static void
probe_send(void *arg)
{
	Probe *p = (Probe *) arg;
	remote::connection_setup(p->conn);
	remote::exec_command(p->conn, psprintf("SET statement_timeout = %d", kProbeTimeoutMs));
	TimestampTz start = GetCurrentTimestamp();
	remote::exec_command(p->conn, "SELECT");
	p->status->latency_ms = (double) (GetCurrentTimestamp() - start) / 1000.0;
	p->status->reachable = true;
	const char *params[1] = {p->gid_prefix};
	remote::send_query_params(p->conn, kProbeSql, 1, params);
}

// Collects the probe query's result.
static void
probe_collect(void *arg)
{
	Probe *p = (Probe *) arg;
	remote::Result *r = remote::get_result(p->conn);
	p->status->in_doubt = pg_strtoint64(remote::result_value(r, 0, 0));
	p->status->bytes = pg_strtoint64(remote::result_value(r, 0, 1));
	p->status->answered = true;
	remote::result_free(r);
}

// Runs a probe step; a failure becomes the node's error text.
static void
run_step(void (*step)(void *), Probe *p)
{
	ErrorData *edata = run_in_subtransaction(step, p);
	if (edata == NULL)
		return;
	/* A local cancel or statement_timeout ends the whole query; a node's own
	 * (remote) timeout is reported as "[node]: ..." and stays that node's. */
	char *remote_prefix = psprintf("[%s]:", p->status->node_name);
	bool remote = strncmp(edata->message, remote_prefix, strlen(remote_prefix)) == 0;
	if (!remote && (edata->sqlerrcode == ERRCODE_QUERY_CANCELED ||
	                edata->sqlerrcode == ERRCODE_ADMIN_SHUTDOWN))
		ReThrowError(edata);
	p->status->error = edata->detail != NULL ? psprintf("%s: %s", edata->message, edata->detail)
	                                         : pstrdup(edata->message);
	FreeErrorData(edata);
	remote::connection_close(p->conn);
	p->conn = NULL;
}

// The catalog part of a node's status; probed only with USAGE on the server.
static void
fill_from_catalog(NodeStatus *s, const ForeignServer *server)
{
	catalog::DataNodeOptions options = catalog::data_node_options(server);
	s->node_name = server->servername;
	s->host = options.host;
	s->port = options.port;
	s->dbname = options.dbname;
	s->available = options.available;
	s->connections = remote::connection_cache_count(server->serverid);
	s->probed = pg_foreign_server_aclcheck(server->serverid, GetUserId(), ACL_USAGE) == ACLCHECK_OK;
}

// Connects to every probed node at once, as the current user.
static void
connect_all(Probe *probes, int n)
{
	const char **names = (const char **) palloc0(sizeof(char *) * (n + 1));
	remote::ConnOptions *options =
	    (remote::ConnOptions *) palloc0(sizeof(remote::ConnOptions) * (n + 1));
	remote::Connection **conns =
	    (remote::Connection **) palloc0(sizeof(remote::Connection *) * (n + 1));
	char **errors = (char **) palloc0(sizeof(char *) * (n + 1));
	int count = 0;
	for (int i = 0; i < n; i++)
		if (probes[i].status->probed)
		{
			names[count] = probes[i].status->node_name;
			options[count++] = remote::server_conn_options(probes[i].server_oid, GetUserId(), NULL);
		}
	remote::connection_try_open_all(names, options, count, CurrentMemoryContext, conns, errors);
	for (int i = 0, k = 0; i < n; i++)
		if (probes[i].status->probed)
		{
			probes[i].conn = conns[k];
			probes[i].status->error = errors[k++];
		}
}

int
node_status_all(NodeStatus **out)
{
	List *servers = catalog::data_node_list();
	int n = list_length(servers);
	*out = (NodeStatus *) palloc0(sizeof(NodeStatus) * (n + 1));
	Probe *probes = (Probe *) palloc0(sizeof(Probe) * (n + 1));
	char *an_id = catalog::metadata_get(catalog::kDistUuidKey);
	char *prefix = (char *) palloc0(core::kGidSize);
	bool has_prefix = an_id != NULL && core::gid_prefix(prefix, an_id);
	for (int i = 0; i < n; i++)
	{
		ForeignServer *server = (ForeignServer *) list_nth(servers, i);
		fill_from_catalog(&(*out)[i], server);
		probes[i] = {&(*out)[i], server->serverid, has_prefix ? prefix : NULL, NULL};
	}
	connect_all(probes, n);
	for (int i = 0; i < n; i++)
		if (probes[i].conn != NULL)
			run_step(probe_send, &probes[i]);
	/* The nodes run their probe queries at the same time; collect each. */
	for (int i = 0; i < n; i++)
		if (probes[i].conn != NULL)
		{
			run_step(probe_collect, &probes[i]);
			remote::connection_close(probes[i].conn);
		}
	return n;
}

} // namespace tsdist::dist
