#!/usr/bin/python3
"""psycopg 3 driving a timescaledb_dist access node (run by test/cluster/clients.sh).

Usage: psycopg_client.py TABLE. TABLE is a distributed hypertable and TABLE_ref a
plain table with the same columns (time, location, temperature, humidity), both
empty. Every row is written to both through the same driver call, and every read
of TABLE is compared with the same read of TABLE_ref. Connects with the libpq
environment (PGHOST, PGPORT, PGUSER, PGDATABASE). Prints "ok - ..." /
"not ok - ..." lines and exits 1 when any check failed.
"""

import datetime as dt
import sys

import psycopg
from psycopg import sql

FAILED = False
BASE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
LOCATIONS = ["office", "garage", "attic", "cellar"]


def check(desc, expected, actual):
    global FAILED
    if expected == actual:
        print(f"ok - psycopg: {desc}")
    else:
        FAILED = True
        print(f"not ok - psycopg: {desc}")
        print(f"  expected: {expected!r}"[:2000])
        print(f"  actual:   {actual!r}"[:2000])


def make_rows(first, n):
    """Rows first..first+n-1, one per 20 s over four locations. Temperatures are
    multiples of 0.25 so sums and averages are exact whatever the order."""
    return [
        (
            BASE + dt.timedelta(seconds=20 * i),
            LOCATIONS[i % len(LOCATIONS)],
            (i * 37 % 400) * 0.25,
            float(i % 100),
        )
        for i in range(first, first + n)
    ]


class Tables:
    def __init__(self, name):
        self.dist = sql.Identifier(name)
        self.ref = sql.Identifier(name + "_ref")

    def both(self):
        return (self.dist, self.ref)


def fetch_both(conn, tables, query, params=(), prepare=None, binary=False):
    """QUERY (with {t} for the table) on the hypertable and on the plain table."""
    out = []
    for t in tables.both():
        out.append(conn.execute(sql.SQL(query).format(t=t), params, prepare=prepare, binary=binary).fetchall())
    return out


def totals(conn, tables):
    q = "SELECT count(*), sum(temperature), sum(humidity), min(time), max(time) FROM {t}"
    return fetch_both(conn, tables, q)


def test_prepared(conn, tables):
    ins = "INSERT INTO {t} (time, location, temperature, humidity) VALUES (%s, %s, %s, %s)"
    rows = make_rows(0, 24)
    for t in tables.both():
        for r in rows[:12]:
            conn.execute(sql.SQL(ins).format(t=t), r, prepare=True)
    # Generic plans from the first execution on for the rest.
    conn.execute("SET plan_cache_mode = force_generic_plan")
    for t in tables.both():
        for r in rows[12:]:
            conn.execute(sql.SQL(ins).format(t=t), r, prepare=True)
    conn.execute("RESET plan_cache_mode")
    conn.commit()
    dist, ref = totals(conn, tables)
    check("prepared INSERT x24 (custom then generic plans) stores the rows", ref, dist)
    check("prepared INSERT: 24 rows", 24, dist[0][0])
    n = conn.execute(
        "SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql AND statement LIKE 'INSERT%%'"
    ).fetchone()[0]
    check("INSERTs ran as protocol-level prepared statements", True, n >= 1)

    sel = (
        "SELECT count(*), sum(temperature), max(humidity) FROM {t} "
        "WHERE location = %s AND time >= %s AND time < %s"
    )
    mismatches = []
    for mode in ("auto", "force_generic_plan"):
        conn.execute(sql.SQL("SET plan_cache_mode = {}").format(sql.Identifier(mode)))
        for k in range(8):
            params = (
                LOCATIONS[k % 4],
                BASE + dt.timedelta(seconds=40 * k),
                BASE + dt.timedelta(seconds=40 * k + 300),
            )
            dist, ref = fetch_both(conn, tables, sel, params, prepare=True)
            if dist != ref:
                mismatches.append((mode, params, dist, ref))
    conn.execute("RESET plan_cache_mode")
    conn.commit()
    check("prepared SELECT x16 with parameters (auto and generic plans) matches the plain table", [], mismatches)


