package dev.ferry.verify.check;

import dev.ferry.config.AdvancedConfig;
import dev.ferry.config.RedisWriterConfig;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.sink.CommandPathSettings;
import dev.ferry.sink.TargetChannel;
import dev.ferry.sink.TargetChannels;
import dev.ferry.sink.cluster.SlotMap;
import dev.ferry.sink.cluster.SlotMapLoader;
import dev.ferry.sink.exactlyonce.MarkerKeys;
import dev.ferry.sink.rewrite.TargetCapabilities;
import dev.ferry.sink.rewrite.TargetProbe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the target: its masters (slot map on a cluster, the Sentinels' master), each one's facts and ACL, and what
 * RESTORE takes there. Reads only: the RDB version probe stores nothing ({@link TargetProbe}).
 */
final class TargetSurvey {
    private static final int READ_TIMEOUT_MS = 10_000;

    private TargetSurvey() {}

    /**
     * @param channel   the opened channel to the target, drained; the probe goes through it as the writer's does
     * @param sampleKey a source key, so the ACL check covers the user's key patterns
     */
    static TargetReport survey(RedisWriterConfig w, AdvancedConfig advanced, TargetChannel<?> channel, byte[] sampleKey)
            throws IOException {
        byte[] scratch = TargetProbe.scratchKey();
        TargetCapabilities caps = new TargetProbe(argv -> channel.call(0, scratch, argv), channel.addressFor(scratch), scratch)
                .capabilities();
        List<TargetNode> masters = new ArrayList<>();
        String kind;
        if (w.cluster()) {
            kind = "cluster";
            SlotMap map = SlotMapLoader.load(TargetChannels.endpoint(w));
            for (SlotMap.Shard shard : map.shards()) {
                masters.add(node(shard.master(), w, advanced, true, sampleKey, shard.ranges().stream().map(Object::toString).toList(),
                        shard.replicas().stream().map(RedisEndpoint::address).toList()));
            }
        } else {
            kind = w.sentinel() != null ? "sentinel" : "standalone";
            RedisEndpoint master = w.sentinel() != null ? TargetChannels.sentinelResolver(w).resolve() : TargetChannels.endpoint(w);
            masters.add(node(master, w, advanced, false, sampleKey, List.of(), null));
        }
        long restoreLimit = new CommandPathSettings(advanced.rewriteBatchSize(), advanced.targetRedisProtoMaxBulkLen())
                .restoreLimit(caps.protoMaxBulkLen());
        return new TargetReport(kind, w.sentinel() != null ? w.sentinel().address() : w.address(),
                w.sentinel() != null ? w.sentinel().masterName() : null, masters, caps.redisVersion(),
                caps.acceptedRdbVersions().stream().sorted().toList(), caps.protoMaxBulkLen(), restoreLimit);
    }

    /** @param replicas the slot map's replicas, or null to take them from the node's INFO replication */
    private static TargetNode node(RedisEndpoint endpoint, RedisWriterConfig w, AdvancedConfig advanced, boolean cluster,
                                   byte[] sampleKey, List<String> slots, List<String> replicas) throws IOException {
        try (RedisConnection conn = RedisConnection.open(endpoint, READ_TIMEOUT_MS)) {
            ServerFacts facts = ServerFacts.read(conn);
            AclReport acl = AclCheck.check(conn, w.username(), facts.versionNumber(),
                    RequiredCommands.target(facts.versionNumber(), new MarkerKeys(advanced.markerPrefix(), cluster),
                            w.sentinel() != null, sampleKey));
            return new TargetNode(facts, slots, replicas != null ? replicas : facts.replicas(), acl);
        }
    }
}
