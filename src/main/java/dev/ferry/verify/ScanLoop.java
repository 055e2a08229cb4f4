package dev.ferry.verify;

import dev.ferry.resp.RespError;
import dev.ferry.verify.check.ServerFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SCANs one db of one server and hands its keys on in pages. The one piece of {@code ferry verify} that enumerates a
 * live source; the {@code [scan_reader]} source's splits (db + cursor per shard) are meant to take its place.
 */
final class ScanLoop {
    /** Receives one page of keys of a db. */
    @FunctionalInterface
    interface Page {
        void keys(int db, List<byte[]> keys) throws IOException;
    }

    private ScanLoop() {}

    /** Every db that the server's INFO keyspace lists, one after the other. */
    static void scanAll(NodeSide node, int count, Page page) throws IOException {
        for (int db : ServerFacts.read(node.connection()).keysPerDb().keySet()) {
            scan(node, db, count, page);
        }
    }

    static void scan(NodeSide node, int db, int count, Page page) throws IOException {
        node.select(db);
        String cursor = "0";
        do {
            Object reply = node.connection().call("SCAN", cursor, "COUNT", Integer.toString(count));
            if (reply instanceof RespError err) {
                throw new VerifyException(node.name() + " refused SCAN: " + err.message());
            }
            List<?> r = (List<?>) reply;
            cursor = new String((byte[]) r.get(0), StandardCharsets.US_ASCII);
            List<byte[]> keys = new ArrayList<>();
            ((List<?>) r.get(1)).forEach(k -> keys.add((byte[]) k));
            if (!keys.isEmpty()) {
                page.keys(db, keys);
            }
        } while (!"0".equals(cursor));
    }
}
