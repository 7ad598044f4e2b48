// GRANT / REVOKE on distributed hypertables: the same privileges on the
// members, so the user that the access node connects as is authorised there.
#include "pg/pg.hpp"
#include "ddl/dist_ddl_internal.hpp"
#include "catalog/catalog.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "executor/spi.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tsdist::ddl
{

// A role of the statement, quoted (PUBLIC as the keyword).
static const char *
role_sql(RoleSpec *spec)
{
	if (spec->roletype == ROLESPEC_PUBLIC)
		return "PUBLIC";
	return quote_identifier(get_rolespec_name(spec));
}

// The privilege list: ALL or each privilege with its columns.
static void
append_privileges(StringInfo buf, List *privileges)
{
	if (privileges == NIL)
	{
		appendStringInfoString(buf, "ALL PRIVILEGES");
		return;
	}
	ListCell *lc;
	foreach (lc, privileges)
	{
		AccessPriv *priv = (AccessPriv *) lfirst(lc);
		if (lc != list_head(privileges))
			appendStringInfoString(buf, ", ");
		appendStringInfoString(buf, priv->priv_name != NULL ? priv->priv_name : "ALL");
		ListCell *col;
		foreach (col, priv->cols)
			appendStringInfo(buf, "%s%s", col == list_head(priv->cols) ? " (" : ", ",
			                 quote_identifier(strVal(lfirst(col))));
		if (priv->cols != NIL)
			appendStringInfoChar(buf, ')');
	}
}

// The statement for one table (`qualified`) of the members.
static char *
grant_sql(GrantStmt *stmt, const char *qualified)
{
	StringInfoData buf;
	initStringInfo(&buf);
	appendStringInfoString(&buf, stmt->is_grant ? "GRANT " : "REVOKE ");
	if (!stmt->is_grant && stmt->grant_option)
		appendStringInfoString(&buf, "GRANT OPTION FOR ");
	append_privileges(&buf, stmt->privileges);
	appendStringInfo(&buf, " ON TABLE %s %s ", qualified, stmt->is_grant ? "TO" : "FROM");
	ListCell *lc;
	foreach (lc, stmt->grantees)
		appendStringInfo(&buf, "%s%s", lc == list_head(stmt->grantees) ? "" : ", ",
		                 role_sql((RoleSpec *) lfirst(lc)));
	if (stmt->is_grant && stmt->grant_option)
		appendStringInfoString(&buf, " WITH GRANT OPTION");
	if (stmt->grantor != NULL)
		appendStringInfo(&buf, " GRANTED BY %s", role_sql(stmt->grantor));
	if (!stmt->is_grant && stmt->behavior == DROP_CASCADE)
		appendStringInfoString(&buf, " CASCADE");
	return buf.data;
}

// The distributed hypertables of schema `schema`.
static List *
schema_hypertables(const char *schema)
{
	Oid nsp = get_namespace_oid(schema, true);
	List *relids = NIL;
	if (!OidIsValid(nsp))
		return NIL;
	MemoryContext caller = CurrentMemoryContext;
	SPI_connect();
	uint64 n =
	    catalog::catalog_exec(psprintf("SELECT table_name FROM _timescaledb_dist_catalog.hypertable"
	                                   " WHERE schema_name = %s AND replication_factor > 0",
	                                   quote_literal_cstr(schema)),
	                          0, NULL, NULL, NULL);
	for (uint64 i = 0; i < n; i++)
	{
		Oid relid = get_relname_relid(catalog::spi_text(i, 1), nsp);
		MemoryContext spi = MemoryContextSwitchTo(caller);
		if (OidIsValid(relid))
			relids = lappend_oid(relids, relid);
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	return relids;
}

// The tables the statement names (relation OIDs; missing ones left out).
static List *
grant_tables(GrantStmt *stmt)
{
	List *relids = NIL;
	ListCell *lc;
	foreach (lc, stmt->objects)
	{
		if (stmt->targtype == ACL_TARGET_ALL_IN_SCHEMA)
			relids = list_concat(relids, schema_hypertables(strVal(lfirst(lc))));
		else
			relids = lappend_oid(relids, RangeVarGetRelid((RangeVar *) lfirst(lc), NoLock, true));
	}
	return relids;
}

DistDdl *
grant_before(GrantStmt *stmt)
{
	if (stmt->objtype != OBJECT_TABLE || stmt->targtype == ACL_TARGET_DEFAULTS)
		return NULL;
	DistDdl *ddl = NULL;
	ListCell *lc;
	foreach (lc, grant_tables(stmt))
	{
		catalog::Hypertable *ht = distributed_hypertable(lfirst_oid(lc));
		if (ht != NULL)
			add_forward(&ddl, hypertable_node_names(ht),
			            grant_sql(stmt, qualified_relation_name(ht->relid)));
	}
	return ddl;
}

} // namespace tsdist::ddl
