# The Debian package postgresql-15-timescaledb-dist, built with CPack's DEB
# generator (scripts/package.sh, or `cpack` in the build directory). It holds
# exactly what `cmake --install` puts into PostgreSQL's directories, plus the
# licence as /usr/share/doc/<package>/copyright.

string(REGEX MATCH "PostgreSQL ([0-9]+)" _pg_major_match "${PG_VERSION_STRING}")
set(TSDIST_PG_MAJOR "${CMAKE_MATCH_1}")
set(TSDIST_DEB_NAME "postgresql-${TSDIST_PG_MAJOR}-timescaledb-dist")

# The licence is for the package only: a plain `cmake --install` (into the
# system or a staged copy) leaves /usr/share/doc alone.
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE
	DESTINATION /usr/share/doc/${TSDIST_DEB_NAME} RENAME copyright
	COMPONENT deb_doc EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${TSDIST_DEB_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The timescaledb_dist authors")
set(TSDIST_DEB_MAINTAINER "The timescaledb_dist authors <maintainers@timescaledb-dist.invalid>"
	CACHE STRING "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${TSDIST_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
	"Distributed hypertables for PostgreSQL ${TSDIST_PG_MAJOR}")
set(CPACK_PACKAGE_DESCRIPTION
	"timescaledb_dist implements the TimescaleDB 2.13 multi-node API (access node,
data nodes, distributed hypertables, two-phase commit) as an extension for
PostgreSQL ${TSDIST_PG_MAJOR}. Add it to shared_preload_libraries, then
CREATE EXTENSION timescaledb_dist.")
# One package of both components: the default one (library, control, SQL, as
# `cmake --install` installs them) and the licence.
set(CPACK_COMPONENTS_ALL Unspecified deb_doc)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
# Installed files keep their absolute paths (pg_config's pkglibdir and sharedir).
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME ${TSDIST_DEB_NAME})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Architecture: CPack asks dpkg --print-architecture.
# Shared libraries (libpq5, libstdc++6, libc6, ...) with versions from dpkg-shlibdeps;
# the server the module is loaded into, by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "postgresql-${TSDIST_PG_MAJOR}")

include(CPack)
