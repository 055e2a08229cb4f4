package dev.ferry.verify.check;

import static dev.ferry.source.sync.ReplicaHandshake.where;

import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.source.sync.ReplicaHandshake;
import dev.ferry.source.sync.ReplicationRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ferry run} checks on each server of a {@code [sync_reader]} before it starts the job, so a source Ferry
 * cannot replicate from is one clear message (exit code 2) instead of a job that fails, and is restarted, at its first
 * connection: the server can be reached and logged in to; it speaks PSYNC (Redis 2.8 or newer, PSYNC and REPLCONF not
 * renamed away); and the configured user may run them ({@code ACL DRYRUN}, Redis 7.0+). It only reads ({@code INFO
 * server}, {@code COMMAND INFO}, {@code ACL DRYRUN}); the replica handshake in the job is the final word.
 */
public final class ReplicationSourceCheck {
    private static final int READ_TIMEOUT_MS = 10_000;
    /** PSYNC came with Redis 2.8; before, a replica could only SYNC, without offsets to resume from. */
    private static final int FIRST_WITH_PSYNC = 208;
    private static final List<String> REPLICA_COMMANDS = List.of("PSYNC", "REPLCONF");

    private ReplicationSourceCheck() {}

    /** @throws RedisConnectException naming the server, what is wrong and the setting or change that fixes it */
    public static void check(List<RedisEndpoint> servers) {
        for (RedisEndpoint server : servers) {
            try (RedisConnection c = RedisConnection.open(server, READ_TIMEOUT_MS)) {
                check(c);
            } catch (IOException e) {
                throw new RedisConnectException(where(server) + ": " + e.getMessage(), e);
            }
        }
    }

    private static void check(RedisConnection c) throws IOException {
        RedisEndpoint server = c.endpoint();
        Object info = c.call("INFO", "server");
        if (info instanceof RespError e && e.is("NOAUTH")) {
            throw ReplicaHandshake.needsPassword(server, e);
        }
        // a user may be refused INFO (ACL): then the version is not known, and only the handshake can tell
        String version = info instanceof byte[] b ? InfoReply.parse(new String(b, StandardCharsets.UTF_8)).get("redis_version")
                : null;
        int versionNumber = ServerFacts.versionNumber(version);
        if (versionNumber > 0 && versionNumber < FIRST_WITH_PSYNC) {
            throw new ReplicationRefusedException(where(server) + " runs Redis " + version + ", which replicates only "
                    + "with the old SYNC: without replication offsets Ferry's live migration cannot checkpoint or resume "
                    + "it; upgrade it to Redis 2.8 or newer, or migrate a dump.rdb of it with [rdb_reader]");
        }
        List<String> unknown = unknownCommands(c);
        if (!unknown.isEmpty()) {
            throw new ReplicationRefusedException(where(server) + " does not know " + String.join(" and ", unknown)
                    + " (renamed or disabled by rename-command in its configuration): Ferry replicates from it as a "
                    + "replica does, with PSYNC; remove that rename-command and restart the server, or migrate with "
                    + "[scan_reader] (SCAN + DUMP)");
        }
        AclReport acl = AclCheck.check(c, server.username(), versionNumber, RequiredCommands.replica());
        if (!acl.denied().isEmpty()) {
            throw ReplicaHandshake.mayNotReplicate(server, acl.user(),
                    "ACL DRYRUN denies " + String.join(", ", acl.denied()));
        }
    }

    /** The replica commands {@code COMMAND INFO} does not know; none when COMMAND itself is refused or unknown. */
    private static List<String> unknownCommands(RedisConnection c) throws IOException {
        String[] ask = new String[REPLICA_COMMANDS.size() + 2];
        ask[0] = "COMMAND";
        ask[1] = "INFO";
        for (int i = 0; i < REPLICA_COMMANDS.size(); i++) {
            ask[i + 2] = REPLICA_COMMANDS.get(i);
        }
        List<String> unknown = new ArrayList<>();
        if (c.call(ask) instanceof List<?> infos && infos.size() == REPLICA_COMMANDS.size()) {
            for (int i = 0; i < infos.size(); i++) {
                if (infos.get(i) == null) {
                    unknown.add(REPLICA_COMMANDS.get(i));
                }
            }
        }
        return unknown;
    }
}
