package dev.ferry.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

class DbArgumentsTest {

    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.redis70().keepDataBetweenTests();

    @Test
    void dbArgumentsOfMoveCopySwapdbAndSelect() {
        assertThat(DbArguments.positions(argv("MOVE k 3"))).containsExactly(2);
        assertThat(DbArguments.positions(argv("swapdb 0 1"))).containsExactly(1, 2);
        assertThat(DbArguments.positions(argv("SELECT 2"))).containsExactly(1);
        assertThat(DbArguments.positions(argv("COPY a b DB 4"))).containsExactly(4);
        assertThat(DbArguments.positions(argv("COPY a b REPLACE db 4"))).containsExactly(5);
        assertThat(DbArguments.positions(argv("COPY a b REPLACE"))).isEmpty();
        assertThat(DbArguments.positions(argv("COPY a b DB"))).as("a syntax error").isEmpty();
        assertThat(DbArguments.positions(argv("SET db 1"))).isEmpty();
        assertThat(DbArguments.positions(argv("MIGRATE host 6379 k 2 100"))).as("a db of another server").isEmpty();
    }

    @Test
    void commandsWithKeysAndFlushdbActOnTheirDb() {
        assertThat(DbArguments.actsOnItsDb(argv("SET k v"), new int[] {1})).isTrue();
        assertThat(DbArguments.actsOnItsDb(argv("flushdb"), new int[0])).isTrue();
        assertThat(DbArguments.actsOnItsDb(argv("FLUSHALL"), new int[0])).isFalse();
        assertThat(DbArguments.actsOnItsDb(argv("FUNCTION LOAD code"), new int[0])).isFalse();
    }

    @Test
    void parsesDbNumbers() {
        assertThat(DbArguments.parse(bytes("15"))).isEqualTo(15);
        assertThat(DbArguments.parse(bytes("2147483647"))).isEqualTo(Integer.MAX_VALUE);
        assertThat(DbArguments.parse(bytes("2147483648"))).isEqualTo(-1);
        assertThat(DbArguments.parse(bytes("-1"))).isEqualTo(-1);
        assertThat(DbArguments.parse(bytes(""))).isEqualTo(-1);
        assertThat(new String(DbArguments.format(7), StandardCharsets.US_ASCII)).isEqualTo("7");
    }

    /** What COMMAND DOCS of the embedded Redis 7.0 lists as db arguments is what DbArguments knows (MIGRATE's is another server's). */
    @Test
    void coversEveryDbArgumentRedisDocuments() {
        Set<String> documented = new TreeSet<>();
        try (Jedis j = redis.server().jedis()) {
            List<?> docs = (List<?>) j.sendCommand(Protocol.Command.COMMAND, "DOCS");
            for (int i = 0; i + 1 < docs.size(); i += 2) {
                collect(text(docs.get(i)), (List<?>) docs.get(i + 1), documented);
            }
        }
        assertThat(documented).containsExactly("copy destination-db", "migrate destination-db", "move db", "select index",
                "swapdb index1", "swapdb index2");
    }

    /** Integer arguments named like a db, and SELECT's and SWAPDB's indexes, of a command doc and its subcommands. */
    private static void collect(String command, List<?> doc, Set<String> out) {
        for (int i = 0; i + 1 < doc.size(); i += 2) {
            String field = text(doc.get(i));
            if (field.equals("arguments")) {
                arguments(command, (List<?>) doc.get(i + 1), out);
            } else if (field.equals("subcommands")) {
                List<?> subs = (List<?>) doc.get(i + 1);
                for (int s = 0; s + 1 < subs.size(); s += 2) {
                    collect(text(subs.get(s)), (List<?>) subs.get(s + 1), out);
                }
            }
        }
    }

    private static void arguments(String command, List<?> args, Set<String> out) {
        for (Object a : args) {
            List<?> arg = (List<?>) a;
            String name = null;
            String type = null;
            List<?> nested = new ArrayList<>();
            for (int i = 0; i + 1 < arg.size(); i += 2) {
                switch (text(arg.get(i))) {
                    case "name" -> name = text(arg.get(i + 1));
                    case "type" -> type = text(arg.get(i + 1));
                    case "arguments" -> nested = (List<?>) arg.get(i + 1);
                    default -> { }
                }
            }
            boolean dbName = name != null && (name.equals("db") || name.endsWith("-db")
                    || ((command.equals("select") || command.equals("swapdb")) && name.startsWith("index")));
            if ("integer".equals(type) && dbName) {
                out.add(command + " " + name);
            }
            arguments(command, nested, out);
        }
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static byte[][] argv(String line) {
        return Arrays.stream(line.split(" ")).map(DbArgumentsTest::bytes).toArray(byte[][]::new);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
