package dev.ferry.ordering;

import static dev.ferry.testing.ReplicatedCommands.block;
import static dev.ferry.testing.ReplicatedCommands.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.command.CommandTable;
import dev.ferry.config.FilterConfig;
import dev.ferry.config.FilterRules;
import dev.ferry.config.KeyRules;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link EventFilter} per kind of rule, with keys located by the real command table. */
class EventFilterTest {
    private static final CommandTable TABLE = CommandTable.load();
    private static final List<String> NONE = List.of();

    private final Counts counts = new Counts();

    @Test
    void exactKeysPrefixesSuffixesAndRegexesFormOneAllowList() {
        EventFilter f = filter(allowKeys(new KeyRules(List.of("exact"), List.of("user:"), List.of(":active"), List.of("^\\d+$"))));

        assertThat(kept(f, "exact", "user:1", "x:active", "12345")).containsExactly("exact", "user:1", "x:active", "12345");
        assertThat(kept(f, "exactly", "users", "x:active!", "12a45", "")).isEmpty();
        assertThat(counts.keys).isEqualTo(5);
    }

    @Test
    void aRegexSearchesTheKeyAndIsNotAnchored() {
        EventFilter f = filter(allowKeys(new KeyRules(NONE, NONE, NONE, List.of(":\\d{3}:"))));
        assertThat(kept(f, "order:123:x", "a:12:b", "a:1234:b")).containsExactly("order:123:x");
    }

    @Test
    void blockKeysWinOverAllowKeys() {
        EventFilter f = filter(new FilterRules(new KeyRules(NONE, List.of("user:"), NONE, NONE),
                new KeyRules(List.of("user:2"), List.of("user:tmp"), List.of(":old"), List.of("cache")), Set.of(), Set.of(),
                Set.of(), Set.of(), Set.of(), Set.of()));

        assertThat(kept(f, "user:1", "user:2", "user:tmp:1", "user:1:old", "user:cache", "other"))
                .containsExactly("user:1");
    }

    @Test
    void emptyRulesAllowEverything() {
        EventFilter f = filter(FilterRules.none());
        assertThat(kept(f, "a", "b")).containsExactly("a", "b");
        assertThat(f.apply(command(0, "FLUSHALL"))).isNotNull();
    }

    @Test
    void binaryKeysMatchByTheirBytes() {
        EventFilter f = filter(allowKeys(new KeyRules(NONE, List.of("é:"), NONE, NONE)));
        byte[] latin1 = "é:1".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(f.apply(key(0, "é:1".getBytes(StandardCharsets.UTF_8)))).isNotNull();
        assertThat(f.apply(key(0, latin1))).as("not the same bytes").isNull();
    }

    @Test
    void dbRulesApplyToKeysAndCommandsAndBlockWins() {
        EventFilter f = filter(new FilterRules(KeyRules.none(), KeyRules.none(), Set.of(0, 1), Set.of(1), Set.of(), Set.of(),
                Set.of(), Set.of()));

        assertThat(f.apply(key(0, "k"))).isNotNull();
        assertThat(f.apply(key(1, "k"))).as("blocked, though allowed").isNull();
        assertThat(f.apply(key(2, "k"))).as("not allowed").isNull();
        assertThat(f.apply(command(0, "SET k 1"))).isNotNull();
        assertThat(f.apply(command(2, "SET k 1"))).isNull();
        assertThat(f.apply(command(2, "FLUSHDB"))).as("a keyless command in a filtered db").isNull();
        assertThat(counts.keys).isEqualTo(2);
        assertThat(counts.commands).isEqualTo(2);
    }

    @Test
    void commandRulesByNameCaseInsensitive() {
        EventFilter f = filter(new FilterRules(KeyRules.none(), KeyRules.none(), Set.of(), Set.of(), Set.of("set", "del", "flushall"),
                Set.of("flushall"), Set.of(), Set.of()));

        assertThat(texts(f, "set a 1", "SET a 1", "DEL a", "INCR a", "FLUSHALL")).containsExactly("set a 1", "SET a 1", "DEL a");
        assertThat(counts.commands).isEqualTo(2);
        assertThat(f.apply(key(0, "a"))).as("snapshot keys are not commands").isNotNull();
    }

    @Test
    void commandGroupsComeFromTheCommandTable() {
        EventFilter f = filter(new FilterRules(KeyRules.none(), KeyRules.none(), Set.of(), Set.of(), Set.of(), Set.of(),
                Set.of("string", "sorted-set", "generic", "scripting"), Set.of("scripting")));

        assertThat(texts(f, "SET a 1", "ZADD z 1 m", "EXPIRE a 10", "HSET h f v", "LPUSH l x", "EVAL return 0", "FUNCTION FLUSH",
                "MODULECMD a")).containsExactly("SET a 1", "ZADD z 1 m", "EXPIRE a 10");
        assertThat(counts.commands).isEqualTo(5);
    }

    @Test
    void keylessCommandsFollowTheCommandRulesOnly() {
        EventFilter f = filter(allowKeys(new KeyRules(NONE, List.of("user:"), NONE, NONE)));
        assertThat(texts(f, "FLUSHALL", "FUNCTION FLUSH", "SWAPDB 0 1")).containsExactly("FLUSHALL", "FUNCTION FLUSH", "SWAPDB 0 1");
    }

    @Test
    void aCommandOnFilteredKeysOnlyIsDropped() {
        EventFilter f = filter(allowKeys(new KeyRules(NONE, List.of("user:"), NONE, NONE)));
        assertThat(texts(f, "SET x 1", "RENAME x y", "DEL x y", "SET user:1 1")).containsExactly("SET user:1 1");
        assertThat(counts.commands).isEqualTo(3);
        assertThat(counts.partlyAllowed).isEmpty();
    }

