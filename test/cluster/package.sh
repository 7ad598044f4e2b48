#!/usr/bin/env bash
# The Debian package (scripts/package.sh, cmake/Packaging.cmake): its metadata
# and file list, `dpkg -i` into the system, a throwaway instance from the
# SYSTEM binaries (not the staged copy the other tests use) that loads the
# packaged library and runs CREATE EXTENSION and a hypertable, then `dpkg -r`
# removes every file. The system is left as found: the files the package
# overwrites (e.g. from `cmake --install`, scripts/demo.sh) are saved first and
# put back at the end, and a package that was installed before is installed again.
. "$(dirname "$0")/lib.sh"

PKG=postgresql-$PG_MAJOR-timescaledb-dist
# This test proves the package works with the system's PostgreSQL.
PG_BINDIR=$PG_SYSTEM_BINDIR
VERSION=$(sed -nE 's/^project\(timescaledb_dist VERSION ([0-9.]+).*/\1/p' "$TSDIST_ROOT/CMakeLists.txt")
PKGLIBDIR=$("$PG_BINDIR/pg_config" --pkglibdir 2>/dev/null || echo "/usr/lib/postgresql/$PG_MAJOR/lib")
EXTDIR=/usr/share/postgresql/$PG_MAJOR/extension
EXPECTED_FILES="$PKGLIBDIR/timescaledb_dist.so
$EXTDIR/timescaledb_dist--$VERSION.sql
$EXTDIR/timescaledb_dist.control
/usr/share/doc/$PKG/copyright"

installed() { dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'install ok installed'; }

# --- build ----------------------------------------------------------------
DEB=$(bash "$TSDIST_ROOT/scripts/package.sh" 2>"$TEST_DIR/package.log")
if [ -n "$DEB" ] && [ -f "$DEB" ]; then ok "scripts/package.sh builds $(basename "$DEB")"; else
	not_ok "scripts/package.sh builds a .deb"
	tail -n 30 "$TEST_DIR/package.log"
	cluster_done
fi

# --- metadata and contents ------------------------------------------------
field() { dpkg-deb -f "$DEB" "$1"; }
expect_eq "package name" "$PKG" "$(field Package)"
expect_eq "version is the project's" "$VERSION-1" "$(field Version)"
expect_eq "architecture is dpkg's" "$(dpkg --print-architecture)" "$(field Architecture)"
expect_eq "section" database "$(field Section)"
DEPENDS=$(field Depends)
expect_match "Depends: postgresql-$PG_MAJOR" "(^|, )postgresql-$PG_MAJOR(,|$| )" "$DEPENDS"
expect_match "Depends: libpq5 with a version" "(^|, )libpq5 \(>= [^)]+\)" "$DEPENDS"
expect_match "Depends: libstdc++6 with a version" "(^|, )libstdc\+\+6 \(>= [^)]+\)" "$DEPENDS"
expect_match "maintainer" "^.+ <.+@.+>$" "$(field Maintainer)"
expect_match "description" "PostgreSQL $PG_MAJOR" "$(field Description)"
FILES=$(dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | sort)
expect_eq "files: library, control, SQL script, copyright and nothing else" \
	"$(sort <<<"$EXPECTED_FILES")" "$FILES"
expect_eq "files are root-owned, mode 644" "" \
	"$(dpkg-deb -c "$DEB" | grep -v '^d' | grep -v '^-rw-r--r-- root/root ')"
EXTRACT=$TEST_DIR/extract
dpkg-deb -x "$DEB" "$EXTRACT"
if cmp -s "$EXTRACT/usr/share/doc/$PKG/copyright" "$TSDIST_ROOT/LICENSE"; then
	ok "copyright is the LICENSE file"
else not_ok "copyright is the LICENSE file"; fi
expect_eq "library is stripped (no .symtab)" 0 \
	"$(readelf -S "$EXTRACT$PKGLIBDIR/timescaledb_dist.so" | grep -c '\.symtab')"

