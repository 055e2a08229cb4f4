package dev.ferry.verify.check;

import dev.ferry.config.AdvancedConfig;
import dev.ferry.config.FilterConfig;
import dev.ferry.config.ConflictPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Judges what the surveys found: each rule adds its blockers, warnings and notes. */
final class CheckRules {
    /** Below this many bytes of normal-class output buffer per pipelined reply, a target may drop Ferry's connection. */
    private static final long BUFFER_PER_REPLY = 1024;

    private final AdvancedConfig advanced;
    private final List<Finding> findings = new ArrayList<>();

    private CheckRules(AdvancedConfig advanced) {
        this.advanced = advanced;
    }

    static List<Finding> evaluate(AdvancedConfig advanced, FilterConfig filter, SourceReport source, TargetReport target, RestorePlan plan,
                                  CollisionPreview collisions) {
        CheckRules r = new CheckRules(advanced);
        if (source != null) {
            r.sourceAcl(source);
            r.replicaBuffer(source);
        }
        if (target != null) {
            r.targetAcl(target);
            r.evictionPolicy(target);
            r.outputBuffer(target);
            r.configRefused(target);
        }
        if (source != null && target != null) {
            r.clusterDbs(source, target, filter);
            r.memory(source, target);
            r.bulkLength(source, target);
            r.encodings(source, target, plan);
        }
        if (collisions != null) {
            r.collisions(collisions);
        }
        return r.findings;
    }

    private void collisions(CollisionPreview c) {
        ConflictPolicy policy = advanced.rdbRestoreCommandBehavior();
        String outcome = c.outcomes().get(policy.name().toLowerCase(java.util.Locale.ROOT));
        if (c.existing() == 0) {
            findings.add(Finding.note("collisions", "no source key exists on the target"
                    + (c.estimated() ? " (estimated from a sample)" : "")));
        } else if (advanced.emptyDbBeforeSync()) {
            findings.add(Finding.warning("collisions", String.format("%,d source keys exist on the target, and "
                    + "[advanced] empty_db_before_sync = true runs FLUSHALL on it first: everything on the target is deleted",
                    c.existing())));
        } else if (policy == ConflictPolicy.PANIC) {
            findings.add(Finding.blocker("collisions", outcome + " (e.g. " + c.sample().get(0) + "); set [advanced] "
                    + "rdb_restore_command_behavior = \"rewrite\" (source wins) or \"ignore\" (target wins), or empty the "
                    + "target (empty_db_before_sync = true)"));
        } else {
            findings.add(Finding.note("collisions", outcome));
        }
    }

