package dev.ferry.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.moilioncircle.redis.replicator.Configuration;
import com.moilioncircle.redis.replicator.FileType;
import com.moilioncircle.redis.replicator.RedisReplicator;
import com.moilioncircle.redis.replicator.Replicator;
import com.moilioncircle.redis.replicator.rdb.datatype.ExpiredType;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyStringValueHash;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyStringValueList;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyStringValueModule;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyStringValueSet;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyStringValueStream;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyStringValueString;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyStringValueTTLHash;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyStringValueZSet;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyValuePair;
import com.moilioncircle.redis.replicator.rdb.datatype.TTLValue;
import com.moilioncircle.redis.replicator.rdb.datatype.ZSetEntry;
import dev.ferry.rdb.Corpus.Key;
import dev.ferry.rdb.Corpus.Parsed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test: for every corpus file that both Ferry and redis-replicator 3.11.0 accept, both must
 * see the same keys in the same order with the same db, type, expiry and value.
 */
class ReplicatorDifferentialTest {

    /** Files both parsers accept but where redis-replicator is known to be wrong; with the reason. */
    static final Map<String, String> EXCLUDED = Map.of();

    /**
     * Files Ferry parses and redis-replicator 3.11.0 rejects (with what it says). Any other rejection fails
     * the test, so a new corpus file or a replicator upgrade shows up here.
     */
    static final Map<String, String> REPLICATOR_REJECTS = Map.of(
            // Redis 7.4 release-candidate hash-field-TTL types 22/23 (HASH_METADATA_PRE_GA, HASH_LISTPACK_EX_PRE_GA)
            "librdb/hash_with_expire_v12.rdb", "unexpected value type:22",
            "librdb/hash_lp_with_hexpire_v12.rdb", "unexpected value type:23",
            // a ziplist/listpack score stored as the string "-inf": the replicator's Double.valueOf does not take it
            "librdb/zset_zl_v6.rdb", "For input string: \"-inf\"",
            "librdb/zset_lp_v11.rdb", "For input string: \"-inf\"");

    @BeforeAll
    static void corpusPresent() {
        assumeTrue(Corpus.available(), "shared corpus ../shared/rdb-corpus is not present");
    }

    static Stream<String> files() {
        return Corpus.rdbRows().stream()
                .filter(r -> r.get("role").equals("rdb"))
                .map(r -> r.get("path"))
                .filter(p -> !RdbCorpusTest.KNOWN_FAILURES.containsKey(p))
                .filter(p -> !EXCLUDED.containsKey(p));
    }

    record RKey(int db, String name, String type, long expireAtMs, Object value) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void sameKeysTypesExpiriesAndValues(String path) throws Exception {
        List<RKey> theirs = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Configuration conf = Configuration.defaultSetting().setUseDefaultExceptionListener(false);
        try (Replicator r = new RedisReplicator(Corpus.file(path).toFile(), FileType.RDB, conf)) {
            r.addExceptionListener((rep, t, event) -> failure.compareAndSet(null, t));
            r.addEventListener((rep, event) -> {
                if (event instanceof KeyValuePair<?, ?> kv) {
                    theirs.add(convert(kv));
                }
            });
            r.open();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
        if (REPLICATOR_REJECTS.containsKey(path)) {
            assertThat(failure.get()).as("redis-replicator is expected to reject " + path).isNotNull();
            assertThat(String.valueOf(failure.get())).contains(REPLICATOR_REJECTS.get(path));
            // Ferry must still parse it (RdbCorpusTest checks the values).
            assertThat(Corpus.parse(path).keys).isNotEmpty();
            return;
        }
        assertThat(failure.get()).as("redis-replicator failed on " + path).isNull();

        Parsed ours = Corpus.parse(path);
        List<RKey> mine = new ArrayList<>();
        for (Key k : ours.keys) {
            mine.add(new RKey(k.db, k.name, k.logical, k.expireAtMs, normalise(k)));
        }
        assertThat(theirs).hasSameSizeAs(mine);
        for (int i = 0; i < mine.size(); i++) {
            assertThat(theirs.get(i)).as("key #%d of %s", i, path).isEqualTo(mine.get(i));
        }
    }

