package dev.ferry.testing;

import dev.ferry.command.CommandTable;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.local.LocalRedisServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import redis.clients.jedis.Jedis;

/** Replicated commands as a sync source emits them (keys located by the real command table), and what a target ran. */
public final class ReplicatedCommands {
    public static final String SPLIT = "127.0.0.1:6400";
    /** The position of every command built here; blocks are at {@link #BLOCK_POSITION}. */
    public static final long POSITION = 1000;
    public static final long BLOCK_POSITION = 2000;
    private static final CommandTable TABLE = CommandTable.load();

    private ReplicatedCommands() {}

    /** {@code "SET a 1"} in {@code db}: arguments split on spaces. */
    public static CommandEvent command(int db, String line) {
        return command(db, line.split(" "));
    }

    /** A command of these arguments (for one with spaces inside an argument, a script) in {@code db}. */
    public static CommandEvent command(int db, String... args) {
        byte[][] argv = Arrays.stream(args).map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        return new CommandEvent(db, argv, TABLE.keyIndexes(argv), SPLIT, POSITION);
    }

    /** A MULTI/EXEC block of {@code lines}, all in {@code db}. */
    public static TransactionEvent block(int db, String... lines) {
        return new TransactionEvent(Arrays.stream(lines).map(l -> command(db, l)).toList(), SPLIT, BLOCK_POSITION);
    }

    /** {@code calls=} of {@code cmdstat_<command>} in INFO commandstats; 0 when the command never ran. */
    public static long calls(LocalRedisServer node, String command) {
        try (Jedis j = node.jedis()) {
            for (String line : j.info("commandstats").split("\r\n")) {
                if (line.startsWith("cmdstat_" + command + ":calls=")) {
                    return Long.parseLong(line.replaceAll("^[^=]*=(\\d+),.*$", "$1"));
                }
            }
            return 0;
        }
    }
}
