package org.attributionexplorer.guard;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/**
 * {@code CALL attrib.checkRunaway($query, $params) YIELD refused}: null when the statement may
 * run, else why it could keep Neo4j busy after its time limit (see {@link RunawayCheck}).
 * Registered by the launcher, loaded from the plugin jar in docker compose; the explorer's
 * console cannot call it (it is on the server's allow-list only).
 */
public final class RunawayCheckProcedure {
    /** The parser recurses per nesting level: a thread with a large stack (the text is bounded first). */
    static final long STACK_BYTES = 64L << 20;
    /** A warm parser checks 8 KiB in milliseconds; a cold one (first call) in a few seconds. */
    static final long CHECK_MILLIS = 20_000;

    /** One row: the reason, or null. */
    public static final class Verdict {
        public final String refused;

        Verdict(String refused) {
            this.refused = refused;
        }
    }

    @Procedure(name = "attrib.checkRunaway", mode = Mode.READ)
    @Description("Why a statement could keep Neo4j busy past its time limit (null: it may run).")
    public Stream<Verdict> checkRunaway(@Name("query") String query, @Name("params") Map<String, Object> params)
            throws InterruptedException {
        return Stream.of(new Verdict(verdict(query, params)));
    }

    /** Runs the check on its own big-stack thread; fails closed on anything unexpected. */
    static String verdict(String query, Map<String, Object> params) throws InterruptedException {
        AtomicReference<String> result = new AtomicReference<>(
                "The runaway check did not finish in time, so the statement is not run; simplify it.");
        Thread worker = new Thread(null, () -> {
            try {
                result.set(RunawayCheck.check(query == null ? "" : query, params));
            } catch (StackOverflowError e) {
                result.set("R5: the statement is nested too deeply to check; flatten it.");
            } catch (RuntimeException e) {
                result.set("The runaway check could not read this statement (" + e.getClass().getSimpleName()
                        + "), so it is not run.");
            }
        }, "attrib-runaway-check", STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
        worker.join(CHECK_MILLIS);
        return result.get();
    }
}
