package dev.ferry.source.sync;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;

/**
 * Makes a logged-in connection a replica, as redis-server's own replicas do: {@code REPLCONF listening-port},
 * {@code REPLCONF capa eof capa psync2} (so the master may stream a diskless snapshot and name its new replid
 * after a failover), then {@code PSYNC}. A source that refuses PSYNC but accepts SYNC still works, without
 * resumability ({@link PsyncReply.LegacySync}). Every refusal is a {@link RedisConnectException} that names
 * the source and the setting to check.
 *
 * <p>After {@link #perform} the connection's reader is positioned on what follows the reply: the snapshot
 * transfer or the command stream.
 */
public final class ReplicaHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaHandshake.class);

    private ReplicaHandshake() {}

    public static PsyncReply perform(RedisConnection c, int listeningPort, PsyncRequest request) {
        try {
            replconf(c, "listening-port", Integer.toString(listeningPort));
            replconf(c, "capa", "eof", "capa", "psync2");
            c.writer().command(request.psyncCommand());
            c.writer().flush();
            String reply = nonEmptyLine(c);
            if (reply.startsWith("+FULLRESYNC")) {
                return fullResync(c, reply);
            }
            if (reply.startsWith("+CONTINUE")) {
                String[] parts = reply.split(" ");
                String replid = parts.length > 1 ? parts[1] : request.replid();
                return new PsyncReply.Continue(replid, !replid.equals(request.replid()));
            }
            if (reply.startsWith("-")) {
                RespError error = new RespError(reply.substring(1));
                refuseLogin(c, "PSYNC", error);
                return legacySync(c, error);
            }
            throw new RedisConnectException(where(c) + " answered PSYNC with '" + reply
                    + "', which is not a Redis master's reply; check " + c.endpoint().configSection() + " address", null);
        } catch (IOException e) {
            throw new RedisConnectException("the replication handshake with " + where(c) + " failed: "
                    + e.getMessage(), e);
        }
    }

    // Servers older than a REPLCONF option answer it with an error and still replicate (real replicas ignore
    // such errors too); only a refused login or permission means we cannot go on.
    private static void replconf(RedisConnection c, String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "REPLCONF";
        System.arraycopy(args, 0, command, 1, args.length);
        if (c.call(command) instanceof RespError e) {
            refuseLogin(c, "REPLCONF", e);
            LOG.info("{} does not understand REPLCONF {}: {}", where(c), args[0], e.message());
        }
    }

    private static void refuseLogin(RedisConnection c, String command, RespError e) {
        RedisEndpoint ep = c.endpoint();
        if (e.is("NOAUTH")) {
            throw needsPassword(ep, e);
        }
        if (e.is("NOPERM")) {
            String user = ep.username() == null || ep.username().isEmpty() ? "default" : ep.username();
            throw mayNotReplicate(ep, user, command + " answered " + e.message());
        }
    }

    /** The source wants a password Ferry did not give ({@code NOAUTH}): also what {@code ferry run}'s check says. */
    public static RedisConnectException needsPassword(RedisEndpoint ep, RespError e) {
        return new RedisConnectException(where(ep) + " requires a password (" + e.message() + "): set " + ep.configSection()
                + " password", null);
    }

    /** {@code user} may not run the replica's commands; {@code refused} says how the source said so. */
    public static RedisConnectException mayNotReplicate(RedisEndpoint ep, String user, String refused) {
        return new RedisConnectException("user '" + user + "' may not replicate from " + where(ep) + ": " + refused
                + "; grant it +psync +replconf +ping (ACL SETUSER " + user + " +psync +replconf +ping) or set "
                + ep.configSection() + " username to a user that has them", null);
    }

    private static PsyncReply fullResync(RedisConnection c, String reply) throws IOException {
        String[] parts = reply.split(" ");
        if (parts.length != 3) {
            throw new IOException("malformed reply '" + reply + "'");
        }
        try {
            return new PsyncReply.FullResync(parts[1], Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IOException("malformed offset in '" + reply + "'", e);
        }
    }

    // SYNC answers with the snapshot transfer itself, so we only peek: an error starts with '-', anything else
    // (a keepalive newline or the transfer header) is the transfer and stays for the receiver.
    private static PsyncReply legacySync(RedisConnection c, RespError psyncError) throws IOException {
        c.writer().command("SYNC");
        c.writer().flush();
        if (c.reader().peekByte() == '-') {
            String syncError = c.reader().readTextLine().substring(1);
            throw new ReplicationRefusedException(where(c) + " refuses to replicate: PSYNC answered '"
                    + psyncError.message() + "' and SYNC answered '" + syncError + "'; Ferry replicates with PSYNC "
                    + "(renamed away with rename-command?), or migrate with [scan_reader]");
        }
        LOG.warn("{} refused PSYNC ({}) and accepted SYNC: this replication cannot resume after an interruption, "
                + "every reconnect starts over with a full sync", where(c), psyncError.message());
        return new PsyncReply.LegacySync();
    }

    /** The next line that is not a keepalive newline (a master may send some before its PSYNC reply). */
    private static String nonEmptyLine(RedisConnection c) throws IOException {
        String line;
        do {
            line = c.reader().readTextLine();
        } while (line.isEmpty());
        return line;
    }

    private static String where(RedisConnection c) {
        return where(c.endpoint());
    }

    /** "source [section] at host:port". */
    public static String where(RedisEndpoint ep) {
        return "source " + ep.configSection() + " at " + ep.address();
    }
}
