package dev.ferry.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.job.RedisEventKeySelector;
import dev.ferry.source.scan.KeyReads.KeyState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The events of a key's live changes go where its scanned value went, and say what the writer must do. */
class ShardScanEventsTest {
    private static final byte[] KEY = {'k', 0, (byte) 0xff};
    private static final byte[] PAYLOAD = {0, 1, 'x', 10, 0, 1, 2, 3, 4, 5, 6, 7, 8};
    private final RedisEventKeySelector byKey = new RedisEventKeySelector();

    @Test
    void liveChangesRouteLikeTheScannedKey() throws Exception {
        KeyEvent scanned = new KeyEvent(3, KEY, 0, PAYLOAD, KeyEvent.NO_EXPIRE, -1, -1, "h:1", 7);
        CommandEvent changed = ShardScan.restoreReplace(3, new KeyState(KEY, PAYLOAD, KeyEvent.NO_EXPIRE), "h:1", 7);
        CommandEvent gone = ShardScan.delete(3, KEY, "h:1", 7);

        assertThat(byKey.getKey(changed)).isEqualTo(byKey.getKey(scanned));
        assertThat(byKey.getKey(gone)).isEqualTo(byKey.getKey(scanned));
        assertThat(byKey.getKey(ShardScan.delete(4, KEY, "h:1", 7))).isNotEqualTo(byKey.getKey(scanned));
    }

    @Test
    void aChangeIsRestoreAbsttlReplaceAndAGoneKeyADel() {
        CommandEvent noTtl = ShardScan.restoreReplace(0, new KeyState(KEY, PAYLOAD, KeyEvent.NO_EXPIRE), "h:1", 0);
        assertThat(noTtl.printable()).startsWith("RESTORE k").endsWith("ABSTTL REPLACE");
        assertThat(noTtl.argv()[2]).isEqualTo("0".getBytes(StandardCharsets.US_ASCII));
        assertThat(noTtl.argv()[3]).isSameAs(PAYLOAD);
        assertThat(noTtl.key(0)).isEqualTo(KEY);

        CommandEvent ttl = ShardScan.restoreReplace(0, new KeyState(KEY, PAYLOAD, 4_102_444_800_000L), "h:1", 0);
        assertThat(ttl.argv()[2]).isEqualTo("4102444800000".getBytes(StandardCharsets.US_ASCII));

        CommandEvent gone = ShardScan.delete(2, KEY, "h:1", 0);
        assertThat(gone.name()).isEqualTo("DEL");
        assertThat(gone.key(0)).isEqualTo(KEY);
        assertThat(gone.db()).isEqualTo(2);
    }
}
