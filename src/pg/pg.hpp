// The one header that brings in PostgreSQL's server headers for C++ code.
//
// postgres.h must come first (a PostgreSQL rule) and server headers have no
// C++ linkage guards, so they are wrapped in extern "C" here. Files in
// src/core never include this header (the build keeps PostgreSQL's include
// directories away from core).
#pragma once

extern "C"
{
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/memutils.h"
}

// Declared here because PostgreSQL 15's fmgr.h does not declare it.
extern "C" PGDLLEXPORT void _PG_init(void);

// Defines a SQL-callable function: C linkage, exported from the library (PG 15's
// PG_FUNCTION_INFO_V1 exports only the info record). Use as
//   TSDIST_FUNCTION(tsdist_x) { ... }
#define TSDIST_FUNCTION(name)                                                                      \
	extern "C"                                                                                     \
	{                                                                                              \
		PG_FUNCTION_INFO_V1(name);                                                                 \
	}                                                                                              \
	extern "C" PGDLLEXPORT Datum name(PG_FUNCTION_ARGS)
