package dev.ferry.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** State of one load: where the text came from, which keys came from {@code --set}, the notes. */
final class LoadContext {

    static final String SET = "--set";

    final String sourceName;
    final SourceIndex index;
    final Function<String, String> env;
    final List<String> notes = new ArrayList<>();
    /** lower-cased dotted path -> the override's key as typed after --set. */
    private final Map<String, String> overrideKeys = new LinkedHashMap<>();
    /** lower-cased dotted path -> the override's value text. */
    private final Map<String, String> overrideRaw = new LinkedHashMap<>();

    LoadContext(String sourceName, SourceIndex index, Function<String, String> env) {
        this.sourceName = sourceName;
        this.index = index;
        this.env = env;
    }

    void recordOverride(String path, String typedKey, String rawValue) {
        String p = path.toLowerCase(Locale.ROOT);
        overrideKeys.put(p, typedKey);
        overrideRaw.put(p, rawValue);
    }

    /** The value text as written (in the file or after --set), or null. */
    String rawValue(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return overrideKeys.containsKey(p) ? overrideRaw.get(p) : index.rawValue(p);
    }

    private String override(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        String exact = overrideKeys.get(p);
        if (exact != null) {
            return exact;
        }
        if (index.line(p) > 0) {
            return null;
        }
        // a table that only exists because of --set
        for (Map.Entry<String, String> e : overrideKeys.entrySet()) {
            if (e.getKey().startsWith(p + ".")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The line of a path, falling back to its enclosing tables; -1 if unknown. */
    int line(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        while (true) {
            int line = index.line(p);
            if (line > 0) {
                return line;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return -1;
            }
            p = p.substring(0, dot);
        }
    }

    /** "at shake.toml:12", "in --set 'advanced.x'" or "in shake.toml". */
    String where(String path) {
        String o = path == null ? null : override(path);
        if (o != null) {
            return "in " + SET + " '" + o + "'";
        }
        int line = path == null ? -1 : line(path);
        return line > 0 ? "at " + sourceName + ":" + line : "in " + sourceName;
    }

    ConfigException error(String path, String problem, String hint) {
        String o = path == null ? null : override(path);
        String source = o != null ? SET : sourceName;
        int line = o != null || path == null ? -1 : line(path);
        String message = problem + " " + where(path) + (hint == null || hint.isEmpty() ? "" : "; " + hint);
        return new ConfigException(message, source, line);
    }

    void note(String note) {
        notes.add(note);
    }
}
