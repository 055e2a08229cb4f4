package dev.ferry.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.TestData;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class CommandTableTest {

    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.redis70().keepDataBetweenTests();

    private static final CommandTable TABLE = CommandTable.load();

    @Test
    void checkedInTableIsWhatTheEmbeddedRedis70Reports() throws Exception {
        String checkedIn;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CommandTableGenerator.RESOURCE)) {
            checkedIn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String generated;
        try (RedisConnection c = RedisConnection.open(new RedisEndpoint(redis.server().host(), redis.server().port(),
                null, null, TlsSettings.OFF, "test"), 10_000)) {
            generated = CommandTableGenerator.generate(c);
        }
        assertThat(checkedIn)
                .as("%s drifted from what Redis %s reports: regenerate it with CommandTableGenerator (see its javadoc)",
                        CommandTableGenerator.RESOURCE, redis.server().version())
                .isEqualTo(generated);
        assertThat(TABLE.redisVersion()).isEqualTo(redis.server().version());
        assertThat(TABLE.commands()).hasSizeGreaterThan(200);
    }

    /** The key specs alone pick the commands that are independent operations, one per key; MSETNX (all or nothing) is not one. */
    @Test
    void perKeyCommandsAreReadOffTheKeySpecs() {
        List<String> perKey = new ArrayList<>();
        for (CommandSpec c : TABLE.commands()) {
            if (c.perKeyArgs() > 0) {
                perKey.add(c.name() + "/" + c.perKeyArgs());
            }
        }
        assertThat(perKey).containsExactlyInAnyOrder("del/1", "unlink/1", "mset/2", "touch/1", "exists/1", "watch/1");
        assertThat(TABLE.find(argv("MSETNX a 1 b 2")).orElseThrow().perKeyArgs()).isZero();
    }

    static Stream<String> commandLines() {
        return Stream.of(
                // strings
                "SET k v", "SET k v GET", "GET k", "GETEX k PX 100", "GETDEL k", "INCR k", "APPEND k v",
                "SETRANGE k 0 v", "MSET a 1 b 2 c 3", "MSETNX a 1 b 2", "MGET a b c", "LCS a b",
                // generic
                "DEL a b c", "UNLINK a b", "EXISTS a b", "EXPIRE k 10", "PEXPIREAT k 1", "RENAME a b", "RENAMENX a b",
                "COPY a b DB 1 REPLACE", "MOVE k 1", "OBJECT ENCODING k", "OBJECT FREQ k", "TOUCH a b", "TYPE k",
                "RESTORE k 0 payload REPLACE ABSTTL", "DUMP k", "SORT k", "SORT k BY w_* LIMIT 0 10 GET o_* GET # DESC ALPHA STORE dst",
                "SORT k STORE d1 STORE d2", "SORT k LIMIT 0 store STORE real", "SORT_RO k BY x GET y",
                "MIGRATE host 1 k 0 100", "MIGRATE host 1 k 0 100 COPY REPLACE",
                "MIGRATE host 1 \"\" 0 100 COPY REPLACE AUTH pw KEYS a b c",
                "MIGRATE host 1 \"\" 0 100 AUTH2 user keys KEYS a b", "MIGRATE host 1 \"\" 0 100 AUTH keys KEYS a",
                "MEMORY USAGE k",
                // lists
                "LPUSH l a b", "LMOVE a b LEFT RIGHT", "BLMOVE a b LEFT RIGHT 0", "RPOPLPUSH a b",
                "LMPOP 2 a b LEFT COUNT 2", "BLMPOP 0 3 a b c RIGHT", "BLPOP a b 0", "LINSERT l BEFORE p v", "LPOS l x",
                // sets
                "SADD s a", "SINTERSTORE d a b", "SINTERCARD 2 a b LIMIT 1", "SMOVE a b m", "SUNION a b",
                "SDIFFSTORE d a b",
                // sorted sets
                "ZADD z 1 a", "ZUNIONSTORE d 2 a b WEIGHTS 1 2", "ZINTERSTORE d 2 a b", "ZDIFFSTORE d 2 a b",
                "ZUNION 2 a b", "ZINTER 2 a b WITHSCORES", "ZDIFF 2 a b", "ZRANGESTORE d src 0 -1", "ZMPOP 2 a b MIN",
                "BZMPOP 0 2 a b MAX", "BZPOPMIN a b 0", "ZINTERCARD 2 a b",
                // hashes
                "HSET h f v", "HDEL h f g", "HINCRBY h f 1",
                // streams
                "XADD s * f v", "XADD s MAXLEN ~ 10 * f v", "XREAD COUNT 1 STREAMS a b 0 0", "XREAD STREAMS a 0",
                "XREAD BLOCK 0 STREAMS streams streams 0 0", "XREADGROUP GROUP g c COUNT 1 STREAMS a b > >",
                "XGROUP CREATE s g $ MKSTREAM", "XGROUP DESTROY s g", "XGROUP CREATECONSUMER s g c",
                "XGROUP SETID s g 0", "XGROUP DELCONSUMER s g c", "XACK s g 1-1", "XCLAIM s g c 0 1-1",
                "XAUTOCLAIM s g c 0 0", "XTRIM s MAXLEN 10", "XDEL s 1-1", "XSETID s 1-1", "XINFO STREAM s",
                "XINFO GROUPS s",
                // geo, hyperloglog, bitmaps
                "GEOADD g 1 2 m", "GEORADIUS src 0 0 10 km STORE dst", "GEORADIUS src 0 0 10 km STOREDIST dst",
                "GEORADIUS src 0 0 10 km WITHDIST", "GEORADIUSBYMEMBER src m 10 km STORE dst",
                "GEOSEARCHSTORE dst src FROMMEMBER m BYRADIUS 1 km", "GEOSEARCH src FROMMEMBER m BYRADIUS 1 km",
                "PFADD h a", "PFMERGE d a b", "PFCOUNT a b", "SETBIT b 1 1", "BITOP AND d a b",
                "BITFIELD b SET u8 0 1", "BITFIELD_RO b GET u8 0", "BITCOUNT b",
                // scripting and functions
                "EVAL return_1 0", "EVAL x 2 a b c", "EVALSHA sha 1 a x", "EVAL_RO x 1 a", "FCALL f 2 a b x",
                "FCALL_RO f 0", "FUNCTION LOAD code",
                // no keys at all
                "PUBLISH ch msg", "SPUBLISH ch msg", "FLUSHALL", "SELECT 1", "PING", "MULTI", "EXEC", "SWAPDB 0 1",
                "WATCH a b", "OBJECT HELP", "CONFIG SET maxmemory 1");
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void keyIndexesAreWhatCommandGetkeysSays(String line) {
        byte[][] argv = argv(line);
        List<String> ours = new ArrayList<>();
        for (int i : TABLE.keyIndexes(argv)) {
            ours.add(new String(argv[i], StandardCharsets.UTF_8));
        }
        assertThat(TABLE.isKnown(argv)).as("known: %s", line).isTrue();
        assertThat(ours).as("keys of %s", line).isEqualTo(getkeys(argv));
    }

    @Test
    void subCommandsKeywordAndKeynumPositions() {
        assertThat(TABLE.keyIndexes(argv("XGROUP CREATE s g $"))).containsExactly(2);
        assertThat(TABLE.keyIndexes(argv("object encoding k"))).containsExactly(2);
        assertThat(TABLE.keyIndexes(argv("EVAL body 2 a b arg"))).containsExactly(3, 4);
        assertThat(TABLE.keyIndexes(argv("ZUNIONSTORE d 2 a b"))).containsExactly(1, 3, 4);
        assertThat(TABLE.keyIndexes(argv("XREAD STREAMS a b c 0 0 0"))).containsExactly(2, 3, 4);
        assertThat(TABLE.keyIndexes(argv("SORT k GET # STORE out"))).containsExactly(1, 5);
        assertThat(TABLE.keyIndexes(argv("GEORADIUS s 0 0 1 km STORE out"))).containsExactly(1, 7);
        assertThat(TABLE.keyIndexes(argv("MSET a 1 b 2"))).containsExactly(1, 3);
    }

    @Test
    void unknownCommandsHaveNoKeysAndSaySo() {
        for (String line : List.of("FT.SEARCH idx q", "JSON.SET k $ 1", "XGROUP NOSUCHSUB s", "NOSUCH")) {
            byte[][] argv = argv(line);
            assertThat(TABLE.find(argv)).as(line).isEmpty();
            assertThat(TABLE.isKnown(argv)).isFalse();
            assertThat(TABLE.keyIndexes(argv)).isEmpty();
            assertThat(TABLE.isWrite(argv)).isFalse();
            assertThat(TABLE.group(argv)).isEqualTo(CommandTable.UNKNOWN_GROUP);
        }
        assertThat(TABLE.keyIndexes(new byte[0][])).isEmpty();
        assertThat(TABLE.keyIndexes(new byte[][] {{(byte) 0xff, 0}})).isEmpty();
        // argv too short for its spec is a syntax error Redis refuses: no keys rather than an exception
        assertThat(TABLE.keyIndexes(argv("EVAL body 3 a"))).isEmpty();
        assertThat(TABLE.keyIndexes(argv("EVAL body notanumber a"))).isEmpty();
        assertThat(TABLE.keyIndexes(argv("GET"))).isEmpty();
    }

    @Test
    void writeFlagAndGroup() {
        assertThat(TABLE.isWrite(argv("set k v"))).isTrue();
        assertThat(TABLE.group(argv("set k v"))).isEqualTo("string");
        assertThat(TABLE.isWrite(argv("GET k"))).isFalse();
        assertThat(TABLE.isWrite(argv("XGROUP CREATE s g $"))).isTrue();
        assertThat(TABLE.group(argv("XGROUP CREATE s g $"))).isEqualTo("stream");
        assertThat(TABLE.find(argv("xgroup create s g $")).orElseThrow().name()).isEqualTo("xgroup|create");
        assertThat(TABLE.isWrite(argv("OBJECT ENCODING k"))).isFalse();
        assertThat(TABLE.group(argv("OBJECT ENCODING k"))).isEqualTo("generic");
        assertThat(TABLE.group(argv("LPUSH l a"))).isEqualTo("list");
        assertThat(TABLE.group(argv("EVAL x 0"))).isEqualTo("scripting");
        assertThat(TABLE.isWrite(argv("PEXPIREAT k 1"))).isTrue();
        assertThat(TABLE.isWrite(argv("XADD s * f v"))).isTrue();
    }

    @Test
    void everyIncompleteKeySpecHasAComputedForm() {
        List<String> needing = new ArrayList<>();
        for (CommandSpec c : TABLE.commands()) {
            Stream.concat(Stream.of(c), c.subcommands().values().stream())
                    .filter(KeyFinder::needsComputedKeys)
                    .forEach(s -> needing.add(s.name()));
        }
        assertThat(needing).containsExactlyInAnyOrderElementsOf(ComputedKeys.COMMANDS);
    }

    private static List<String> getkeys(byte[][] argv) {
        try (Jedis j = redis.jedis()) {
            Object[] args = new Object[argv.length + 1];
            args[0] = "GETKEYS";
            System.arraycopy(argv, 0, args, 1, argv.length);
            List<String> keys = new ArrayList<>();
            for (Object k : (List<?>) TestData.cmd(j, "COMMAND", args)) {
                keys.add(new String((byte[]) k, StandardCharsets.UTF_8));
            }
            return keys;
        } catch (JedisDataException noKeys) {
            // "The command has no key arguments" / "Invalid arguments specified for command"
            return List.of();
        }
    }

    /** Splits on spaces; {@code ""} is an empty argument. */
    static byte[][] argv(String line) {
        return Arrays.stream(line.split(" "))
                .map(s -> s.equals("\"\"") ? "" : s)
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
    }
}
