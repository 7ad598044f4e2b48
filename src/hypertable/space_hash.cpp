// Canonical bytes of values and their stable hash.
#include "pg/pg.hpp"
#include "hypertable/space_hash.hpp"
#include "core/partition_hash.hpp"
#include "pg/encoding.hpp"

extern "C"
{
#include "access/nbtree.h"
#include "catalog/pg_am.h"
#include "commands/defrem.h"
#include "mb/pg_wchar.h"
#include "nodes/makefuncs.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/lsyscache.h"
}

namespace tsdist::hypertable
{

// Types whose send function converts text to the client encoding: those are
// hashed from their UTF-8 bytes instead, so client_encoding cannot matter.
static bool
is_text_like(Oid type)
{
	return type == TEXTOID || type == VARCHAROID || type == BPCHAROID || type == NAMEOID ||
	       type == JSONOID || type == XMLOID || type_is_enum(type);
}

SpaceHasher *
space_hasher_create(Oid type, Oid func)
{
	SpaceHasher *h = (SpaceHasher *) palloc0(sizeof(SpaceHasher));
	h->type = getBaseType(type);
	h->custom = OidIsValid(func);
	if (h->custom)
	{
		fmgr_info(func, &h->func);
		// Polymorphic functions learn the argument type from the call expression.
		Node *arg = (Node *) makeNullConst(type, -1, InvalidOid);
		fmgr_info_set_expr((Node *) makeFuncExpr(func, INT4OID, list_make1(arg), InvalidOid,
		                                         InvalidOid, COERCE_EXPLICIT_CALL),
		                   &h->func);
		return h;
	}
	h->text_like = is_text_like(h->type);
	if (!h->text_like)
	{
		Oid send;
		bool varlena;
		getTypeBinaryOutputInfo(h->type, &send, &varlena);
		fmgr_info(send, &h->send);
	}
	return h;
}

SpaceHasher *
space_hasher_for_dimension(const catalog::Dimension *d)
{
	if (NameStr(d->partitioning_func)[0] == '\0')
		return space_hasher_create(d->column_type, InvalidOid);
	List *name = list_make2(makeString(pstrdup(NameStr(d->partitioning_func_schema))),
	                        makeString(pstrdup(NameStr(d->partitioning_func))));
	Oid argtypes[1] = {ANYELEMENTOID};
	Oid func = LookupFuncName(name, 1, argtypes, true);
	if (!OidIsValid(func))
		func = LookupFuncName(name, -1, NULL, false);
	return space_hasher_create(d->column_type, func);
}

// Hashes the UTF-8 form of a text-like value (what its send function
// produces with client_encoding UTF8).
static int32
hash_text_like(SpaceHasher *h, Datum value)
{
	const char *chars;
	int len;
	if (h->type == NAMEOID)
	{
		chars = NameStr(*DatumGetName(value));
		len = (int) strlen(chars);
	}
	else if (type_is_enum(h->type))
	{
		Oid out;
		bool varlena;
		getTypeOutputInfo(h->type, &out, &varlena);
		chars = OidOutputFunctionCall(out, value);
		len = (int) strlen(chars);
	}
	else
	{
		struct varlena *t = DatumGetTextPP(value);
		chars = VARDATA_ANY(t);
		len = (int) VARSIZE_ANY_EXHDR(t);
	}
	const char *utf8 = (const char *) pg_server_to_any(chars, len, PG_UTF8);
	if (utf8 != chars)
		len = (int) strlen(utf8);
	return core::partition_hash(utf8, (size_t) len);
}

// Hashes an integer's binary send format (big-endian), without calling send.
static int32
hash_integer(Oid type, Datum value)
{
	uint8 bytes[8];
	int len = type == INT2OID ? 2 : (type == INT4OID ? 4 : 8);
	uint64 v = type == INT2OID ? (uint16) DatumGetInt16(value)
	                           : (type == INT4OID ? (uint32) DatumGetInt32(value)
	                                              : (uint64) DatumGetInt64(value));
	for (int i = 0; i < len; i++)
		bytes[i] = (uint8) (v >> (8 * (len - 1 - i)));
	return core::partition_hash(bytes, (size_t) len);
}

// A send call and its result, for with_database_encoding.
struct SendCall
{
	FmgrInfo *send;
	Datum value;
	bytea *bytes;
};

static void
call_send(void *arg)
{
	SendCall *call = (SendCall *) arg;
	call->bytes = SendFunctionCall(call->send, call->value);
}

int32
space_hash(SpaceHasher *h, Datum value)
{
	if (h->custom)
		return DatumGetInt32(FunctionCall1(&h->func, value)) & 0x7fffffff;
	if (h->text_like)
		return hash_text_like(h, value);
	if (h->type == INT2OID || h->type == INT4OID || h->type == INT8OID)
		return hash_integer(h->type, value);
	// Send formats with text inside (arrays, records, jsonb) in the database
	// encoding: the hash must not depend on the session's client_encoding.
	SendCall call = {&h->send, value, NULL};
	pg::with_database_encoding(call_send, &call);
	int32 hash = core::partition_hash(VARDATA(call.bytes), VARSIZE(call.bytes) - VARHDRSZ);
	pfree(call.bytes);
	return hash;
}

bool
equality_keeps_hash(Oid type, Oid collation)
{
	Oid opclass = GetDefaultOpClass(getBaseType(type), BTREE_AM_OID);
	if (!OidIsValid(opclass))
		return false;
	Oid input = get_opclass_input_type(opclass); // text for varchar, anyenum, ...
	Oid proc = get_opfamily_proc(get_opclass_family(opclass), input, input, BTEQUALIMAGE_PROC);
	return OidIsValid(proc) &&
	       DatumGetBool(OidFunctionCall1Coll(proc, collation, ObjectIdGetDatum(input)));
}

} // namespace tsdist::hypertable
