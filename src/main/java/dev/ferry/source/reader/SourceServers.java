package dev.ferry.source.reader;

import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.sink.cluster.SlotMap;
import dev.ferry.sink.cluster.SlotMapLoader;
import dev.ferry.sink.sentinel.SentinelResolver;
import dev.ferry.source.split.SourceLocator;
import dev.ferry.source.sync.PsyncRequest;
import dev.ferry.source.sync.ReplicationInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the server a replica split connects to, anew at every (re)connect: the configured server; the master that
 * Sentinel names; the master of the cluster shard that serves the split's slot. With {@code prefer_replica}, a
 * replica of that master instead, when one is in sync with it.
 *
 * <p>When the split resumes a replication, a server that can continue it ({@code +CONTINUE}) is preferred over one
 * that cannot: after a failover the promoted replica holds the history Ferry followed, while the old master, once
 * demoted, has usually been resynchronized from scratch and would force a full sync.
 */
@Internal
public final class SourceServers {
    private static final Logger LOG = LoggerFactory.getLogger(SourceServers.class);
    private static final int READ_TIMEOUT_MS = 5_000;

    private final ReplicaSettings settings;

    public SourceServers(ReplicaSettings settings) {
        this.settings = settings;
    }

    /**
     * The server to send {@code request} to.
     *
     * @throws RedisConnectException when the source cannot be found (no Sentinel or cluster node answers)
     */
    public RedisEndpoint choose(SourceLocator locator, PsyncRequest request) {
        if (locator instanceof SourceLocator.Server s) {
            return settings.source().at(s.address());
        }
        if (locator instanceof SourceLocator.SentinelMaster m) {
            SentinelResolver sentinels = sentinels(m);
            return choose(locator, settings.preferReplica() ? sentinels.healthyReplicas() : List.of(),
                    sentinels::resolve, request);
        }
        SourceLocator.ClusterShard c = (SourceLocator.ClusterShard) locator;
        SlotMap map = SlotMapLoader.load(c.seeds().stream().map(settings.source()::at).toList());
        SlotMap.Shard shard = map.shard(c.slot());
        return choose(locator, settings.preferReplica() ? shard.replicas() : List.of(), shard::master, request);
    }

    /** The Sentinel view of the master, for the splits of this source. */
    public SentinelResolver sentinels(SourceLocator.SentinelMaster m) {
        return SentinelResolver.builder()
                .sentinels(List.of(settings.sentinel().at(m.sentinelAddress())))
                .masterName(m.masterName())
                .dataNodeLogin(settings.source().username(), settings.source().password(), settings.source().tls(),
                        settings.source().configSection())
                .build();
    }

    private RedisEndpoint choose(SourceLocator locator, List<RedisEndpoint> replicas, Supplier<RedisEndpoint> master,
                                 PsyncRequest request) {
        RedisEndpoint firstSynced = null;
        for (RedisEndpoint r : replicas) {
            ReplicationInfo info = info(r);
            if (info == null || !info.isSyncedReplica()) {
                continue;
            }
            if (request.isFullSync() || info.canContinue(request)) {
                LOG.info("{}: replicating from its replica {}", locator, r.address());
                return r;
            }
            firstSynced = firstSynced == null ? r : firstSynced;
        }
        RedisEndpoint m = master.get();
        if (firstSynced == null) {
            LOG.info("{}: replicating from its master {}{}", locator, m.address(),
                    settings.preferReplica() ? " (no replica of it is in sync)" : "");
            return m;
        }
        if (canContinue(m, request)) {
            LOG.info("{}: replicating from its master {}: it can continue replication {} after offset {}, its replicas "
                    + "cannot", locator, m.address(), request.replid(), request.offset());
            return m;
        }
        LOG.info("{}: replicating from its replica {} (no server can continue replication {} after offset {})",
                locator, firstSynced.address(), request.replid(), request.offset());
        return firstSynced;
    }

    private static boolean canContinue(RedisEndpoint server, PsyncRequest request) {
        ReplicationInfo info = info(server);
        return info != null && info.canContinue(request);
    }

    /** The server's INFO replication, or null when it cannot be asked (it is then not chosen over another). */
    private static ReplicationInfo info(RedisEndpoint server) {
        try (RedisConnection c = RedisConnection.open(server, READ_TIMEOUT_MS)) {
            Object reply = c.call("INFO", "replication");
            return reply instanceof byte[] b ? ReplicationInfo.parse(new String(b, StandardCharsets.UTF_8)) : null;
        } catch (RedisConnectException | IOException e) {
            LOG.info("cannot ask {} for INFO replication: {}", server.address(), e.getMessage());
            return null;
        }
    }
}
