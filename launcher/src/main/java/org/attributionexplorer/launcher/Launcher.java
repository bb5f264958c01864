package org.attributionexplorer.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import inet.ipaddr.IPAddressString;
import org.attributionexplorer.guard.RunawayCheckProcedure;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.internal.kernel.api.exceptions.ProcedureException;
import org.neo4j.internal.kernel.api.procs.ProcedureSignature;
import org.neo4j.internal.kernel.api.procs.QualifiedName;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.api.QueryLanguage;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.api.procedure.ProcedureView;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.internal.Version;
import picocli.CommandLine;

/**
 * Starts an embedded Neo4j Community DBMS that serves Bolt on a loopback address only.
 *
 * <pre>
 * java &lt;jvm opts&gt; -cp &lt;classpath&gt; org.attributionexplorer.launcher.Launcher {@value #USAGE}
 * </pre>
 *
 * Every option is required and has no default here: the values (port, page cache, transaction
 * timeout and memory caps, the procedure allow-list, ...) are declared once, in Python
 * ({@code attrib/local_server/config.py}), and passed by {@code attrib.local_server}.
 *
 * The password of the {@code neo4j} user is read from {@code --password-file}. It is never
 * accepted on the command line and never written to any log. On the first start it is installed
 * with Neo4j's initial-password mechanism (before Bolt opens); on every start it is (re)applied
 * through the system database, so the password file is authoritative.
 *
 * Procedures: {@code dbms.security.procedures.allowlist} only filters procedures loaded from plugin
 * jars; Neo4j's built-in procedures (db.createLabel, dbms.listConfig, dbms.killConnections, ...)
 * ignore it. The launcher therefore also unregisters every built-in procedure not named in
 * {@code --procedures} right after start, before it reports ready. Calling one then fails with
 * Neo.ClientError.Procedure.ProcedureNotFound.
 *
 * Runaway queries: the launcher registers {@code attrib.checkRunaway} (the typed-Cypher check of
 * {@code org.attributionexplorer.guard}) and the guard's watchdog starts with each database (its
 * ExtensionFactory is on the classpath); see docs/security.md.
 *
 * Prints {@code ready bolt://HOST:PORT} on stdout once Bolt accepts connections. SIGTERM
 * (or SIGINT) shuts the DBMS down cleanly through a shutdown hook.
 *
 * Exit codes: 0 clean stop, 1 start failure, 2 usage error, 3 password problem.
 */
public final class Launcher {

    /** The user Neo4j's initial-password mechanism sets up (a fact of Neo4j, not a setting). */
    public static final String USER = "neo4j";

    static final String USAGE = "--home DIR --host ADDRESS --port N --password-file FILE"
            + " --tx-timeout-seconds N --tx-monitor-interval-ms N --pagecache-mib N --tx-memory-total-mib N"
            + " --tx-memory-mib N --procedures NAME,NAME,...";

    private Launcher() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (UsageException e) {
            System.err.println("launcher: usage error: " + e.getMessage());
            System.err.println("usage: Launcher " + USAGE);
            code = 2;
        } catch (PasswordException e) {
            System.err.println("launcher: password error: " + e.getMessage());
            code = 3;
        } catch (Throwable e) {
            e.printStackTrace(System.err);
            // the summary comes last: it is what a caller showing the log's tail should see
            System.err.println("launcher: failed to start Neo4j: " + describe(e));
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        if (code != 0) {
            // halt: do not wait for non-daemon threads a half-started DBMS may have left behind
            Runtime.getRuntime().halt(code);
        }
    }

