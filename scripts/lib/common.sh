# Shared by scripts/*.sh, test/cluster/*.sh and bench/*.sh: dependencies, build,
# a private staged install, and PostgreSQL instances that are always stopped.
# shellcheck shell=bash

TSDIST_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_MAJOR=15
PG_SYSTEM_BINDIR=/usr/lib/postgresql/$PG_MAJOR/bin
# Where initdb/pg_ctl/postgres come from: the system install by default; test
# runs point this at their staged copy.
PG_BINDIR=${TSDIST_PG_BINDIR:-$PG_SYSTEM_BINDIR}

tsdist_log() { printf '==> %s\n' "$*" >&2; }
tsdist_die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

tsdist_require_root() {
	[ "$(id -u)" = 0 ] || tsdist_die "run as root: servers are started as the postgres user with runuser"
}

# Installs the Debian packages the project needs that are not installed yet.
tsdist_install_deps() {
	local pkgs=(postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-client-$PG_MAJOR
		libpq-dev libgtest-dev cmake g++ make clang-format dpkg-dev
		python3-psycopg libpostgresql-jdbc-java)
	local missing=() p
	# The client tests' runtimes (test/cluster/clients.sh), from Debian only where
	# the machine has none of its own: its Node.js ships npm, its JDK javac.
	command -v node >/dev/null || pkgs+=(nodejs)
	command -v npm >/dev/null || pkgs+=(npm)
	command -v javac >/dev/null || pkgs+=(default-jdk-headless)
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	tsdist_log "installing ${missing[*]}"
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures and builds into $1 (warnings are errors).
tsdist_build() {
	local build=$1
	mkdir -p "$build"
	cmake -S "$TSDIST_ROOT" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DWARNINGS_AS_ERRORS=ON >"$build/configure.log" 2>&1 ||
		{ cat "$build/configure.log" >&2; tsdist_die "cmake configure failed"; }
	cmake --build "$build" -j"$(nproc)" 2>&1 | grep -vE '^\[ *[0-9]+%\]' >&2
	[ "${PIPESTATUS[0]}" -eq 0 ] || tsdist_die "build failed"
}

# Installs the build into a private copy of PostgreSQL under $2 (like
# PostgreSQL's own "make check"), so test runs never touch the system install
# and never collide. Prints the staged bindir.
tsdist_stage_install() {
	local build=$1 stage=$2
	if [ ! -x "$stage/usr/lib/postgresql/$PG_MAJOR/bin/postgres" ]; then
		mkdir -p "$stage/usr/lib/postgresql" "$stage/usr/share/postgresql"
		cp -a "/usr/lib/postgresql/$PG_MAJOR" "$stage/usr/lib/postgresql/"
		cp -a "/usr/share/postgresql/$PG_MAJOR" "$stage/usr/share/postgresql/"
	fi
	DESTDIR="$stage" cmake --install "$build" >/dev/null || tsdist_die "staged install failed"
	chmod -R a+rX "$stage"
	echo "$stage/usr/lib/postgresql/$PG_MAJOR/bin"
}

# True when TCP port $1 is some local socket's port in any state: a server
# cannot bind a port that an outgoing connection holds, even in TIME_WAIT.
tsdist_port_taken() {
	grep -qE "^ *[0-9]+: [0-9A-F]+:$(printf '%04X' "$1") " /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Prints a TCP port on 127.0.0.1 that nothing listens on or holds.
tsdist_free_port() {
	local p i claims=/tmp/tsdist-ports
	mkdir -p "$claims" && chmod 1777 "$claims"
	# Claims older than 10 minutes are stale: their server runs (and the connect
	# test sees it) or is gone.
	find "$claims" -mindepth 1 -maxdepth 1 -mmin +10 -exec rm -rf {} + 2>/dev/null
	for i in $(seq 500); do
		# Below the kernel's ephemeral range (32768-60999 by default), where
		# client sockets could hold a port nothing listens on.
		p=$((RANDOM % 12000 + 20000))
		tsdist_port_taken "$p" && continue
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		# mkdir is atomic: a port chosen by another run (or an earlier call of
		# this one, even from a subshell) that has not started yet is skipped.
		mkdir "$claims/$p" 2>/dev/null || continue
		echo "$p"
		return 0
	done
	tsdist_die "no free port found"
}

# Data directories started by this shell; stopped by tsdist_stop_all on exit.
TSDIST_STARTED=()

# Creates an instance in $1 (owned by postgres) listening on 127.0.0.1:$2.
pg_instance_init() {
	local dir=$1 port=$2
	mkdir -p "$dir"
	chown postgres: "$dir"
	runuser -u postgres -- "$PG_BINDIR/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; tsdist_die "initdb failed for $dir"; }
	cat >>"$dir/data/postgresql.conf" <<CONF
# timescaledb_dist
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
shared_preload_libraries = 'timescaledb_dist'
max_prepared_transactions = 100
max_connections = 100
fsync = off
synchronous_commit = off
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
CONF
	echo "$port" >"$dir/port"
	chown postgres: "$dir/port"
}

# Starts the instance in $1 and remembers it for tsdist_stop_all.
pg_instance_start() {
	local dir=$1
	TSDIST_STARTED+=("$dir")
	runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		start >/dev/null || { tail -n 20 "$dir/server.log" >&2; tsdist_die "could not start $dir"; }
}

# Stops the instance in $1 if it runs (by data directory, never by name).
pg_instance_stop() {
	local dir=$1
	[ -f "$dir/data/postmaster.pid" ] || return 0
	runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
		runuser -u postgres -- "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

# Kills the postmaster of $1 with SIGKILL, by the pid in its own postmaster.pid.
pg_instance_kill() {
	local dir=$1 pid
	pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null) || return 0
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	local i
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	return 0
}

tsdist_stop_all() {
	local dir
	for dir in "${TSDIST_STARTED[@]}"; do
		pg_instance_stop "$dir"
	done
	TSDIST_STARTED=()
}

# psql against 127.0.0.1:$1 as postgres; remaining arguments go to psql.
tsdist_psql() {
	local port=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

# The command that stops the cluster in folder $1, exactly as a user types it
# (with TSDIST_CLUSTER_DIR when the folder is not the default one).
tsdist_cluster_stop_command() {
	local dir=$1 cmd
	cmd=$(printf '%q stop' "$TSDIST_ROOT/scripts/cluster.sh")
	if [ "$(realpath -m "$dir")" != "$(realpath -m "$TSDIST_ROOT/.cluster")" ]; then
		cmd="TSDIST_CLUSTER_DIR=$(printf '%q' "$(realpath -m "$dir")") $cmd"
	fi
	echo "$cmd"
}
