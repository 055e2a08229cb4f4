package dev.ferry.source.scan;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RespError;
import dev.ferry.source.SourceSetupException;
import java.io.IOException;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a source sends the keyspace notifications {@code ksn} follows, and turns them on when the user allows
 * it. Needed: {@code K} (the {@code __keyspace@<db>__:<key>} channels) and every event class that changes a key,
 * {@code g$lshzxet} ({@code A} stands for them, plus {@code d} for module events on 7.0+).
 */
@Internal
public final class NotifyKeyspaceEvents {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyKeyspaceEvents.class);
    static final String PARAMETER = "notify-keyspace-events";
    static final String REQUIRED = "Kg$lshzxet";
    private static final String ALL_CLASSES = "g$lshzxet";

    private NotifyKeyspaceEvents() {}

    /**
     * Returns when the source's notifications cover what is needed, or after setting them ({@code configure});
     * otherwise fails with what to set. A source that does not let Ferry read the setting (managed services often
     * refuse CONFIG) is trusted, with a WARN line.
     */
    public static void ensure(RedisConnection c, boolean configure) throws IOException {
        String where = "source " + ScanSettings.SECTION + " at " + c.endpoint().address();
        Object reply = c.call("CONFIG", "GET", PARAMETER);
        if (reply instanceof RespError err) {
            LOG.warn("{} refused CONFIG GET {} ({}): Ferry cannot check that keyspace notifications are on; it needs at "
                    + "least \"KA\" there, or changes are missed", where, PARAMETER, err.message());
            return;
        }
        List<?> pair = (List<?>) reply;
        String flags = pair.size() < 2 ? "" : SourceReplies.text(pair.get(1));
        String missing = missing(flags);
        if (missing.isEmpty()) {
            return;
        }
        if (!configure) {
            throw new SourceSetupException(ScanSettings.SECTION + " ksn = true needs keyspace notifications from " + where
                    + ", but its " + PARAMETER + " is \"" + flags + "\" (missing \"" + missing + "\"): set it to \"KA\" "
                    + "(CONFIG SET " + PARAMETER + " KA, or the parameter group of a managed service), or set "
                    + ScanSettings.SECTION + " ksn_configure = true to let Ferry set it");
        }
        String wanted = flags + missing;
        Object set = c.call("CONFIG", "SET", PARAMETER, wanted);
        if (set instanceof RespError err) {
            throw new SourceSetupException(ScanSettings.SECTION + " ksn_configure = true: " + where + " refused CONFIG SET "
                    + PARAMETER + " " + wanted + " (" + err.message() + "); set it to \"KA\" yourself (a managed service: "
                    + "its parameter group)");
        }
        LOG.warn("{} ksn_configure = true: Ferry set {} on {} from \"{}\" to \"{}\" (CONFIG SET); it stays so after the "
                + "migration", ScanSettings.SECTION, PARAMETER, c.endpoint().address(), flags, wanted);
    }

    /** The flags of {@link #REQUIRED} that {@code flags} lacks, as CONFIG SET would take them. */
    static String missing(String flags) {
        String have = flags.replace("A", ALL_CLASSES);
        StringBuilder missing = new StringBuilder();
        for (char f : REQUIRED.toCharArray()) {
            if (have.indexOf(f) < 0) {
                missing.append(f);
            }
        }
        return missing.toString();
    }
}