def test_batches(conn, tables):
    ins = "INSERT INTO {t} (time, location, temperature, humidity) VALUES (%s, %s, %s, %s)"
    before = totals(conn, tables)[0][0][0]
    with conn.cursor() as cur:
        for t in tables.both():
            cur.executemany(sql.SQL(ins).format(t=t), make_rows(100, 400))
    conn.commit()
    dist, ref = totals(conn, tables)
    check("executemany of 400 rows", ref, dist)
    check("executemany: row count", before + 400, dist[0][0])

    with conn.pipeline():
        for t in tables.both():
            for r in make_rows(500, 100):
                conn.execute(sql.SQL(ins).format(t=t), r)
    conn.commit()
    dist, ref = totals(conn, tables)
    check("pipeline mode: 100 INSERTs sent without waiting", ref, dist)
    check("pipeline mode: row count", before + 500, dist[0][0])

    rows = make_rows(600, 50)
    values = sql.SQL(", ").join(sql.SQL("(%s, %s, %s, %s)") for _ in rows)
    flat = [v for r in rows for v in r]
    for t in tables.both():
        cur = conn.execute(
            sql.SQL("INSERT INTO {t} (time, location, temperature, humidity) VALUES ").format(t=t) + values,
            flat,
        )
        check(f"multi-row INSERT of 50 rows x 4 parameters reports 50 ({t.as_string(conn)})", 50, cur.rowcount)
    conn.commit()
    dist, ref = totals(conn, tables)
    check("multi-row INSERT", ref, dist)


def test_returning_update_delete(conn, tables):
    ins = (
        "INSERT INTO {t} (time, location, temperature, humidity) VALUES (%s, %s, %s, %s) "
        "RETURNING time, location, temperature"
    )
    rows = make_rows(700, 30)
    returned = []
    with conn.cursor() as cur:
        cur.executemany(sql.SQL(ins).format(t=tables.dist), rows, returning=True)
        while True:
            returned.extend(cur.fetchall())
            if not cur.nextset():
                break
        cur.executemany(sql.SQL(ins).format(t=tables.ref), rows)
    conn.commit()
    check("executemany INSERT ... RETURNING returns each row as sent", [r[:3] for r in rows], returned)

    upd = (
        "UPDATE {t} SET humidity = humidity + %s WHERE location = %s AND time >= %s AND time < %s"
    )
    dele = "DELETE FROM {t} WHERE time = %s AND location = %s"
    counts = ([], [])
    conn.execute("SET plan_cache_mode = force_generic_plan")
    for t, tcounts in zip(tables.both(), counts):
        for k in range(8):
            cur = conn.execute(
                sql.SQL(upd).format(t=t),
                (k, LOCATIONS[k % 4], BASE + dt.timedelta(minutes=5 * k), BASE + dt.timedelta(minutes=5 * k + 30)),
                prepare=True,
            )
            tcounts.append(cur.rowcount)
        for r in make_rows(100, 6):
            tcounts.append(conn.execute(sql.SQL(dele).format(t=t), r[:2], prepare=True).rowcount)
    conn.execute("RESET plan_cache_mode")
    conn.commit()
    check("prepared UPDATE x8 and DELETE x6 (generic plans) report the plain table's row counts",
          counts[1], counts[0])
    dist, ref = totals(conn, tables)
    check("prepared UPDATE / DELETE leave the same rows", ref, dist)


def test_copy(conn, tables):
    before = totals(conn, tables)[0][0][0]
    with conn.cursor() as cur:
        for t in tables.both():
            q = sql.SQL("COPY {t} (time, location, temperature, humidity) FROM STDIN").format(t=t)
            with cur.copy(q) as copy:
                for r in make_rows(1000, 2000):
                    copy.write_row(r)
            check(f"COPY FROM STDIN (text) reports 2000 rows ({t.as_string(conn)})", 2000, cur.rowcount)
        for t in tables.both():
            q = sql.SQL("COPY {t} (time, location, temperature, humidity) FROM STDIN (FORMAT BINARY)").format(t=t)
            with cur.copy(q) as copy:
                copy.set_types(["timestamptz", "text", "float8", "float8"])
                for r in make_rows(3000, 500):
                    copy.write_row(r)
    conn.commit()
    dist, ref = totals(conn, tables)
    check("COPY FROM STDIN through the driver, text and binary", ref, dist)
    check("COPY: row count", before + 2500, dist[0][0])

    out = []
    with conn.cursor() as cur:
        for t in tables.both():
            q = sql.SQL(
                "COPY (SELECT time, location, temperature FROM {t} WHERE time >= %s "
                "ORDER BY time, location) TO STDOUT (FORMAT BINARY)"
            ).format(t=t)
            with cur.copy(q, (BASE + dt.timedelta(hours=6),)) as copy:
                copy.set_types(["timestamptz", "text", "float8"])
                out.append(list(copy.rows()))
    conn.commit()
    check("COPY (SELECT ...) TO STDOUT (binary) returns the same rows", out[1], out[0])
    check("COPY TO: rows returned", True, len(out[0]) > 1000)


