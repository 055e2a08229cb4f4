package dev.ferry.sink.rewrite;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbType;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RespError;
import dev.ferry.sink.TargetErrors;
import dev.ferry.sink.TargetWriteException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out what a live target can take ({@link TargetCapabilities}).
 *
 * <p>Whether RESTORE accepts a payload of some RDB version is asked of the target itself: it RESTOREs a
 * one-byte string stamped with that version into a scratch key with an absolute TTL long past ({@code ABSTTL 1}).
 * Redis checks the payload's version and checksum and loads it before it looks at the TTL, then finds the key
 * already expired and stores nothing: the answer is OK or "payload version or checksum are wrong", and the
 * target is not written to (which {@code ferry check} relies on). Unlike reading the version off INFO, this also
 * holds for forks and patched builds, and it needs nothing beyond the RESTORE right the writer needs anyway (no
 * DEBUG). Answers are kept per version, so a probe asks each version once.
 *
 * <p>Every command goes through {@link Target}: one connection, or a writer's channel, which routes on the
 * scratch key, so on a cluster the probe asks a node that serves the scratch key's slot.
 */
public final class TargetProbe {
    private static final Logger LOG = LoggerFactory.getLogger(TargetProbe.class);
    /** Raw RDB string "x": a 6-bit length (1), then the byte. Every RDB version loads it. */
    private static final byte[] TINY_STRING = {1, 'x'};
    /** 1 ms after the epoch: expired, so RESTORE ... ABSTTL verifies and loads the payload but stores nothing. */
    private static final String LONG_PAST_MS = "1";

    private final Target target;
    private final String address;
    private final byte[] scratchKey;
    private final Map<Integer, Boolean> accepts = new HashMap<>();

    /** Where the probe's commands go, each answered before the next is sent. */
    @FunctionalInterface
    public interface Target {
        Object call(byte[]... argv) throws IOException;
    }

    /** Probes over one connection, in its current db, with a scratch key {@link #scratchKey()}. */
    public TargetProbe(RedisConnection conn) {
        this(conn::call, conn.endpoint().address(), scratchKey());
    }

    /**
     * Probes through {@code target} with {@code scratchKey}; {@code address} names the target in errors. On a
     * cluster, every command must reach a node that serves the scratch key's slot.
     */
    public TargetProbe(Target target, String address, byte[] scratchKey) {
        this.target = target;
        this.address = address;
        this.scratchKey = scratchKey.clone();
    }

    /** {@code ferry:probe:<random>}: no two probes, even of writers started together, use the same key. */
    public static byte[] scratchKey() {
        return ("ferry:probe:" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Version, accepted RDB versions (1 to the newest Ferry reads) and proto-max-bulk-len. */
    public TargetCapabilities capabilities() throws IOException {
        String version = redisVersion();
        Set<Integer> accepted = new HashSet<>();
        for (int v = 1; v <= RdbParser.MAX_RDB_VERSION; v++) {
            if (acceptsRdbVersion(v)) {
                accepted.add(v);
            }
        }
        Long configured = configuredProtoMaxBulkLen();
        return new TargetCapabilities(version, accepted,
                configured != null ? configured : TargetCapabilities.REDIS_DEFAULT_PROTO_MAX_BULK_LEN, configured == null);
    }

    /** Whether RESTORE accepts a DUMP payload stamped with {@code rdbVersion}; asked of the target once. */
    public boolean acceptsRdbVersion(int rdbVersion) throws IOException {
        Boolean known = accepts.get(rdbVersion);
        if (known == null) {
            known = tryRestore(rdbVersion);
            accepts.put(rdbVersion, known);
        }
        return known;
    }

    private boolean tryRestore(int rdbVersion) throws IOException {
        byte[] payload = DumpPayload.of(RdbType.STRING, TINY_STRING, rdbVersion);
        Object reply = target.call(bytes("RESTORE"), scratchKey, bytes(LONG_PAST_MS), payload, bytes("ABSTTL"));
        if (reply instanceof RespError err) {
            if (err.message().contains("payload version or checksum")) {
                return false;
            }
            throw refused("RESTORE of a probe key", err);
        }
        return true;
    }

    private String redisVersion() throws IOException {
        Object reply = target.call(bytes("INFO"), bytes("server"));
        if (reply instanceof RespError err) {
            throw refused("INFO server", err);
        }
        for (String line : text(reply).split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        throw new TargetWriteException("target " + address + " has no redis_version in INFO server", null);
    }

    /** The configured proto-max-bulk-len, or null when CONFIG GET is refused (managed services often do). */
    private Long configuredProtoMaxBulkLen() throws IOException {
        Object reply = target.call(bytes("CONFIG"), bytes("GET"), bytes("proto-max-bulk-len"));
        if (reply instanceof List<?> l && l.size() == 2) {
            return Long.parseLong(text(l.get(1)));
        }
        String why = reply instanceof RespError err ? "refused it: " + err.message() : "did not name it";
        LOG.warn("CONFIG GET proto-max-bulk-len on target {} {}; assuming Redis's default of 512 MB. If the target's limit is "
                + "lower, set [advanced] target_redis_proto_max_bulk_len to it, or bigger keys fail to RESTORE", address, why);
        return null;
    }

    private TargetWriteException refused(String what, RespError err) {
        return new TargetWriteException("target " + address + " refused " + what + " while Ferry probed it: "
                + err.message() + TargetErrors.advice(err), null);
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
