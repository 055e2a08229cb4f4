package dev.ferry.sink.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.sink.TargetTopologyException;

/**
 * Asks a cluster node for the {@link SlotMap}: CLUSTER SHARDS, or CLUSTER SLOTS where the server does not have it
 * (before 7.0). The first seed that answers is used.
 */
public final class SlotMapLoader {

    private static final int READ_TIMEOUT_MS = 10_000;

    private SlotMapLoader() {
    }

    /** The slot map as {@code seed} sees it. */
    public static SlotMap load(RedisEndpoint seed) {
        return load(List.of(seed));
    }

    /**
     * The slot map as the first reachable of {@code seeds} sees it, e.g. the configured address, or after a failover
     * the {@link SlotMap#nodes()} of the previous map.
     *
     * @throws TargetTopologyException when a seed answers but is not a cluster node, or refuses both commands
     * @throws RedisConnectException   when no seed can be reached or logged in to (the message has each reason)
     */
    public static SlotMap load(List<RedisEndpoint> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed to load the slot map from");
        }
        List<String> failures = new ArrayList<>();
        for (RedisEndpoint seed : seeds) {
            try (RedisConnection c = RedisConnection.open(seed, READ_TIMEOUT_MS)) {
                return load(c);
            } catch (TargetTopologyException e) {
                throw e;
            } catch (RedisConnectException e) {
                failures.add(e.getMessage());
            } catch (IOException e) {
                failures.add(seed.configSection() + " at " + seed.address() + ": " + e.getMessage());
            }
        }
        if (seeds.size() == 1) {
            throw new RedisConnectException(failures.get(0), null);
        }
        throw new RedisConnectException("no node of the " + seeds.get(0).configSection() + " cluster answered: "
                + String.join("; ", failures), null);
    }

    private static SlotMap load(RedisConnection c) throws IOException {
        RedisEndpoint seed = c.endpoint();
        Object shards = c.call("CLUSTER", "SHARDS");
        if (!(shards instanceof RespError shardsError)) {
            return ClusterShardsReply.parse(shards, seed);
        }
        if (shardsError.message().contains("cluster support disabled")) {
            throw new TargetTopologyException(seed.configSection() + " at " + seed.address()
                    + " is not a cluster node (" + shardsError.message() + "); set cluster = false for "
                    + seed.configSection() + ", or point it at a cluster node");
        }
        // before 7.0 (ERR Unknown subcommand), or a provider that renamed or disabled it
        Object slots = c.call("CLUSTER", "SLOTS");
        if (slots instanceof RespError slotsError) {
            String hint = slotsError.is("NOAUTH") ? "; set the password for " + seed.configSection()
                    : slotsError.is("NOPERM") ? "; the user needs the right to run them" : "";
            throw new TargetTopologyException(seed.configSection() + " at " + seed.address()
                    + " answers neither CLUSTER SHARDS (" + shardsError.message() + ") nor CLUSTER SLOTS ("
                    + slotsError.message() + ")" + hint);
        }
        return ClusterSlotsReply.parse(slots, seed);
    }
}