def test_cursors(conn, tables):
    q = "SELECT time, location, temperature, humidity FROM {t} ORDER BY time, location"
    expected = conn.execute(sql.SQL(q).format(t=tables.ref)).fetchall()
    conn.commit()

    with conn.transaction():
        with conn.cursor(name="grafana_rows") as cur:
            cur.itersize = 97
            cur.execute(sql.SQL(q).format(t=tables.dist))
            got = list(cur)
    check(f"named (server-side) cursor, fetched 97 rows at a time ({len(expected)} rows)", expected, got)

    with conn.transaction():
        with conn.cursor(name="scroller", scrollable=True) as cur:
            cur.execute(sql.SQL(q).format(t=tables.dist))
            first = cur.fetchmany(10)
            cur.scroll(-5)
            back = cur.fetchmany(5)
            cur.scroll(len(expected) - 3, mode="absolute")
            tail = cur.fetchall()
    check("SCROLL cursor: forward fetch", expected[:10], first)
    check("SCROLL cursor: backward scroll", expected[5:10], back)
    check("SCROLL cursor: absolute position", expected[-3:], tail)

    # Two cursors open on the hypertable at once, read in turns: their remote scans
    # share each node's connection.
    got = ([], [])
    with conn.transaction():
        with conn.cursor(name="left") as c1, conn.cursor(name="right") as c2:
            c1.execute(sql.SQL(q).format(t=tables.dist))
            c2.execute(sql.SQL(q).format(t=tables.dist))
            while True:
                a, b = c1.fetchmany(50), c2.fetchmany(70)
                got[0].extend(a)
                got[1].extend(b)
                if not a and not b:
                    break
    check("two cursors read in turns in one transaction", (expected, expected), got)

    # Rows inserted while a cursor is open in the same transaction are not seen by it
    # (it keeps the snapshot it was opened with); a later query sees them.
    ins = "INSERT INTO {t} (time, location, temperature, humidity) VALUES (%s, %s, %s, %s)"
    seen = {}
    for t in tables.both():
        with conn.transaction():
            with conn.cursor(name="before_insert") as cur:
                cur.execute(sql.SQL(q).format(t=t))
                head = cur.fetchmany(10)
                conn.cursor().executemany(sql.SQL(ins).format(t=t), make_rows(8000, 40))
                rest = cur.fetchall()
            after = conn.execute(sql.SQL("SELECT count(*) FROM {t}").format(t=t)).fetchone()[0]
            seen[t.as_string(conn)] = (len(head) + len(rest), after)
            raise psycopg.Rollback()
    check(
        "a cursor open across an INSERT in its transaction keeps its snapshot; the next query sees the rows",
        {tables.dist.as_string(conn): (len(expected), len(expected) + 40)},
        {tables.dist.as_string(conn): seen[tables.dist.as_string(conn)]},
    )
    check("... as on the plain table", seen[tables.ref.as_string(conn)], seen[tables.dist.as_string(conn)])

    with conn.cursor(name="held", withhold=True) as cur:
        cur.execute(sql.SQL(q).format(t=tables.dist))
        conn.commit()
        got = cur.fetchmany(50) + cur.fetchall()
    conn.commit()
    check("WITH HOLD cursor read after its transaction committed", expected, got)


def test_transactions(conn, tables):
    ins = "INSERT INTO {t} (time, location, temperature, humidity) VALUES (%s, %s, %s, %s)"
    before = totals(conn, tables)
    with conn.transaction():
        for t in tables.both():
            conn.cursor().executemany(sql.SQL(ins).format(t=t), make_rows(5000, 30))
        raise psycopg.Rollback()
    check("rolled-back transaction leaves nothing", before, totals(conn, tables))
    conn.commit()

    with conn.transaction():
        for t in tables.both():
            conn.cursor().executemany(sql.SQL(ins).format(t=t), make_rows(6000, 10))
        with conn.transaction():  # a savepoint
            for t in tables.both():
                conn.cursor().executemany(sql.SQL(ins).format(t=t), make_rows(6100, 10))
            raise psycopg.Rollback()
    dist, ref = totals(conn, tables)
    check("savepoint rolled back, outer transaction committed", ref, dist)
    check("savepoint: only the outer rows were added", before[0][0][0] + 10, dist[0][0])
    conn.commit()

    try:
        with conn.transaction():
            conn.execute(sql.SQL(ins).format(t=tables.dist), make_rows(7000, 1)[0])
            conn.execute(sql.SQL(ins).format(t=tables.dist), (None, "office", 1.0, 1.0))
        check("NULL time is refused", "NotNullViolation", "no error")
    except psycopg.errors.NotNullViolation:
        check("NULL time is refused", "NotNullViolation", "NotNullViolation")
    dist, ref = totals(conn, tables)
    check("failed transaction rolled back its earlier row; the connection works on", ref, dist)
    conn.commit()


