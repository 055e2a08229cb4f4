package dev.ferry.ordering;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code [filter] key_prefix_map}: a key that starts with an old prefix gets the new one; the longest old prefix wins. */
final class KeyPrefixRenamer {
    private record Rule(byte[] from, byte[] to) {}

    private final List<Rule> rules;

    KeyPrefixRenamer(Map<String, String> prefixMap) {
        rules = prefixMap.entrySet().stream()
                .map(e -> new Rule(KeyMatcher.utf8(e.getKey()), KeyMatcher.utf8(e.getValue())))
                .sorted(Comparator.comparingInt((Rule r) -> r.from().length).reversed())
                .toList();
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The new name, or {@code key} itself when no prefix fits. */
    byte[] rename(byte[] key) {
        for (Rule r : rules) {
            if (KeyMatcher.startsWith(key, r.from())) {
                byte[] out = new byte[r.to().length + key.length - r.from().length];
                System.arraycopy(r.to(), 0, out, 0, r.to().length);
                System.arraycopy(key, r.from().length, out, r.to().length, key.length - r.from().length);
                return out;
            }
        }
        return key;
    }
}
