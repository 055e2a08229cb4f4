package dev.ferry.function;

import static dev.ferry.testing.ReplicatedCommands.block;
import static dev.ferry.testing.ReplicatedCommands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.command.CommandTable;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.rdb.RdbType;
import dev.ferry.sink.cluster.Slots;
import dev.ferry.testing.ReplicatedCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RedisShake's function API on Ferry's events, with the scripts of RedisShake's documentation (function.md, "Best
 * Practices") run as they are written there.
 */
class ShakeFunctionTest {
    private static final CommandTable TABLE = CommandTable.load();
    private static final long NOW = 1_700_000_000_000L;

    /** RedisShake's "Filtering Keys". */
    private static final String ONLY_USER_KEYS = """
            local prefix = "user:"
            local prefix_len = #prefix

            if string.sub(KEYS[1], 1, prefix_len) ~= prefix then
              return
            end

            shake.call(DB, ARGV)
            """;
    /** RedisShake's "Filtering DB". */
    private static final String DROP_DB_0 = """
            shake.log(DB)
            if DB == 0
            then
                return
            end
            shake.call(DB, ARGV)
            """;
    /** RedisShake's "Filtering Hash Type Data". */
    private static final String DROP_HASHES = """
            if GROUP == "HASH" then
              return
            end
            shake.call(DB, ARGV)
            """;
    /** RedisShake's "Modifying Key Prefixes". */
    private static final String RENAME_PREFIX = """
            local prefix_old = "prefix_old_"
            local prefix_new = "prefix_new_"

            shake.log("old=" .. table.concat(ARGV, " "))

            for i, index in ipairs(KEY_INDEXES) do
              local key = ARGV[index]
              if string.sub(key, 1, #prefix_old) == prefix_old then
                ARGV[index] = prefix_new .. string.sub(key, #prefix_old + 1)
              end
            end

            shake.log("new=" .. table.concat(ARGV, " "))
            shake.call(DB, ARGV)
            """;
    /** RedisShake's "Swapping DBs". */
    private static final String SWAP_DBS = """
            local db1 = 1
            local db2 = 2

            if DB == db1 then
              DB = db2
            elseif DB == db2 then
              DB = db1
            end
            shake.call(DB, ARGV)
            """;

    @Test
    void filteringKeysKeepsOnlyThePrefix() {
        ShakeFunction f = function(ONLY_USER_KEYS);
        assertThat(f.apply(command(0, "SET user:1 a"))).containsExactly(command(0, "SET user:1 a"));
        assertThat(f.apply(command(0, "SET order:1 a"))).isEmpty();
        assertThat(f.apply(key(0, "user:2", RdbType.HASH))).containsExactly(key(0, "user:2", RdbType.HASH));
        assertThat(f.apply(key(0, "tmp:2", RdbType.STRING))).isEmpty();
    }

    @Test
    void filteringDbDropsDb0() {
        ShakeFunction f = function(DROP_DB_0);
        assertThat(f.apply(command(0, "INCR c"))).isEmpty();
        assertThat(f.apply(command(3, "INCR c"))).containsExactly(command(3, "INCR c"));
    }

    /** GROUP is the command's group, and for a snapshot key the group of its type, so snapshot hashes go too. */
    @Test
    void filteringByGroupSeesCommandGroupsAndSnapshotTypes() {
        ShakeFunction f = function(DROP_HASHES);
        assertThat(f.apply(command(0, "HSET h f v"))).isEmpty();
        assertThat(f.apply(key(0, "h", RdbType.HASH_LISTPACK))).isEmpty();
        assertThat(f.apply(command(0, "ZADD z 1 m"))).hasSize(1);
        assertThat(f.apply(key(0, "z", RdbType.ZSET_LISTPACK))).hasSize(1);
    }

    @Test
    void renamingPrefixesRewritesEveryKeyOfACommandAndSnapshotKeysKeepTheirValue() {
        ShakeFunction f = function(RENAME_PREFIX);
        assertThat(f.apply(command(0, "MSET prefix_old_a 1 other 2 prefix_old_b 3")))
                .containsExactly(command(0, "MSET prefix_new_a 1 other 2 prefix_new_b 3"));
        KeyEvent k = key(4, "prefix_old_k", RdbType.LIST_QUICKLIST_2);
        assertThat(f.apply(k)).containsExactly(k.withKey(bytes("prefix_new_k")));
    }

    @Test
    void swappingDbs() {
        ShakeFunction f = function(SWAP_DBS);
        assertThat(f.apply(command(1, "SET a 1"))).containsExactly(command(2, "SET a 1"));
        assertThat(f.apply(command(2, "SET a 1"))).containsExactly(command(1, "SET a 1"));
        KeyEvent k = key(2, "k", RdbType.SET_INTSET);
        assertThat(f.apply(k)).containsExactly(new KeyEvent(1, k.key(), k.rdbType(), k.payload(), k.expireAtMs(), k.idle(),
                k.freq(), k.splitId(), k.position()));
    }

