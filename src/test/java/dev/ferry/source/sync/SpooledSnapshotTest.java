package dev.ferry.source.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpooledSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void aNoteReadsBackAsWrittenAndNamesOnlyItsOwnSnapshot() throws Exception {
        SpooledSnapshot note = new SpooledSnapshot("8019da4d5d81f6eb9586174b0f0274f89ae85d93", 3212937, 4096, 184224);
        note.write(dir);
        assertThat(SpooledSnapshot.read(dir)).contains(note);
        assertThat(note.is("8019da4d5d81f6eb9586174b0f0274f89ae85d93", 3212937, 4096)).isTrue();
        assertThat(note.is("8019da4d5d81f6eb9586174b0f0274f89ae85d93", 3212937, 0)).as("another full sync").isFalse();
        assertThat(note.is("8019da4d5d81f6eb9586174b0f0274f89ae85d93", 14, 4096)).isFalse();
        assertThat(note.is("a3d41cd94e03cb963a291f65168a3b988b308956", 3212937, 4096)).isFalse();

        SpooledSnapshot next = new SpooledSnapshot("a3d41cd94e03cb963a291f65168a3b988b308956", 14, 184224, 200000);
        next.write(dir);
        assertThat(SpooledSnapshot.read(dir)).as("replaced").contains(next);
    }

    @Test
    void noNoteOrOneOfAnotherFormatIsNone() throws Exception {
        assertThat(SpooledSnapshot.read(dir)).isEmpty();
        Files.writeString(dir.resolve(SpooledSnapshot.FILE), "something else\n");
        assertThat(SpooledSnapshot.read(dir)).isEmpty();
        Files.writeString(dir.resolve(SpooledSnapshot.FILE), "ferry spooled snapshot 1\nid\nnot a number\n0\n1\n");
        assertThat(SpooledSnapshot.read(dir)).isEmpty();
    }
}
