package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.RedisServerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code ferry run} with a {@code [sync_reader]} that Ferry cannot replicate from: one clear line on stderr and exit
 * code 2, found before the job starts (no Flink job, no restarts), for an unreachable source, a wrong or missing
 * password, an ACL user without the replication commands, and PSYNC renamed away. And a spool that cannot be written
 * (a full disk) in the running job: one line naming the spool's directory and {@code [advanced] dir}, at once.
 */
class LiveSourceBadInputITCase {
    private static final String JOB_STARTED = "Flink web UI";

    @RegisterExtension
    static final RedisServerExtension TARGET = RedisServerExtension.redis70();

    @TempDir
    Path dir;

    @Test
    void anUnreachableSource() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        InProcessRun r = run("127.0.0.1:" + port, "");
        assertRefusedBeforeTheJob(r, "cannot connect to [sync_reader] at 127.0.0.1:" + port,
                "check the address and that the server is running");
    }

    @Test
    void aWrongOrMissingPasswordNeverPrinted() {
        try (LocalRedisServer source = start("--requirepass", "right-secret-7")) {
            InProcessRun wrong = run(source.address(), "password = \"wrong-secret-9\"\n");
            assertRefusedBeforeTheJob(wrong, "authentication to [sync_reader] at " + source.address() + " failed",
                    "check [sync_reader] password");
            assertThat(wrong.out() + wrong.err()).doesNotContain("wrong-secret-9").doesNotContain("right-secret-7");

            InProcessRun missing = run(source.address(), "");
            assertRefusedBeforeTheJob(missing, "source [sync_reader] at " + source.address() + " requires a password",
                    "set [sync_reader] password");
        }
    }

    @Test
    void anAclUserWithoutTheReplicationCommands() {
        try (LocalRedisServer source = start()) {
            try (Jedis j = source.jedis()) {
                j.aclSetUser("reader", "on", ">reader-pw", "~*", "+@all", "-psync");
            }
            InProcessRun r = run(source.address(), "username = \"reader\"\npassword = \"reader-pw\"\n");
            assertRefusedBeforeTheJob(r, "user 'reader' may not replicate from source [sync_reader] at " + source.address(),
                    "ACL DRYRUN denies PSYNC", "ACL SETUSER reader +psync +replconf +ping");
        }
    }

    @Test
    void aSourceWithPsyncRenamedAway() {
        try (LocalRedisServer source = start("--rename-command", "PSYNC", "")) {
            InProcessRun r = run(source.address(), "");
            assertRefusedBeforeTheJob(r, "source [sync_reader] at " + source.address() + " does not know PSYNC",
                    "rename-command", "[scan_reader]");
        }
    }

    @Test
    void aFullDiskUnderTheSpoolStopsTheJobAtOnceNamingAdvancedDir() throws IOException {
        Path devFull = Path.of("/dev/full");
        assumeThat(Files.exists(devFull)).as("needs Linux's /dev/full, a device whose writes fail with ENOSPC").isTrue();
        try (LocalRedisServer source = start()) {
            try (Jedis j = source.jedis()) {
                j.set("k", "v");
            }
            // the spool's first segment is /dev/full: the kernel's own "No space left on device"
            Path spool = Files.createDirectories(dir.resolve("data/spool/127.0.0.1_" + source.port()));
            Files.createSymbolicLink(spool.resolve(String.format("%020d.spool", 0)), devFull);

            InProcessRun r = run(source.address(), "");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(FerryMain.EXIT_BAD_INPUT);
            assertThat(r.err().strip()).doesNotContain("\n")
                    .startsWith("ferry run: cannot write the replication spool in " + spool)
                    .contains("No space left on device", "free disk space there or point [advanced] dir at a bigger disk");
        }
    }

    private InProcessRun run(String source, String login) {
        return InProcessRun.of(LiveConfig.write("[sync_reader]\naddress = \"" + source + "\"\n" + login,
                TARGET.server().address(), dir, 1));
    }

    private static void assertRefusedBeforeTheJob(InProcessRun r, String... parts) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(FerryMain.EXIT_BAD_INPUT);
        assertThat(r.err().strip()).startsWith("ferry run: ").doesNotContain("\n").contains(parts);
        assertThat(r.out()).doesNotContain(JOB_STARTED);
    }

    private static LocalRedisServer start(String... args) {
        return LocalRedisServer.start(RedisBinary.redis70(), null, List.of(args));
    }
}
