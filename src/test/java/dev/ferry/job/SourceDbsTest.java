package dev.ferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.testing.RedisServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The source's dbs as the start check finds them, from a real server's snapshot and from the server itself. */
class SourceDbsTest {
    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.redis70();

    @Test
    void rdbFilesAreReadForTheirDbs() throws Exception {
        try (Jedis j = redis.server().jedis()) {
            for (int db : new int[] {0, 2, 9}) {
                j.select(db);
                j.set("k" + db, "v");
                j.rpush("list" + db, "a", "b");
            }
            j.save();
        }
        assertThat(SourceDbs.of(config("[rdb_reader]\nfilepath = \"" + redis.server().rdbFile() + "\"\n"))).hasValueSatisfying(
                dbs -> assertThat(dbs).containsExactly(0, 2, 9));
    }

    @Test
    void aLiveSourceIsAskedForItsKeyspace() throws Exception {
        try (Jedis j = redis.server().jedis()) {
            j.select(4);
            j.set("k", "v");
            j.select(1);
            j.set("k", "v");
        }
        assertThat(SourceDbs.of(config(syncReader("")))).hasValueSatisfying(dbs -> assertThat(dbs).containsExactly(1, 4));
        String scan = "[scan_reader]\naddress = \"" + redis.server().address() + "\"\n";
        assertThat(SourceDbs.of(config(scan))).hasValueSatisfying(dbs -> assertThat(dbs).containsExactly(1, 4));
        assertThat(SourceDbs.of(config(scan + "dbs = [0, 4]\n"))).as("only the dbs it scans")
                .hasValueSatisfying(dbs -> assertThat(dbs).containsExactly(4));
    }

    @Test
    void aSourceThatRefusesInfoIsNotChecked() throws Exception {
        try (Jedis j = redis.server().jedis()) {
            j.aclSetUser("replicator", "on", ">secret", "+psync", "+replconf", "+ping");
        }
        try {
            assertThat(SourceDbs.of(config(syncReader("username = \"replicator\"\npassword = \"secret\"\n")))).isEmpty();
        } finally {
            try (Jedis j = redis.server().jedis()) {
                j.aclDelUser("replicator");
            }
        }
    }

    @Test
    void keyspaceLines() {
        assertThat(SourceDbs.keyspace("# Keyspace\r\ndb0:keys=3,expires=0,avg_ttl=0\r\ndb12:keys=1,expires=1,avg_ttl=5\r\n"))
                .containsExactly(0, 12);
        assertThat(SourceDbs.keyspace("# Keyspace\r\n")).isEmpty();
    }

    private static String syncReader(String login) {
        return "[sync_reader]\naddress = \"" + redis.server().address() + "\"\n" + login;
    }

    private static FerryConfig config(String reader) {
        return ConfigLoader.parse(reader + "[redis_writer]\naddress = \"127.0.0.1:1\"\ncluster = true\n", "test.toml", List.of());
    }
}
