package dev.ferry.source.scan;

import dev.ferry.resp.RedisConnection;
import dev.ferry.source.split.ScanSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.annotation.Internal;

/**
 * What {@code ferry run} checks before it starts the job, so a source that cannot be read as configured is one clear
 * message and exit code 2 instead of a failed job: every shard can be reached and logged in to, and with {@code ksn}
 * sends keyspace notifications (set now when {@code ksn_configure} allows it). The readers check again when they
 * open a shard.
 */
@Internal
public final class ScanSourceCheck {
    private static final int READ_TIMEOUT_MS = 10_000;

    private ScanSourceCheck() {}

    public static void check(ScanSettings settings) {
        for (ScanSplit shard : ShardDiscovery.shards(settings)) {
            if (settings.ksn()) {
                try (RedisConnection c = RedisConnection.open(settings.endpoint(shard.host(), shard.port()), READ_TIMEOUT_MS)) {
                    NotifyKeyspaceEvents.ensure(c, settings.ksnConfigure());
                } catch (IOException e) {
                    throw new UncheckedIOException("source " + ScanSettings.SECTION + " at " + shard.address() + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }
}
