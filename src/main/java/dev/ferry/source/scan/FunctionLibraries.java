package dev.ferry.source.scan;

import dev.ferry.resp.RespError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The code of every function library on a shard ({@code FUNCTION LIST WITHCODE}, Redis 7.0+). */
@Internal
public final class FunctionLibraries {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionLibraries.class);
    private static final byte[] FUNCTION = ShardConnection.ascii("FUNCTION");
    private static final byte[] LIST = ShardConnection.ascii("LIST");
    private static final byte[] WITHCODE = ShardConnection.ascii("WITHCODE");

    private FunctionLibraries() {}

    /** Each library's source, with its {@code #!engine name=...} header: what FUNCTION LOAD takes. */
    public static List<byte[]> codes(ShardConnection c) throws IOException {
        Object reply = c.call(0, FUNCTION, LIST, WITHCODE);
        if (reply instanceof RespError err) {
            if (!err.message().toLowerCase(java.util.Locale.ROOT).contains("unknown")) {
                LOG.warn("source {} at {} refused FUNCTION LIST ({}): its function libraries are not migrated",
                        ScanSettings.SECTION, c.endpoint().address(), err.message());
            }
            return List.of(); // before 7.0 there are none
        }
        List<byte[]> codes = new ArrayList<>();
        for (Object library : (List<?>) reply) {
            List<?> fields = (List<?>) library;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("library_code".equals(SourceReplies.text(fields.get(i)))) {
                    codes.add((byte[]) fields.get(i + 1));
                }
            }
        }
        return codes;
    }
}