    private void clusterDbs(SourceReport source, TargetReport target, FilterConfig filter) {
        if (!target.isCluster()) {
            return;
        }
        Map<Integer, Long> other = source.keysPerDb().entrySet().stream().filter(e -> filter.targetDb(e.getKey()) != 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (!other.isEmpty()) {
            findings.add(Finding.blocker("cluster", "the source has keys in db " + other.keySet().stream().sorted().toList()
                    + " (" + other.values().stream().mapToLong(Long::longValue).sum() + " keys) and a cluster target has "
                    + "only db 0: map them to 0 with [filter] db_map (when their keys do not collide), or migrate those dbs "
                    + "to a standalone target"));
        }
    }

    private void memory(SourceReport source, TargetReport target) {
        long limit = 0;
        long used = 0;
        for (TargetNode n : target.masters()) {
            if (n.facts().maxmemory() == 0) {
                findings.add(Finding.note("memory", "target " + n.facts().address() + " has no maxmemory limit; the source's data is "
                        + Sizes.of(source.datasetBytes()) + " (" + source.datasetBasis() + ")"));
                return;
            }
            limit += n.facts().maxmemory();
            used += n.facts().usedMemory();
        }
        long free = Math.max(0, limit - used);
        String sizes = "the source's data is " + Sizes.of(source.datasetBytes()) + " (" + source.datasetBasis() + "), the target has "
                + Sizes.of(free) + " free (maxmemory " + Sizes.of(limit) + ", used_memory " + Sizes.of(used)
                + (target.masters().size() > 1 ? ", summed over " + target.masters().size() + " masters" : "") + ")";
        if (source.datasetBytes() > free) {
            findings.add(Finding.blocker("memory", "the data does not fit: " + sizes
                    + "; raise maxmemory on the target or free memory there"));
        } else {
            findings.add(Finding.note("memory", sizes));
        }
    }

    private void evictionPolicy(TargetReport target) {
        for (TargetNode n : target.masters()) {
            String p = n.facts().maxmemoryPolicy();
            if (p != null && !"noeviction".equals(p)) {
                findings.add(Finding.warning("memory", "target " + n.facts().address() + " has maxmemory-policy " + p
                        + ": when it fills up it evicts keys, migrated ones and Ferry's temporary keys among them; "
                        + "use noeviction during the migration"));
            }
        }
    }

    private void bulkLength(SourceReport source, TargetReport target) {
        String limit = "restore limit " + Sizes.of(target.restoreLimit()) + " (target proto-max-bulk-len "
                + Sizes.of(target.protoMaxBulkLen())
                + (advanced.targetRedisProtoMaxBulkLen() > 0 ? ", [advanced] target_redis_proto_max_bulk_len "
                + Sizes.of(advanced.targetRedisProtoMaxBulkLen()) : "") + ")";
        if (source.biggestPayload() < 0) {
            findings.add(Finding.note("bulk length", limit + "; a live source's value sizes are not read by check: "
                    + "any value above the limit is written by element commands"));
        } else if (source.biggestPayload() > target.restoreLimit()) {
            findings.add(Finding.note("bulk length", "the biggest value (" + source.biggestKey() + ", DUMP payload "
                    + Sizes.of(source.biggestPayload()) + ") is above the " + limit
                    + ": such keys are written by element commands, not RESTORE"));
        } else {
            findings.add(Finding.note("bulk length", "the biggest value (" + source.biggestKey() + ", DUMP payload "
                    + Sizes.of(source.biggestPayload()) + ") is within the " + limit));
        }
    }

    private void encodings(SourceReport source, TargetReport target, RestorePlan plan) {
        if (plan != null) {
            if (plan.encodingTooNew() > 0) {
                findings.add(Finding.note("restore", String.format("%,d keys are in encodings newer than the target's "
                        + "Redis %s loads (it takes RDB versions up to %d, the file is RDB %d): they are written by element "
                        + "commands", plan.encodingTooNew(), target.version(), target.newestRdbVersion(), source.rdbVersion())));
            }
            return;
        }
        if (source.rdbVersion() > target.newestRdbVersion()) {
            findings.add(Finding.note("restore", "the source runs Redis " + source.version() + " (RDB " + source.rdbVersion()
                    + "), the target " + target.version() + " takes RDB versions up to " + target.newestRdbVersion()
                    + ": keys in encodings the target does not load are written by element commands"));
        }
    }

    private void outputBuffer(TargetReport target) {
        long needed = (long) advanced.pipelineCountLimit() * BUFFER_PER_REPLY;
        for (TargetNode n : target.masters()) {
            OutputBufferLimit normal = n.facts().outputBufferLimits().get("normal");
            if (normal != null && normal.effectiveBytes() > 0 && normal.effectiveBytes() < needed) {
                findings.add(Finding.warning("output buffer", "target " + n.facts().address()
                        + " limits a normal client's output buffer to " + Sizes.of(normal.effectiveBytes())
                        + ", little for " + advanced.pipelineCountLimit() + " pipelined replies ([advanced] "
                        + "pipeline_count_limit; a conflict check reads whole values): the target may drop Ferry's "
                        + "connection. Raise client-output-buffer-limit normal or lower pipeline_count_limit"));
            }
        }
    }

    private void replicaBuffer(SourceReport source) {
        if (!source.replicated()) {
            return;
        }
        for (SourceReport.SourceNode n : source.nodes()) {
            OutputBufferLimit replica = n.facts().outputBufferLimits().get("replica");
            long snapshot = n.facts().usedMemoryDataset();
            if (replica != null && replica.effectiveBytes() > 0 && replica.effectiveBytes() < snapshot) {
                findings.add(Finding.warning("source buffer", "source " + n.facts().address()
                        + " drops a replica whose output buffer passes " + Sizes.of(replica.effectiveBytes())
                        + " (client-output-buffer-limit replica " + replica.hardBytes() + " " + replica.softBytes() + " "
                        + replica.softSeconds() + "), less than its snapshot (about " + Sizes.of(snapshot)
                        + ", used_memory_dataset). Ferry spools what it receives, but the source must hold the writes made "
                        + "while it forks and sends the snapshot; for the migration run CONFIG SET client-output-buffer-limit "
                        + "\"replica 0 0 0\" on the source (or a limit above the snapshot size)"));
            }
        }
    }

    private void targetAcl(TargetReport target) {
        for (TargetNode n : target.masters()) {
            acl("target " + n.facts().address(), n.acl(), "[redis_writer] username");
        }
    }

    private void sourceAcl(SourceReport source) {
        for (SourceReport.SourceNode n : source.nodes()) {
            acl("source " + n.facts().address(), n.acl(), source.replicated() ? "[sync_reader] username" : "[scan_reader] username");
        }
    }

    private void acl(String where, AclReport acl, String setting) {
        if (!acl.denied().isEmpty()) {
            findings.add(Finding.blocker("acl", where + ": user " + acl.user() + " may not run " + String.join(", ", acl.denied())
                    + "; grant them (ACL SETUSER) or use another user in " + setting));
        } else if (AclReport.COULD_NOT_CHECK.equals(acl.status())) {
            findings.add(Finding.note("acl", where + ": could not check the permissions of user " + acl.user() + ": " + acl.detail()));
        }
    }

    private void configRefused(TargetReport target) {
        for (TargetNode n : target.masters()) {
            if (n.facts().configRefused() != null) {
                findings.add(Finding.note("config", "target " + n.facts().address() + " refused " + n.facts().configRefused()
                        + "; Redis's defaults are assumed"));
            }
        }
    }
}
