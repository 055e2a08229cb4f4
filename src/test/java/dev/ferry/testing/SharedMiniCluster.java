package dev.ferry.testing;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MiniCluster (one TaskManager, one slot) for the tests of a class, started once, which the test drives itself
 * (submit, status, stop with savepoint) where Flink's MiniClusterExtension only hands out a client. Register it on a
 * static field.
 */
public final class SharedMiniCluster implements BeforeAllCallback, AfterAllCallback {
    private MiniCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setNumTaskManagers(1).setNumSlotsPerTaskManager(1)
                .build());
        cluster.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    public MiniCluster cluster() {
        return cluster;
    }
}
