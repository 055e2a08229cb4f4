package dev.ferry.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where things are in a TOML text. Jackson's tree carries no locations, so this scans the text
 * for table headers ({@code [advanced]}) and key lines ({@code key = value}) and remembers the
 * first line of every dotted path ({@code advanced.pipeline_count_limit}), lower-cased.
 *
 * <p>Best effort, for messages only: it follows multi-line strings and arrays well enough for
 * config files, and answers -1 when it cannot tell.
 */
final class SourceIndex {

    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, String> rawValues = new HashMap<>();
    /** The first key or table header that appears twice: {path, line of the repeat, first line}. */
    private Object[] duplicate;

    SourceIndex(String text) {
        String[] all = text.split("\r\n|\r|\n", -1);
        String table = "";
        String openString = null; // """ or ''' while inside a multi-line string
        int bracketDepth = 0;     // > 0 while inside a multi-line array value
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            int lineNo = i + 1;
            if (openString != null) {
                if (line.contains(openString)) {
                    openString = null;
                }
                continue;
            }
            if (bracketDepth > 0) {
                bracketDepth = Math.max(0, bracketDepth + bracketBalance(line));
                continue;
            }
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (s.startsWith("[")) {
                boolean array = s.startsWith("[[");
                int end = s.indexOf(array ? "]]" : "]");
                if (end > 0) {
                    table = normalizePath(s.substring(array ? 2 : 1, end));
                    Integer first = lines.putIfAbsent(table, lineNo);
                    if (first != null && !array && duplicate == null) {
                        duplicate = new Object[] {table, lineNo, first};
                    }
                }
                continue;
            }
            int eq = keyEnd(s);
            if (eq < 0) {
                continue;
            }
            String key = normalizePath(s.substring(0, eq));
            String path = table.isEmpty() ? key : table + "." + key;
            Integer first = lines.putIfAbsent(path, lineNo);
            if (first != null && duplicate == null) {
                duplicate = new Object[] {path, lineNo, first};
            }
            // implicit tables created by dotted keys: remember their first line too
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                lines.putIfAbsent(path.substring(0, dot), lineNo);
            }
            String value = s.substring(eq + 1).strip();
            rawValues.putIfAbsent(path, stripComment(value));
            openString = opensMultilineString(value);
            if (openString == null && value.startsWith("[")) {
                bracketDepth = Math.max(0, bracketBalance(value));
            }
        }
    }

    /** The 1-based line of a dotted path (a table or a key), or -1. */
    int line(String path) {
        return lines.getOrDefault(path.toLowerCase(Locale.ROOT), -1);
    }

    /** The first repeated key or table as {dotted path, line, first line}, or null. */
    Object[] duplicate() {
        return duplicate;
    }

    /** The value text written after {@code key =} on the key's line, without a trailing comment. */
    String rawValue(String path) {
        return rawValues.get(path.toLowerCase(Locale.ROOT));
    }

    /** Index of the '=' ending a key at the start of {@code s}, or -1 if s is not a key line. */
    private static int keyEnd(String s) {
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                return -1;
            }
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                int close = s.indexOf(c, i + 1);
                if (close < 0) {
                    return -1;
                }
                i = close + 1;
            } else {
                int start = i;
                while (i < n && isBareKeyChar(s.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    return -1;
                }
            }
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                i++;
                continue;
            }
            return i < n && s.charAt(i) == '=' ? i : -1;
        }
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** "a . 'b' . \"c\"" becomes "a.b.c", lower-cased. */
    static String normalizePath(String dotted) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '.') {
                parts.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString().strip());
        return String.join(".", parts).toLowerCase(Locale.ROOT);
    }

    private static String stripComment(String value) {
        if (value.startsWith("\"") || value.startsWith("'")) {
            return value; // a string: not used for re-reading numbers
        }
        int hash = value.indexOf('#');
        return (hash >= 0 ? value.substring(0, hash) : value).strip();
    }

    private static String opensMultilineString(String value) {
        for (String delim : new String[] {"\"\"\"", "'''"}) {
            if (value.startsWith(delim)) {
                int count = 0;
                for (int i = value.indexOf(delim); i >= 0; i = value.indexOf(delim, i + 3)) {
                    count++;
                }
                return count % 2 == 1 ? delim : null;
            }
        }
        return null;
    }

    /** '[' minus ']' outside strings and comments. */
    private static int bracketBalance(String line) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                break;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
        }
        return depth;
    }
}
