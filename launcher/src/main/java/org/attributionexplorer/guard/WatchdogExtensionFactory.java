package org.attributionexplorer.guard;

import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.kernel.lifecycle.LifecycleAdapter;

/**
 * Starts the {@link TransactionWatchdog} with each database: found by Neo4j through
 * META-INF/services (the launcher's classpath, or the plugin jar in docker compose).
 */
public final class WatchdogExtensionFactory extends ExtensionFactory<WatchdogExtensionFactory.Dependencies> {

    /** What the extension needs from the database. */
    public interface Dependencies {
        GraphDatabaseAPI graphDatabaseAPI();
    }

    public WatchdogExtensionFactory() {
        super(ExtensionType.DATABASE, "attrib-watchdog");
    }

    @Override
    public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
        GraphDatabaseAPI db = dependencies.graphDatabaseAPI();
        return new LifecycleAdapter() {
            @Override
            public void start() {
                TransactionWatchdog.watch(db);
            }

            @Override
            public void stop() {
                TransactionWatchdog.unwatch(db);
            }
        };
    }
}
