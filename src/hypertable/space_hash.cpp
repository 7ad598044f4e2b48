// Canonical bytes of values and their stable hash.
#include "pg/pg.hpp"
#include "hypertable/space_hash.hpp"
#include "core/partition_hash.hpp"

extern "C"
{
#include "mb/pg_wchar.h"
#include "nodes/makefuncs.h"
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

int32
space_hash(SpaceHasher *h, Datum value)
{
	if (h->custom)
		return DatumGetInt32(FunctionCall1(&h->func, value)) & 0x7fffffff;
	if (h->text_like)
		return hash_text_like(h, value);
	bytea *bytes = SendFunctionCall(&h->send, value);
	int32 hash = core::partition_hash(VARDATA(bytes), VARSIZE(bytes) - VARHDRSZ);
	pfree(bytes);
	return hash;
}

} // namespace tsdist::hypertable
