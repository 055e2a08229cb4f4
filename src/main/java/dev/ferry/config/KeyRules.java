package dev.ferry.config;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * One side (allow or block) of RedisShake's key rules: a key matches when it equals one of {@code keys}, starts with
 * one of {@code prefixes}, ends with one of {@code suffixes} or contains a match of one of {@code regexes} (searched,
 * not anchored, as Go's {@code MatchString}). The regexes are checked when the config is loaded.
 */
public record KeyRules(List<String> keys, List<String> prefixes, List<String> suffixes, List<String> regexes)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final KeyRules NONE = new KeyRules(List.of(), List.of(), List.of(), List.of());

    public KeyRules {
        keys = List.copyOf(keys);
        prefixes = List.copyOf(prefixes);
        suffixes = List.copyOf(suffixes);
        regexes = List.copyOf(regexes);
    }

    public static KeyRules none() {
        return NONE;
    }

    public boolean isEmpty() {
        return keys.isEmpty() && prefixes.isEmpty() && suffixes.isEmpty() && regexes.isEmpty();
    }
}
