package dev.ferry.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, checked access to one TOML table. Keys are matched case-insensitively (RedisShake reads
 * its config through viper, which does the same). Creating a Section rejects unknown keys.
 */
final class Section {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9][0-9_]*");
    private static final Pattern ENV = Pattern.compile(
            "\\$\\$\\{|\\$\\{file:([^}]+)}|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern TRAILING_NEWLINES = Pattern.compile("[\\r\\n]+$");

    private final LoadContext ctx;
    private final String path;
    private final ObjectNode node;
    /** lower-cased key -> key as written. */
    private final Map<String, String> keys = new LinkedHashMap<>();

    /**
     * @param known     the keys this table may contain
     * @param elsewhere for an unknown key, the section where it would be known, or null
     */
    Section(LoadContext ctx, String path, ObjectNode node, List<String> known,
            Function<String, String> elsewhere) {
        this.ctx = ctx;
        this.path = path;
        this.node = node;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String lower = key.toLowerCase(Locale.ROOT);
            String previous = keys.put(lower, key);
            if (previous != null) {
                throw ctx.error(keyPath(key), "key '" + key + "' in " + name() + " repeats '" + previous + "'",
                        "keys are not case-sensitive; keep one of them");
            }
            if (!known.contains(lower)) {
                String other = elsewhere == null ? null : elsewhere.apply(lower);
                String hint = other != null
                        ? "'" + lower + "' belongs in [" + other + "]"
                        : didYouMean(key, known);
                throw ctx.error(keyPath(key), "unknown key '" + key + "' in " + name(), hint);
            }
        }
    }

    private static String didYouMean(String key, List<String> known) {
        String guess = Suggest.closest(key, known);
        return guess != null ? "did you mean '" + guess + "'?" : "known keys: " + String.join(", ", known);
    }

    /** "[advanced]". */
    String name() {
        return "[" + path + "]";
    }

    String path() {
        return path;
    }

    String keyPath(String key) {
        return path + "." + key.toLowerCase(Locale.ROOT);
    }

    boolean has(String key) {
        return keys.containsKey(key);
    }

    /** The node of a key, or null if absent. */
    JsonNode get(String key) {
        String actual = keys.get(key);
        return actual == null ? null : node.get(actual);
    }

    /** An error about a key's value: "[section] key problem at file:line; hint". */
    ConfigException invalid(String key, String problem, String hint) {
        return ctx.error(keyPath(key), name() + " " + key + " " + problem, hint);
    }

    ConfigException typeError(String key, String expected, String hint) {
        return invalid(key, "must be " + expected + ", got " + describe(get(key), isSecret(key)), hint);
    }

    static boolean isSecret(String key) {
        return key.contains("password");
    }

    /** Reports a key that is accepted but has no effect, if present. */
    void ignore(String key, String reason) {
        if (has(key)) {
            ctx.note(name() + " " + key + " is ignored: " + reason);
        }
    }

    String string(String key, String dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw typeError(key, "a string", isSecret(key) ? "put the value in quotes" : null);
        }
        return expandEnv(key, v.textValue());
    }

    String requiredString(String key, String hint) {
        String s = string(key, null);
        if (s == null) {
            throw ctx.error(path, "missing required key '" + key + "' in " + name(), hint);
        }
        return s;
    }

    boolean bool(String key, boolean dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw typeError(key, "a boolean (true or false)", null);
        }
        return v.booleanValue();
    }

    long integer(String key, long dflt, long min, long max) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            throw typeError(key, "an integer", null);
        }
        BigInteger value = v.bigIntegerValue();
        // jackson-dataformat-toml 2.20 mis-reads 19-digit decimal integers (FasterXML/jackson-dataformats-text#663):
        // re-read decimal literals from the text when we have it.
        String raw = ctx.rawValue(keyPath(key));
        if (raw != null && DECIMAL.matcher(raw).matches()) {
            value = new BigInteger(raw.replace("_", ""));
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            String range = max == Long.MAX_VALUE ? "at least " + min
                    : max == Integer.MAX_VALUE ? "at least " + min + " (and at most " + max + ")"
                    : "between " + min + " and " + max;
            throw invalid(key, "must be " + range + ", got " + value, null);
        }
        return value.longValue();
    }

    int intValue(String key, int dflt, int min, int max) {
        return (int) integer(key, dflt, min, max);
    }

    /** The sub-table of a key; null if absent. */
    ObjectNode table(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw typeError(key, "a table", null);
        }
        return (ObjectNode) v;
    }

    /**
     * Replaces {@code ${NAME}} and {@code ${NAME:-default}} with environment variables and {@code ${file:PATH}} with the
     * content of a file (a mounted secret; trailing newlines dropped); {@code $${} is a literal {@code ${}. Neither the
     * value nor the file's content ever goes into a message.
     */
    String expandEnv(String key, String text) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else if (m.group(1) != null) {
                replacement = fileContent(key, m.group(1));
            } else {
                String var = m.group(2);
                String value = ctx.env.apply(var);
                if (value == null) {
                    value = m.group(3);
                }
                if (value == null) {
                    throw ctx.error(keyPath(key), "environment variable " + var + " is not set; " + name() + " "
                            + key + " refers to it", "set " + var + " or write ${" + var + ":-default}");
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String fileContent(String key, String file) {
        Path path = Path.of(file.strip()).toAbsolutePath().normalize();
        try {
            return TRAILING_NEWLINES.matcher(Files.readString(path, StandardCharsets.UTF_8)).replaceFirst("");
        } catch (NoSuchFileException e) {
            throw ctx.error(keyPath(key), name() + " " + key + " reads ${file:" + file + "}, but " + path
                    + " does not exist", "create it, or correct the path");
        } catch (IOException | RuntimeException e) {
            // the exception's text names the file and the reason, never its content
            throw ctx.error(keyPath(key), name() + " " + key + " reads ${file:" + file + "}, but " + path
                    + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "make it readable by the user that runs Ferry");
        }
    }

    /** "string \"abc\"", "integer 5", "array", ... — without the value for secrets. */
    static String describe(JsonNode v, boolean secret) {
        String type;
        String value;
        if (v == null || v.isNull()) {
            return "nothing";
        } else if (v.isTextual()) {
            type = "string";
            String t = v.textValue();
            value = "\"" + (t.length() > 60 ? t.substring(0, 57) + "..." : t) + "\"";
        } else if (v.isIntegralNumber()) {
            type = "integer";
            value = v.bigIntegerValue().toString();
        } else if (v.isNumber()) {
            type = "float";
            value = v.asText();
        } else if (v.isBoolean()) {
            type = "boolean";
            value = v.asText();
        } else if (v.isArray()) {
            return "an array";
        } else if (v.isObject()) {
            return "a table";
        } else if (v instanceof POJONode p) {
            Object o = p.getPojo();
            type = o instanceof LocalDate ? "date" : o instanceof LocalTime ? "time" : "date-time";
            value = String.valueOf(o);
        } else {
            return v.getNodeType().toString().toLowerCase(Locale.ROOT);
        }
        return secret ? type : type + " " + value;
    }
}
