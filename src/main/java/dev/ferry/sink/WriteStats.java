package dev.ferry.sink;

import java.io.Serializable;

/** What a writer did, for metrics, the end-of-run summary and tests. Mutated by one writer thread only. */
public final class WriteStats implements Serializable {
    long received;
    long written;
    long bytes;
    long expiredSkipped;
    long identical;
    long rewritten;
    long skipped;
    long commandsReceived;
    long commandsWritten;

    /** Every snapshot key the writer was given. */
    public long received() {
        return received;
    }

    public long written() {
        return written;
    }

    public long bytes() {
        return bytes;
    }

    /** Keys whose absolute expiry had passed before they could be written. */
    public long expiredSkipped() {
        return expiredSkipped;
    }

    /** Keys that existed on the target with exactly the source's value: not conflicts (a re-run or a resume). */
    public long identical() {
        return identical;
    }

    public long rewritten() {
        return rewritten;
    }

    public long skipped() {
        return skipped;
    }

    /** Commands (replicated writes, function libraries) the writer was given. */
    public long commandsReceived() {
        return commandsReceived;
    }

    public long commandsWritten() {
        return commandsWritten;
    }
}
