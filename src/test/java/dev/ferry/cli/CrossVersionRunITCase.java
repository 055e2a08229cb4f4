package dev.ferry.cli;

import static dev.ferry.testing.Summary.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.KeyEvent;
import dev.ferry.local.RedisBinary;
import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbType;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import dev.ferry.testing.ValueSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run} of a Redis 7.0 snapshot into a Redis 6.2: what 6.2 cannot RESTORE (listpacks, quicklist 2
 * lists, v2 streams) goes by commands, the rest by RESTORE, and the summary says how many went which way.
 */
class CrossVersionRunITCase {
    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> TestData.fillMixed(j, 1)).intoTarget(RedisBinary::redis62);

    @TempDir
    Path dir;

    @Test
    void redis70SnapshotInto62ArrivesEqualWithRestoreAndCommandsCounted() throws Exception {
        List<KeyEvent> snapshot = ValueSnapshot.parse(servers.source().rdbFile());
        // Redis 6.2 loads RDB versions up to 9
        long byCommands = snapshot.stream()
                .filter(e -> DumpPayload.rdbVersion(e.payload()) > 9 || RdbType.minRdbVersion(e.rdbType()) > 9).count();
        assertThat(byCommands).isBetween(10L, snapshot.size() - 10L);

        // ignore: the snapshot's function library cannot go to a 6.2, and panic would stop on it
        Path cfg = MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir).policy("ignore").write();
        InProcessRun r = InProcessRun.of(cfg);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(count(r.out(), "keys written")).isEqualTo(snapshot.size());
        assertThat(count(r.out(), "by RESTORE")).isEqualTo(snapshot.size() - byCommands);
        assertThat(count(r.out(), "by commands")).isEqualTo(byCommands);
        assertThat(count(r.out(), "unsupported, skipped")).isEqualTo(1);
        servers.assertTargetEqualsSource();
        assertThat(Files.readAllLines(dir.resolve("data/conflicts.jsonl"))).singleElement().asString()
                .contains("\"kind\":\"function\"", "\"key\":\"ferrytest\"", "\"action\":\"unsupported_on_target\"");
    }
}
