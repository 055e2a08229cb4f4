package dev.ferry.sink;

import dev.ferry.event.KeyEvent;
import java.io.Serializable;

/** What a writer did, for metrics, the end-of-run summary and tests. Mutated by one writer thread only. */
public final class WriteStats implements Serializable {
    long received;
    long written;
    long writtenByCommands;
    long bytes;
    long expiredSkipped;
    long identical;
    long rewritten;
    long skipped;
    long unsupported;
    long crossSlot;
    long commandsReceived;
    long commandsWritten;
    long alreadyApplied;

    /** Every snapshot key the writer was given. */
    public long received() {
        return received;
    }

    /** Keys written, by RESTORE and by element commands. */
    public long written() {
        return written;
    }

    public long writtenByRestore() {
        return written - writtenByCommands;
    }

    /** Keys written with element commands into a temporary key, renamed into place. */
    public long writtenByCommands() {
        return writtenByCommands;
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

    /** Keys and function libraries the target cannot hold (recorded as {@code unsupported_on_target}), not written. */
    public long unsupported() {
        return unsupported;
    }

    /** Replicated commands a cluster target cannot run, their keys being in different slots (recorded as {@code unsupported_cross_slot}), not written. */
    public long crossSlot() {
        return crossSlot;
    }

    /** Commands (replicated writes, function libraries) the writer was given. */
    public long commandsReceived() {
        return commandsReceived;
    }

    public long commandsWritten() {
        return commandsWritten;
    }

    /**
     * Commands found on the target already and not applied again: exactly-once, those of a batch whose commit is
     * retried after a restart; at-least-once, replayed XADDs whose entry the stream holds.
     */
    public long alreadyApplied() {
        return alreadyApplied;
    }

    /** {@code n} commands of an exactly-once commit are on the target. */
    public void commandsApplied(int n) {
        commandsWritten += n;
    }

    /** {@code n} commands of a retried exactly-once commit were on the target already. */
    public void alreadyApplied(long n) {
        alreadyApplied += n;
    }

    void keyWritten(KeyEvent e, boolean byCommands) {
        written++;
        bytes += e.payload().length;
        if (byCommands) {
            writtenByCommands++;
        }
    }
}
