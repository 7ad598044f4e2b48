-- pgbench custom script (test/cluster/clients.sh): one row into the distributed
-- hypertable cond_bench per transaction, then a read of the same location's last
-- hour and a Grafana-style time_bucket query, with random parameters.
\set loc random(1, 8)
\set sec random(0, 86399)
\set temp random(0, 400)
BEGIN;
INSERT INTO cond_bench (time, location, temperature, humidity)
    VALUES (timestamptz '2024-03-01 00:00:00+00' + :sec * interval '1 second', 'loc' || :loc, :temp * 0.25, :loc);
SELECT count(*), avg(temperature) FROM cond_bench
    WHERE location = 'loc' || :loc
      AND time BETWEEN timestamptz '2024-03-01 00:00:00+00' + (:sec - 3600) * interval '1 second'
                   AND timestamptz '2024-03-01 00:00:00+00' + :sec * interval '1 second';
SELECT time_bucket('5 minutes', time) AS time, location, avg(temperature) FROM cond_bench
    WHERE time BETWEEN timestamptz '2024-03-01 00:00:00+00' + (:sec - 1800) * interval '1 second'
                   AND timestamptz '2024-03-01 00:00:00+00' + :sec * interval '1 second'
    GROUP BY 1, 2 ORDER BY 1;
END;
