package dev.ferry.sink.cluster;

import java.nio.charset.StandardCharsets;

/**
 * For every slot a short hash tag that hashes to it, so a temporary key {@code ferry:tmp:{<tag>}:...} can be put
 * in the slot of any key, including keys whose own braces would make copying their tag wrong or impossible.
 *
 * <p>The table comes from trying the strings of 1, 2, 3... characters of {@code [0-9A-Za-z]} in order until every
 * slot has one (length 3 covers all), so each tag is the first short one found. It is built once, on first use.
 */
public final class SlotTags {

    private static final byte[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    private SlotTags() {
    }

    /** A tag (alphanumeric, so never a brace) whose slot is {@code slot}. */
    public static String tag(int slot) {
        if (slot < 0 || slot >= Slots.COUNT) {
            throw new IllegalArgumentException("slot out of range 0.." + (Slots.COUNT - 1) + ": " + slot);
        }
        return Table.TAGS[slot];
    }

    /** A tag in the same slot as {@code key}. */
    public static String tagFor(byte[] key) {
        return Table.TAGS[Slots.slot(key)];
    }

    /** Holder class: the JVM builds the table once, thread-safely, when a tag is first asked for. */
    private static final class Table {
        static final String[] TAGS = build();
    }

    /** A fresh table; package-private so a test can measure what it costs. */
    static String[] build() {
        String[] tags = new String[Slots.COUNT];
        int missing = Slots.COUNT;
        for (int length = 1; missing > 0; length++) {
            byte[] candidate = new byte[length];
            int[] digits = new int[length];
            do {
                for (int i = 0; i < length; i++) {
                    candidate[i] = ALPHABET[digits[i]];
                }
                int slot = Slots.crc16(candidate, 0, length) & (Slots.COUNT - 1);
                if (tags[slot] == null) {
                    tags[slot] = new String(candidate, StandardCharsets.US_ASCII);
                    missing--;
                }
            } while (missing > 0 && increment(digits));
        }
        return tags;
    }

    /** Counts {@code digits} up in base ALPHABET.length; false after the last combination. */
    private static boolean increment(int[] digits) {
        for (int i = digits.length - 1; i >= 0; i--) {
            if (++digits[i] < ALPHABET.length) {
                return true;
            }
            digits[i] = 0;
        }
        return false;
    }
}
