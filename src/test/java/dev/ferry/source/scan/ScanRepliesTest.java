package dev.ferry.source.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the scan source reads from the source's replies: notification channels, INFO keyspace, notify-keyspace-events. */
class ScanRepliesTest {

    @Test
    void aKeyspaceChannelNamesTheDbAndTheKeyAsBytes() {
        KeyspaceSubscription.Notification n = KeyspaceSubscription.parse(bytes("__keyspace@12__:user:1:__x"));
        assertThat(n.db()).isEqualTo(12);
        assertThat(new String(n.key(), StandardCharsets.UTF_8)).isEqualTo("user:1:__x");

        byte[] binary = {'_', '_', 'k', 'e', 'y', 's', 'p', 'a', 'c', 'e', '@', '0', '_', '_', ':', 0, (byte) 0xff};
        assertThat(KeyspaceSubscription.parse(binary).key()).containsExactly(0, 0xff);
        assertThat(KeyspaceSubscription.parse(bytes("__keyspace@0__:"))).isEqualTo(
                new KeyspaceSubscription.Notification(0, new byte[0]));
    }

    @Test
    void otherChannelsAreNotKeys() {
        assertThat(KeyspaceSubscription.parse(bytes("__keyevent@0__:del"))).isNull();
        assertThat(KeyspaceSubscription.parse(bytes("__keyspace@__:k"))).isNull();
        assertThat(KeyspaceSubscription.parse(bytes("__keyspace@1_:k"))).isNull();
        assertThat(KeyspaceSubscription.parse(bytes("__keyspace@1"))).isNull();
    }

    @Test
    void infoKeyspaceListsTheDbsAscending() {
        String info = "# Keyspace\r\ndb5:keys=3,expires=0,avg_ttl=0\r\ndb0:keys=10,expires=2,avg_ttl=100\r\n"
                + "db12:keys=1,expires=0,avg_ttl=0\r\n";
        assertThat(Keyspace.parse(info)).containsExactly(0, 5, 12);
        assertThat(Keyspace.parse("# Keyspace\r\n")).isEmpty();
    }

    @Test
    void notificationsNeedKeyspaceEventsOfEveryClassThatChangesAKey() {
        assertThat(NotifyKeyspaceEvents.missing("")).isEqualTo("Kg$lshzxet");
        assertThat(NotifyKeyspaceEvents.missing("KA")).isEmpty();
        assertThat(NotifyKeyspaceEvents.missing("AKE")).isEmpty();
        assertThat(NotifyKeyspaceEvents.missing("g$lshzxetdK")).isEmpty();
        assertThat(NotifyKeyspaceEvents.missing("AE")).as("RedisShake's setting: key-event channels only").isEqualTo("K");
        assertThat(NotifyKeyspaceEvents.missing("Kx")).isEqualTo("g$lshzet");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
