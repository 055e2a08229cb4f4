package dev.ferry.job;

import dev.ferry.event.KeyEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Partitions events by (db, key). Key bytes map one-to-one onto ISO-8859-1 chars, so the String is an
 * exact, hashable stand-in for a binary key.
 */
public final class KeyEventKeySelector implements KeySelector<KeyEvent, String> {
    @Override
    public String getKey(KeyEvent e) {
        return e.db() + ":" + new String(e.key(), StandardCharsets.ISO_8859_1);
    }
}
