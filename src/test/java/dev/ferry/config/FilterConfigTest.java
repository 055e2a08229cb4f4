package dev.ferry.config;

import static dev.ferry.config.ConfigErrorsTest.error;
import static dev.ferry.config.ConfigLoaderTest.MINIMAL;
import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code [filter]}: RedisShake's allow/block rules and function, db_map, key_prefix_map. */
class FilterConfigTest {

    @Test
    void dbMapMapsListedDbsAndKeepsTheOthers() {
        FerryConfig c = parse(MINIMAL + "[filter]\ndb_map = { \"1\" = 0, \"5\" = 0, 7 = 3 }\n");

        assertThat(c.filter().dbMap()).containsExactly(Map.entry(1, 0), Map.entry(5, 0), Map.entry(7, 3));
        assertThat(c.filter().targetDb(1)).isZero();
        assertThat(c.filter().targetDb(7)).isEqualTo(3);
        assertThat(c.filter().targetDb(2)).as("unmapped").isEqualTo(2);
        assertThat(c.notes()).noneMatch(n -> n.contains("[filter]"));
    }

    @Test
    void noFilterAndAnEmptyDbMapMapNothing() {
        assertThat(parse(MINIMAL).filter().mapsDbs()).isFalse();
        assertThat(parse(MINIMAL + "[filter]\ndb_map = {}\n").filter().mapsDbs()).isFalse();
        assertThat(parse(MINIMAL + "[filter.db_map]\n\"3\" = 0\n").filter().dbMap()).containsExactly(Map.entry(3, 0));
        assertThat(parse(MINIMAL, "filter.db_map={ \"2\" = 1 }").filter().targetDb(2)).isEqualTo(1);
    }

