package dev.ferry.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a batch of keys' {@link KeyState}s from one side in up to three pipelined passes: TYPE and PTTL; the
 * cardinality (not in outline mode); DUMP of the values full mode compares whole (strings, module values, and
 * collections up to the big-key threshold; streams and bigger values are compared apart, in chunks).
 */
final class Observer {
    private static final Map<String, String> LENGTH = Map.of("string", "STRLEN", "list", "LLEN", "set", "SCARD",
            "zset", "ZCARD", "hash", "HLEN", "stream", "XLEN");

    private final VerifyMode mode;
    private final long dumpUpTo;
    private final boolean dumpStreams;

    /**
     * @param dumpUpTo    the most elements a value DUMPed whole may have
     * @param dumpStreams DUMP streams too (to compare with an RDB file's payloads, which have no live side to query)
     */
    Observer(VerifyMode mode, long dumpUpTo, boolean dumpStreams) {
        this.mode = mode;
        this.dumpUpTo = dumpUpTo;
        this.dumpStreams = dumpStreams;
    }

    List<KeyState> observe(Side side, int db, List<byte[]> keys) throws IOException {
        List<Side.Command> first = new ArrayList<>(keys.size() * 2);
        for (byte[] key : keys) {
            first.add(command(key, "TYPE"));
            first.add(command(key, "PTTL"));
        }
        List<Object> replies = side.pipeline(db, first);
        String[] types = new String[keys.size()];
        long[] ttls = new long[keys.size()];
        long[] lengths = new long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            types[i] = text(Replies.checked(replies.get(2 * i), side, keys.get(i)));
            ttls[i] = (Long) Replies.checked(replies.get(2 * i + 1), side, keys.get(i));
            lengths[i] = -1;
        }
        if (mode != VerifyMode.outline) {
            readLengths(side, db, keys, types, lengths);
        }
        byte[][] dumps = new byte[keys.size()][];
        if (mode == VerifyMode.full) {
            readDumps(side, db, keys, types, lengths, dumps);
        }
        List<KeyState> out = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.add(new KeyState(types[i], ttls[i] < 0 ? -1 : ttls[i], lengths[i], dumps[i]));
        }
        return out;
    }

    private static void readLengths(Side side, int db, List<byte[]> keys, String[] types, long[] lengths) throws IOException {
        List<Side.Command> commands = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String command = LENGTH.get(types[i]);
            if (command != null) {
                commands.add(command(keys.get(i), command));
                asked.add(i);
            }
        }
        List<Object> replies = side.pipeline(db, commands);
        for (int n = 0; n < asked.size(); n++) {
            int i = asked.get(n);
            lengths[i] = lengthOrChanged(replies.get(n), side, keys.get(i));
        }
    }

    /** A key whose type changed between TYPE and the length command reads as length -1: the values differ anyway. */
    private static long lengthOrChanged(Object reply, Side side, byte[] key) {
        try {
            return (Long) Replies.checked(reply, side, key);
        } catch (Replies.KeyChanged e) {
            return -1;
        }
    }

    private void readDumps(Side side, int db, List<byte[]> keys, String[] types, long[] lengths, byte[][] dumps) throws IOException {
        List<Side.Command> commands = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (dumpedWhole(types[i], lengths[i])) {
                commands.add(command(keys.get(i), "DUMP"));
                asked.add(i);
            }
        }
        List<Object> replies = side.pipeline(db, commands);
        for (int n = 0; n < asked.size(); n++) {
            Object reply = Replies.checked(replies.get(n), side, keys.get(asked.get(n)));
            dumps[asked.get(n)] = reply instanceof byte[] b ? b : null;
        }
    }

    private boolean dumpedWhole(String type, long length) {
        if (KeyState.NONE.equals(type)) {
            return false;
        }
        if ("stream".equals(type)) {
            return dumpStreams;
        }
        return "string".equals(type) || !LENGTH.containsKey(type) || length <= dumpUpTo;
    }

    private static Side.Command command(byte[] key, String name) {
        return new Side.Command(key, new byte[][] {NodeSide.bytes(name), key});
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.US_ASCII) : String.valueOf(reply);
    }
}
