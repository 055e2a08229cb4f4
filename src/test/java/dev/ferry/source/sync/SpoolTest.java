package dev.ferry.source.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void aConcurrentReaderGetsEveryByteInOrderAcrossSegments() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(1).nextBytes(data);
        try (Spool spool = Spool.open(dir, 100_000)) {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readExactly(spool, 0, data.length));
            Random sizes = new Random(2);
            for (int off = 0; off < data.length; ) {
                int n = Math.min(data.length - off, 1 + sizes.nextInt(250_000)); // some appends span 3 segments
                spool.append(data, off, n);
                off += n;
            }
            assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(data);
            assertThat(spool.end()).isEqualTo(data.length);
            assertThat(spool.bytesOnDisk()).isEqualTo(data.length);
            assertThat(segments()).hasSize(30);
            // a reader may start anywhere, including exactly on a segment boundary
            for (int from : List.of(0, 99_999, 100_000, 1_234_567, data.length - 1)) {
                assertThat(readExactly(spool, from, data.length - from))
                        .isEqualTo(Arrays.copyOfRange(data, from, data.length));
            }
        }
    }

    @Test
    void aWaitingReaderWakesOnAppendAndGetsTheReasonOnceDrained() throws Exception {
        try (Spool spool = Spool.open(dir, 1000)) {
            SpoolReader r = spool.reader(0);
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return r.read();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            assertThat(first).isNotDone();
            spool.append(new byte[] {7, 8, 9}, 0, 3);
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(7);
            spool.endInput(new IOException("connection to source at 10.0.0.1:6379 lost"));
            byte[] rest = new byte[10];
            assertThat(r.read(rest, 0, 10)).isEqualTo(2);
            assertThat(rest[1]).isEqualTo((byte) 9);
            assertThatThrownBy(() -> r.read(rest, 0, 10)).hasMessage("connection to source at 10.0.0.1:6379 lost");
            // a reconnect continues the same log
            spool.resumeInput();
            spool.append(new byte[] {10}, 0, 1);
            assertThat(r.read()).isEqualTo(10);
        }
    }

    @Test
    void releaseDeletesWholeSegmentsBelowThePositionButNotTheOneBeingWritten() throws Exception {
        try (Spool spool = Spool.open(dir, 1000)) {
            spool.append(new byte[3500], 0, 3500);
            assertThat(segments()).hasSize(4);
            spool.release(1999);
            assertThat(spool.start()).isEqualTo(1000);
            assertThat(spool.bytesOnDisk()).isEqualTo(2500);
            assertThat(segments()).hasSize(3);
            assertThatThrownBy(() -> spool.reader(999)).hasMessageContaining("is not in the spool");
            spool.release(3500);
            assertThat(spool.start()).isEqualTo(3000);
            assertThat(segments()).hasSize(1);
            assertThat(spool.reader(3200).available()).isEqualTo(300);
        }
    }

    @Test
    void aReaderWhosePositionWasReleasedSaysSo() throws Exception {
        try (Spool spool = Spool.open(dir, 100)) {
            spool.append(new byte[250], 0, 250);
            SpoolReader r = spool.reader(10);
            spool.release(200);
            assertThatThrownBy(() -> r.read(new byte[5], 0, 5)).hasMessageContaining("spool position 10")
                    .hasMessageContaining("already released");
        }
    }

    @Test
    void aFullDiskIsOneClearErrorAndLeavesTheSpoolIntact() throws Exception {
        Path devFull = Path.of("/dev/full");
        assumeThat(Files.exists(devFull)).as("needs Linux's /dev/full, a device whose writes fail with ENOSPC").isTrue();
        byte[] data = new byte[1500];
        new Random(3).nextBytes(data);
        try (Spool spool = Spool.open(dir, 1000)) {
            spool.append(data, 0, 600);
            SpoolReader r = spool.reader(0);
            // the second segment's file is /dev/full: the kernel's own "No space left on device"
            Files.createSymbolicLink(dir.resolve(String.format("%020d.spool", 1000)), devFull);
            assertThatThrownBy(() -> spool.append(data, 600, 900))
                    .isInstanceOf(SpoolWriteException.class)
                    .hasMessageContaining("cannot write the replication spool in " + dir)
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("[advanced] dir");
            assertThat(spool.end()).isEqualTo(600);
            assertThat(Files.size(dir.resolve(String.format("%020d.spool", 0)))).isEqualTo(600);
            // readers get everything before the failed append, then the same error
            assertThat(readExactly(spool, 0, 600)).isEqualTo(Arrays.copyOf(data, 600));
            r.skipNBytes(600);
            assertThatThrownBy(() -> r.read()).hasMessageContaining("No space left on device");
            assertThatThrownBy(() -> spool.append(data, 0, 1)).isInstanceOf(SpoolWriteException.class);
        }
    }

    @Test
    void reopeningContinuesAfterTheSegmentsOnDisk() throws Exception {
        byte[] data = new byte[2500];
        new Random(4).nextBytes(data);
        try (Spool spool = Spool.open(dir, 1000)) {
            spool.append(data, 0, 1700);
        }
        try (Spool spool = Spool.open(dir, 1000)) {
            assertThat(spool.end()).isEqualTo(1700);
            spool.append(data, 1700, 800);
            assertThat(readExactly(spool, 0, 2500)).isEqualTo(data);
            spool.release(1000);
        }
        try (Spool spool = Spool.open(dir, 1000)) {
            assertThat(spool.start()).isEqualTo(1000);
            assertThat(readExactly(spool, 1000, 1500)).isEqualTo(Arrays.copyOfRange(data, 1000, 2500));
        }
    }

    @Test
    void aMissingSegmentInTheMiddleIsRefusedOnOpen() throws Exception {
        try (Spool spool = Spool.open(dir, 1000)) {
            spool.append(new byte[3500], 0, 3500);
        }
        Files.delete(dir.resolve(String.format("%020d.spool", 1000)));
        assertThatThrownBy(() -> Spool.open(dir, 1000))
                .hasMessage("the spool in " + dir + " has a gap: bytes 1000 to 2000 are missing; delete the "
                        + "directory to start over");
    }

    private static byte[] readExactly(Spool spool, long from, int n) {
        try (SpoolReader r = spool.reader(from)) {
            byte[] out = new byte[n];
            for (int got = 0; got < n; ) {
                got += r.read(out, got, n - got);
            }
            assertThat(r.position()).isEqualTo(from + n);
            return out;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