    @Test
    void dbMapTravelsWithTheConfig() throws Exception {
        FerryConfig c = parse(MINIMAL + "[filter]\ndb_map = { \"1\" = 0 }\n");
        assertThat(RecordsTest.roundTrip(c).filter()).isEqualTo(c.filter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"-1\" = 0", "\"x\" = 0", "\"01\" = 0", "\"2147483647\" = 0", "\" 1\" = 0"})
    void dbMapKeysMustBeDbNumbers(String entry) {
        error(MINIMAL + "[filter]\ndb_map = { " + entry + " }\n")
                .hasMessageContaining("[filter] db_map key ")
                .hasMessageContaining("is not a db number from 0 to 2147483646 (Redis's databases setting goes up to 2^31-1) "
                        + "at shake.toml:7; write it like db_map = { \"1\" = 0, \"5\" = 0 }");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "\"0\"", "1.5", "2147483647", "[0]"})
    void dbMapValuesMustBeDbNumbers(String value) {
        error(MINIMAL + "[filter]\ndb_map = { \"1\" = " + value + " }\n")
                .hasMessageStartingWith("[filter] db_map maps db 1 to ")
                .hasMessageContaining("which is not a db number from 0 to 2147483646")
                .hasMessageContaining("at shake.toml:7");
    }

    @Test
    void dbMapMustBeATable() {
        error(MINIMAL + "[filter]\ndb_map = [1, 0]\n")
                .hasMessage("[filter] db_map must be a table, got an array at shake.toml:7");
    }

    @Test
    void aClusterTargetTakesOnlyMappingsToDb0() {
        assertThat(parse(MINIMAL + "cluster = true\n[filter]\ndb_map = { \"1\" = 0 }\n").filter().targetDb(1)).isZero();
        error(MINIMAL + "cluster = true\n[filter]\ndb_map = { \"1\" = 0, \"5\" = 2 }\n")
                .hasMessage("[filter] db_map maps db 5 to db 2, and [redis_writer] cluster = true: a cluster has only db 0 "
                        + "at shake.toml:8; map every db to 0, or migrate to a standalone target");
    }

    @Test
    void emptyRedisShakeRulesAreAcceptedAndNoted() {
        FerryConfig c = parse(MINIMAL + """
                [filter]
                allow_keys = []
                allow_key_prefix = []
                block_keys = []
                block_db = []
                function = ""
                """);
        assertThat(c.filter().mapsDbs()).isFalse();
        assertThat(c.notes()).contains("[filter] is ignored: all its rules are empty, so every key is migrated");
    }

    @Test
    void everyRedisShakeRuleIsRead() {
        FilterConfig f = parse(MINIMAL + """
                [filter]
                allow_keys = ["user:1"]
                allow_key_prefix = ["user:", "product:"]
                allow_key_suffix = [":active"]
                allow_key_regex = [':\\d{3}$']
                block_keys = ["user:2"]
                block_key_prefix = ["tmp:"]
                block_key_suffix = [":old"]
                block_key_regex = ["^cache"]
                allow_db = [0, 1]
                block_db = [3]
                allow_command = ["SET", "del"]
                block_command = ["FLUSHALL"]
                allow_command_group = ["STRING", "SORTED_SET"]
                block_command_group = ["scripting"]
                """).filter();
        FilterRules r = f.rules();

        assertThat(r.allowKeys()).isEqualTo(new KeyRules(List.of("user:1"), List.of("user:", "product:"), List.of(":active"),
                List.of(":\\d{3}$")));
        assertThat(r.blockKeys()).isEqualTo(new KeyRules(List.of("user:2"), List.of("tmp:"), List.of(":old"), List.of("^cache")));
        assertThat(r.allowDb()).containsExactlyInAnyOrder(0, 1);
        assertThat(r.blockDb()).containsExactly(3);
        assertThat(r.allowCommand()).as("lower-case, as the command table").containsExactlyInAnyOrder("set", "del");
        assertThat(r.blockCommand()).containsExactly("flushall");
        assertThat(r.allowCommandGroup()).as("RedisShake's SORTED_SET is the table's sorted-set")
                .containsExactlyInAnyOrder("string", "sorted-set");
        assertThat(r.blockCommandGroup()).containsExactly("scripting");
        assertThat(f.filtersOrRenames()).isTrue();
    }

    @Test
    void dbRulesBlockWinsAndEmptyAllowsAll() {
        FilterRules r = parse(MINIMAL + "[filter]\nallow_db = [0, 3]\nblock_db = [3]\n").filter().rules();
        assertThat(r.allowsDb(0)).isTrue();
        assertThat(r.allowsDb(3)).as("block wins over allow").isFalse();
        assertThat(r.allowsDb(1)).as("not in allow_db").isFalse();
        assertThat(FilterRules.none().allowsDb(7)).isTrue();
    }

    @Test
    void keyPrefixMapIsRead() throws Exception {
        FilterConfig f = parse(MINIMAL + "[filter]\nkey_prefix_map = { \"old:\" = \"new:\", \"a\" = \"\" }\n").filter();
        assertThat(f.keyPrefixMap()).containsOnly(Map.entry("old:", "new:"), Map.entry("a", ""));
        assertThat(f.filtersOrRenames()).isTrue();
        assertThat(RecordsTest.roundTrip(parse(MINIMAL + "[filter]\nkey_prefix_map = { \"o\" = \"n\" }\nblock_db = [1]\n")).filter())
                .isEqualTo(parse(MINIMAL + "[filter]\nkey_prefix_map = { \"o\" = \"n\" }\nblock_db = [1]\n").filter());
    }

    @Test
    void aBadRegexIsOneErrorWithFileAndLine() {
        error(MINIMAL + "[filter]\nallow_key_prefix = [\"a\"]\nblock_key_regex = [\"user:(\"]\n")
                .hasMessageStartingWith("[filter] block_key_regex has a bad regular expression \"user:(\": Unclosed group")
                .hasMessageContaining("at shake.toml:8; a backslash in a TOML \"string\" is written \\\\");
        error(MINIMAL + "[filter]\nallow_key_regex = [\"[a-\"]\n")
                .hasMessageStartingWith("[filter] allow_key_regex has a bad regular expression \"[a-\"")
                .hasMessageContaining("at shake.toml:7");
    }

    @Test
    void anUnknownCommandGroupIsOneErrorWithAGuess() {
        error(MINIMAL + "[filter]\nblock_command_group = [\"SCRIPTIN\"]\n")
                .hasMessageStartingWith("[filter] block_command_group names \"SCRIPTIN\", which is not a command group at shake.toml:7; "
                        + "did you mean \"SCRIPTING\"? the groups are BITMAP, ");
        assertThat(parse(MINIMAL + "[filter]\nblock_command_group = [\"TAIRHASH\"]\n").filter().rules().blockCommandGroup())
                .as("RedisShake's Tair groups are accepted").containsExactly("tairhash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"allow_keys = [1]", "block_key_prefix = \"tmp:\"", "allow_db = [\"0\"]", "block_db = [-1]",
            "allow_command = [\"SET key\"]", "key_prefix_map = { \"a\" = 1 }", "key_prefix_map = [\"a\"]"})
    void wrongValuesAreOneErrorNamingTheKey(String line) {
        String key = line.substring(0, line.indexOf(' '));
        error(MINIMAL + "[filter]\n" + line + "\n").hasMessageStartingWith("[filter] " + key + " ")
                .hasMessageContaining("at shake.toml:7");
    }

    @Test
    void aFunctionIsTakenFromFilterOrFromTheTopLevel() throws Exception {
        FerryConfig inFilter = parse(MINIMAL + "[filter]\nfunction = \"\"\"\nshake.call(DB, ARGV)\n\"\"\"\n");
        assertThat(inFilter.filter().function()).isEqualTo("shake.call(DB, ARGV)");
        assertThat(inFilter.filter().filtersOrRenames()).isTrue();
        assertThat(RecordsTest.roundTrip(inFilter).filter()).isEqualTo(inFilter.filter());

        FerryConfig topLevel = parse("function = \"if DB == 0 then return end shake.call(DB, ARGV)\"\n" + MINIMAL);
        assertThat(topLevel.filter().function()).isEqualTo("if DB == 0 then return end shake.call(DB, ARGV)");
        assertThat(parse(MINIMAL + "[filter]\nfunction = \"  \"\n").filter().hasFunction()).isFalse();
    }

    @Test
    void aFunctionThatDoesNotCompileIsAnErrorWithItsLine() {
        error(MINIMAL + "[filter]\nfunction = \"\"\"\nshake.log(DB)\nif DB = 0 then return end\n\"\"\"\n")
                .hasMessageStartingWith("[filter] function does not compile: function:2: ")
                .hasMessageContaining("at shake.toml:7; the number after 'function:' is the line in the script");
        error("function = \"shake.call(DB, ARGV\"\n" + MINIMAL)
                .hasMessageStartingWith("function does not compile: function:1: ");
        error("function = \"shake.call(DB, ARGV)\"\n" + MINIMAL + "[filter]\nfunction = \"return\"\n")
                .hasMessageStartingWith("[filter] function is set, and so is the top-level function")
                .hasMessageEndingWith("keep one of the two scripts");
    }

    @Test
    void recordRefusesNumbersOutsideTheRange() {
        assertThatThrownBy(() -> new FilterConfig(Map.of(-1, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FilterConfig(Map.of(0, Integer.MAX_VALUE))).isInstanceOf(IllegalArgumentException.class);
    }
}
