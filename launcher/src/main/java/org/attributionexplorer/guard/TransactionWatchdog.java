package org.attributionexplorer.guard;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.neo4j.kernel.api.KernelTransactionHandle;
import org.neo4j.kernel.api.net.NetworkConnectionTracker;
import org.neo4j.kernel.api.net.TrackedNetworkConnection;
import org.neo4j.kernel.impl.api.KernelTransactions;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Stops what Neo4j cannot: a query still computing inside one expression after its transaction
 * was terminated (timeout or TERMINATE only mark it; expression loops never look at the mark).
 *
 * Every {@value #TICK_MILLIS} ms, for a transaction marked terminated more than
 * {@value #STOP_AFTER_MILLIS} ms ago that still executes a query: close its Bolt connection (the
 * client learns at once), then {@code Thread.stop()} its thread when the thread is in expression
 * code (Java 17: the ThreadDeath unwinds the query like an expression error). If that thread still
 * runs the query {@value #HALT_AFTER_MILLIS} ms later, or stop() is unsupported (Java 20+), or the
 * old generation stays above {@value #WEDGED_PERCENT}% after full GCs for
 * {@value #WEDGED_MILLIS} ms (heap shapes that wedge the JVM in GC), halt the JVM with exit code
 * {@value #HALT_CODE}: the local server is started again by `attrib neo4j start`/`attrib up`,
 * compose restarts the container. One log line per action, on stdout.
 */
public final class TransactionWatchdog implements Runnable {
    static final long TICK_MILLIS = 250;
    static final long STOP_AFTER_MILLIS = 1_000;
    static final long HALT_AFTER_MILLIS = 5_000;
    static final int WEDGED_PERCENT = 95;
    static final long WEDGED_MILLIS = 10_000;
    static final int HALT_CODE = 75;
    /** The line the local server's log ends with after a halt (attrib.runner looks for it). */
    public static final String HALT_LINE = "attrib watchdog: halting Neo4j";

    private static final List<String> EXPRESSION_CODE = List.of(
            "org.neo4j.cypher.internal.runtime.interpreted.commands.",
            "org.neo4j.cypher.operations.",
            "org.neo4j.values.",
            "java.util.regex.",
            "java.lang.String",
            "java.util.Arrays");

    private static final List<GraphDatabaseAPI> DATABASES = new CopyOnWriteArrayList<>();
    private static Thread thread;

    private final Map<String, Long> stopped = new HashMap<>(); // thread name -> when stopped (nanos)
    private long wedgedSince;
    private long fullGcsAtWedge;

    private TransactionWatchdog() {}

    /** Watch this database's transactions (the first call starts the watchdog thread). */
    public static synchronized void watch(GraphDatabaseAPI db) {
        DATABASES.add(db);
        if (thread == null) {
            thread = new Thread(new TransactionWatchdog(), "attrib-watchdog");
            thread.setDaemon(true);
            thread.start();
            say("attrib watchdog: watching transactions every " + TICK_MILLIS + " ms");
        }
    }

    /** Stop watching a database that shuts down. */
    public static void unwatch(GraphDatabaseAPI db) {
        DATABASES.remove(db);
    }

    @Override
    public void run() {
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
                long now = System.nanoTime();
                for (GraphDatabaseAPI db : DATABASES) {
                    if (db.isAvailable()) {
                        tick(db, now);
                    }
                }
                stopped.values().removeIf(t -> now - t > 60_000_000_000L);
                checkHeap(now);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                say("attrib watchdog: " + e); // keep watching: a database may be stopping
            }
        }
    }

    private void tick(GraphDatabaseAPI db, long now) {
        var resolver = db.getDependencyResolver();
        KernelTransactions transactions = resolver.resolveDependency(KernelTransactions.class);
        NetworkConnectionTracker connections = resolver.resolveDependency(NetworkConnectionTracker.class);
        for (KernelTransactionHandle h : transactions.activeTransactions()) {
            var mark = h.terminationMark();
            var query = h.executingQuery();
            if (mark.isEmpty() || query.isEmpty()
                    || now - mark.get().getTimestampNanos() < STOP_AFTER_MILLIS * 1_000_000) {
                continue;
            }
            String name = query.get().threadExecutingTheQueryName();
            if (name == null) {
                continue;
            }
            Long since = stopped.get(name);
            if (since != null) {
                if (now - since > HALT_AFTER_MILLIS * 1_000_000 && findThread(name).isPresent()) {
                    halt("a query on " + name + " still runs " + HALT_AFTER_MILLIS + " ms after it was stopped");
                }
                continue;
            }
            h.clientInfo().map(ci -> connections.get(ci.connectionId())).ifPresent(TrackedNetworkConnection::close);
            Optional<Thread> worker = findThread(name).filter(TransactionWatchdog::inExpressionCode);
            worker.ifPresent(TransactionWatchdog::stop);
            stopped.put(name, now);
            say("attrib watchdog: closed the connection of a query still running "
                    + (now - mark.get().getTimestampNanos()) / 1_000_000 + " ms after it was terminated ("
                    + mark.get().getReason() + ")" + (worker.isPresent() ? "; stopped " + name : ""));
        }
    }

    @SuppressWarnings("removal")
    private static void stop(Thread t) {
        try {
            t.stop();
        } catch (UnsupportedOperationException e) { // Java 20+
            halt("Thread.stop() is not supported on this Java");
        }
    }

    /** Halt when the old generation stays nearly full after full GCs: the JVM is wedged in GC. */
    private void checkHeap(long now) {
        long percent = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            var after = pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    ? pool.getCollectionUsage() : null;
            String n = pool.getName();
            if (after != null && after.getMax() > 0 && (n.contains("Old") || n.contains("Tenured"))) {
                percent = Math.max(percent, 100 * after.getUsed() / after.getMax());
            }
        }
        long fullGcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String n = gc.getName();
            if (n.contains("MarkSweep") || n.contains("Old") || n.contains("Full")) {
                fullGcs += gc.getCollectionCount();
            }
        }
        if (percent < WEDGED_PERCENT) {
            wedgedSince = 0;
            return;
        }
        if (wedgedSince == 0) {
            wedgedSince = now;
            fullGcsAtWedge = fullGcs;
        } else if (now - wedgedSince > WEDGED_MILLIS * 1_000_000 && fullGcs - fullGcsAtWedge >= 3) {
            halt("the heap stayed " + percent + "% full after " + (fullGcs - fullGcsAtWedge) + " full GCs for "
                    + WEDGED_MILLIS + " ms");
        }
    }

    private static void halt(String why) {
        say(HALT_LINE + " (exit " + HALT_CODE + "): " + why + "; it must be started again");
        Runtime.getRuntime().halt(HALT_CODE);
    }

    private static Optional<Thread> findThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
    }

    private static boolean inExpressionCode(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < Math.min(3, stack.length); i++) {
            String cls = stack[i].getClassName();
            if (EXPRESSION_CODE.stream().anyMatch(cls::startsWith)) {
                return true;
            }
        }
        return false;
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