GRAFANA = {
    "time_bucket ($__timeGroup with TimescaleDB)": "SELECT time_bucket('5 minutes', time) AS time, location, "
    "avg(temperature), max(humidity), count(*) FROM {t} "
    "WHERE time BETWEEN %s AND %s GROUP BY 1, 2 ORDER BY 1, 2",
    "date_trunc": "SELECT date_trunc('hour', time) AS time, location AS metric, avg(temperature) "
    "FROM {t} WHERE time >= %s AND time <= %s GROUP BY 1, 2 ORDER BY 1, 2",
    "epoch floor ($__timeGroup without TimescaleDB)": 'SELECT floor(extract(epoch from "time")/300)*300 AS "time", '
    "avg(temperature) AS value FROM {t} WHERE time BETWEEN %s AND %s GROUP BY 1 ORDER BY 1",
    "$__unixEpochGroup-style with a location filter": "SELECT (extract(epoch from time)::bigint / 600) * 600 AS time, "
    "sum(humidity), count(*) FROM {t} WHERE time BETWEEN %s AND %s AND location = ANY(ARRAY['office', 'attic']) "
    "GROUP BY 1 ORDER BY 1",
}


def test_grafana(conn, tables):
    windows = [
        (BASE + dt.timedelta(minutes=10 * k), BASE + dt.timedelta(minutes=10 * k, hours=3)) for k in range(8)
    ]
    for name, q in GRAFANA.items():
        mismatches = []
        nonempty = 0
        for k, w in enumerate(windows):
            # Every other window asks for binary results.
            dist, ref = fetch_both(conn, tables, q, w, prepare=True, binary=bool(k % 2))
            nonempty += bool(ref)
            if dist != ref:
                mismatches.append((w, dist[:3], ref[:3]))
        check(f"Grafana {name}: 8 prepared time windows (text and binary results) match the plain table", [], mismatches)
        check(f"Grafana {name}: windows hold data", 8, nonempty)
    # date_trunc on timestamptz depends on the session's TimeZone (Grafana users set it);
    # the hypertable must give what the plain table gives in that zone.
    q = (
        "SELECT date_trunc(%s, time) AS time, count(*), sum(temperature) FROM {t} "
        "WHERE time BETWEEN %s AND %s GROUP BY 1 ORDER BY 1"
    )
    mismatches = []
    for zone in ("Asia/Kolkata", "America/New_York"):
        conn.execute("SELECT set_config('TimeZone', %s, false)", (zone,))
        for unit in ("day", "hour"):
            dist, ref = fetch_both(conn, tables, q, (unit, BASE, BASE + dt.timedelta(days=1)))
            if dist != ref:
                mismatches.append((zone, unit, dist[:3], ref[:3]))
    conn.execute("RESET TimeZone")
    check("date_trunc('day' / 'hour') grouping in sessions with TimeZone +05:30 and -05:00", [], mismatches)
    q = (
        "SELECT time_bucket('1 minute', time) AS \"time\", avg(temperature) FROM {t} "
        "WHERE time BETWEEN '2024-01-01T01:00:00Z' AND '2024-01-01T02:00:00Z' GROUP BY 1 ORDER BY 1"
    )
    dist, ref = fetch_both(conn, tables, q)
    check("Grafana literal $__timeFilter", ref, dist)
    check("Grafana literal $__timeFilter: 61 buckets", 61, len(dist))
    # $__timeGroupAlias(time, $__interval) with TimescaleDB on, and $__timeFilter, as Grafana expands them.
    q = (
        "SELECT time_bucket('60.000s',\"time\") AS \"time\", location AS metric, avg(temperature) AS \"temperature\" "
        "FROM {t} WHERE \"time\" BETWEEN '2024-01-01T06:00:00.000Z' AND '2024-01-01T07:30:00.000Z' "
        "GROUP BY 1,2 ORDER BY 1,2"
    )
    dist, ref = fetch_both(conn, tables, q)
    check("Grafana $__timeGroupAlias(time, $__interval) as Grafana expands it", ref, dist)
    # 271 rows in the window, 20 s apart: each (minute, location) group holds one.
    check("Grafana $__timeGroupAlias: 271 groups", 271, len(dist))
    conn.commit()


def main():
    tables = Tables(sys.argv[1])
    with psycopg.connect("") as conn:
        for step in (test_prepared, test_batches, test_returning_update_delete, test_copy, test_cursors, test_transactions, test_grafana):
            try:
                step(conn, tables)
            except psycopg.Error as e:
                check(f"{step.__name__} ran without error", None, f"{type(e).__name__}: {e}")
                conn.rollback()
        dist, ref = totals(conn, tables)
        check("final totals of the hypertable and the plain table", ref, dist)
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