    private static int run(String[] args) throws Exception {
        Options o = Options.parse(args);
        String password = readPassword(o.passwordFile);
        long mib = 1024L * 1024;

        Path home = o.home.toAbsolutePath().normalize();
        Path data = home.resolve("data");
        Path importDir = data.resolve("import-disabled");
        Files.createDirectories(importDir);
        Files.createDirectories(home.resolve("logs"));

        boolean firstStart = !Files.isDirectory(data.resolve("databases").resolve("system"));
        if (firstStart) {
            setInitialPassword(home, password);
            say("initial password installed for user '" + USER + "'");
        }

        Map<Setting<?>, Object> cfg = new LinkedHashMap<>();
        // network: Bolt on loopback only; HTTP/HTTPS and the server-side routing connector off
        cfg.put(GraphDatabaseSettings.default_listen_address, new SocketAddress(o.host));
        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, new SocketAddress(o.host, o.port));
        cfg.put(BoltConnector.advertised_address, new SocketAddress(o.host, o.port));
        cfg.put(BoltConnector.thread_pool_max_size, 64);
        cfg.put(BoltConnectorInternalSettings.enable_local_connector, false); // in-JVM Bolt channel, unused
        cfg.put(HttpConnector.enabled, false);
        cfg.put(HttpsConnector.enabled, false);
        cfg.put(GraphDatabaseSettings.routing_enabled, false);
        // auth
        cfg.put(GraphDatabaseSettings.auth_enabled, true);
        // queries
        cfg.put(GraphDatabaseSettings.transaction_timeout, o.txTimeout);
        cfg.put(GraphDatabaseSettings.memory_transaction_global_max_size, o.txMemoryTotalMib * mib);
        cfg.put(GraphDatabaseSettings.memory_transaction_max_size, o.txMemoryMib * mib);
        // how soon a timed-out transaction is marked (and the watchdog's clock starts)
        cfg.put(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(o.txMonitorIntervalMs));
        // the runaway check parses with the Cypher 5 ANTLR parser: the server must use the same one
        cfg.put(GraphDatabaseInternalSettings.cypher_parser_antlr_enabled, true);
        // memory and disk footprint
        cfg.put(GraphDatabaseSettings.pagecache_memory, o.pagecacheMib * mib);
        cfg.put(GraphDatabaseSettings.keep_logical_logs, "keep_none");
        cfg.put(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024);
        cfg.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        // hardening for a read-only query console
        cfg.put(GraphDatabaseSettings.allow_file_urls, false);
        cfg.put(GraphDatabaseSettings.load_csv_file_url_root, importDir);
        cfg.put(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")));
        cfg.put(GraphDatabaseSettings.procedure_allowlist, o.procedures);
        cfg.put(GraphDatabaseSettings.procedure_unrestricted, List.of());
        // no phoning home
        cfg.put(GraphDatabaseSettings.udc_enabled, false);
        // quick shutdown: Bolt's Netty loops otherwise wait a 5 s quiet period (twice)
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));
        cfg.put(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(5));
        cfg.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(5));

        say("starting Neo4j " + Version.getNeo4jVersion() + " (home " + home + ", bolt " + o.host + ":" + o.port
                + ", tx timeout " + o.txTimeout.toSeconds() + "s, page cache " + o.pagecacheMib + "m)");
        long t0 = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home).setConfig(cfg).build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("shutting down");
            try {
                dbms.shutdown();
                say("stopped");
            } catch (Throwable e) {
                System.err.println("launcher: error during shutdown: " + describe(e));
            } finally {
                System.out.flush();
                stopped.countDown();
            }
        }, "launcher-shutdown"));

        try {
            applyPassword(dbms, password);
            List<String> removed = enforceProcedureAllowlist(dbms, o.procedures);
            say("procedures: removed " + removed.size() + " built-ins outside the allow-list " + removed);
            registerRunawayCheck(dbms);
        } catch (RuntimeException e) {
            // never serve Bolt with a wrong password or the full procedure set: stop cleanly, fail
            try {
                dbms.shutdown();
            } catch (Throwable suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }

        long ms = (System.nanoTime() - t0) / 1_000_000;
        say("Neo4j started in " + ms + " ms");
        System.out.println("ready bolt://" + o.host + ":" + o.port);
        System.out.flush();

        stopped.await();
        return 0;
    }

    /** Neo4j's own "neo4j-admin dbms set-initial-password", run in-process (takes effect before Bolt opens). */
    private static void setInitialPassword(Path home, String password) {
        PrintStream devNull = new PrintStream(OutputStream.nullOutputStream());
        ExecutionContext ctx = new ExecutionContext(home, home.resolve("conf"), devNull, devNull,
                new DefaultFileSystemAbstraction());
        SetInitialPasswordCommand cmd = new SetInitialPasswordCommand(ctx);
        try {
            // "--": a password that starts with '-' must not be taken for an option
            new CommandLine(cmd).parseArgs("--", password);
        } catch (RuntimeException e) {
            // picocli messages may quote the argument: never show them
            throw new PasswordException("could not hand the initial password to Neo4j (" + e.getClass().getSimpleName() + ")");
        }
        try {
            cmd.execute();
        } catch (Exception e) {
            throw new PasswordException("could not install the initial password: " + describe(e));
        }
    }

    static final long PASSWORD_TX_MINUTES = 10;

    /** Makes the password source authoritative on every start (e.g. after the password file was replaced). */
    private static void applyPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        // its own timeout: the server-wide transaction timeout (meant for queries) must not fail
        // a start on a busy machine, where hashing the password can take longer than that
        try (Transaction tx = system.beginTx(PASSWORD_TX_MINUTES, TimeUnit.MINUTES)) {
            tx.execute("ALTER USER " + USER + " SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password))
                    .close();
            tx.commit();
            say("password of user '" + USER + "' updated from the password source");
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (!(msg.contains("old password and new password cannot be the same"))) {
                throw new PasswordException("could not apply the password: " + describe(e));
            }
        }
    }

    /** Unregisters every procedure (built-ins included) not named in the allow-list. */
    static List<String> enforceProcedureAllowlist(DatabaseManagementService dbms, List<String> allowlist) {
        GraphDatabaseAPI api = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        GlobalProcedures procedures = api.getDependencyResolver().resolveDependency(GlobalProcedures.class);
        Set<String> allow = Set.copyOf(allowlist);
        ProcedureView view = procedures.getCurrentView();
        TreeSet<String> names = new TreeSet<>();
        List<QualifiedName> toRemove = new ArrayList<>();
        for (QueryLanguage language : QueryLanguage.values()) {
            view.getAllProcedures(language).map(ProcedureSignature::name).forEach(name -> {
                String full = name.toString();
                if (!allow.contains(full) && names.add(full)) {
                    toRemove.add(name);
                }
            });
        }
        toRemove.forEach(procedures::unregister);
        return new ArrayList<>(names);
    }

    /**
     * Registers attrib.checkRunaway (plugins are loaded from a plugin directory; embedded, it is
     * registered here). The watchdog starts by itself: its ExtensionFactory is on the classpath.
     */
    static void registerRunawayCheck(DatabaseManagementService dbms) {
        GraphDatabaseAPI api = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            api.getDependencyResolver().resolveDependency(GlobalProcedures.class)
                    .registerProcedure(RunawayCheckProcedure.class);
        } catch (ProcedureException e) {
            throw new IllegalStateException("could not register attrib.checkRunaway: " + describe(e), e);
        }
        say("procedures: registered attrib.checkRunaway");
    }

    private static String readPassword(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new PasswordException("password file not found: " + file);
        }
        String pw = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (pw.length() < 8) {
            throw new PasswordException("the password must have at least 8 characters");
        }
        return pw;
    }

    private static void say(String line) {
        System.out.println("launcher: " + line);
        System.out.flush();
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        int depth = 0;
        while (t != null && depth++ < 8) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            t = t.getCause();
        }
        return sb.toString();
    }

    static final class UsageException extends RuntimeException {
        UsageException(String m) {
            super(m);
        }
    }

    static final class PasswordException extends RuntimeException {
        PasswordException(String m) {
            super(m);
        }
    }

    /** The command line: every option required, no defaults (Python declares and passes them). */
    static final class Options {
        /** Bound for seconds and MiB: far above any sensible value, and no overflow as bytes. */
        static final long MAX_NUMBER = 1L << 30;

        final Path home;
        final String host;
        final int port;
        final Path passwordFile;
        final Duration txTimeout;
        final long txMonitorIntervalMs;
        final long pagecacheMib;
        final long txMemoryTotalMib;
        final long txMemoryMib;
        final List<String> procedures;

        private Options(Map<String, String> given) {
            home = Path.of(required(given, "--home"));
            host = loopback(required(given, "--host"));
            port = (int) number(given, "--port", 65535);
            passwordFile = Path.of(required(given, "--password-file"));
            txTimeout = Duration.ofSeconds(number(given, "--tx-timeout-seconds", MAX_NUMBER));
            txMonitorIntervalMs = number(given, "--tx-monitor-interval-ms", MAX_NUMBER);
            pagecacheMib = number(given, "--pagecache-mib", MAX_NUMBER);
            txMemoryTotalMib = number(given, "--tx-memory-total-mib", MAX_NUMBER);
            txMemoryMib = number(given, "--tx-memory-mib", MAX_NUMBER);
            procedures = List.of(required(given, "--procedures").split(","));
        }

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new UsageException("missing value for " + args[i]);
                }
                given.put(args[i], args[i + 1]);
            }
            Options o = new Options(given); // takes its options out of `given`
            if (!given.isEmpty()) {
                throw new UsageException("unknown argument " + given.keySet().iterator().next());
            }
            return o;
        }

        private static String required(Map<String, String> given, String name) {
            String v = given.remove(name);
            if (v == null || v.isBlank()) {
                throw new UsageException(name + " is required (attrib.local_server passes every value)");
            }
            return v;
        }

        /** A whole number from 1 to max. */
        private static long number(Map<String, String> given, String name, long max) {
            String v = required(given, name);
            try {
                long n = Long.parseLong(v);
                if (n < 1 || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException("bad " + name + ": " + v + " (a whole number from 1 to " + max + ")");
            }
        }

        /** Bolt must only listen on this machine. */
        private static String loopback(String host) {
            try {
                if (InetAddress.getByName(host).isLoopbackAddress()) {
                    return host;
                }
            } catch (UnknownHostException e) {
                // falls through to the usage error
            }
            throw new UsageException("--host must be a loopback address, not " + host);
        }
    }
}
