package dev.ferry.verify.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One class of {@code client-output-buffer-limit}: a client of that class is disconnected when its pending output
 * reaches {@code hardBytes}, or stays above {@code softBytes} for {@code softSeconds}. 0 means no limit.
 */
public record OutputBufferLimit(long hardBytes, long softBytes, long softSeconds) {

    /** Parses CONFIG GET's value, {@code "normal 0 0 0 slave 268435456 67108864 60 pubsub ..."}, by class. */
    static Map<String, OutputBufferLimit> parse(String config) {
        Map<String, OutputBufferLimit> limits = new LinkedHashMap<>();
        String[] f = config.trim().split("\\s+");
        for (int i = 0; i + 3 < f.length; i += 4) {
            // Redis names the replica class "slave" in CONFIG GET, and accepts "replica" in CONFIG SET
            String name = "slave".equals(f[i]) ? "replica" : f[i];
            limits.put(name, new OutputBufferLimit(Long.parseLong(f[i + 1]), Long.parseLong(f[i + 2]), Long.parseLong(f[i + 3])));
        }
        return limits;
    }

    /** The smallest limit that applies, or 0 when there is none. */
    public long effectiveBytes() {
        if (hardBytes == 0) {
            return softBytes;
        }
        return softBytes == 0 ? hardBytes : Math.min(hardBytes, softBytes);
    }
}
