package dev.ferry.verify.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RespError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one Redis server says about itself, read with INFO and CONFIG GET only (nothing is changed).
 *
 * @param address             host:port
 * @param version             {@code redis_version}
 * @param role                {@code master} or {@code slave}
 * @param usedMemory          {@code used_memory}, bytes
 * @param usedMemoryDataset   {@code used_memory_dataset}, bytes: the data without Redis's overhead
 * @param maxmemory           {@code maxmemory}, 0 = no limit
 * @param maxmemoryPolicy     {@code maxmemory_policy}
 * @param protoMaxBulkLen     {@code proto-max-bulk-len}, or null when CONFIG GET was refused
 * @param outputBufferLimits  {@code client-output-buffer-limit} by class (normal, replica, pubsub); empty when refused
 * @param keysPerDb           the keyspace section: keys per db
 * @param replicas            the replicas INFO replication lists, {@code host:port (state)}
 * @param configRefused       why CONFIG GET was refused (managed services often forbid it), or null
 */
public record ServerFacts(String address, String version, String role, long usedMemory, long usedMemoryDataset,
                          long maxmemory, String maxmemoryPolicy, Long protoMaxBulkLen,
                          Map<String, OutputBufferLimit> outputBufferLimits, Map<Integer, Long> keysPerDb,
                          List<String> replicas, String configRefused) {

    public ServerFacts {
        outputBufferLimits = Map.copyOf(outputBufferLimits);
        keysPerDb = Collections.unmodifiableMap(new TreeMap<>(keysPerDb));
        replicas = List.copyOf(replicas);
    }

    /** Reads INFO (server, memory, replication, keyspace) and the two CONFIG values over {@code conn}. */
    public static ServerFacts read(RedisConnection conn) throws IOException {
        Object info = conn.call("INFO");
        if (info instanceof RespError err) {
            throw new IOException("INFO refused: " + err.message());
        }
        InfoReply r = InfoReply.parse(text(info));
        List<String> refusals = new ArrayList<>();
        String bulk = config(conn, "proto-max-bulk-len", refusals);
        String buffers = config(conn, "client-output-buffer-limit", refusals);
        return new ServerFacts(conn.endpoint().address(), r.get("redis_version"), r.get("role"),
                r.number("used_memory").orElse(0), r.number("used_memory_dataset").orElse(0),
                r.number("maxmemory").orElse(0), r.get("maxmemory_policy"),
                bulk == null ? null : Long.parseLong(bulk),
                buffers == null ? Map.of() : OutputBufferLimit.parse(buffers), r.keysPerDb(), r.replicas(),
                refusals.isEmpty() ? null : String.join("; ", refusals));
    }

    /** {@code major * 100 + minor}, e.g. 700 for 7.0.15; 0 when the version is unknown. */
    public int versionNumber() {
        return versionNumber(version);
    }

    static int versionNumber(String version) {
        if (version == null) {
            return 0;
        }
        String[] parts = version.split("\\.");
        try {
            return Integer.parseInt(parts[0]) * 100 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @JsonProperty
    public long keys() {
        return keysPerDb.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String config(RedisConnection conn, String name, List<String> refusals) throws IOException {
        Object reply = conn.call("CONFIG", "GET", name);
        if (reply instanceof List<?> l && l.size() == 2) {
            return text(l.get(1));
        }
        refusals.add("CONFIG GET " + name + ": " + (reply instanceof RespError err ? err.message() : "not known"));
        return null;
    }

    static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
