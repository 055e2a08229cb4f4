package dev.ferry.metrics;

import java.util.Map;

/**
 * Ferry's own Flink metrics: the name each operator registers, the group variable that labels it (a metric of a
 * split, a type, a command), whether it counts or measures, and its Prometheus name. The runner's reporter keeps
 * only these; the status endpoint and {@code /metrics} read them from it.
 */
public enum FerryMetric {
    // source reader (its operator's group)
    KEYS_READ("keysRead", null, Kind.COUNTER, "source_keys_read", "keys the source read (RDB file, replica snapshot, scan)"),
    KEYS_READ_BY_TYPE("keysRead", Label.TYPE, Kind.COUNTER, "source_keys_read_by_type", "keys the source read, per type"),
    BYTES_READ("bytesRead", null, Kind.COUNTER, "source_bytes_read", "DUMP payload bytes of the keys read"),
    EMPTY_KEYS_SKIPPED("emptyKeysSkipped", null, Kind.COUNTER, "source_empty_keys_skipped", "empty collections not emitted"),
    FUNCTIONS_READ("functionsRead", null, Kind.COUNTER, "source_functions_read", "function libraries read"),
    COMMANDS_READ("commandsRead", Label.COMMAND, Kind.COUNTER, "source_commands_read", "replicated commands read, per command"),
    FULL_SYNCS("fullSyncs", null, Kind.COUNTER, "source_full_syncs", "full synchronizations received"),
    PARTIAL_SYNCS("partialSyncs", null, Kind.COUNTER, "source_partial_syncs", "replications continued without a full sync"),
    SOURCE_RECONNECTS("reconnects", null, Kind.COUNTER, "source_reconnects", "source connections re-established"),
    // per split of the source reader
    PHASE("phase", Label.SPLIT, Kind.STATE, "split_phase", "1 for the phase the split is in (label phase)"),
    SNAPSHOT_PERCENT("snapshotPercent", Label.SPLIT, Kind.GAUGE, "split_snapshot_percent",
            "percent of the split's snapshot read; -1 while its size is unknown"),
    SNAPSHOT_BYTES_PARSED("snapshotBytesParsed", Label.SPLIT, Kind.GAUGE, "split_snapshot_bytes_parsed",
            "bytes of the RDB file or replica snapshot parsed"),
    SNAPSHOT_BYTES_TOTAL("snapshotBytesTotal", Label.SPLIT, Kind.GAUGE, "split_snapshot_size_bytes",
            "size of the RDB file or replica snapshot; -1 while unknown"),
    SNAPSHOT_KEYS_SCANNED("snapshotKeysScanned", Label.SPLIT, Kind.GAUGE, "split_snapshot_keys_scanned",
            "keys SCAN returned so far"),
    SNAPSHOT_KEYS_TOTAL("snapshotKeysTotal", Label.SPLIT, Kind.GAUGE, "split_snapshot_keys_expected",
            "keys INFO keyspace listed when the scan started"),
    LAG_BYTES("lagBytes", Label.SPLIT, Kind.GAUGE, "split_lag_bytes", "replication bytes received and not yet acknowledged by the target"),
    LAG_MS("lagMs", Label.SPLIT, Kind.GAUGE, "split_lag_ms", "age of the oldest byte received and not yet acknowledged by the target"),
    SPOOL_BYTES("spoolBytes", Label.SPLIT, Kind.GAUGE, "split_spool_bytes", "the split's spool on disk"),
    CAUGHT_UP("caughtUp", Label.SPLIT, Kind.GAUGE, "split_caught_up", "1 once the target acknowledged everything the split received"),
    // filter and db_map steps (group ferry)
    KEYS_FILTERED_OUT("keysFilteredOut", null, Kind.COUNTER, "filter_keys_filtered_out", "snapshot keys left out by [filter]"),
    COMMANDS_FILTERED_OUT("commandsFilteredOut", null, Kind.COUNTER, "filter_commands_filtered_out", "commands left out by [filter]"),
    COMMANDS_PARTLY_ALLOWED_DROPPED("commandsPartlyAllowedDropped", null, Kind.COUNTER, "filter_commands_partly_allowed_dropped",
            "commands on allowed and filtered keys that could not be cut per key"),
    DB_MAP_NO_OPS("dbMapNoOps", null, Kind.COUNTER, "db_map_no_ops", "MOVE/SWAPDB that db_map turned into no-ops"),
    // writer (group ferry)
    KEYS_RECEIVED("keysReceived", null, Kind.COUNTER, "writer_keys_received", "keys the writers were given"),
    KEYS_SENT("keysSent", null, Kind.COUNTER, "writer_keys_sent", "keys sent to the target"),
    KEYS_WRITTEN("keysWritten", null, Kind.COUNTER, "writer_keys_written", "keys the target acknowledged"),
    KEYS_WRITTEN_BY_COMMANDS("keysWrittenByCommands", null, Kind.COUNTER, "writer_keys_written_by_commands",
            "keys written with element commands"),
    BYTES_WRITTEN("bytesWritten", null, Kind.COUNTER, "writer_bytes_written", "DUMP payload bytes of the keys written"),
    EXPIRED_SKIPPED("expiredSkipped", null, Kind.COUNTER, "writer_expired_skipped", "keys expired before they could be written"),
    IDENTICAL_SKIPPED("identicalSkipped", null, Kind.COUNTER, "writer_identical_skipped", "keys the target already held with the same value"),
    CONFLICTS_REWRITTEN("conflictsRewritten", null, Kind.COUNTER, "writer_conflicts", "conflicts, per action", "rewritten"),
    CONFLICTS_SKIPPED("conflictsSkipped", null, Kind.COUNTER, "writer_conflicts", "conflicts, per action", "skipped"),
    UNSUPPORTED_ON_TARGET("unsupportedOnTarget", null, Kind.COUNTER, "writer_conflicts", "conflicts, per action",
            "unsupported_on_target"),
    UNSUPPORTED_CROSS_SLOT("unsupportedCrossSlot", null, Kind.COUNTER, "writer_conflicts", "conflicts, per action",
            "unsupported_cross_slot"),
    COMMANDS_RECEIVED("commandsReceived", null, Kind.COUNTER, "writer_commands_received", "commands the writers were given"),
    COMMANDS_SENT("commandsSent", null, Kind.COUNTER, "writer_commands_sent", "commands sent to the target"),
    COMMANDS_WRITTEN("commandsWritten", null, Kind.COUNTER, "writer_commands_written", "commands the target acknowledged"),
    TARGET_REDIRECTS("targetRedirects", null, Kind.COUNTER, "writer_target_redirects", "MOVED and ASK replies of a cluster target"),
    TARGET_RETRIES("targetRetries", null, Kind.COUNTER, "writer_target_retries",
            "commands sent again after a redirect, a transient refusal or a failover"),
    TARGET_RECONNECTS("targetReconnects", null, Kind.COUNTER, "writer_target_reconnects",
            "target master connections re-established after a failover");

