/**
 * Ferry as a replica of a Redis master (PSYNC), below the Flink source: protocol, spooling and parsing.
 *
 * <p>One {@link dev.ferry.source.sync.ReplicaSession} is one connection. After the
 * {@link dev.ferry.source.sync.ReplicaHandshake} it has two threads: the receiver reads the socket and appends
 * everything to a {@link dev.ferry.source.sync.Spool} as fast as it arrives (the snapshot without its transfer
 * framing, then the command stream), and the {@code AckSender} owns the socket's write side and nothing else
 * writes to it after the handshake. The consumer (the source reader) runs on its own thread and never touches the
 * socket: it parses the snapshot from the spool with the RDB parser and the commands with a
 * {@link dev.ferry.source.sync.ReplicationStream}; a {@code REPLCONF GETACK} it meets only wakes the ACK sender,
 * and the offset in every ACK comes from a callback that reports what the target has acknowledged.
 *
 * <p>Offsets are the master's {@code master_repl_offset} values: a {@link dev.ferry.source.sync.StreamAnchor}
 * maps spool positions to them, so resuming means {@code PSYNC <replid> <offset + 1>} and reading the spool (or a
 * new one) from the matching position, with the db selected there.
 */
package dev.ferry.source.sync;
