# Everything about the target PostgreSQL comes from pg_config.
find_program(PG_CONFIG pg_config REQUIRED)

function(tsdist_pg_config var flag)
	execute_process(COMMAND ${PG_CONFIG} ${flag} OUTPUT_VARIABLE out
		OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
	set(${var} "${out}" PARENT_SCOPE)
endfunction()

tsdist_pg_config(PG_VERSION_STRING --version)
tsdist_pg_config(PG_INCLUDEDIR_SERVER --includedir-server)
tsdist_pg_config(PG_INCLUDEDIR --includedir)
tsdist_pg_config(PG_LIBDIR --libdir)
tsdist_pg_config(PG_PKGLIBDIR --pkglibdir)
tsdist_pg_config(PG_SHAREDIR --sharedir)
tsdist_pg_config(PG_BINDIR --bindir)

if(NOT PG_VERSION_STRING MATCHES "PostgreSQL 15\\.")
	message(FATAL_ERROR "timescaledb_dist needs PostgreSQL 15, pg_config reports: ${PG_VERSION_STRING}")
endif()
if(NOT EXISTS "${PG_INCLUDEDIR_SERVER}/postgres.h")
	message(FATAL_ERROR "PostgreSQL server headers not found in ${PG_INCLUDEDIR_SERVER} (install postgresql-server-dev-15)")
endif()
find_library(PG_LIBPQ pq HINTS ${PG_LIBDIR} REQUIRED)
message(STATUS "PostgreSQL: ${PG_VERSION_STRING}, pkglibdir ${PG_PKGLIBDIR}, sharedir ${PG_SHAREDIR}")