# --- save what the package will overwrite; put it back on exit -------------
WAS_INSTALLED=0
installed && WAS_INSTALLED=1
BACKUP=$TEST_DIR/system-files.tar
SAVED=()
while read -r f; do [ -e "$f" ] && SAVED+=("${f#/}"); done <<<"$EXPECTED_FILES"
[ ${#SAVED[@]} -gt 0 ] && tar -C / -cf "$BACKUP" "${SAVED[@]}"
restore_system() {
	tsdist_stop_all
	if [ "$WAS_INSTALLED" = 1 ]; then
		installed || dpkg -i "$DEB" >/dev/null 2>&1
	elif installed; then
		dpkg -r "$PKG" >/dev/null 2>&1
	fi
	[ -f "$BACKUP" ] && tar -C / -xf "$BACKUP"
}
trap restore_system EXIT

# --- install --------------------------------------------------------------
if dpkg -i "$DEB" >"$TEST_DIR/dpkg-i.log" 2>&1 && installed; then
	ok "dpkg -i installs the package (its Depends are met)"
else
	not_ok "dpkg -i installs the package"
	cat "$TEST_DIR/dpkg-i.log"
	cluster_done
fi
expect_eq "dpkg -L lists the files" "$(sort <<<"$EXPECTED_FILES")" \
	"$(dpkg -L "$PKG" | while read -r f; do [ -f "$f" ] && echo "$f"; done | sort)"
if cmp -s "$PKGLIBDIR/timescaledb_dist.so" "$EXTRACT$PKGLIBDIR/timescaledb_dist.so"; then
	ok "installed library is the packaged one"
else not_ok "installed library is the packaged one"; fi

# --- a throwaway instance of the system's PostgreSQL ------------------------
DIR=$TEST_DIR/sys
PORT=$(tsdist_free_port)
pg_instance_init "$DIR" "$PORT"
pg_instance_start "$DIR"
PM_PID=$(head -n 1 "$DIR/data/postmaster.pid")
expect_match "the system postmaster runs from $PG_BINDIR" "^$PG_BINDIR/postgres$" "$(readlink "/proc/$PM_PID/exe")"
expect_match "it preloaded the installed library" "$PKGLIBDIR/timescaledb_dist.so" \
	"$(grep -o '/[^ ]*timescaledb_dist\.so' "/proc/$PM_PID/maps" | sort -u)"
expect_eq "pg_available_extensions shows $VERSION" "$VERSION" \
	"$(q "$PORT" postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb_dist'" 2>&1)"
q "$PORT" postgres -c "CREATE DATABASE pkg" >/dev/null
expect_eq "CREATE EXTENSION timescaledb_dist" "$VERSION" \
	"$(q "$PORT" pkg -c "CREATE EXTENSION timescaledb_dist" \
		-c "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb_dist'" 2>&1)"
expect_eq "create_hypertable" "conditions" \
	"$(q "$PORT" pkg -c "CREATE TABLE conditions (time timestamptz NOT NULL, device int, temp float8)" \
		-c "SELECT table_name FROM create_hypertable('conditions', 'time', chunk_time_interval => interval '1 day')" 2>&1)"
expect_eq "insert and select through the hypertable" "3|2|22.5" \
	"$(q "$PORT" pkg -c "INSERT INTO conditions VALUES ('2024-01-01 10:00+00', 1, 20), ('2024-01-02 10:00+00', 2, 22),
	                                                 ('2024-01-02 11:00+00', 2, 22.5)" \
		-c "SELECT count(*), count(DISTINCT device), max(temp) FROM conditions" 2>&1)"
expect_eq "rows went into 2 chunks" "2" "$(q "$PORT" pkg -c "SELECT count(*) FROM show_chunks('conditions')" 2>&1)"
pg_instance_stop "$DIR"

# --- remove ---------------------------------------------------------------
if dpkg -r "$PKG" >"$TEST_DIR/dpkg-r.log" 2>&1 && ! installed; then
	ok "dpkg -r removes the package"
else
	not_ok "dpkg -r removes the package"
	cat "$TEST_DIR/dpkg-r.log"
fi
LEFT=$(while read -r f; do [ -e "$f" ] && echo "$f"; done <<<"$EXPECTED_FILES")
expect_eq "dpkg -r removed every file of the package" "" "$LEFT"
expect_eq "and its doc folder" "no" "$([ -e "/usr/share/doc/$PKG" ] && echo yes || echo no)"

cluster_done
