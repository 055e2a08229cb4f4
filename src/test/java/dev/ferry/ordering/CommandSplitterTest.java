package dev.ferry.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.testing.ReplicatedCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

/** What {@link CommandSplitter} cuts and what it leaves whole, with key positions from the real command table. */
class CommandSplitterTest {
    private static final String SPLIT = ReplicatedCommands.SPLIT;

    @Test
    void delAndUnlinkAcrossSlotsBecomeOneCommandPerKey() {
        assertThat(texts(split(true, command("DEL a b {a}c")))).containsExactly("DEL a", "DEL b", "DEL {a}c");
        assertThat(texts(split(true, command("UNLINK a b")))).containsExactly("UNLINK a", "UNLINK b");
    }

    @Test
    void msetAcrossSlotsSplitsIntoItsPairs() {
        List<RedisEvent> out = split(true, command("MSET a 1 b 2 c 3"));

        assertThat(texts(out)).containsExactly("MSET a 1", "MSET b 2", "MSET c 3");
        CommandEvent first = (CommandEvent) out.get(0);
        assertThat(first.keyIndexes()).containsExactly(1);
        assertThat(first.db()).isEqualTo(4);
        assertThat(first.splitId()).isEqualTo(SPLIT);
        assertThat(first.position()).isEqualTo(ReplicatedCommands.POSITION);
    }

    @Test
    void commandsThatAreNotPerKeyOperationsStayWhole() {
        for (String line : List.of("MSETNX a 1 b 2", "RENAME a b", "SUNIONSTORE d a b", "SMOVE a b m", "LMOVE a b LEFT RIGHT",
                "COPY a b", "EVAL return 2 a b")) {
            assertThat(texts(split(true, command(line)))).as(line).containsExactly(line);
        }
    }

    @Test
    void keysOfOneSlotStayTogether() {
        for (String line : List.of("DEL {u}a {u}b", "MSET {u}a 1 {u}b 2", "RENAME {u}a {u}b", "SET a 1", "FLUSHALL")) {
            assertThat(texts(split(true, command(line)))).as(line).containsExactly(line);
        }
    }

    @Test
    void oneStandaloneWriterKeepsEverythingWhole() {
        TransactionEvent block = block("SET a 1", "DEL a b");
        assertThat(split(false, command("DEL a b"))).containsExactly(command("DEL a b"));
        assertThat(split(false, block)).containsExactly(block);
    }

    @Test
    void aBlockInOneSlotStaysOneTransaction() {
        TransactionEvent block = block("SET {u}a 1", "RENAME {u}a {u}b", "DEL {u}c {u}d");
        assertThat(split(true, block)).containsExactly(block);
    }

    @Test
    void aBlockAcrossSlotsBecomesItsCommandsEachSplitPerKey() {
        List<RedisEvent> out = split(true, block("SET a 1", "DEL a b", "RENAME a c"));
        assertThat(texts(out)).containsExactly("SET a 1", "DEL a", "DEL b", "RENAME a c");
    }

    @Test
    void aBlockWithAKeylessCommandOrAnotherDbIsSplit() {
        assertThat(texts(split(true, block("SET {u}a 1", "FLUSHDB")))).containsExactly("SET {u}a 1", "FLUSHDB");
        TransactionEvent twoDbs = new TransactionEvent(List.of(ReplicatedCommands.command(0, "SET {u}a 1"), ReplicatedCommands.command(1, "SET {u}b 1")), SPLIT, 9);
        assertThat(texts(split(true, twoDbs))).containsExactly("SET {u}a 1", "SET {u}b 1");
    }

    @Test
    void snapshotKeysPassUntouched() {
        KeyEvent key = new KeyEvent(0, "a".getBytes(StandardCharsets.UTF_8), 0, new byte[] {0}, -1, -1, -1, SPLIT, 5);
        assertThat(split(true, key)).containsExactly(key);
    }

    private static List<RedisEvent> split(boolean acrossSlots, RedisEvent e) {
        CommandSplitter splitter = new CommandSplitter(acrossSlots);
        splitter.open(DefaultOpenContext.INSTANCE);
        List<RedisEvent> out = new ArrayList<>();
        splitter.flatMap(e, new ListCollector<>(out));
        return out;
    }

    private static CommandEvent command(String line) {
        return ReplicatedCommands.command(4, line);
    }

    private static TransactionEvent block(String... lines) {
        return ReplicatedCommands.block(4, lines);
    }

    private static List<String> texts(List<RedisEvent> events) {
        return events.stream().map(e -> ((CommandEvent) e).printable()).toList();
    }
}