    private static Object normalise(Key k) {
        return switch (k.logical) {
            case "set" -> new HashSet<>(k.<Set<String>>value());
            case "zset" -> new TreeMap<>(k.<Map<String, Double>>value());
            case "hash" -> {
                Map<String, String> h = new TreeMap<>(k.<Map<String, String>>value());
                if (!k.fieldTtls.isEmpty()) {
                    Map<String, Object> withTtl = new TreeMap<>();
                    h.forEach((f, v) -> withTtl.put(f, v + "@" + k.fieldTtls.getOrDefault(f, -1L)));
                    yield withTtl;
                }
                yield h;
            }
            case "stream" -> {
                // The replicator keeps an entry's fields in a map, so a field repeated within an entry
                // (XADD s * k v k v, legal in Redis) comes out once: compare the same way.
                LinkedHashMap<String, List<String>> entries = new LinkedHashMap<>();
                k.<Corpus.Stream>value().entries().forEach((id, fv) -> {
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (int i = 0; i < fv.size(); i += 2) {
                        fields.put(fv.get(i), fv.get(i + 1));
                    }
                    List<String> flat = new ArrayList<>();
                    fields.forEach((f, v) -> {
                        flat.add(f);
                        flat.add(v);
                    });
                    entries.put(id, flat);
                });
                yield entries;
            }
            // without a registered module parser the replicator's module value is null: compare key and type only
            case "module" -> "module";
            default -> k.value;
        };
    }

    private static RKey convert(KeyValuePair<?, ?> kv) {
        int db = (int) kv.getDb().getDbNumber();
        String key = Corpus.s((byte[]) kv.getKey());
        long expire = kv.getExpiredType() == null || kv.getExpiredType() == ExpiredType.NONE ? KeyRecord.NO_EXPIRE
                : kv.getExpiredType() == ExpiredType.SECOND ? kv.getExpiredValue() * 1000L : kv.getExpiredValue();
        String type;
        Object value;
        if (kv instanceof KeyStringValueString s) {
            type = "string";
            value = Corpus.s(s.getValue());
        } else if (kv instanceof KeyStringValueList l) {
            type = "list";
            List<String> out = new ArrayList<>();
            l.getValue().forEach(b -> out.add(Corpus.s(b)));
            value = out;
        } else if (kv instanceof KeyStringValueSet s) {
            type = "set";
            Set<String> out = new HashSet<>();
            s.getValue().forEach(b -> out.add(Corpus.s(b)));
            value = out;
        } else if (kv instanceof KeyStringValueZSet z) {
            type = "zset";
            Map<String, Double> out = new TreeMap<>();
            for (ZSetEntry e : z.getValue()) {
                out.put(Corpus.s(e.getElement()), e.getScore());
            }
            value = out;
        } else if (kv instanceof KeyStringValueHash h) {
            type = "hash";
            Map<String, String> out = new TreeMap<>();
            h.getValue().forEach((f, v) -> out.put(Corpus.s(f), Corpus.s(v)));
            value = out;
        } else if (kv instanceof KeyStringValueTTLHash h) {
            type = "hash";
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<byte[], TTLValue> e : h.getValue().entrySet()) {
                Long ttl = e.getValue().getExpires();
                out.put(Corpus.s(e.getKey()), Corpus.s(e.getValue().getValue()) + "@" + (ttl == null || ttl <= 0 ? -1L : ttl));
            }
            boolean anyTtl = out.values().stream().anyMatch(v -> !((String) v).endsWith("@-1"));
            if (!anyTtl) {
                Map<String, String> plain = new TreeMap<>();
                out.forEach((f, v) -> plain.put(f, ((String) v).substring(0, ((String) v).length() - 3)));
                value = plain;
            } else {
                value = out;
            }
        } else if (kv instanceof KeyStringValueStream s) {
            type = "stream";
            LinkedHashMap<String, List<String>> entries = new LinkedHashMap<>();
            for (var e : s.getValue().getEntries().values()) {
                if (e.isDeleted()) {
                    continue;
                }
                List<String> fv = new ArrayList<>();
                e.getFields().forEach((f, v) -> {
                    fv.add(Corpus.s(f));
                    fv.add(Corpus.s(v));
                });
                entries.put(e.getId().getMs() + "-" + e.getId().getSeq(), fv);
            }
            value = entries;
        } else if (kv instanceof KeyStringValueModule) {
            type = "module";
            value = "module";
        } else {
            type = kv.getClass().getSimpleName();
            value = kv.getValue();
        }
        return new RKey(db, key, type, expire, value);
    }
}
