package dev.ferry.sink;

import dev.ferry.event.CommandEvent;
import java.io.IOException;
import java.util.List;

/**
 * Where the writer's commands go: a standalone server, the master behind Sentinel, or the nodes of a
 * cluster. The channel owns connections, database selection and routing; the writer owns what the commands
 * mean and what their replies decide.
 *
 * <p>Commands are pipelined: {@link #send} only buffers, {@link #drain} reads replies. Replies reach the
 * handler in the order their commands were sent to the node that answers them, so the commands of one key
 * are answered in order. A channel that can follow a moved slot or a new master does so inside
 * {@code send}/{@code drain}: the handler sees each command's final reply exactly once.
 *
 * @param <T> what the writer attaches to a command to recognise its reply
 */
public interface TargetChannel<T> extends AutoCloseable {

    void open();

    /** Queues {@code argv} in database {@code db} for the node that owns {@code routingKey}. */
    void send(int db, byte[] routingKey, byte[][] argv, T tag) throws IOException;

    /**
     * Queues {@code commands} as one {@code MULTI ... EXEC} for the node that owns {@code routingKey}. The handler
     * gets one reply for the block: EXEC's array (one result per command, in order), or the error that refused it.
     * Redirected (a moved slot, a new master), the whole block is sent again.
     */
    void sendTransaction(byte[] routingKey, List<CommandEvent> commands, T tag) throws IOException;

    /** Sends what is queued and reads replies until at most {@code leave} commands are unanswered. */
    void drain(int leave, ReplyHandler<T> handler) throws IOException;

    /** Commands sent and not yet answered. */
    int inFlight();

    /** One command on the node that owns {@code routingKey}, answered before it returns; call it only when drained. */
    Object call(int db, byte[] routingKey, byte[]... argv) throws IOException;

    /** A Redis Cluster: it refuses (CROSSSLOT) a command whose keys are in different slots. */
    default boolean isCluster() {
        return false;
    }

    /** Whether the target has database {@code db}: a cluster has only db 0. */
    default boolean holdsDb(int db) {
        return db == 0 || !isCluster();
    }

    /** Redirects, retries and reconnects so far, for metrics. */
    ChannelStats stats();

    /**
     * Before a checkpoint completes, called when everything sent is acknowledged: returns once what the target
     * acknowledged is where a failover keeps it too, or fails so the checkpoint fails. Nothing to do for a target
     * that is not failed over by Ferry's side of the world (a standalone server).
     */
    default void awaitReplicated() throws IOException {
    }

    /** The node that owns {@code routingKey}, for messages. */
    String addressFor(byte[] routingKey);

    @Override
    void close();

    /** Receives each reply with its command's tag. */
    @FunctionalInterface
    interface ReplyHandler<T> {
        void reply(T tag, Object reply) throws IOException;
    }
}
