package dev.ferry.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlierConflictsTest {
    private static final Instant WRITTEN = Instant.parse("2026-12-05T14:03:09Z");

    @TempDir
    Path dir;

    @Test
    void nothingToKeepWhenThereIsNoFileOrAnEmptyOne() throws Exception {
        Path file = dir.resolve("conflicts.jsonl");
        assertThat(EarlierConflicts.keepAside(file)).isEmpty();
        Files.createFile(file);
        assertThat(EarlierConflicts.keepAside(file)).isEmpty();
        assertThat(file).exists();
    }

    @Test
    void anEarlierRunsLinesMoveBesideItNamedForWhenTheyWereWritten() throws Exception {
        Path file = dir.resolve("conflicts.jsonl");
        Files.writeString(file, "{\"first\":1}\n");
        Files.setLastModifiedTime(file, FileTime.from(WRITTEN));

        assertThat(EarlierConflicts.keepAside(file)).contains(dir.resolve("conflicts.20261205-140309.jsonl"));
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("conflicts.20261205-140309.jsonl")).hasContent("{\"first\":1}");

        Files.writeString(file, "{\"second\":2}\n");
        Files.setLastModifiedTime(file, FileTime.from(WRITTEN));
        assertThat(EarlierConflicts.keepAside(file)).as("the same second: never over another")
                .contains(dir.resolve("conflicts.20261205-140309-2.jsonl"));
        assertThat(dir.resolve("conflicts.20261205-140309.jsonl")).hasContent("{\"first\":1}");
    }
}
