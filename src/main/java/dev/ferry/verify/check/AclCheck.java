package dev.ferry.verify.check;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RespError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a server with {@code ACL DRYRUN} (Redis 7.0+) whether the configured user may run each command Ferry needs.
 * DRYRUN only checks permissions; nothing runs.
 */
final class AclCheck {
    private AclCheck() {}

    static AclReport check(RedisConnection conn, String username, int versionNumber, List<byte[][]> commands) throws IOException {
        if (username == null || username.isEmpty()) {
            return AclReport.defaultUser();
        }
        if (versionNumber < 700) {
            return AclReport.couldNotCheck(username, "ACL DRYRUN needs Redis 7.0 or newer");
        }
        List<String> denied = new ArrayList<>();
        for (byte[][] argv : commands) {
            byte[][] dryrun = new byte[argv.length + 3][];
            dryrun[0] = "ACL".getBytes();
            dryrun[1] = "DRYRUN".getBytes();
            dryrun[2] = username.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            System.arraycopy(argv, 0, dryrun, 3, argv.length);
            Object reply = conn.call(dryrun);
            if (reply instanceof RespError err) {
                // NOPERM: this user may not run ACL itself; anything else: DRYRUN cannot judge (unknown command...)
                return AclReport.couldNotCheck(username, "ACL DRYRUN " + RequiredCommands.name(argv) + " answered " + err.message());
            }
            if (!"OK".equals(reply)) {
                denied.add(RequiredCommands.name(argv) + " (" + ServerFacts.text(reply) + ")");
            }
        }
        return new AclReport(username, AclReport.CHECKED, denied, null);
    }
}
