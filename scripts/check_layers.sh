#!/usr/bin/env bash
# Fails when a source folder includes a header from a layer it may not use.
# Layers (docs/architecture.md): a layer uses only the layers listed for it.
set -uo pipefail
cd "$(dirname "$0")/../src" || exit 1
declare -A allowed=(
	[core]="core"
	[pg]="pg core"
	[catalog]="catalog pg core"
	[hypertable]="hypertable catalog pg core"
	[remote]="remote pg core"
	[txn]="txn remote hypertable catalog pg core"
	[dist]="dist txn remote hypertable catalog pg core"
	[planner]="planner dist txn remote hypertable catalog pg core"
	[executor]="executor dist txn remote hypertable catalog pg core"
	[ddl]="ddl dist txn remote hypertable catalog pg core"
	[api]="api planner executor ddl dist txn remote hypertable catalog pg core"
)
status=0
for layer in "${!allowed[@]}"; do
	[ -d "$layer" ] || continue
	while IFS=: read -r file _ inc; do
		path=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$inc")
		[ -f "$path" ] || continue # a PostgreSQL header, not one of ours
		used=${path%%/*}
		case " ${allowed[$layer]} " in
			*" $used "*) ;;
			*) echo "layer violation: src/$file includes $used/ (allowed: ${allowed[$layer]})"; status=1 ;;
		esac
	done < <(grep -nE '^#include "[a-z_]+/' "$layer"/*.{cpp,hpp} 2>/dev/null | sed -E 's/^([^:]+):([0-9]+):/\1:\2:/')
	if [ "$layer" = core ] && grep -lE '#include [<"](postgres|libpq-fe|fmgr)' core/* 2>/dev/null; then
		echo "layer violation: src/core includes PostgreSQL"; status=1
	fi
done
exit $status
