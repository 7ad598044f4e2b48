#!/usr/bin/env bash
# Builds the Debian package postgresql-15-timescaledb-dist (CPack, see
# cmake/Packaging.cmake) into the build directory and prints its path:
#
#   scripts/package.sh                    # build/postgresql-15-timescaledb-dist_<version>-1_<arch>.deb
#   apt-get install ./build/postgresql-15-timescaledb-dist_*.deb
#
# Run as root (it installs the Debian packages the build needs).
# TSDIST_BUILD_DIR chooses another build directory.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

tsdist_require_root
tsdist_install_deps
BUILD=${TSDIST_BUILD_DIR:-$TSDIST_ROOT/build}
tsdist_log "building in $BUILD"
tsdist_build "$BUILD"
tsdist_log "packaging"
(cd "$BUILD" && cpack -G DEB) >"$BUILD/cpack.log" 2>&1 ||
	{ cat "$BUILD/cpack.log" >&2; tsdist_die "cpack failed"; }
DEB=$(sed -nE 's/^CPack: - package: (.*\.deb) generated\.$/\1/p' "$BUILD/cpack.log" | tail -n 1)
if [ -z "$DEB" ] || [ ! -f "$DEB" ]; then
	cat "$BUILD/cpack.log" >&2
	tsdist_die "cpack made no .deb"
fi
echo "$DEB"
