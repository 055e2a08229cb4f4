package dev.ferry.source.sync;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.event.Printable;

/** What the replication stream carries for a writer: a command, or a transaction to apply as one. */
public sealed interface ReplicationItem {

    /** The master's {@code master_repl_offset} just after this item: resume from here once it is applied. */
    long offset();

    /**
     * One replicated command, as the master propagated it (in Redis 7, effects: scripts and functions arrive as
     * the writes they made, relative expiries as absolute ones).
     *
     * @param db     the database it applies to (the stream's SELECTs are folded in)
     * @param offset the master's replication offset just after the command
     */
    record Command(int db, byte[][] argv, long offset) implements ReplicationItem {
        @Override
        public String toString() {
            List<String> args = new ArrayList<>(argv.length);
            for (byte[] a : argv) {
                args.add(Printable.of(a));
            }
            return "db" + db + " " + String.join(" ", args) + " @" + offset;
        }
    }

    /**
     * The commands between a MULTI and its EXEC, in order (a transaction, or a script's or function's effects
     * when it wrote more than once). {@code offset} is the one after EXEC; each command keeps its own.
     */
    record Transaction(List<Command> commands, long offset) implements ReplicationItem {
        public Transaction {
            commands = List.copyOf(commands);
        }
    }
}
