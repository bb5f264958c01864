package org.attributionexplorer.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import inet.ipaddr.IPAddressString;
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
import org.neo4j.graphdb.config.Setting;
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
 * Starts an embedded Neo4j Community DBMS that serves Bolt on 127.0.0.1 only.
 *
 * <pre>
 * java &lt;jvm opts&gt; -cp &lt;classpath&gt; org.attributionexplorer.launcher.Launcher \
 *     --home DIR [--port 7687] [--password-file FILE] [--tx-timeout 30s] [--pagecache 128m]
 * </pre>
 *
 * The password of the {@code neo4j} user is read from {@code --password-file} or, when that is not
 * given, from the environment variable {@code ATTRIB_NEO4J_PASSWORD}. It is never accepted on the
 * command line and never written to any log. On the first start it is installed with Neo4j's
 * initial-password mechanism (before Bolt opens); on every start it is (re)applied through the
 * system database, so the password source is authoritative.
 *
 * Procedures: {@code dbms.security.procedures.allowlist} only filters procedures loaded from plugin
 * jars; Neo4j's built-in procedures (db.createLabel, dbms.listConfig, dbms.killConnections, ...)
 * ignore it. The launcher therefore also unregisters every built-in procedure that does not match
 * {@link #PROCEDURE_ALLOWLIST} right after start, before it reports ready. Calling one then fails
 * with Neo.ClientError.Procedure.ProcedureNotFound.
 *
 * Prints {@code ready bolt://127.0.0.1:PORT} on stdout once Bolt accepts connections. SIGTERM
 * (or SIGINT) shuts the DBMS down cleanly through a shutdown hook.
 *
 * Exit codes: 0 clean stop, 1 start failure, 2 usage error, 3 password problem.
 */
public final class Launcher {

    public static final String PASSWORD_ENV = "ATTRIB_NEO4J_PASSWORD";
    public static final String USER = "neo4j";

    /**
     * The only procedures that stay callable: read-only, harmless built-ins. Everything else (for
     * instance db.createLabel, db.clearQueryCaches, db.stats.*, dbms.listConfig, dbms.queryJmx,
     * dbms.listConnections, dbms.killConnections, dbms.upgrade) is removed. Patterns use the
     * dbms.security.procedures.allowlist syntax ('*' wildcard). Functions are not affected.
     */
    static final List<String> PROCEDURE_ALLOWLIST = List.of(
            "db.labels",
            "db.relationshipTypes",
            "db.propertyKeys",
            "db.schema.visualization",
            "db.schema.nodeTypeProperties",
            "db.schema.relTypeProperties",
            "db.info",
            "db.ping",
            "db.nameFromElementId",
            "db.index.fulltext.queryNodes",
            "db.index.fulltext.queryRelationships",
            "db.index.vector.queryNodes",
            "db.index.vector.queryRelationships",
            "db.awaitIndex",
            "db.awaitIndexes",
            "db.index.fulltext.listAvailableAnalyzers",
            "dbms.components",
            "dbms.info",
            "dbms.showCurrentUser",
            "dbms.listCapabilities",
            "dbms.routing.getRoutingTable",
            "dbms.cluster.routing.getRoutingTable",
            "tx.getMetaData",
            "tx.setMetaData");

    private Launcher() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (UsageException e) {
            System.err.println("launcher: usage error: " + e.getMessage());
            System.err.println(
                    "usage: Launcher --home DIR [--port N] [--password-file FILE] [--tx-timeout 30s] [--pagecache 128m]");
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
        cfg.put(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"));
        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", o.port));
        cfg.put(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", o.port));
        cfg.put(BoltConnector.thread_pool_max_size, 64);
        cfg.put(BoltConnectorInternalSettings.enable_local_connector, false); // in-JVM Bolt channel, unused
        cfg.put(HttpConnector.enabled, false);
        cfg.put(HttpsConnector.enabled, false);
        cfg.put(GraphDatabaseSettings.routing_enabled, false);
        // auth
        cfg.put(GraphDatabaseSettings.auth_enabled, true);
        // queries
        cfg.put(GraphDatabaseSettings.transaction_timeout, o.txTimeout);
        cfg.put(GraphDatabaseSettings.memory_transaction_global_max_size, 256L * 1024 * 1024);
        cfg.put(GraphDatabaseSettings.memory_transaction_max_size, 192L * 1024 * 1024);
        // memory and disk footprint
        cfg.put(GraphDatabaseSettings.pagecache_memory, o.pagecache);
        cfg.put(GraphDatabaseSettings.keep_logical_logs, "keep_none");
        cfg.put(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024);
        cfg.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        // hardening for a read-only query console
        cfg.put(GraphDatabaseSettings.allow_file_urls, false);
        cfg.put(GraphDatabaseSettings.load_csv_file_url_root, importDir);
        cfg.put(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")));
        cfg.put(GraphDatabaseSettings.procedure_allowlist, PROCEDURE_ALLOWLIST);
        cfg.put(GraphDatabaseSettings.procedure_unrestricted, List.of());
        // no phoning home
        cfg.put(GraphDatabaseSettings.udc_enabled, false);
        // quick shutdown: Bolt's Netty loops otherwise wait a 5 s quiet period (twice)
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        cfg.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));
        cfg.put(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(5));
        cfg.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(5));

        say("starting Neo4j " + Version.getNeo4jVersion() + " (home " + home + ", bolt 127.0.0.1:" + o.port
                + ", tx timeout " + o.txTimeout.toSeconds() + "s, page cache " + (o.pagecache >> 20) + "m)");
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
            List<String> removed = enforceProcedureAllowlist(dbms);
            say("procedures: removed " + removed.size() + " built-ins outside the allow-list " + removed);
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
        System.out.println("ready bolt://127.0.0.1:" + o.port);
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

    /** Makes the password source authoritative on every start (e.g. after the password file was replaced). */
    private static void applyPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            say("password of user '" + USER + "' updated from the password source");
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (!(msg.contains("old password and new password cannot be the same"))) {
                throw new PasswordException("could not apply the password: " + describe(e));
            }
        }
    }

    /** Unregisters every procedure (built-ins included) whose name matches no allow-list pattern. */
    static List<String> enforceProcedureAllowlist(DatabaseManagementService dbms) {
        GraphDatabaseAPI api = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        GlobalProcedures procedures = api.getDependencyResolver().resolveDependency(GlobalProcedures.class);
        List<Pattern> allow = PROCEDURE_ALLOWLIST.stream().map(Launcher::allowPattern).toList();
        ProcedureView view = procedures.getCurrentView();
        TreeSet<String> names = new TreeSet<>();
        List<QualifiedName> toRemove = new ArrayList<>();
        for (QueryLanguage language : QueryLanguage.values()) {
            view.getAllProcedures(language).map(ProcedureSignature::name).forEach(name -> {
                String full = name.toString();
                if (allow.stream().noneMatch(p -> p.matcher(full).matches()) && names.add(full)) {
                    toRemove.add(name);
                }
            });
        }
        toRemove.forEach(procedures::unregister);
        return new ArrayList<>(names);
    }

    private static Pattern allowPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    private static String readPassword(Path file) throws IOException {
        String pw;
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new PasswordException("password file not found: " + file);
            }
            pw = Files.readString(file, StandardCharsets.UTF_8);
        } else {
            pw = System.getenv(PASSWORD_ENV);
            if (pw == null) {
                throw new PasswordException("give --password-file FILE or set " + PASSWORD_ENV);
            }
        }
        pw = pw.strip();
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

    static final class Options {
        Path home;
        int port = 7687;
        Path passwordFile;
        Duration txTimeout = Duration.ofSeconds(30);
        long pagecache = 128L * 1024 * 1024;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> a = new ArrayList<>(List.of(args));
            for (int i = 0; i < a.size(); i++) {
                String k = a.get(i);
                String v = null;
                int eq = k.indexOf('=');
                if (k.startsWith("--") && eq > 0) {
                    v = k.substring(eq + 1);
                    k = k.substring(0, eq);
                } else if (i + 1 < a.size()) {
                    v = a.get(++i);
                }
                if (v == null) {
                    throw new UsageException("missing value for " + k);
                }
                switch (k) {
                    case "--home" -> o.home = Path.of(v);
                    case "--port" -> o.port = parsePort(v);
                    case "--password-file" -> o.passwordFile = Path.of(v);
                    case "--tx-timeout" -> o.txTimeout = parseDuration(v);
                    case "--pagecache" -> o.pagecache = parseBytes(v);
                    default -> throw new UsageException("unknown argument " + k);
                }
            }
            if (o.home == null) {
                throw new UsageException("--home is required");
            }
            return o;
        }

        static int parsePort(String v) {
            try {
                int p = Integer.parseInt(v);
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                return p;
            } catch (NumberFormatException e) {
                throw new UsageException("bad port: " + v);
            }
        }

        /** "30s", "500ms", "2m", "1h" or plain seconds. */
        static Duration parseDuration(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            try {
                if (s.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
                } else if (s.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
                } else if (s.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
                } else if (s.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
                }
                return Duration.ofSeconds(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new UsageException("bad duration: " + v);
            }
        }

        /** "128m", "1g", "65536k" or plain bytes. */
        static long parseBytes(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            long mult = 1;
            if (s.endsWith("k")) {
                mult = 1L << 10;
            } else if (s.endsWith("m")) {
                mult = 1L << 20;
            } else if (s.endsWith("g")) {
                mult = 1L << 30;
            }
            if (mult != 1) {
                s = s.substring(0, s.length() - 1);
            }
            try {
                return Long.parseLong(s) * mult;
            } catch (NumberFormatException e) {
                throw new UsageException("bad size: " + v);
            }
        }
    }
}
