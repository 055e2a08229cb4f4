package dev.ferry.event;

import dev.ferry.command.Ascii;
import java.nio.charset.StandardCharsets;
import javax.annotation.Nullable;

/**
 * A snapshot entry's wire form, {@code RESTORE key ttl payload ABSTTL [REPLACE] [IDLETIME n | FREQ n]}: what the writer
 * sends, and what {@code [filter] function} scripts see and may hand back, as RedisShake presents snapshot keys.
 */
public final class RestoreCommand {
    private static final byte[] RESTORE = ascii("RESTORE");
    private static final byte[] ABSTTL = ascii("ABSTTL");
    private static final byte[] REPLACE = ascii("REPLACE");
    private static final byte[] IDLETIME = ascii("IDLETIME");
    private static final byte[] FREQ = ascii("FREQ");
    private static final byte[] NO_TTL = ascii("0");

    private RestoreCommand() {}

    public static byte[][] argv(KeyEvent e, boolean replace) {
        // An RDB carries either LRU idle time or LFU frequency, depending on the source's maxmemory-policy.
        boolean hint = e.idle() >= 0 || e.freq() >= 0;
        byte[][] argv = new byte[5 + (replace ? 1 : 0) + (hint ? 2 : 0)][];
        int i = 0;
        argv[i++] = RESTORE;
        argv[i++] = e.key();
        argv[i++] = e.hasExpire() ? ascii(Long.toString(e.expireAtMs())) : NO_TTL;
        argv[i++] = e.payload();
        argv[i++] = ABSTTL;
        if (replace) {
            argv[i++] = REPLACE;
        }
        if (e.idle() >= 0) {
            argv[i++] = IDLETIME;
            argv[i] = ascii(Long.toString(e.idle()));
        } else if (e.freq() >= 0) {
            argv[i++] = FREQ;
            argv[i] = ascii(Integer.toString(e.freq()));
        }
        return argv;
    }

    /**
     * The snapshot entry a {@code RESTORE} command stands for, or null when {@code argv} is not one that can be read
     * back (another command, a malformed TTL or hint, an empty payload). A relative TTL counts from {@code nowMs}, as
     * the target would count it; REPLACE is the writer's decision (the conflict policy), so it is not kept.
     */
    @Nullable
    public static KeyEvent parse(int db, byte[][] argv, String splitId, long position, long nowMs) {
        if (argv.length < 4 || !Ascii.equalsIgnoreCase(argv[0], RESTORE) || argv[3].length == 0) {
            return null;
        }
        boolean absolute = false;
        long idle = -1;
        int freq = -1;
        try {
            long ttl = Long.parseLong(new String(argv[2], StandardCharsets.US_ASCII));
            for (int i = 4; i < argv.length; i++) {
                if (Ascii.equalsIgnoreCase(argv[i], ABSTTL)) {
                    absolute = true;
                } else if (Ascii.equalsIgnoreCase(argv[i], IDLETIME) && i + 1 < argv.length) {
                    idle = Long.parseLong(new String(argv[++i], StandardCharsets.US_ASCII));
                } else if (Ascii.equalsIgnoreCase(argv[i], FREQ) && i + 1 < argv.length) {
                    freq = Integer.parseInt(new String(argv[++i], StandardCharsets.US_ASCII));
                } else if (!Ascii.equalsIgnoreCase(argv[i], REPLACE)) {
                    return null;
                }
            }
            if (ttl < 0) {
                return null;
            }
            long expireAt = ttl == 0 ? KeyEvent.NO_EXPIRE : absolute ? ttl : nowMs + ttl;
            // a DUMP payload starts with the value's RDB type
            return new KeyEvent(db, argv[1], argv[3][0] & 0xff, argv[3], expireAt, idle, freq, splitId, position);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
