// PostgreSQL JDBC driving a timescaledb_dist access node (run by test/cluster/clients.sh
// as a single-file program: java -cp /usr/share/java/postgresql.jar JdbcClient.java).
//
// Usage: JdbcClient JDBC_URL TABLE. TABLE is a distributed hypertable and TABLE_ref a
// plain table with the same columns (time, location, temperature, humidity), both
// empty. Every row is written to both through the same driver call, and every read
// of TABLE is compared with the same read of TABLE_ref. Prints "ok - ..." /
// "not ok - ..." lines and exits 1 when any check failed.

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

public class JdbcClient {
    static final OffsetDateTime BASE = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final String[] LOCATIONS = {"office", "garage", "attic", "cellar"};
    static final String INSERT = "INSERT INTO %s (time, location, temperature, humidity) VALUES (?, ?, ?, ?)";
    static boolean failed = false;

    static void check(String desc, Object expected, Object actual) {
        if (Objects.equals(expected, actual)) {
            System.out.println("ok - jdbc: " + desc);
        } else {
            failed = true;
            System.out.println("not ok - jdbc: " + desc);
            System.out.println(truncate("  expected: " + expected));
            System.out.println(truncate("  actual:   " + actual));
        }
    }

    static String truncate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    /** Row i: one per 20 s over four locations; temperatures are multiples of 0.25. */
    static Object[] row(int i) {
        return new Object[] {BASE.plusSeconds(20L * i), LOCATIONS[i % 4], (i * 37 % 400) * 0.25, (double) (i % 100)};
    }

    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
    }

    /**
     * All rows of a result set as lists of column values, read with getObject: the
     * driver switches a statement it has run often to binary results, where getString
     * of a double prints "1.0" for the text format's "1".
     */
    static List<List<Object>> rows(ResultSet rs) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<Object> r = new ArrayList<>();
            for (int c = 1; c <= n; c++) r.add(rs.getObject(c));
            out.add(r);
        }
        return out;
    }

    final Connection conn;
    final String dist;
    final String ref;

    JdbcClient(Connection conn, String table) {
        this.conn = conn;
        this.dist = table;
        this.ref = table + "_ref";
    }

    String[] both() {
        return new String[] {dist, ref};
    }

    List<List<Object>> query(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rows(rs);
            }
        }
    }

    List<List<Object>> totals(String t) throws SQLException {
        return query("SELECT count(*), sum(temperature), sum(humidity), min(time), max(time) FROM " + t);
    }

    long count(String t) throws SQLException {
        return (Long) totals(t).get(0).get(0);
    }

    void checkTotals(String desc) throws SQLException {
        check(desc, totals(ref), totals(dist));
    }

    void testPrepared() throws SQLException {
        for (String t : both()) {
            try (PreparedStatement ps = conn.prepareStatement(String.format(INSERT, t))) {
                // Server-side prepared from the first execution on (the driver's default is the fifth).
                ps.unwrap(PGStatement.class).setPrepareThreshold(1);
                for (int i = 0; i < 24; i++) {
                    bind(ps, row(i));
                    ps.executeUpdate();
                }
                check("PreparedStatement is server-prepared (" + t + ")", true,
                        ps.unwrap(PGStatement.class).isUseServerPrepare());
            }
        }
        checkTotals("PreparedStatement INSERT x24 stores the rows");
        check("PreparedStatement INSERT: 24 rows", 24L, count(dist));

        String sel = "SELECT count(*), sum(temperature), max(humidity) FROM %s "
                + "WHERE location = ? AND time >= ? AND time < ?";
        List<String> mismatches = new ArrayList<>();
        for (String mode : new String[] {"auto", "force_generic_plan"}) {
            try (Statement st = conn.createStatement()) {
                st.execute("SET plan_cache_mode = " + mode);
            }
            try (PreparedStatement pd = conn.prepareStatement(String.format(sel, dist));
                    PreparedStatement pr = conn.prepareStatement(String.format(sel, ref))) {
                for (int k = 0; k < 8; k++) {
                    Object[] p = {LOCATIONS[k % 4], BASE.plusSeconds(40L * k), BASE.plusSeconds(40L * k + 300)};
                    bind(pd, p);
                    bind(pr, p);
                    List<List<Object>> d, r;
                    try (ResultSet rs = pd.executeQuery()) {
                        d = rows(rs);
                    }
                    try (ResultSet rs = pr.executeQuery()) {
                        r = rows(rs);
                    }
                    if (!d.equals(r)) mismatches.add(mode + " " + k + ": " + d + " vs " + r);
                }
            }
        }
        try (Statement st = conn.createStatement()) {
            st.execute("RESET plan_cache_mode");
        }
        check("PreparedStatement SELECT x16 with parameters (auto and generic plans) matches the plain table",
                List.of(), mismatches);
    }

    void testBatches() throws SQLException {
        long before = count(dist);
        for (String t : both()) {
            try (PreparedStatement ps = conn.prepareStatement(String.format(INSERT, t))) {
                for (int i = 100; i < 400; i++) {
                    bind(ps, row(i));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                check("executeBatch of 300 rows returns 300 counts (" + t + ")", 300, counts.length);
            }
        }
        checkTotals("addBatch / executeBatch");
        // With reWriteBatchedInserts the driver folds the batch into multi-row INSERTs.
        try (Connection rw = DriverManager.getConnection(conn.getMetaData().getURL() + "&reWriteBatchedInserts=true",
                     "postgres", "")) {
            for (String t : both()) {
                try (PreparedStatement ps = rw.prepareStatement(String.format(INSERT, t))) {
                    for (int i = 400; i < 700; i++) {
                        bind(ps, row(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
        checkTotals("executeBatch with reWriteBatchedInserts=true (multi-row INSERTs)");
        check("batches: row count", before + 600, count(dist));
    }

    void testCopy() throws Exception {
        long before = count(dist);
        StringBuilder text = new StringBuilder();
        for (int i = 1000; i < 3000; i++) {
            Object[] r = row(i);
            text.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2]).append('\t').append(r[3]).append('\n');
        }
        for (String t : both()) {
            long n = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + t + " (time, location, temperature, humidity) FROM STDIN",
                    new StringReader(text.toString()));
            check("CopyManager.copyIn reports 2000 rows (" + t + ")", 2000L, n);
        }
        checkTotals("COPY FROM STDIN through CopyManager");
        check("COPY: row count", before + 2000, count(dist));
    }

    void testFetchSize() throws SQLException {
        String q = "SELECT time, location, temperature, humidity FROM %s WHERE time >= ? ORDER BY time, location";
        List<List<Object>> expected = query(String.format(q, ref), BASE.plusMinutes(30));
        // With autocommit off and a fetch size the driver reads a portal in batches.
        conn.setAutoCommit(false);
        List<List<Object>> got;
        try (PreparedStatement ps = conn.prepareStatement(String.format(q, dist))) {
            ps.setFetchSize(113);
            bind(ps, BASE.plusMinutes(30));
            try (ResultSet rs = ps.executeQuery()) {
                got = rows(rs);
            }
        }
        check("fetch size 113 (portal read in batches), " + expected.size() + " rows", expected, got);

        // Two portals open at once, read in turns: the driver fetches 40 rows of one,
        // then of the other.
        List<List<Object>> a = new ArrayList<>(), b = new ArrayList<>();
        try (PreparedStatement p1 = conn.prepareStatement(String.format(q, dist));
                PreparedStatement p2 = conn.prepareStatement(String.format(q, dist))) {
            p1.setFetchSize(40);
            p2.setFetchSize(40);
            bind(p1, BASE.plusMinutes(30));
            bind(p2, BASE.plusMinutes(30));
            try (ResultSet r1 = p1.executeQuery(); ResultSet r2 = p2.executeQuery()) {
                boolean more1 = true, more2 = true;
                while (more1 || more2) {
                    for (int i = 0; i < 40 && more1; i++) {
                        if ((more1 = r1.next())) a.add(List.of(r1.getObject(1), r1.getObject(2), r1.getObject(3),
                                r1.getObject(4)));
                    }
                    for (int i = 0; i < 40 && more2; i++) {
                        if ((more2 = r2.next())) b.add(List.of(r2.getObject(1), r2.getObject(2), r2.getObject(3),
                                r2.getObject(4)));
                    }
                }
            }
        }
        conn.commit();
        conn.setAutoCommit(true);
        check("two portals with fetch size 40 read in turns", List.of(expected, expected), List.of(a, b));
    }

    void testTransactions() throws SQLException {
        List<List<Object>> before = totals(dist);
        conn.setAutoCommit(false);
        for (String t : both()) {
            try (PreparedStatement ps = conn.prepareStatement(String.format(INSERT, t))) {
                for (int i = 5000; i < 5010; i++) {
                    bind(ps, row(i));
                    ps.executeUpdate();
                }
            }
        }
        conn.rollback();
        check("rollback() leaves nothing", before, totals(dist));

        for (String t : both()) {
            try (PreparedStatement ps = conn.prepareStatement(String.format(INSERT, t))) {
                bind(ps, row(6000));
                ps.executeUpdate();
                var sp = conn.setSavepoint();
                bind(ps, row(6001));
                ps.executeUpdate();
                conn.rollback(sp);
            }
        }
        conn.commit();
        checkTotals("rollback(savepoint), then commit()");
        check("savepoint: only the outer row was added", (Long) before.get(0).get(0) + 1, count(dist));

        String state = "no error";
        try (PreparedStatement ps = conn.prepareStatement(String.format(INSERT, dist))) {
            bind(ps, row(7000));
            ps.executeUpdate();
            bind(ps, null, "office", 1.0, 1.0);
            ps.executeUpdate();
        } catch (SQLException e) {
            state = e.getSQLState();
        }
        conn.rollback();
        conn.setAutoCommit(true);
        check("NULL time is refused with 23502", "23502", state);
        checkTotals("failed transaction rolled back its earlier row; the connection works on");
    }

    void testGrafana() throws SQLException {
        String[][] queries = {
            {"time_bucket ($__timeGroup with TimescaleDB)",
                "SELECT time_bucket('5 minutes', time) AS time, location, avg(temperature), max(humidity), count(*) "
                        + "FROM %s WHERE time BETWEEN ? AND ? GROUP BY 1, 2 ORDER BY 1, 2"},
            {"date_trunc",
                "SELECT date_trunc('hour', time) AS time, location AS metric, avg(temperature) "
                        + "FROM %s WHERE time >= ? AND time <= ? GROUP BY 1, 2 ORDER BY 1, 2"},
        };
        for (String[] g : queries) {
            List<String> mismatches = new ArrayList<>();
            int nonempty = 0;
            try (PreparedStatement pd = conn.prepareStatement(String.format(g[1], dist));
                    PreparedStatement pr = conn.prepareStatement(String.format(g[1], ref))) {
                for (int k = 0; k < 8; k++) {
                    // Grafana's $__timeFrom() / $__timeTo() as java.sql.Timestamp parameters.
                    java.sql.Timestamp from = java.sql.Timestamp.from(Instant.from(BASE.plusMinutes(10L * k)));
                    java.sql.Timestamp to = java.sql.Timestamp.from(Instant.from(BASE.plusMinutes(10L * k + 180)));
                    List<List<Object>> d, r;
                    for (PreparedStatement ps : new PreparedStatement[] {pd, pr}) {
                        ps.setTimestamp(1, from);
                        ps.setTimestamp(2, to);
                    }
                    try (ResultSet rs = pd.executeQuery()) {
                        d = rows(rs);
                    }
                    try (ResultSet rs = pr.executeQuery()) {
                        r = rows(rs);
                    }
                    if (!r.isEmpty()) nonempty++;
                    if (!d.equals(r)) mismatches.add(k + ": " + d + " vs " + r);
                }
            }
            check("Grafana " + g[0] + ": 8 prepared time windows match the plain table", List.of(), mismatches);
            check("Grafana " + g[0] + ": windows hold data", 8, nonempty);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        try (Connection conn = DriverManager.getConnection(args[0], "postgres", "")) {
            JdbcClient c = new JdbcClient(conn, args[1]);
            Step[] steps = {c::testPrepared, c::testBatches, c::testCopy, c::testFetchSize, c::testTransactions,
                c::testGrafana};
            String[] names = {"prepared", "batches", "copy", "fetch size", "transactions", "grafana"};
            for (int i = 0; i < steps.length; i++) {
                try {
                    steps[i].run();
                } catch (SQLException e) {
                    check(names[i] + " ran without error", null, e.getSQLState() + " " + e.getMessage());
                    if (!conn.getAutoCommit()) {
                        conn.rollback();
                        conn.setAutoCommit(true);
                    }
                }
            }
            c.checkTotals("final totals of the hypertable and the plain table");
        }
        System.exit(failed ? 1 : 0);
    }
}
