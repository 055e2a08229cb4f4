package dev.ferry.sink.rewrite;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.resp.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/** Connections to test servers, and commands sent to them pipelined with every reply checked. */
final class Targets {
    private Targets() {}

    static RedisConnection connect(LocalRedisServer server) {
        return RedisConnection.open(new RedisEndpoint(server.host(), server.port(), null, null, TlsSettings.OFF, "[test]"), 60_000);
    }

    static TargetCapabilities probe(LocalRedisServer server) {
        try (RedisConnection c = connect(server)) {
            return new TargetProbe(c).capabilities();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the commands in db {@code db}, 512 in flight at most; fails on the first error reply. Returns how many. */
    static long apply(Iterator<byte[][]> commands, LocalRedisServer server, int db) {
        try (RedisConnection c = connect(server)) {
            check(c.call("SELECT", Integer.toString(db)), "SELECT");
            long sent = 0;
            int inFlight = 0;
            String[] verbs = new String[512];
            while (commands.hasNext()) {
                byte[][] argv = commands.next();
                c.writer().command(argv);
                verbs[inFlight++] = new String(argv[0], StandardCharsets.US_ASCII) + " " + (argv.length > 2 ? text(argv[2]) : "");
                sent++;
                if (inFlight == verbs.length) {
                    drain(c, verbs, inFlight);
                    inFlight = 0;
                }
            }
            drain(c, verbs, inFlight);
            return sent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(RedisConnection c, String[] verbs, int n) throws IOException {
        c.writer().flush();
        for (int i = 0; i < n; i++) {
            check(c.reader().read(), verbs[i]);
        }
    }

    private static void check(Object reply, String what) {
        if (reply instanceof RespError err) {
            throw new AssertionError(what + " was refused: " + err.message());
        }
    }

    private static String text(byte[] b) {
        return new String(b, 0, Math.min(b.length, 40), StandardCharsets.ISO_8859_1);
    }
}
