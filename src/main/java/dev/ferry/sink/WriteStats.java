package dev.ferry.sink;

import dev.ferry.event.KeyEvent;
import java.io.Serializable;

/**
 * What a writer did, for metrics, the end-of-run summary and tests. Mutated by the one writer thread only; the fields
 * are volatile because metric reporters read them from their own threads (a plain long may be read half-written, or
 * never seen to change).
 */
public final class WriteStats implements Serializable {
    volatile long received;
    volatile long written;
    volatile long writtenByCommands;
    volatile long bytes;
    volatile long expiredSkipped;
    volatile long identical;
    volatile long rewritten;
    volatile long skipped;
    volatile long unsupported;
    volatile long crossSlot;
    volatile long commandsReceived;
    volatile long commandsWritten;
    volatile long keysSent;
    volatile long commandsSent;
    volatile long alreadyApplied;

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

    /** Commands the target acknowledged (a MULTI/EXEC block counts its commands). */
    public long commandsWritten() {
        return commandsWritten;
    }

    /** Keys put on the wire to the target (RESTORE, or the first of their element commands); written once acknowledged. */
    public long keysSent() {
        return keysSent;
    }

    /** Commands put on the wire to the target; written once acknowledged. */
    public long commandsSent() {
        return commandsSent;
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
