package dev.ferry.verify.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Everything {@code ferry check} found. Parts it could not read are null; why is among the findings.
 *
 * @param config      the config file
 * @param policy      {@code [advanced] rdb_restore_command_behavior}
 * @param source      the source, or null when unreachable
 * @param target      the target, or null when unreachable
 * @param restorePlan how an RDB file's keys will be written (RESTORE or element commands), or null
 * @param collisions  source keys that already exist on the target, or null
 * @param findings    blockers first, then warnings, then notes
 */
public record CheckReport(String config, String policy, SourceReport source, TargetReport target, RestorePlan restorePlan,
                          CollisionPreview collisions, List<Finding> findings) {
    public CheckReport {
        findings = findings.stream().sorted(java.util.Comparator.comparing(Finding::severity)).toList();
    }

    /** True when nothing blocks the migration as configured. */
    @JsonProperty("can_run")
    public boolean canRun() {
        return findings.stream().noneMatch(f -> f.severity() == Severity.BLOCKER);
    }

    public List<Finding> blockers() {
        return findings.stream().filter(f -> f.severity() == Severity.BLOCKER).toList();
    }
}