    /** The globals as RedisShake documents them: 1-based indexes into ARGV, slots of the keys, sub-command names. */
    @Test
    void globalsAreRedisShakes() {
        ShakeFunction f = function("""
                shake.call(DB, {"SET", "seen", CMD .. "|" .. GROUP .. "|" .. table.concat(KEYS, ",") .. "|"
                    .. table.concat(KEY_INDEXES, ",") .. "|" .. table.concat(SLOTS, ",") .. "|" .. #ARGV})
                """);
        assertThat(seen(f.apply(command(0, "MSET a 1 b 2"))))
                .isEqualTo("MSET|STRING|a,b|2,4|" + Slots.slot(bytes("a")) + "," + Slots.slot(bytes("b")) + "|5");
        assertThat(seen(f.apply(command(0, "XGROUP DELCONSUMER s g c")))).isEqualTo("XGROUP-DELCONSUMER|STREAM|s|3|"
                + Slots.slot(bytes("s")) + "|5");
        assertThat(seen(f.apply(command(0, "ZADD z 1 m")))).startsWith("ZADD|SORTED_SET|z|2|");
        assertThat(seen(f.apply(key(0, "k", RdbType.STRING)))).isEqualTo("RESTORE|STRING|k|2|" + Slots.slot(bytes("k")) + "|7");
    }

    @Test
    void aCommandCanBeSplitAndTheOutputsAreNewCommandsWithTheirOwnKeys() {
        ShakeFunction f = function("""
                if CMD == "MSET" then
                  for i = 2, #ARGV, 2 do
                    shake.call(DB, {"SET", ARGV[i], ARGV[i + 1]})
                  end
                  return
                end
                shake.call(DB, ARGV)
                """);
        List<RedisEvent> out = f.apply(command(0, "MSET a 1 b 2"));
        assertThat(out).containsExactly(command(0, "SET a 1"), command(0, "SET b 2"));
        assertThat(((CommandEvent) out.get(1)).keyIndexes()).containsExactly(1);
    }

    /** A snapshot key turned into commands goes as commands; numbers in argv become their text, as in RedisShake. */
    @Test
    void aSnapshotKeyTurnedIntoOtherCommandsIsCommands() {
        ShakeFunction f = function("shake.call(DB, {\"SET\", KEYS[1], 42}) shake.call(DB, {\"PEXPIRE\", KEYS[1], 1000})");
        assertThat(f.apply(key(0, "k", RdbType.STRING))).containsExactly(command(0, "SET k 42"), command(0, "PEXPIRE k 1000"));
    }

    /** RESTORE with a relative TTL, as older RedisShake scripts write it, counts from now. */
    @Test
    void aRestoreHandedBackWithARelativeTtlExpiresFromNow() {
        ShakeFunction f = function("shake.call(DB, {\"RESTORE\", KEYS[1], \"5000\", ARGV[4]})");
        KeyEvent k = key(0, "k", RdbType.STRING);
        KeyEvent out = (KeyEvent) f.apply(k).get(0);
        assertThat(out.expireAtMs()).isEqualTo(NOW + 5000);
        assertThat(out.payload()).isEqualTo(k.payload());
    }

    @Test
    void aBlockRunsEachCommandAndStaysOneBlock() {
        ShakeFunction f = function(ONLY_USER_KEYS);
        List<RedisEvent> out = f.apply(block(0, "SET user:a 1", "SET tmp:b 2", "INCR user:c"));
        assertThat(out).hasSize(1);
        assertThat(((TransactionEvent) out.get(0)).commands()).containsExactly(command(0, "SET user:a 1"),
                command(0, "INCR user:c"));
        assertThat(f.apply(block(0, "SET tmp:a 1"))).isEmpty();
    }

    @Test
    void aScriptErrorStopsWithTheCommandAndTheLine() {
        ShakeFunction f = function("local x = nil\nshake.call(DB, x.y)");
        assertThatThrownBy(() -> f.apply(command(2, "SET k v")))
                .isInstanceOf(FunctionException.class)
                .hasMessageStartingWith("[filter] function failed on SET in db 2 (key 'k'): function:2")
                .hasMessageEndingWith("; fix the script, or remove it to migrate unchanged");
        assertThatThrownBy(() -> function("shake.call(DB, {})").apply(command(0, "SET k v")))
                .hasMessageContaining("shake.call needs an argv table with the command's name first");
    }

    @Test
    void noIoAndNoJavaFromAScript() {
        assertThatThrownBy(() -> function("io.write('x')").apply(command(0, "SET k v"))).isInstanceOf(FunctionException.class);
        assertThatThrownBy(() -> function("luajava.bindClass('java.lang.System')").apply(command(0, "SET k v")))
                .isInstanceOf(FunctionException.class);
    }

    private static ShakeFunction function(String script) {
        return new ShakeFunction(script, TABLE, () -> NOW);
    }

    /** A snapshot entry whose payload starts with its type, as a DUMP payload does; no expiry, idle time 7. */
    private static KeyEvent key(int db, String key, int rdbType) {
        return new KeyEvent(db, bytes(key), rdbType, new byte[] {(byte) rdbType, 1, 2, 3}, KeyEvent.NO_EXPIRE, 7, -1,
                ReplicatedCommands.SPLIT, ReplicatedCommands.POSITION);
    }

    private static String seen(List<RedisEvent> out) {
        CommandEvent c = (CommandEvent) out.get(0);
        return new String(c.argv()[2], StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
