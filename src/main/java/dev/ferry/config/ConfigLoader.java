package dev.ferry.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import dev.ferry.function.ShakeScript;
import dev.ferry.resp.tls.TlsFileException;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.resp.tls.TlsSockets;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads Ferry's TOML configuration into a validated {@link FerryConfig}.
 *
 * <p>The format is RedisShake v4's {@code shake.toml} wherever the concept is the same: a
 * RedisShake config for an RDB file into a standalone Redis runs unchanged. Sections:
 * <ul>
 *   <li>exactly one reader: {@code [rdb_reader]}, {@code [sync_reader]} (a standalone or cluster source, or one
 *       found through {@code [sync_reader.sentinel]}) or {@code [scan_reader]}; RedisShake's {@code [aof_reader]} is
 *       recognised but not
 *       supported yet;</li>
 *   <li>{@code [redis_writer]} (required), {@code [advanced]}, and Ferry's own {@code [flink]};</li>
 *   <li>{@code [filter]}: RedisShake's allow/block rules, and Ferry's {@code db_map} and {@code key_prefix_map}
 *       ({@link FilterLoader}), and RedisShake's Lua {@code function} (in {@code [filter]} or at v4.0's top level);
 *       {@code [module]} is accepted when it has no effect, and reported in {@link FerryConfig#notes()}.</li>
 * </ul>
 * RedisShake {@code [advanced]} keys that mean nothing to Ferry ({@link #IGNORED_ADVANCED_KEYS})
 * are accepted and reported in {@link FerryConfig#notes()}. Any other key or section is an error.
 * Keys are matched case-insensitively, as RedisShake (viper) does.
 *
 * <p>String values may use {@code ${NAME}} (or {@code ${NAME:-default}}) to take a value from
 * the environment, e.g. {@code password = "${REDIS_PASSWORD}"}; {@code $${} is a literal
 * {@code ${}. Relative paths are resolved against the current working directory.
 *
 * <p>Every problem is a {@link ConfigException} naming the file and line (or the {@code --set}
 * override) and, where possible, the fix. Messages never contain a password.
 */
public final class ConfigLoader {

    /** The reader sections RedisShake knows; only those in {@link #SUPPORTED_READERS} work. */
    public static final List<String> READER_SECTIONS = List.of("rdb_reader", "sync_reader", "scan_reader", "aof_reader");
    public static final List<String> SUPPORTED_READERS = List.of("rdb_reader", "sync_reader", "scan_reader");

    static final List<String> RDB_READER_KEYS = List.of("filepath");
    /** How a section that connects to Redis speaks TLS; {@code tls_config} is RedisShake's table for the three files. */
    static final List<String> TLS_KEYS = List.of("tls", "tls_ca", "tls_cert", "tls_key", "tls_skip_verify");
    static final List<String> SYNC_READER_KEYS = withTls("cluster", "address", "username", "password", "tls_config",
            "sync_rdb", "sync_aof", "prefer_replica", "sentinel");
    static final List<String> SCAN_READER_KEYS = withTls("cluster", "address", "username", "password", "tls_config", "dbs",
            "scan", "count", "ksn", "ksn_configure", "max_qps");
    /** SCAN COUNT is a hint per round trip; beyond this one batch's DUMPs become a pipeline of megabytes. */
    static final int MAX_SCAN_COUNT = 100_000;
    static final List<String> REDIS_WRITER_KEYS =
            withTls("cluster", "sentinel", "master", "address", "username", "password", "tls_config", "off_reply");
    static final List<String> SENTINEL_KEYS = withTls("master_name", "address", "username", "password");
    /** RedisShake's {@code [<section>.tls_config]}: the files of {@code tls_ca}, {@code tls_cert} and {@code tls_key}. */
    static final List<String> TLS_CONFIG_KEYS = List.of("ca_cert", "cert", "key");
    static final List<String> ADVANCED_FERRY_KEYS = List.of("dir", "log_level", "log_interval",
            "rdb_restore_command_behavior", "pipeline_count_limit", "target_redis_client_max_querybuf_len",
            "target_redis_proto_max_bulk_len", "rewrite_batch_size", "empty_db_before_sync", "status_port",
            "target_redis_max_qps", "marker_prefix");
    /** More elements per command gain nothing (a command is also capped at 16 MB) and block the target longer. */
    static final int MAX_REWRITE_BATCH_SIZE = 100_000;
    /** RedisShake {@code [advanced]} keys that Ferry accepts and ignores, with the reason given in the note. */
    public static final Map<String, String> IGNORED_ADVANCED_KEYS = ignoredAdvancedKeys();
    static final List<String> MODULE_KEYS = List.of("target_mbbloom_version");
    static final List<String> FLINK_KEYS = List.of("parallelism", "checkpoint_interval", "checkpoint_dir", "delivery");
    static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");
    /** Flink's upper bound for max parallelism. */
    static final int MAX_PARALLELISM = 32768;

    private static final Map<String, List<String>> SECTION_KEYS = sectionKeys();
    private static final List<String> TOP_LEVEL_KEYS = List.of("function");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);
    private static final TomlMapper TOML = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    private ConfigLoader() {
    }

    /**
     * Loads a config file and applies {@code --set} overrides.
     *
     * @param file      the TOML file
     * @param overrides {@code section.key=value} strings, applied in order after the file; the
     *                  value is read as a TOML value if it is one ({@code 2}, {@code true},
     *                  {@code "x"}), else taken as a string
     * @throws ConfigException on any problem
     */
    public static FerryConfig load(Path file, List<String> overrides) {
        return load(file, overrides, System::getenv);
    }

    /** {@link #load(Path, List)} with the environment used for {@code ${NAME}} given explicitly. */
    public static FerryConfig load(Path file, List<String> overrides, Function<String, String> env) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e, file.toString(), -1, e);
        }
        return parse(text, file.toString(), file, overrides, env);
    }

    /**
     * Parses config text, for tests and for configs that do not come from a file.
     *
     * @param sourceName what to call the text in messages, e.g. {@code shake.toml}
     */
    public static FerryConfig parse(String tomlText, String sourceName, List<String> overrides) {
        return parse(tomlText, sourceName, overrides, System::getenv);
    }

    /** {@link #parse(String, String, List)} with the environment used for {@code ${NAME}} given explicitly. */
    public static FerryConfig parse(String tomlText, String sourceName, List<String> overrides,
                                    Function<String, String> env) {
        return parse(tomlText, sourceName, null, overrides, env);
    }

    private static FerryConfig parse(String text, String sourceName, Path sourceFile, List<String> overrides,
                                     Function<String, String> env) {
        Objects.requireNonNull(text, "tomlText");
        String name = sourceName == null ? "<config>" : sourceName;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // Jackson's TOML lexer rejects a byte order mark
        }
        ObjectNode root = readTree(text, name);
        LoadContext ctx = new LoadContext(name, new SourceIndex(text), env == null ? System::getenv : env);
        for (String override : overrides == null ? List.<String>of() : overrides) {
            applyOverride(root, override, ctx);
        }
        return build(root, ctx, sourceFile);
    }

    private static ObjectNode readTree(String text, String name) {
        JsonNode tree;
        try {
            tree = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? -1 : loc.getLineNr();
            int column = loc == null ? -1 : loc.getColumnNr();
            String problem = e.getOriginalMessage();
            Object[] dup = new SourceIndex(text).duplicate();
            if (dup != null && (problem.startsWith("Duplicate key") || problem.startsWith("Table redefined"))) {
                // Jackson points after the repeated key (the next line); our scan knows the line itself
                line = (Integer) dup[1];
                column = -1;
                problem = (problem.startsWith("Duplicate") ? "duplicate key '" : "table defined twice: [")
                        + dup[0] + (problem.startsWith("Duplicate") ? "'" : "]") + " (first at line " + dup[2] + ")";
            }
            String where = line > 0 ? name + ":" + line + (column > 0 ? ":" + column : "") : name;
            String[] lines = text.split("\r\n|\r|\n", -1);
            String shown = "";
            if (line > 0 && line <= lines.length && !lines[line - 1].toLowerCase(Locale.ROOT).contains("password")) {
                String l = lines[line - 1].strip();
                shown = l.isEmpty() ? "" : " in line: " + (l.length() > 80 ? l.substring(0, 77) + "..." : l);
            }
            throw new ConfigException("TOML syntax error at " + where + ": " + problem + shown,
                    name, line, e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + name + ": " + e, name, -1, e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return (ObjectNode) tree;
    }

    /** Applies one {@code section.key=value} override to the tree. */
    private static void applyOverride(ObjectNode root, String override, LoadContext ctx) {
        int eq = override == null ? -1 : override.indexOf('=');
        if (eq < 0) {
            throw new ConfigException(LoadContext.SET + " '" + override + "' must look like section.key=value, e.g. "
                    + "advanced.rdb_restore_command_behavior=rewrite", LoadContext.SET, -1);
        }
        String key = override.substring(0, eq).strip();
        String valueText = override.substring(eq + 1);
        List<String> parts = new ArrayList<>();
        for (String p : key.split("\\.", -1)) {
            parts.add(p.strip());
        }
        if (parts.size() < 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new ConfigException(LoadContext.SET + " '" + key + "=...' must name a section and a key, like "
                    + "redis_writer.address=127.0.0.1:6379", LoadContext.SET, -1);
        }
        ObjectNode table = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            String existing = findKey(table, parts.get(i));
            JsonNode child = existing == null ? null : table.get(existing);
            if (child == null) {
                table = table.putObject(parts.get(i));
            } else if (child.isObject()) {
                table = (ObjectNode) child;
            } else {
                String prefix = String.join(".", parts.subList(0, i + 1));
                throw new ConfigException(LoadContext.SET + " '" + key + "': " + prefix + " is a value, not a table",
                        LoadContext.SET, -1);
            }
        }
        String leaf = parts.get(parts.size() - 1);
        String existing = findKey(table, leaf);
        if (existing != null) {
            table.remove(existing);
        }
        table.set(leaf, parseOverrideValue(valueText));
        ctx.recordOverride(String.join(".", parts), key, valueText.strip());
    }

    private static JsonNode parseOverrideValue(String valueText) {
        if (!valueText.isBlank() && valueText.indexOf('\n') < 0 && valueText.indexOf('\r') < 0) {
            try {
                JsonNode parsed = TOML.readTree("v = " + valueText);
                if (parsed != null && parsed.size() == 1 && parsed.has("v")) {
                    return parsed.get("v");
                }
            } catch (IOException notToml) {
                // not a TOML value: take it as a string
            }
        }
        return TextNode.valueOf(valueText);
    }

    private static String findKey(ObjectNode table, String key) {
        for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------

    private static FerryConfig build(ObjectNode root, LoadContext ctx, Path sourceFile) {
        Map<String, ObjectNode> sections = new LinkedHashMap<>();
        String topLevelFunction = "";
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String lower = key.toLowerCase(Locale.ROOT);
            JsonNode value = e.getValue();
            if (TOP_LEVEL_KEYS.contains(lower)) {
                topLevelFunction = topLevelFunction(root, key, ctx);
                continue;
            }
            if (!SECTION_KEYS.containsKey(lower)) {
                String other = sectionOf(lower);
                String guess = Suggest.closest(lower, SECTION_KEYS.keySet());
                String hint = other != null ? "'" + lower + "' is a key of [" + other + "]; put it below the ["
                        + other + "] line"
                        : guess != null ? "did you mean [" + guess + "]?"
                        : "known sections: [" + String.join("], [", SECTION_KEYS.keySet()) + "]";
                throw ctx.error(lower, "unknown section [" + key + "]", hint);
            }
            if (!value.isObject()) {
                throw ctx.error(lower, "[" + lower + "] must be a table, got " + Section.describe(value, true),
                        "write a [" + lower + "] line followed by key = value lines");
            }
            if (sections.put(lower, (ObjectNode) value) != null) {
                throw ctx.error(lower, "section [" + key + "] is given twice with different case",
                        "section names are not case-sensitive; merge them");
            }
        }

        // exactly one reader
        List<String> readers = sections.keySet().stream().filter(READER_SECTIONS::contains).toList();
        if (readers.isEmpty()) {
            throw ctx.error(null, "no reader section", "add [rdb_reader] with filepath = \"/path/to/dump.rdb\"");
        }
        if (readers.size() > 1) {
            throw ctx.error(readers.get(1), "only one reader section is allowed, found ["
                    + String.join("] and [", readers) + "]", "keep one of them");
        }
        String readerSection = readers.get(0);
        ObjectNode readerNode = sections.get(readerSection);

        AdvancedConfig advanced = advanced(section(ctx, "advanced", sections.get("advanced"), advancedKeys()), ctx);

        RdbReaderConfig rdbReader = null;
        SyncReaderConfig syncReader = null;
        ScanReaderConfig scanReader = null;
        switch (readerSection) {
            case "rdb_reader" -> rdbReader = rdbReader(section(ctx, readerSection, readerNode, RDB_READER_KEYS), ctx);
            case "sync_reader" -> syncReader = syncReader(section(ctx, readerSection, readerNode, SYNC_READER_KEYS), ctx);
            case "scan_reader" -> scanReader = scanReader(section(ctx, readerSection, readerNode, SCAN_READER_KEYS), ctx);
            default -> throw unsupported(ctx, readerSection, "[" + readerSection
                    + "] is not supported by this version of Ferry yet; use [rdb_reader], [sync_reader] or [scan_reader]");
        }

        ObjectNode writerNode = sections.get("redis_writer");
        if (writerNode == null) {
            throw ctx.error(null, "missing section [redis_writer]",
                    "add [redis_writer] with address = \"127.0.0.1:6379\"");
        }
        RedisWriterConfig writer = redisWriter(section(ctx, "redis_writer", writerNode, REDIS_WRITER_KEYS), advanced, ctx);
        FlinkConfig flink = flink(section(ctx, "flink", sections.get("flink"), FLINK_KEYS), advanced);
        FilterConfig filter = FilterLoader.filter(section(ctx, "filter", sections.get("filter"), FilterLoader.KEYS),
                topLevelFunction, writer, ctx);
        module(section(ctx, "module", sections.get("module"), MODULE_KEYS), ctx);
        return new FerryConfig(rdbReader, syncReader, scanReader, writer, advanced, flink, filter, sourceFile, ctx.notes);
    }

    private static Section section(LoadContext ctx, String path, ObjectNode node, List<String> known) {
        return new Section(ctx, path, node == null ? JsonNodeFactory.instance.objectNode() : node, known,
                key -> {
                    String other = sectionOf(key);
                    return other == null || other.equals(path) ? null : other;
                });
    }

    static ConfigException unsupported(LoadContext ctx, String path, String sentence) {
        ConfigException located = ctx.error(path, "", null);
        return new ConfigException(sentence + " (" + ctx.where(path) + ")", located.source(), located.line());
    }

    // --- [rdb_reader] ----------------------------------------------------------------------------

    private static RdbReaderConfig rdbReader(Section r, LoadContext ctx) {
        JsonNode v = r.get("filepath");
        String hint = "add filepath = \"/path/to/dump.rdb\"";
        if (v == null) {
            throw ctx.error(r.path(), "missing required key 'filepath' in " + r.name(), hint);
        }
        List<String> texts = new ArrayList<>();
        if (v.isTextual()) {
            texts.add(v.textValue());
        } else if (v.isArray()) {
            if (v.isEmpty()) {
                throw r.invalid("filepath", "must name at least one file", hint);
            }
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                if (!item.isTextual()) {
                    throw r.invalid("filepath", "must be an array of strings, but element " + (i + 1) + " is "
                            + Section.describe(item, false), null);
                }
                texts.add(item.textValue());
            }
        } else {
            throw r.typeError("filepath", "a string or an array of strings", hint);
        }
        List<Path> paths = new ArrayList<>();
        for (String t : texts) {
            String expanded = r.expandEnv("filepath", t);
            Path p = localPath(r, "filepath", expanded);
            if (!p.isAbsolute()) {
                Path abs = p.toAbsolutePath().normalize();
                ctx.note(r.name() + " filepath \"" + expanded + "\" is relative: Ferry reads " + abs
                        + " (relative to the working directory; RedisShake resolves it against [advanced] dir)");
                p = abs;
            } else {
                p = p.normalize();
            }
            if (paths.contains(p)) {
                throw r.invalid("filepath", "names " + p + " twice", "list each file once");
            }
            paths.add(p);
        }
        return new RdbReaderConfig(paths);
    }

    // --- [sync_reader] ---------------------------------------------------------------------------

    private static SyncReaderConfig syncReader(Section r, LoadContext ctx) {
        String username = r.string("username", "");
        String password = r.string("password", "");
        TlsSettings tls = tls(r, TlsSettings.OFF, ctx);
        boolean cluster = r.bool("cluster", false);
        boolean preferReplica = r.bool("prefer_replica", false);
        JsonNode sentinelNode = r.get("sentinel");
        SentinelConfig sentinel = null;
        String address;
        if (sentinelNode != null) {
            if (!sentinelNode.isObject()) {
                throw r.typeError("sentinel", "a table [sync_reader.sentinel] with master_name and address",
                        "write [sync_reader.sentinel] with master_name = \"mymaster\" and address = \"127.0.0.1:26379\"");
            }
            sentinel = sentinelTable(ctx, "sync_reader.sentinel", (ObjectNode) sentinelNode, username, password, tls);
            r.ignore("address", "the source is the master (or replica) [sync_reader.sentinel] names");
            address = sentinel.address();
        } else {
            address = checkedAddress(r, r.requiredString("address", "add address = \"127.0.0.1:6379\" (the source)"));
        }
        rejectClusterWithSentinel(r, cluster, sentinel, "source");
        if (preferReplica && !cluster && sentinel == null) {
            throw r.invalid("prefer_replica", "= true needs replicas to choose from: a cluster source (cluster = true) "
                    + "or one found through [sync_reader.sentinel]", "for a standalone source set address to the "
                    + "replica itself and prefer_replica = false");
        }
        boolean syncRdb = r.bool("sync_rdb", true);
        boolean syncAof = r.bool("sync_aof", true);
        if (!syncRdb && !syncAof) {
            throw r.invalid("sync_aof", "= false together with sync_rdb = false leaves nothing to migrate",
                    "set sync_rdb = true (the snapshot), sync_aof = true (the live commands), or both");
        }
        return new SyncReaderConfig(address, username, password, tls, syncRdb, syncAof, cluster, preferReplica, sentinel);
    }

    /**
     * Ferry's table form of a Sentinel ({@code [redis_writer.sentinel]}, {@code [sync_reader.sentinel]}): the master's
     * name, the Sentinel's address, and the Sentinel's own login, which defaults to the data nodes' one.
     */
    private static SentinelConfig sentinelTable(LoadContext ctx, String path, ObjectNode node, String username,
                                                String password, TlsSettings tls) {
        Section s = new Section(ctx, path, node, SENTINEL_KEYS, null);
        String masterName = s.requiredString("master_name", "add master_name = \"mymaster\"");
        if (masterName.isBlank()) {
            throw s.invalid("master_name", "must not be empty", "write the name the sentinels monitor, e.g. \"mymaster\"");
        }
        String sentinelAddress = checkedAddress(s, s.requiredString("address",
                "add address = \"127.0.0.1:26379\" (the sentinel's address)"));
        return new SentinelConfig(masterName, sentinelAddress, s.string("username", username),
                s.string("password", password), tls(s, tls, ctx));
    }

    private static void rejectClusterWithSentinel(Section s, boolean cluster, SentinelConfig sentinel, String what) {
        if (cluster && sentinel != null) {
            throw s.invalid("cluster", "= true cannot be combined with a sentinel", "a cluster " + what
                    + " is found through its nodes: remove the sentinel settings, or set cluster = false");
        }
    }

    // --- TLS, in every section that connects to Redis --------------------------------------------

    private static List<String> withTls(String... keys) {
        List<String> all = new ArrayList<>(List.of(keys));
        all.addAll(TLS_KEYS);
        return List.copyOf(all);
    }

    /** Where a TLS file setting was written: a {@code tls_*} key, or RedisShake's {@code tls_config} table key. */
    private record TlsKey(Section section, String key) {}

    /**
     * {@code tls}, {@code tls_ca}, {@code tls_cert}, {@code tls_key} and {@code tls_skip_verify} of a table (and
     * RedisShake's {@code [<table>.tls_config]} where the table allows it), each defaulting to {@code inherited}'s.
     * The PEM files are read here, so a file that cannot be used is a config error at its key.
     */
    private static TlsSettings tls(Section s, TlsSettings inherited, LoadContext ctx) {
        Map<String, TlsKey> given = new LinkedHashMap<>();
        Section shake = null;
        if (s.has("tls_config")) {
            shake = new Section(ctx, s.keyPath("tls_config"), s.table("tls_config"), TLS_CONFIG_KEYS, null);
        }
        String ca = tlsFile(s, shake, "tls_ca", "ca_cert", inherited.caFile(), given);
        String cert = tlsFile(s, shake, "tls_cert", "cert", inherited.certFile(), given);
        String key = tlsFile(s, shake, "tls_key", "key", inherited.keyFile(), given);
        boolean enabled = s.bool("tls", inherited.enabled());
        boolean skip = s.bool("tls_skip_verify", inherited.skipVerify());
        if (s.has("tls_skip_verify") && skip) {
            given.put("tls_skip_verify", new TlsKey(s, "tls_skip_verify"));
        }
        if (!enabled) {
            if (!given.isEmpty()) {
                TlsKey k = given.values().iterator().next();
                throw k.section().invalid(k.key(), "is set but " + s.name() + " tls is false", "add tls = true to " + s.name()
                        + ", or remove " + k.key());
            }
            return TlsSettings.OFF;
        }
        if ((cert == null) != (key == null)) {
            TlsKey k = given.getOrDefault(cert == null ? "tls_key" : "tls_cert", new TlsKey(s, cert == null ? "tls_key" : "tls_cert"));
            throw k.section().invalid(k.key(), "needs " + (cert == null ? "tls_cert (the client certificate)"
                    : "tls_key (the client certificate's private key)") + " as well", "set both, or neither");
        }
        if (skip && ca != null) {
            ctx.note(s.name() + " tls_ca is not used: tls_skip_verify = true trusts any certificate");
        }
        TlsSettings settings = new TlsSettings(true, ca, cert, key, skip, s.path());
        try {
            TlsSockets.check(settings);
        } catch (TlsFileException e) {
            TlsKey k = given.getOrDefault(e.key(), new TlsKey(s, e.key()));
            throw k.section().invalid(k.key(), "= \"" + e.file() + "\" " + e.problem(), e.fix());
        }
        return settings;
    }

    /** An absolute file name from {@code key} (or RedisShake's {@code shakeKey}), else the inherited one; "" is unset. */
    private static String tlsFile(Section s, Section shake, String key, String shakeKey, String inherited,
                                  Map<String, TlsKey> given) {
        TlsKey where = null;
        if (s.has(key)) {
            where = new TlsKey(s, key);
        }
        if (shake != null && shake.has(shakeKey)) {
            if (where != null) {
                throw shake.invalid(shakeKey, "repeats " + s.name() + " " + key, "keep one of them");
            }
            where = new TlsKey(shake, shakeKey);
        }
        if (where == null) {
            return inherited;
        }
        String text = where.section().string(where.key(), "").strip();
        if (text.isEmpty()) {
            return null;
        }
        given.put(key, where);
        return localPath(where.section(), where.key(), text).toAbsolutePath().normalize().toString();
    }

    // --- [scan_reader] ---------------------------------------------------------------------------

    private static ScanReaderConfig scanReader(Section r, LoadContext ctx) {
        String address = checkedAddress(r, r.requiredString("address", "add address = \"127.0.0.1:6379\" (the source)"));
        boolean cluster = r.bool("cluster", false);
        List<Integer> dbs = dbs(r);
        if (cluster && !dbs.isEmpty() && !dbs.equals(List.of(0))) {
            throw r.invalid("dbs", "= " + dbs + " cannot be scanned on a cluster source: a cluster has only db 0",
                    "write dbs = [] or dbs = [0], or set cluster = false");
        }
        boolean scan = r.bool("scan", true);
        int count = r.intValue("count", 1, 1, MAX_SCAN_COUNT);
        boolean ksn = r.bool("ksn", false);
        boolean ksnConfigure = r.bool("ksn_configure", false);
        long maxQps = r.integer("max_qps", 0, 0, Long.MAX_VALUE);
        if (!scan && !ksn) {
            throw r.invalid("scan", "= false together with ksn = false leaves nothing to migrate",
                    "set scan = true (the keys there are), ksn = true (the keys that change), or both");
        }
        if (ksnConfigure && !ksn) {
            ctx.note(r.name() + " ksn_configure is ignored: ksn is not true");
        }
        return new ScanReaderConfig(address, r.string("username", ""), r.string("password", ""), tls(r, TlsSettings.OFF, ctx),
                cluster, dbs, scan, count, ksn, ksnConfigure, maxQps);
    }

    private static List<Integer> dbs(Section r) {
        JsonNode v = r.get("dbs");
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw r.typeError("dbs", "an array of db numbers", "write dbs = [0, 1], or dbs = [] for every db");
        }
        List<Integer> dbs = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isIntegralNumber() || item.bigIntegerValue().signum() < 0
                    || item.bigIntegerValue().bitLength() > 31) {
                throw r.invalid("dbs", "must be an array of db numbers (0 and up), but element " + (i + 1) + " is "
                        + Section.describe(item, false), null);
            }
            if (dbs.contains(item.intValue())) {
                throw r.invalid("dbs", "names db " + item.intValue() + " twice", "list each db once");
            }
            dbs.add(item.intValue());
        }
        return dbs;
    }

    // --- [redis_writer] --------------------------------------------------------------------------

    private static RedisWriterConfig redisWriter(Section w, AdvancedConfig advanced, LoadContext ctx) {
        boolean cluster = w.bool("cluster", false);
        String username = w.string("username", "");
        String password = w.string("password", "");
        TlsSettings tls = tls(w, TlsSettings.OFF, ctx);
        boolean offReply = w.bool("off_reply", false);

        JsonNode sentinelNode = w.get("sentinel");
        SentinelConfig sentinel = null;
        String address;
        String addressHint = "write it like \"127.0.0.1:6379\"";
        if (sentinelNode != null && sentinelNode.isObject()) {
            sentinel = sentinelTable(ctx, "redis_writer.sentinel", (ObjectNode) sentinelNode, username, password, tls);
            w.ignore("master", "with a [redis_writer.sentinel] table the master is its master_name");
            address = w.has("address") ? checkedAddress(w, w.string("address", "")) : sentinel.address();
        } else {
            address = checkedAddress(w, w.requiredString("address", "add address = \"127.0.0.1:6379\""));
            boolean flat;
            if (sentinelNode == null) {
                flat = false;
            } else if (sentinelNode.isBoolean()) {
                flat = sentinelNode.booleanValue();
            } else {
                throw w.typeError("sentinel", "a boolean (RedisShake's sentinel = true) or a table", null);
            }
            String master = w.string("master", "");
            if (flat) {
                if (master.isBlank()) {
                    throw w.invalid("master", "must name the sentinel master when sentinel = true",
                            "add master = \"mymaster\"");
                }
                // RedisShake's form: address, username, password and the tls keys are the sentinel's
                sentinel = new SentinelConfig(master, address, username, password, tls);
            } else if (!master.isEmpty()) {
                ctx.note(w.name() + " master is ignored: sentinel is not true");
            }
        }

        if (offReply && advanced.rdbRestoreCommandBehavior() == ConflictPolicy.PANIC) {
            throw w.invalid("off_reply", "= true cannot be combined with [advanced] rdb_restore_command_behavior "
                    + "= \"panic\": without replies an existing key cannot be detected",
                    "set rdb_restore_command_behavior to \"rewrite\" or \"skip\", or off_reply = false");
        }
        rejectClusterWithSentinel(w, cluster, sentinel, "target");
        return new RedisWriterConfig(address, username, password, tls, cluster, offReply, sentinel);
    }

    private static String checkedAddress(Section s, String address) {
        String problem = HostPort.problem(address);
        if (problem != null) {
            throw s.invalid("address", "\"" + address + "\" is not a valid host:port: it " + problem,
                    "write it like \"127.0.0.1:6379\"");
        }
        return address;
    }

    // --- [advanced] ------------------------------------------------------------------------------

    private static List<String> advancedKeys() {
        List<String> keys = new ArrayList<>(ADVANCED_FERRY_KEYS);
        keys.addAll(IGNORED_ADVANCED_KEYS.keySet());
        return keys;
    }

    private static Map<String, String> ignoredAdvancedKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ncpu", "Ferry's parallelism is [flink] parallelism");
        m.put("pprof_port", "Ferry runs on the JVM; profile it with JFR or a Java profiler");
        m.put("log_file", "Ferry logs through Log4j 2; configure log files there");
        m.put("log_rotation", "Ferry logs through Log4j 2; configure log rotation there");
        m.put("log_max_size", "Ferry logs through Log4j 2; configure log rotation there");
        m.put("log_max_age", "Ferry logs through Log4j 2; configure log rotation there");
        m.put("log_max_backups", "Ferry logs through Log4j 2; configure log rotation there");
        m.put("log_compress", "Ferry logs through Log4j 2; configure log rotation there");
        m.put("aws_psync", "it only applies to RedisShake's [sync_reader] from AWS ElastiCache");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static AdvancedConfig advanced(Section a, LoadContext ctx) {
        String dirText = a.string("dir", AdvancedConfig.DEFAULT_DIR);
        if (dirText.isBlank()) {
            throw a.invalid("dir", "must not be empty", "the default is \"data\"");
        }
        Path dir = localPath(a, "dir", dirText).toAbsolutePath().normalize();

        String logLevel = a.string("log_level", AdvancedConfig.DEFAULT_LOG_LEVEL).strip().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw a.invalid("log_level", "must be one of \"" + String.join("\", \"", LOG_LEVELS) + "\", got "
                    + Section.describe(a.get("log_level"), false), null);
        }
        int logInterval = a.intValue("log_interval", AdvancedConfig.DEFAULT_LOG_INTERVAL, 0, Integer.MAX_VALUE);

        ConflictPolicy policy = AdvancedConfig.DEFAULT_RDB_RESTORE_COMMAND_BEHAVIOR;
        if (a.has("rdb_restore_command_behavior")) {
            String text = a.string("rdb_restore_command_behavior", "");
            try {
                policy = ConflictPolicy.parse(text);
            } catch (IllegalArgumentException e) {
                throw a.invalid("rdb_restore_command_behavior", e.getMessage(), null);
            }
        }
        int pipeline = a.intValue("pipeline_count_limit", AdvancedConfig.DEFAULT_PIPELINE_COUNT_LIMIT, 1, Integer.MAX_VALUE);
        long querybuf = a.integer("target_redis_client_max_querybuf_len",
                AdvancedConfig.DEFAULT_TARGET_REDIS_CLIENT_MAX_QUERYBUF_LEN, 1, Long.MAX_VALUE);
        long bulk = a.integer("target_redis_proto_max_bulk_len",
                AdvancedConfig.DEFAULT_TARGET_REDIS_PROTO_MAX_BULK_LEN, 0, Long.MAX_VALUE);
        if (a.has("target_redis_proto_max_bulk_len") && bulk == 0) {
            ctx.note("[advanced] target_redis_proto_max_bulk_len = 0 means the target's own proto-max-bulk-len to Ferry, while "
                    + "RedisShake writes every key with commands then; set it to 1 for that");
        }
        int rewriteBatch = a.intValue("rewrite_batch_size", AdvancedConfig.DEFAULT_REWRITE_BATCH_SIZE, 1, MAX_REWRITE_BATCH_SIZE);
        boolean empty = a.bool("empty_db_before_sync", AdvancedConfig.DEFAULT_EMPTY_DB_BEFORE_SYNC);
        int statusPort = a.intValue("status_port", AdvancedConfig.DEFAULT_STATUS_PORT, 0, 65535);
        long maxQps = a.integer("target_redis_max_qps", AdvancedConfig.DEFAULT_TARGET_REDIS_MAX_QPS, 0, Long.MAX_VALUE);
        String markerPrefix = a.string("marker_prefix", AdvancedConfig.DEFAULT_MARKER_PREFIX);
        if (markerPrefix.isEmpty() || markerPrefix.chars().anyMatch(ch -> ch <= ' ' || ch == '{' || ch == '}')) {
            throw a.invalid("marker_prefix", "must be a non-empty name without spaces or braces, got \"" + markerPrefix + "\"",
                    "pick a prefix no key of the source starts with; the default is \"" + AdvancedConfig.DEFAULT_MARKER_PREFIX + "\"");
        }

        IGNORED_ADVANCED_KEYS.forEach(a::ignore);
        return new AdvancedConfig(dir, logLevel, logInterval, policy, pipeline, querybuf, bulk, rewriteBatch, empty, statusPort,
                maxQps, markerPrefix);
    }

    // --- [flink] ---------------------------------------------------------------------------------

    private static FlinkConfig flink(Section f, AdvancedConfig advanced) {
        int parallelism = f.intValue("parallelism", FlinkConfig.DEFAULT_PARALLELISM, 1, MAX_PARALLELISM);
        Duration interval = FlinkConfig.DEFAULT_CHECKPOINT_INTERVAL;
        JsonNode v = f.get("checkpoint_interval");
        String durationHint = "write milliseconds (10000) or a duration such as \"500ms\", \"10s\", \"1m\"";
        if (v != null) {
            if (v.isIntegralNumber()) {
                interval = Duration.ofMillis(f.integer("checkpoint_interval", 0, 0, Long.MAX_VALUE));
            } else if (v.isTextual()) {
                interval = parseDuration(f.string("checkpoint_interval", ""));
                if (interval == null) {
                    throw f.invalid("checkpoint_interval", "is not a duration: "
                            + Section.describe(v, false), durationHint);
                }
            } else {
                throw f.typeError("checkpoint_interval", "an integer of milliseconds or a string such as \"10s\"",
                        durationHint);
            }
            if (interval.compareTo(FlinkConfig.MIN_CHECKPOINT_INTERVAL) < 0) {
                throw f.invalid("checkpoint_interval", "must be at least 10ms (Flink's minimum), got "
                        + interval.toMillis() + "ms", durationHint);
            }
        }
        Path checkpointDir;
        if (f.has("checkpoint_dir")) {
            String text = f.string("checkpoint_dir", "");
            if (text.isBlank()) {
                throw f.invalid("checkpoint_dir", "must not be empty",
                        "leave it out to use [advanced] dir + \"/checkpoints\"");
            }
            checkpointDir = localPath(f, "checkpoint_dir", text).toAbsolutePath().normalize();
        } else {
            checkpointDir = advanced.dir().resolve(FlinkConfig.DEFAULT_CHECKPOINT_SUBDIR);
        }
        Delivery delivery = FlinkConfig.DEFAULT_DELIVERY;
        if (f.has("delivery")) {
            try {
                delivery = Delivery.parse(f.string("delivery", ""));
            } catch (IllegalArgumentException e) {
                throw f.invalid("delivery", e.getMessage(), "see the README's \"Delivery\" section for what each costs");
            }
        }
        return new FlinkConfig(parallelism, interval, checkpointDir, delivery);
    }

    /** "500ms", "10s", "1.5m", "2h", or ISO-8601 "PT10S"; null if it is none of those. */
    public static Duration parseDuration(String text) {
        String t = text.strip();
        if (t.regionMatches(true, 0, "PT", 0, 2)) {
            try {
                return Duration.parse(t);
            } catch (RuntimeException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            return null;
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        if (millis > Long.MAX_VALUE / 2) {
            return null;
        }
        return Duration.ofMillis(Math.round(millis));
    }

    // --- [filter], [module], function ------------------------------------------------------------

    private static void module(Section m, LoadContext ctx) {
        if (m.has("target_mbbloom_version")) {
            m.integer("target_mbbloom_version", 0, 0, Long.MAX_VALUE);
            m.ignore("target_mbbloom_version", "Ferry does not convert RedisBloom (MBbloom) module data");
        }
    }

    /** RedisShake v4.0's top-level {@code function}, which later versions moved into {@code [filter]}: the same script. */
    private static String topLevelFunction(ObjectNode root, String key, LoadContext ctx) {
        JsonNode v = root.get(key);
        if (!v.isTextual()) {
            throw ctx.error("function", "function must be a string, got " + Section.describe(v, false), null);
        }
        String problem = v.textValue().isBlank() ? null : ShakeScript.problem(v.textValue());
        if (problem != null) {
            throw ctx.error("function", "function does not compile: " + problem, "the number after 'function:' is the "
                    + "line in the script; see RedisShake's function API in the README");
        }
        if (v.textValue().isBlank()) {
            ctx.note("function is ignored: it is empty");
        }
        return v.textValue();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Path localPath(Section s, String key, String text) {
        try {
            if (text.regionMatches(true, 0, "file:", 0, 5)) {
                return Path.of(URI.create(text));
            }
            if (text.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
                throw s.invalid(key, "must be a local path, got \"" + text + "\"",
                        "URIs such as s3:// or hdfs:// are not supported yet");
            }
            return Path.of(text);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw s.invalid(key, "is not a valid path: \"" + text + "\" (" + e.getMessage() + ")", null);
        }
    }

    private static Map<String, List<String>> sectionKeys() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("rdb_reader", RDB_READER_KEYS);
        m.put("aof_reader", List.of());
        m.put("redis_writer", REDIS_WRITER_KEYS);
        // after [redis_writer]: a stray address, password... most likely belongs to the writer
        m.put("sync_reader", SYNC_READER_KEYS);
        m.put("scan_reader", SCAN_READER_KEYS);
        m.put("advanced", advancedKeys());
        m.put("flink", FLINK_KEYS);
        m.put("filter", FilterLoader.KEYS);
        m.put("module", MODULE_KEYS);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The (first) section that knows a key, or null. */
    private static String sectionOf(String key) {
        for (Map.Entry<String, List<String>> e : SECTION_KEYS.entrySet()) {
            if (e.getValue().contains(key)) {
                return e.getKey();
            }
        }
        return null;
    }
}
