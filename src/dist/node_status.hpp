// The state of every data node as timescaledb_experimental.data_node_status
// shows it: catalog options, this backend's cached connections, and a probe
// of each node (reachable, latency, in-doubt transactions, bytes). PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

struct NodeStatus
{
	const char *node_name;
	const char *host;
	int port;
	const char *dbname;
	bool available;
	int connections; // this backend's open cached connections to the node
	bool probed;     // false: the user has no USAGE on the server (probe fields NULL)
	bool reachable;
	double latency_ms; // round trip of an empty query; when reachable
	char *error;       // why the probe failed, else NULL
	bool answered;     // the probe query returned: in_doubt and bytes are set
	int64 in_doubt;    // prepared transactions of this access node on the node
	int64 bytes;       // total size of the node's chunk tables
};

// Probes every data node of this database (in name order) as the current
// user, on new connections closed before returning: connects to all at once
// (waiting at most timescaledb_dist.connect_timeout), then runs the probe
// query on all at once (with a remote statement_timeout). Never raises for
// a node that fails: its row says why. Returns the number of nodes.
int node_status_all(NodeStatus **out);

} // namespace tsdist::dist
