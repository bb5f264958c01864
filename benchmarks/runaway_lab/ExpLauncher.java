import java.io.FileReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.*;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.*;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.*;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.kernel.api.KernelTransactionHandle;
import org.neo4j.kernel.impl.api.KernelTransactions;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Experiment only (never product code): an embedded Neo4j with the launcher's query settings,
 * auth OFF, extra settings from a neo4j.conf-style file, and an optional watchdog that stops
 * the thread of a transaction still running STOP_AFTER_MS after it was marked terminated
 * (-Dwatchdog.close=true also closes its Bolt connection first).
 *
 *   javac -cp $(cat launcher/target/classpath.txt) -d /tmp/lab benchmarks/runaway_lab/ExpLauncher.java
 *   java -Xmx512m -XX:+UseSerialGC --add-opens=java.base/java.lang=ALL-UNNAMED (and the other
 *        --add-opens of attrib/local_server) -cp /tmp/lab:$(cat launcher/target/classpath.txt) \
 *        ExpLauncher HOME PORT [settings.conf|-] [STOP_AFTER_MS]
 */
public final class ExpLauncher {
    public static void main(String[] a) throws Exception {
        Path home = Path.of(a[0]);
        int port = Integer.parseInt(a[1]);
        Properties extra = new Properties();
        if (a.length > 2 && !a[2].equals("-")) extra.load(new FileReader(a[2]));
        long stopAfterMs = a.length > 3 ? Long.parseLong(a[3]) : -1;
        Map<Setting<?>, Object> cfg = new LinkedHashMap<>();
        cfg.put(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"));
        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port));
        cfg.put(HttpConnector.enabled, false);
        cfg.put(HttpsConnector.enabled, false);
        cfg.put(GraphDatabaseSettings.auth_enabled, false);
        cfg.put(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(30));
        cfg.put(GraphDatabaseSettings.memory_transaction_global_max_size, 256L * 1024 * 1024);
        cfg.put(GraphDatabaseSettings.memory_transaction_max_size, 192L * 1024 * 1024);
        cfg.put(GraphDatabaseSettings.pagecache_memory, 128L * 1024 * 1024);
        Map<String, String> raw = new HashMap<>();
        for (String k : extra.stringPropertyNames()) raw.put(k, extra.getProperty(k));
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home).setConfig(cfg).loadPropertiesFromFile(a.length > 2 && !a[2].equals("-") ? Path.of(a[2]) : home.resolve("none.conf")).build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        System.out.println("ready bolt://127.0.0.1:" + port + " extra=" + raw + " stopAfterMs=" + stopAfterMs);
        System.out.flush();
        if (stopAfterMs < 0) { Thread.currentThread().join(); }
        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database("neo4j");
        KernelTransactions txs = db.getDependencyResolver().resolveDependency(KernelTransactions.class);
        var tracker = ((GraphDatabaseAPI) dbms.database("system")).getDependencyResolver().resolveDependency(org.neo4j.kernel.api.net.NetworkConnectionTracker.class);
        boolean closeConnection = Boolean.getBoolean("watchdog.close");
        while (true) {
            Thread.sleep(250);
            for (KernelTransactionHandle h : txs.activeTransactions()) {
                var mark = h.terminationMark();
                var q = h.executingQuery();
                if (mark.isEmpty() || q.isEmpty()) continue;
                long ms = (System.nanoTime() - mark.get().getTimestampNanos()) / 1_000_000;
                if (ms < stopAfterMs) continue;
                String name = q.get().threadExecutingTheQueryName();
                for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                    if (!e.getKey().getName().equals(name)) continue;
                    StackTraceElement[] st = e.getValue();
                    String top = st.length > 0 ? st[0].getClassName() : "";
                    System.out.println("watchdog: tx terminated " + ms + " ms ago, thread " + name + " top " + top + " -> stop()");
                    System.out.flush();
                    if (closeConnection) {
                        h.clientInfo().ifPresent(ci -> {
                            var c = tracker.get(ci.connectionId());
                            System.out.println("watchdog: closing connection " + ci.connectionId() + " -> " + (c != null));
                            if (c != null) c.close();
                        });
                    }
                    e.getKey().stop();
                }
            }
        }
    }
}
