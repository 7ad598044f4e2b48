#!/usr/bin/env bash
# pg_dump / pg_restore of a database with a hypertable: catalog rows (config
# tables), chunks, their indexes and triggers come back once, and the restored
# hypertable keeps routing rows; DROP INDEX / DROP TRIGGER still reach chunks.
. "$(dirname "$0")/lib.sh"

cluster_start 0
BIN=${TSDIST_PG_BINDIR:-$PG_BINDIR}
q "$AN_PORT" postgres -c "CREATE DATABASE src" -c "CREATE DATABASE dst"
q "$AN_PORT" src >/dev/null <<'SQL'
CREATE EXTENSION timescaledb_dist;
CREATE TABLE m (time timestamptz NOT NULL, device int NOT NULL, v float);
SELECT create_hypertable('m', 'time', 'device', 2, chunk_time_interval => interval '1 day');
CREATE UNIQUE INDEX m_uniq ON m (time, device);
CREATE FUNCTION plus_one() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN NEW.v := NEW.v + 1; RETURN NEW; END $$;
CREATE TRIGGER plus_one BEFORE INSERT ON m FOR EACH ROW EXECUTE FUNCTION plus_one();
INSERT INTO m SELECT '2020-01-01'::timestamptz + i * interval '5 hours', i % 5, i
FROM generate_series(1, 50) i;
SQL
before=$(q "$AN_PORT" src -c "SELECT count(*), count(DISTINCT tableoid), sum(v) FROM m")
runuser -u postgres -- "$BIN/pg_dump" -h 127.0.0.1 -p "$AN_PORT" -U postgres -Fc src >"$TEST_DIR/src.dump"
out=$(runuser -u postgres -- "$BIN/pg_restore" -h 127.0.0.1 -p "$AN_PORT" -U postgres -d dst \
	"$TEST_DIR/src.dump" 2>&1)
expect_eq "pg_restore reports no error" "" "$(grep -i error <<<"$out")"
expect_eq "rows, chunks and values are restored" "$before" \
	"$(q "$AN_PORT" dst -c "SELECT count(*), count(DISTINCT tableoid), sum(v) FROM m")"
expect_eq "catalog rows are restored" "22" "$(q "$AN_PORT" dst -c "SELECT count(*) FROM show_chunks('m')")"
expect_eq "each chunk has its indexes once" "3" "$(q "$AN_PORT" dst -c "
	SELECT DISTINCT count(*) FROM pg_index WHERE indrelid IN (SELECT show_chunks('m')) GROUP BY indrelid")"
expect_eq "each chunk has its triggers once" "2" "$(q "$AN_PORT" dst -c "
	SELECT DISTINCT count(*) FROM pg_trigger WHERE tgrelid IN (SELECT show_chunks('m')) GROUP BY tgrelid")"
q "$AN_PORT" dst -c "INSERT INTO m VALUES ('2020-01-02 01:00', 1, 0), ('2030-01-01', 1, 0)" >/dev/null
expect_eq "the restored hypertable routes new rows (and fires its trigger)" "52|23|1327" \
	"$(q "$AN_PORT" dst -c "SELECT count(*), count(DISTINCT tableoid), sum(v) FROM m")"
expect_eq "no row in the root table" 0 "$(q "$AN_PORT" dst -c "SELECT count(*) FROM ONLY m")"
q "$AN_PORT" dst -c "DROP INDEX m_uniq" -c "DROP TRIGGER plus_one ON m" >/dev/null
expect_eq "DROP INDEX / DROP TRIGGER reach restored chunks" "46|23" "$(q "$AN_PORT" dst -c "
	SELECT (SELECT count(*) FROM pg_index WHERE indrelid IN (SELECT show_chunks('m'))),
	       (SELECT count(*) FROM pg_trigger WHERE tgrelid IN (SELECT show_chunks('m')))")"
cluster_done
