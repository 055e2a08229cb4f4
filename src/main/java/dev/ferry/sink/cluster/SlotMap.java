package dev.ferry.sink.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.ferry.resp.RedisEndpoint;

/**
 * Which master serves each of the 16384 slots of a cluster, and its replicas, as one node reported it. Immutable;
 * after a MOVED or a failover load a new one with {@link SlotMapLoader}. Endpoints carry the credentials and TLS
 * setting of the seed they were discovered through, so they can be opened as they are.
 */
public final class SlotMap {

    /** First and last slot of a range, both included. */
    public record SlotRange(int first, int last) {
        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    /** A master, its replicas (sorted by address) and the slot ranges it serves (sorted). */
    public record Shard(RedisEndpoint master, List<RedisEndpoint> replicas, List<SlotRange> ranges) {
        public Shard {
            replicas = List.copyOf(replicas);
            ranges = List.copyOf(ranges);
        }

        @Override
        public String toString() {
            return master.address() + " " + ranges + (replicas.isEmpty() ? "" : " replicas "
                    + replicas.stream().map(RedisEndpoint::address).toList());
        }
    }

    private static final short UNSERVED = -1;

    private final List<Shard> shards;
    private final short[] shardOfSlot;

    /** @param shards masters with at least one slot, in any order; ranges must not overlap */
    SlotMap(List<Shard> shards) {
        List<Shard> sorted = new ArrayList<>(shards);
        sorted.sort((a, b) -> Integer.compare(a.ranges().get(0).first(), b.ranges().get(0).first()));
        this.shards = List.copyOf(sorted);
        this.shardOfSlot = new short[Slots.COUNT];
        Arrays.fill(shardOfSlot, UNSERVED);
        for (int i = 0; i < this.shards.size(); i++) {
            for (SlotRange r : this.shards.get(i).ranges()) {
                for (int slot = r.first(); slot <= r.last(); slot++) {
                    if (shardOfSlot[slot] != UNSERVED) {
                        throw new IllegalArgumentException("slot " + slot + " is served by both "
                                + this.shards.get(shardOfSlot[slot]).master().address() + " and "
                                + this.shards.get(i).master().address());
                    }
                    shardOfSlot[slot] = (short) i;
                }
            }
        }
    }

    /** The master that serves {@code slot}; fails for a slot no master serves (see {@link #unservedSlots()}). */
    public RedisEndpoint master(int slot) {
        return shard(slot).master();
    }

    /** The master of {@code slot} with its replicas and all its slots. */
    public Shard shard(int slot) {
        short i = shardOfSlot[slot];
        if (i == UNSERVED) {
            throw new IllegalStateException("slot " + slot + " is not served by any master of the cluster (" + this
                    + ")");
        }
        return shards.get(i);
    }

    /** Every master that serves slots, ordered by its lowest slot. */
    public List<Shard> shards() {
        return shards;
    }

    /** The masters, ordered by their lowest slot. */
    public List<RedisEndpoint> masters() {
        return shards.stream().map(Shard::master).toList();
    }

    /** Masters and then replicas: every node worth asking for a new map. */
    public List<RedisEndpoint> nodes() {
        List<RedisEndpoint> all = new ArrayList<>(masters());
        shards.forEach(s -> all.addAll(s.replicas()));
        return all;
    }

    /** How many slots no master serves; 0 in a healthy cluster. */
    public int unservedSlots() {
        int n = 0;
        for (short i : shardOfSlot) {
            if (i == UNSERVED) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotMap other && shards.equals(other.shards);
    }

    @Override
    public int hashCode() {
        return shards.hashCode();
    }

    @Override
    public String toString() {
        return shards.toString();
    }
}
