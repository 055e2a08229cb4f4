package dev.ferry.source.split;

import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * One source shard to scan (a standalone server, or one master of a cluster), and how far its scan has come.
 * Immutable: progress lives in {@link ScanSplitState} and becomes a new split when the reader checkpoints.
 *
 * @param position null before the shard was opened (its function libraries are then read first), else where the
 *                 scan continues
 */
@Internal
public record ScanSplit(String splitId, String host, int port, @Nullable ScanPosition position)
        implements PositionedSplit<ScanSplit, ScanPosition> {

    public ScanSplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(host, "host");
    }

    /** A shard not read yet; its id is its address. */
    public static ScanSplit of(String host, int port) {
        return new ScanSplit(address(host, port), host, port, null);
    }

    @Override
    public ScanSplit withPosition(@Nullable ScanPosition newPosition) {
        return new ScanSplit(splitId, host, port, newPosition);
    }

    /** {@code host:port}, an IPv6 host in brackets. */
    public String address() {
        return address(host, port);
    }

    private static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "ScanSplit[" + splitId + (position == null ? "" : ", " + position) + "]";
    }
}