    /** How a metric's value adds up: counters are summed over subtasks and kept when their task ends. */
    public enum Kind { COUNTER, GAUGE, STATE }

    /** A group variable that labels a metric: the key of its key-value group ({@code split=<id>}). */
    public enum Label {
        SPLIT("split"), TYPE("type"), COMMAND("command");

        private final String key;

        Label(String key) {
            this.key = key;
        }

        /** The key of the metric group ({@code group.addGroup(key, value)}). */
        public String key() {
            return key;
        }

        /** The variable Flink gives the group's value, {@code <split>}. */
        String variable() {
            return "<" + key + ">";
        }
    }

    private final String flinkName;
    private final Label label;
    private final Kind kind;
    private final String prometheusName;
    private final String help;
    private final String action;

    FerryMetric(String flinkName, Label label, Kind kind, String prometheusName, String help) {
        this(flinkName, label, kind, prometheusName, help, null);
    }

    FerryMetric(String flinkName, Label label, Kind kind, String prometheusName, String help, String action) {
        this.flinkName = flinkName;
        this.label = label;
        this.kind = kind;
        this.prometheusName = "ferry_" + prometheusName;
        this.help = help;
        this.action = action;
    }

    public String flinkName() {
        return flinkName;
    }

    /** The labelling group variable, or null. */
    public Label label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    public String prometheusName() {
        return prometheusName;
    }

    public String help() {
        return help;
    }

    /** The conflict action this counter counts ({@code action} label of {@code ferry_writer_conflicts}), or null. */
    public String action() {
        return action;
    }

    /** The metric {@code name} registered in a group with {@code variables} is, or null when it is not Ferry's. */
    static FerryMetric of(String name, Map<String, String> variables) {
        for (FerryMetric m : values()) {
            if (m.flinkName.equals(name) && (m.label == null ? unlabelled(variables) : variables.containsKey(m.label.variable()))) {
                return m;
            }
        }
        return null;
    }

    private static boolean unlabelled(Map<String, String> variables) {
        for (Label l : Label.values()) {
            if (variables.containsKey(l.variable())) {
                return false;
            }
        }
        return true;
    }

    /** The value of this metric's label in {@code variables}; "" for an unlabelled metric. */
    String labelValue(Map<String, String> variables) {
        return label == null ? "" : variables.get(label.variable());
    }
}
