package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.config.RedisWriterConfig;
import dev.ferry.config.SentinelConfig;
import dev.ferry.event.KeyEvent;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.LocalSentinel;
import dev.ferry.local.RedisBinary;
import dev.ferry.rdb.RdbType;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.testing.RedisSentinelExtension;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import dev.ferry.testing.ValueSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * {@link RedisWriter} over the channel {@link TargetChannels} builds for a Sentinel target (master, replica,
 * three Sentinels, Redis 7.0), fed with a real 7.0 snapshot of dbs 0, 1 and 5.
 */
class SentinelChannelITCase {
    @RegisterExtension
    static RedisSentinelExtension target = RedisSentinelExtension.redis70();

    private static LocalRedisServer source;
    private static List<KeyEvent> events;

    @BeforeAll
    static void snapshotOfARealSource() {
        source = LocalRedisServer.start(RedisBinary.redis70());
        try (Jedis j = source.jedis(60_000)) {
            TestData.fillMixed(j, 10);
            TestData.fillStrings(j, 10_000, 64);
            assertThat(j.save()).isEqualTo("OK");
        }
        events = ValueSnapshot.parse(source.rdbFile());
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void everyKeyArrivesOnTheMasterSentinelNames() {
        List<Conflict> conflicts = new ArrayList<>();
        try (RedisWriter w = writer(conflicts)) {
            w.open();
            events.forEach(w::write);
            w.flush();
            assertThat(w.stats().written()).isEqualTo(events.size());
        }
        assertThat(conflicts).isEmpty();
        assertTargetEqualsSource();
    }

    /**
     * SENTINEL FAILOVER while the writer sends: the old master keeps acknowledging writes until it is turned into
     * a replica, and drops them when it resyncs from the new master. So the writer follows the new master (READONLY
     * or a lost connection: replays the unanswered commands there) but refuses to report the interval as written:
     * it fails, and Flink restarts the job from its last checkpoint. Here that is the start: the second run finds
     * the keys that made it (BUSYKEY, same value: identical) and writes the rest.
     */
    @Test
    void failoverWhileWritingFailsTheWriterAndARunFromTheCheckpointCompletesIt() {
        LocalSentinel sentinel = target.sentinel();
        LocalRedisServer before = sentinel.currentMaster();
        List<Conflict> conflicts = new ArrayList<>();
        int tail = events.size() * 4 / 5;

        Throwable failure = catchThrowable(() -> {
            try (RedisWriter w = writer(conflicts)) {
                w.open();
                CompletableFuture<LocalRedisServer> failover = CompletableFuture.supplyAsync(sentinel::failover);
                for (int i = 0; i < events.size(); i++) {
                    if (i == tail) {
                        failover.get(60, TimeUnit.SECONDS);
                    } else if (i < tail && i % 20 == 0 && !failover.isDone()) {
                        Thread.sleep(2);
                    }
                    w.write(events.get(i));
                }
                w.flush();
            }
        });

        assertThat(sentinel.currentMaster()).isNotEqualTo(before);
        assertThat(failure).isInstanceOf(TargetWriteException.class).hasMessageContaining("restarts from its last checkpoint");
        try (RedisWriter w = writer(conflicts)) {
            w.open();
            events.forEach(w::write);
            w.flush();
            assertThat(w.stats().identical()).isPositive();
            assertThat(w.stats().written() + w.stats().identical()).isEqualTo(events.size());
        }
        assertThat(conflicts).isEmpty();
        assertTargetEqualsSource();
    }

    /**
     * The conflict check's DUMP ({@code call}, a round trip of its own) meets a killed master: it waits for the
     * Sentinels to promote the replica and asks it, like a pipelined write would; the batch then fails as after any
     * failover, and a run from the checkpoint completes it. Every key already exists on the target with another value;
     * the master is killed when the first conflict has been resolved, and all are resolved in the same flush.
     */
    @Test
    void conflictCheckThatMeetsAKilledMasterWaitsForTheFailover() {
        LocalSentinel sentinel = target.sentinel();
        LocalRedisServer before = sentinel.currentMaster();
        List<KeyEvent> existing = events.stream().filter(e -> e.db() == 0 && e.rdbType() == RdbType.STRING).limit(200).toList();
        ConflictingTarget.holdOtherValues(before, existing);
        List<Conflict> conflicts = new ArrayList<>();
        Consumer<Conflict> killOnFirst = ConflictingTarget.killAtFirst(before::kill, conflicts);

        Throwable failure = catchThrowable(() -> {
            try (RedisWriter w = writer(ConflictPolicy.REWRITE, 1024, killOnFirst)) {
                w.open();
                existing.forEach(w::write);
                w.flush();
            }
        });

        assertThat(sentinel.currentMaster()).isNotEqualTo(before);
        assertThat(conflicts).as("every conflict checked, most of them after the kill").hasSize(existing.size())
                .allMatch(c -> c.action().equals("rewritten"));
        assertThat(failure).isInstanceOf(TargetWriteException.class).hasMessageContaining("restarts from its last checkpoint");
        try (RedisWriter w = writer(ConflictPolicy.REWRITE, 1024, c -> { })) {
            w.open();
            existing.forEach(w::write);
            w.flush();
            assertThat(w.stats().identical() + w.stats().rewritten()).isEqualTo(existing.size());
        }
        try (Jedis t = sentinel.currentMaster().jedis(); Jedis s = source.jedis()) {
            existing.forEach(e -> assertThat(t.get(e.key())).as(e.printableKey()).isEqualTo(s.get(e.key())));
        }
    }

    private static RedisWriter writer(List<Conflict> conflicts) {
        return writer(ConflictPolicy.PANIC, 16, conflicts::add);
    }

    private static RedisWriter writer(ConflictPolicy policy, int pipeline, Consumer<Conflict> conflicts) {
        LocalSentinel s = target.sentinel();
        String sentinelAddress = s.sentinelAddresses().get(0);
        RedisWriterConfig cfg = new RedisWriterConfig(sentinelAddress, "", "", TlsSettings.OFF, false, false,
                new SentinelConfig(s.masterName(), sentinelAddress, "", "", TlsSettings.OFF));
        return new RedisWriter(TargetChannels.of(cfg, 10_000), policy, pipeline, new CommandPathSettings(512, 0), conflicts,
                System::currentTimeMillis);
    }

    private static void assertTargetEqualsSource() {
        SourceAndTarget.assertEqual(source, target.sentinel().currentMaster());
    }
}
