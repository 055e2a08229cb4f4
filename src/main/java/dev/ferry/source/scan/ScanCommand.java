package dev.ferry.source.scan;

import java.io.IOException;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** One {@code SCAN cursor COUNT n} round trip. */
@Internal
public final class ScanCommand {
    private static final byte[] SCAN = ShardConnection.ascii("SCAN");
    private static final byte[] COUNT = ShardConnection.ascii("COUNT");

    private ScanCommand() {}

    /**
     * The keys of one SCAN step and the cursor to continue with, 0 when the db is done. Cursors are unsigned 64-bit
     * numbers, held in a long.
     */
    public record Batch(long next, List<byte[]> keys) {}

    @SuppressWarnings("unchecked")
    public static Batch scan(ShardConnection c, int db, long cursor, int count) throws IOException {
        Object reply = SourceReplies.check(c.call(db, SCAN, ShardConnection.ascii(Long.toUnsignedString(cursor)), COUNT,
                ShardConnection.ascii(Integer.toString(count))), "SCAN", c.endpoint());
        List<?> parts = (List<?>) reply;
        return new Batch(Long.parseUnsignedLong(SourceReplies.text(parts.get(0))), (List<byte[]>) parts.get(1));
    }
}
