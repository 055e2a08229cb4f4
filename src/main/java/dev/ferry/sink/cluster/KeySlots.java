package dev.ferry.sink.cluster;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.Printable;
import dev.ferry.event.TransactionEvent;

/**
 * Where events fall in Redis Cluster's key space: the (db, slot) group that keys the stream, and whether all of
 * a command's or a block's keys share one slot (what a cluster target runs as one command).
 */
public final class KeySlots {
    /** The group of commands without keys: not a slot, so they never share a group with keys of slot 0. */
    public static final int KEYLESS = Slots.COUNT;

    private KeySlots() {}

    /** The slot of a routing key, {@link #KEYLESS} for the empty one. */
    public static int slot(byte[] routingKey) {
        return routingKey.length == 0 ? KEYLESS : Slots.slot(routingKey);
    }

    /** (db, slot) as one long: what {@code keyBy} partitions on. */
    public static long group(int db, byte[] routingKey) {
        return (long) db << 32 | slot(routingKey);
    }

    /** True when the command has at most one key, or all its keys are in one slot. */
    public static boolean oneSlot(CommandEvent c) {
        int[] keys = c.keyIndexes();
        if (keys.length < 2) {
            return true;
        }
        int first = Slots.slot(c.argv()[keys[0]]);
        for (int i = 1; i < keys.length; i++) {
            if (Slots.slot(c.argv()[keys[i]]) != first) {
                return false;
            }
        }
        return true;
    }

    /** True when every command of the block has keys, in one db, and all of them are in one slot. */
    public static boolean oneSlot(TransactionEvent t) {
        long group = group(t.db(), t.routingKey());
        for (CommandEvent c : t.commands()) {
            if (c.keyIndexes().length == 0 || !oneSlot(c) || group(c.db(), c.routingKey()) != group) {
                return false;
            }
        }
        return true;
    }

    /** "'a' (slot 15495), 'b' (slot 3300)": a command's keys with their slots, for messages. */
    public static String describe(CommandEvent c) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.keyIndexes().length; i++) {
            byte[] key = c.key(i);
            sb.append(i == 0 ? "" : ", ").append('\'').append(Printable.of(key)).append("' (slot ")
                    .append(Slots.slot(key)).append(')');
        }
        return sb.toString();
    }
}
