package dev.ferry.config;

import static dev.ferry.config.ConfigErrorsTest.error;
import static dev.ferry.config.ConfigLoaderTest.MINIMAL;
import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code [filter]}: db_map, and RedisShake's rules accepted only while empty. */
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

    @ParameterizedTest
    @ValueSource(strings = {"allow_keys", "allow_key_prefix", "allow_key_suffix", "allow_key_regex", "block_keys",
            "block_key_prefix", "block_key_suffix", "block_key_regex", "allow_db", "block_db", "allow_command",
            "block_command", "allow_command_group", "block_command_group"})
    void aRedisShakeRuleIsOneErrorNamingIt(String key) {
        error(MINIMAL + "[filter]\ndb_map = { \"1\" = 0 }\n" + key + " = [\"1\"]\n")
                .hasMessage("[filter] " + key + " is not supported by this version of Ferry yet; remove it or leave it empty ("
                        + key + " = []) (at shake.toml:8)");
    }

    @Test
    void recordRefusesNumbersOutsideTheRange() {
        assertThatThrownBy(() -> new FilterConfig(Map.of(-1, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FilterConfig(Map.of(0, Integer.MAX_VALUE))).isInstanceOf(IllegalArgumentException.class);
    }
}
