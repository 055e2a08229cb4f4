package dev.ferry.event;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A MULTI/EXEC block from the source's replication stream: its commands, in order, to apply as one transaction
 * where the target allows it.
 *
 * @param commands the commands between MULTI and EXEC (each with its own db: a SELECT inside the block changes it)
 * @param splitId  the source split this came from
 * @param position the replication offset just after EXEC
 */
public record TransactionEvent(List<CommandEvent> commands, String splitId, long position) implements RedisEvent {

    public TransactionEvent {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a transaction without commands");
        }
        commands = List.copyOf(commands);
    }

    /** The db of the first command: where the block starts. */
    @Override
    public int db() {
        return commands.get(0).db();
    }

    /** The first key of the first command that has one; a block without keys routes like a keyless command. */
    @Override
    public byte[] routingKey() {
        for (CommandEvent c : commands) {
            if (c.keyIndexes().length > 0) {
                return c.routingKey();
            }
        }
        return commands.get(0).routingKey();
    }

    /** The block for logs and error messages: {@code MULTI; SET a 1; INCR b; EXEC}. */
    public String printable() {
        return commands.stream().map(CommandEvent::printable).collect(Collectors.joining("; ", "MULTI; ", "; EXEC"));
    }
}