    @Test
    void aPartlyAllowedPerKeyCommandKeepsItsAllowedKeys() {
        EventFilter f = filter(allowKeys(new KeyRules(NONE, List.of("user:"), NONE, NONE)));

        assertThat(texts(f, "DEL user:1 tmp user:2", "UNLINK tmp user:3", "MSET user:1 a tmp b user:2 c"))
                .containsExactly("DEL user:1 user:2", "UNLINK user:3", "MSET user:1 a user:2 c");
        CommandEvent mset = (CommandEvent) f.apply(command(3, "MSET tmp b user:2 c user:3 d"));
        assertThat(mset.keyIndexes()).containsExactly(1, 3);
        assertThat(mset.db()).isEqualTo(3);
        assertThat(mset.position()).isEqualTo(command(3, "SET a 1").position());
        assertThat(counts.commands).isZero();
        assertThat(counts.partlyAllowed).isEmpty();
    }

    @Test
    void aPartlyAllowedCommandThatCannotBeCutIsDroppedAndReported() {
        EventFilter f = filter(allowKeys(new KeyRules(NONE, List.of("user:"), NONE, NONE)));

        assertThat(texts(f, "RENAME user:1 tmp", "MSETNX user:1 a tmp b", "SUNIONSTORE user:dst user:a tmp")).isEmpty();
        assertThat(counts.partlyAllowed).containsExactly("RENAME", "MSETNX", "SUNIONSTORE");
        assertThat(counts.commands).isZero();
    }

    @Test
    void aBlockKeepsItsAllowedCommandsAndGoesWhenNoneIs() {
        EventFilter f = filter(allowKeys(new KeyRules(NONE, List.of("user:"), NONE, NONE)));

        TransactionEvent t = (TransactionEvent) f.apply(block(0, "SET user:1 a", "SET tmp b", "DEL user:2 tmp"));
        assertThat(t.commands().stream().map(EventFilterTest::text)).containsExactly("SET user:1 a", "DEL user:2");
        assertThat(t.position()).isEqualTo(block(0, "SET a 1").position());
        assertThat(f.apply(block(0, "SET tmp 1", "INCR tmp"))).isNull();
        assertThat(counts.commands).isEqualTo(3);
    }

    @Test
    void keyPrefixMapRenamesSnapshotKeysAndEveryKeyOfACommand() {
        EventFilter f = filter(FilterRules.none(), Map.of("old:", "new:", "old:deep:", "d:", "x", ""));

        assertThat(kept(f, "old:1", "old:deep:2", "xyz", "other")).as("the longest prefix wins")
                .containsExactly("new:1", "d:2", "yz", "other");
        assertThat(texts(f, "RENAME old:a old:deep:b", "SET old 1", "LMOVE old:l x:l LEFT RIGHT", "FUNCTION LOAD old:code"))
                .containsExactly("RENAME new:a d:b", "SET old 1", "LMOVE new:l :l LEFT RIGHT", "FUNCTION LOAD old:code");
        CommandEvent source = command(0, "SET old:a 1");
        f.apply(source);
        assertThat(text(source)).as("the source's event stays as it was").isEqualTo("SET old:a 1");
    }

    @Test
    void rulesSeeTheSourceNamesAndRenamingComesAfter() {
        EventFilter f = filter(allowKeys(new KeyRules(NONE, List.of("old:"), NONE, NONE)), Map.of("old:", "new:"));
        assertThat(kept(f, "old:1", "new:1")).containsExactly("new:1");
        assertThat(texts(f, "DEL old:1 new:1")).containsExactly("DEL new:1");
    }

    private static FilterRules allowKeys(KeyRules allow) {
        return new FilterRules(allow, KeyRules.none(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    private EventFilter filter(FilterRules rules) {
        return filter(rules, Map.of());
    }

    private EventFilter filter(FilterRules rules, Map<String, String> prefixMap) {
        return new EventFilter(new FilterConfig(Map.of(), rules, prefixMap, ""), TABLE, counts);
    }

    /** The names of the snapshot keys of db 0 that pass. */
    private static List<String> kept(EventFilter f, String... keys) {
        return Arrays.stream(keys).map(k -> f.apply(key(0, k.getBytes(StandardCharsets.UTF_8)))).filter(e -> e != null)
                .map(e -> new String(((KeyEvent) e).key(), StandardCharsets.UTF_8)).toList();
    }

    private static List<String> texts(EventFilter f, String... lines) {
        return Arrays.stream(lines).map(l -> f.apply(command(0, l))).filter(e -> e != null)
                .map(e -> text((CommandEvent) e)).toList();
    }

    private static String text(CommandEvent c) {
        return Arrays.stream(c.argv()).map(a -> new String(a, StandardCharsets.UTF_8)).collect(Collectors.joining(" "));
    }

    private static KeyEvent key(int db, String key) {
        return key(db, key.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyEvent key(int db, byte[] key) {
        return new KeyEvent(db, key, 0, new byte[] {0, 1, 'v', 11, 0, 1, 2, 3, 4, 5, 6, 7, 8}, -1, -1, -1, "dump.rdb", 7);
    }

    private static final class Counts implements FilterCounts {
        long keys;
        long commands;
        final List<String> partlyAllowed = new ArrayList<>();

        @Override
        public void keyFilteredOut() {
            keys++;
        }

        @Override
        public void commandFilteredOut() {
            commands++;
        }

        @Override
        public void partlyAllowedDropped(CommandEvent c) {
            partlyAllowed.add(c.name());
        }
    }
}
