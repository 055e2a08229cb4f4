package dev.ferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How many ordering+writer subtasks a configuration gets. */
class MigrationJobTest {

    @Test
    void aLiveSourceIntoAStandaloneTargetIsWrittenByOneWriter() {
        assertThat(MigrationJob.writerParallelism(cfg("[sync_reader]\naddress = \"127.0.0.1:7001\"", ""))).isEqualTo(1);
        assertThat(MigrationJob.writerParallelism(cfg("[sync_reader]\naddress = \"127.0.0.1:7001\"",
                "sentinel = true\nmaster = \"m\""))).isEqualTo(1);
    }

    @Test
    void aClusterTargetOrAnRdbFileKeepsTheConfiguredParallelism() {
        assertThat(MigrationJob.writerParallelism(cfg("[sync_reader]\naddress = \"127.0.0.1:7001\"", "cluster = true"))).isEqualTo(3);
        assertThat(MigrationJob.writerParallelism(cfg("[rdb_reader]\nfilepath = \"/tmp/dump.rdb\"", ""))).isEqualTo(3);
    }

    private static FerryConfig cfg(String reader, String writerKeys) {
        return ConfigLoader.parse(reader + "\n[redis_writer]\naddress = \"127.0.0.1:7002\"\n" + writerKeys
                + "\n[flink]\nparallelism = 3\n", "test.toml", List.of());
    }
}
