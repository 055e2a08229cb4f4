package dev.ferry.ordering;

import dev.ferry.config.KeyRules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link KeyRules} ready to test raw keys. Names, prefixes and suffixes are compared as UTF-8 bytes, so binary keys
 * match exactly; a regex searches the key read as UTF-8 (bytes that are not UTF-8 read as U+FFFD, as in Go).
 */
final class KeyMatcher {
    private final Set<ByteBuffer> keys = new HashSet<>();
    private final List<byte[]> prefixes;
    private final List<byte[]> suffixes;
    private final List<Pattern> regexes;

    KeyMatcher(KeyRules rules) {
        rules.keys().forEach(k -> keys.add(ByteBuffer.wrap(utf8(k))));
        prefixes = rules.prefixes().stream().map(KeyMatcher::utf8).toList();
        suffixes = rules.suffixes().stream().map(KeyMatcher::utf8).toList();
        regexes = rules.regexes().stream().map(Pattern::compile).toList();
    }

    boolean isEmpty() {
        return keys.isEmpty() && prefixes.isEmpty() && suffixes.isEmpty() && regexes.isEmpty();
    }

    boolean matches(byte[] key) {
        if (keys.contains(ByteBuffer.wrap(key))) {
            return true;
        }
        for (byte[] p : prefixes) {
            if (startsWith(key, p)) {
                return true;
            }
        }
        for (byte[] s : suffixes) {
            if (s.length <= key.length && Arrays.equals(key, key.length - s.length, key.length, s, 0, s.length)) {
                return true;
            }
        }
        if (regexes.isEmpty()) {
            return false;
        }
        String text = new String(key, StandardCharsets.UTF_8);
        return regexes.stream().anyMatch(r -> r.matcher(text).find());
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return prefix.length <= key.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
