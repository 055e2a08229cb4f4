package dev.ferry.sink.exactlyonce;

import dev.ferry.config.RedisWriterConfig;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.sink.TargetChannels;
import dev.ferry.sink.TargetErrors;
import dev.ferry.sink.TargetWriteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes Ferry's bookkeeping keys ({@link MarkerKeys}: the exactly-once markers and the checkpoint stamps) from every
 * master of the target once a migration is over: {@code SCAN 0 MATCH <pattern> COUNT 1000} in db 0, where they
 * live, and {@code DEL} of what each step finds. Other keys under the prefix (the command path's temporary keys, a
 * user's own) are not touched.
 */
public final class MarkerCleanup {
    private static final int READ_TIMEOUT_MS = 60_000;
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private MarkerCleanup() {}

    /** @return per master address, how many keys were deleted there */
    public static Map<String, Long> run(RedisWriterConfig target, String prefix) {
        MarkerKeys keys = new MarkerKeys(prefix, target.cluster());
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (RedisEndpoint master : TargetChannels.masters(target)) {
            try (RedisConnection conn = RedisConnection.open(master, READ_TIMEOUT_MS)) {
                long n = 0;
                for (String pattern : keys.patterns()) {
                    n += deleteMatching(conn, pattern);
                }
                deleted.put(master.address(), n);
            } catch (IOException e) {
                throw new UncheckedIOException("lost the connection to target " + master.address() + " while removing "
                        + "Ferry's marker keys: " + e.getMessage() + "; run --cleanup again", e);
            }
        }
        return deleted;
    }

    private static long deleteMatching(RedisConnection conn, String pattern) throws IOException {
        long deleted = 0;
        String cursor = "0";
        do {
            Object reply = conn.call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            if (reply instanceof RespError err) {
                throw new TargetWriteException("target " + conn.endpoint().address() + " refused SCAN MATCH " + pattern + ": "
                        + err.message() + TargetErrors.advice(err), null);
            }
            List<?> page = (List<?>) reply;
            cursor = new String((byte[]) page.get(0), StandardCharsets.US_ASCII);
            List<?> found = (List<?>) page.get(1);
            // one DEL per key, pipelined: a cluster refuses a DEL of keys in several slots
            for (Object key : found) {
                conn.writer().command(DEL, (byte[]) key);
            }
            conn.writer().flush();
            for (int i = 0; i < found.size(); i++) {
                Object n = conn.reader().read();
                if (n instanceof RespError err) {
                    throw new TargetWriteException("target " + conn.endpoint().address() + " refused DEL of Ferry's marker "
                            + "keys: " + err.message() + TargetErrors.advice(err), null);
                }
                deleted += (Long) n;
            }
        } while (!cursor.equals("0"));
        return deleted;
    }
}
