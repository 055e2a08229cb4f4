package dev.ferry.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.FilterConfig;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DbMapperTest {
    private final DbMapper mapper = new DbMapper(new FilterConfig(Map.of(1, 0, 5, 0, 2, 3)));

    @Test
    void keyEventsGetTheirTargetDb() {
        KeyEvent k = key(1);
        KeyEvent mapped = (KeyEvent) mapper.map(k);

        assertThat(mapped.db()).isZero();
        assertThat(mapped).usingRecursiveComparison().ignoringFields("db").isEqualTo(k);
        assertThat(((KeyEvent) mapper.map(key(2))).db()).isEqualTo(3);
        KeyEvent unmapped = key(4);
        assertThat(mapper.map(unmapped)).as("a db not in db_map keeps its number").isSameAs(unmapped);
    }

    @Test
    void commandsGetTheirTargetDbAndTheirArgumentsStay() {
        CommandEvent set = command(5, new int[] {1}, "SET", "k", "5");
        CommandEvent mapped = (CommandEvent) mapper.map(set);

        assertThat(mapped.db()).isZero();
        assertThat(args(mapped)).containsExactly("SET", "k", "5");
        assertThat(mapped.keyIndexes()).containsExactly(1);
        assertThat(mapped.position()).isEqualTo(set.position());
    }

    @Test
    void moveNamesTheTargetDb() {
        assertThat(args(mapper.map(command(0, new int[] {1}, "MOVE", "k", "2")))).containsExactly("MOVE", "k", "3");
        CommandEvent moved = (CommandEvent) mapper.map(command(2, new int[] {1}, "move", "k", "4"));
        assertThat(moved.db()).isEqualTo(3);
        assertThat(args(moved)).containsExactly("move", "k", "4");
    }

    @Test
    void moveIntoTheDbItIsMergedWithIsDropped() {
        assertThat(mapper.map(command(0, new int[] {1}, "MOVE", "k", "1"))).isNull();
        assertThat(mapper.map(command(5, new int[] {1}, "MOVE", "k", "0"))).isNull();
        assertThat(mapper.map(command(1, new int[] {1}, "MOVE", "k", "5"))).isNull();
    }

    @Test
    void copyDbNamesTheTargetDbWhereverTheOptionIs() {
        assertThat(args(mapper.map(command(0, new int[] {1, 2}, "COPY", "a", "b", "DB", "2"))))
                .containsExactly("COPY", "a", "b", "DB", "3");
        assertThat(args(mapper.map(command(1, new int[] {1, 2}, "COPY", "a", "b", "REPLACE", "db", "5", "REPLACE"))))
                .containsExactly("COPY", "a", "b", "REPLACE", "db", "0", "REPLACE");
        assertThat(args(mapper.map(command(1, new int[] {1, 2}, "COPY", "a", "b", "REPLACE"))))
                .containsExactly("COPY", "a", "b", "REPLACE");
    }

    @Test
    void swapdbNamesTargetDbsAndASwapOfMergedDbsIsDropped() {
        assertThat(args(mapper.map(command(0, new int[0], "SWAPDB", "2", "4")))).containsExactly("SWAPDB", "3", "4");
        assertThat(mapper.map(command(0, new int[0], "SWAPDB", "1", "5"))).isNull();
        assertThat(mapper.map(command(0, new int[0], "SWAPDB", "0", "1"))).isNull();
    }

    @Test
    void selectNamesTheTargetDb() {
        assertThat(args(mapper.map(command(0, new int[0], "SELECT", "5")))).containsExactly("SELECT", "0");
    }

    @Test
    void theSourceEventIsNotChanged() {
        CommandEvent move = command(0, new int[] {1}, "MOVE", "k", "2");
        mapper.map(move);
        assertThat(args(move)).containsExactly("MOVE", "k", "2");
    }

    private static KeyEvent key(int db) {
        return new KeyEvent(db, bytes("k"), 0, new byte[] {0, 1, 'v', 11, 0, 1, 2, 3, 4, 5, 6, 7, 8}, 1234L, 5, -1, "dump.rdb", 99);
    }

    private static CommandEvent command(int db, int[] keys, String... argv) {
        return new CommandEvent(db, Arrays.stream(argv).map(DbMapperTest::bytes).toArray(byte[][]::new), keys, "sync", 42);
    }

    private static List<String> args(RedisEvent e) {
        return Arrays.stream(((CommandEvent) e).argv()).map(a -> new String(a, StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
