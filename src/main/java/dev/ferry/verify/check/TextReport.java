package dev.ferry.verify.check;

import java.io.PrintStream;
import java.util.Map;

/** The report as {@code ferry check} prints it by default: one screen, the verdict last. */
public final class TextReport {
    private TextReport() {}

    public static void print(CheckReport r, PrintStream out) {
        if (r.source() != null) {
            source(r.source(), out);
        }
        if (r.target() != null) {
            target(r.target(), out);
        }
        if (r.restorePlan() != null) {
            RestorePlan p = r.restorePlan();
            out.printf("restore       %,d keys by RESTORE, %,d by element commands (%,d bigger than the restore limit, "
                    + "%,d in encodings the target does not load)%n", p.byRestore(), p.byCommands(), p.payloadTooBig(), p.encodingTooNew());
        }
        if (r.collisions() != null) {
            collisions(r.collisions(), out);
        }
        out.println();
        for (Finding f : r.findings()) {
            out.printf("%-8s %-14s %s%n", f.severity(), f.topic(), f.message());
        }
        out.println();
        if (r.canRun()) {
            out.println("OK: the migration can run as configured (policy " + r.policy() + ")");
        } else {
            out.printf("BLOCKED: %d blocker%s, the migration cannot run as configured%n", r.blockers().size(),
                    r.blockers().size() == 1 ? "" : "s");
        }
    }

    private static void source(SourceReport s, PrintStream out) {
        out.printf("source        %s %s%n", s.kind(), String.join(", ", s.location()));
        out.printf("              %sRDB version %d, %,d keys%s%s%n", s.version() != null ? "Redis " + s.version() + ", " : "",
                s.rdbVersion(), s.keys(), perDb(s.keysPerDb()),
                s.expiredKeys() > 0 ? String.format(", %,d already expired (not written)", s.expiredKeys()) : "");
        out.printf("              data %s (%s)%s%n", Sizes.of(s.datasetBytes()), s.datasetBasis(),
                s.biggestPayload() >= 0 ? ", biggest DUMP payload " + Sizes.of(s.biggestPayload()) + " (" + s.biggestKey() + ")" : "");
        for (SourceReport.SourceNode n : s.nodes()) {
            out.printf("              %s %s, %sacl: %s%n", n.facts().address(), n.facts().role(), s.replicated()
                    ? "replica output buffer " + limit(n.facts().outputBufferLimits().get("replica")) + ", " : "", acl(n.acl()));
        }
    }

    private static void target(TargetReport t, PrintStream out) {
        out.printf("target        %s %s%s, Redis %s, RESTORE takes RDB versions up to %d, restore limit %s%n", t.kind(),
                t.address(), t.sentinelMaster() != null ? " (master " + t.sentinelMaster() + ")" : "", t.version(),
                t.newestRdbVersion(), Sizes.of(t.restoreLimit()));
        for (TargetNode n : t.masters()) {
            ServerFacts f = n.facts();
            out.printf("  master      %s%s: maxmemory %s (%s), used_memory %s, %,d keys, normal output buffer %s, acl: %s%n",
                    f.address(), n.slots().isEmpty() ? "" : " slots " + n.slots(),
                    f.maxmemory() == 0 ? "no limit" : Sizes.of(f.maxmemory()), f.maxmemoryPolicy(), Sizes.of(f.usedMemory()),
                    f.keys(), limit(f.outputBufferLimits().get("normal")), acl(n.acl()));
            if (!n.replicas().isEmpty()) {
                out.printf("    replicas  %s%n", String.join(", ", n.replicas()));
            }
        }
    }

    private static void collisions(CollisionPreview c, PrintStream out) {
        out.printf("collisions    %s%,d of %,d source keys exist on the target%s%n", c.estimated() ? "about " : "", c.existing(),
                c.checked(), c.estimated() ? " (estimated: a sample scaled to the source's DBSIZE)" : "");
        c.existingPerDb().forEach((db, n) -> out.printf("  db%-4d      %,d existing of %,d looked up%n", db, n, c.checkedPerDb().get(db)));
        c.notChecked().forEach((db, n) -> out.printf("  db%-4d      %,d keys not looked up (a cluster has only db 0)%n", db, n));
        if (!c.sample().isEmpty()) {
            out.printf("  e.g.        %s%n", String.join(", ", c.sample()));
        }
        c.outcomes().values().forEach(o -> out.printf("  %s%n", o));
        out.printf("  (%s)%n", CollisionPreview.METHOD);
    }

    private static String perDb(Map<Integer, Long> keysPerDb) {
        StringBuilder sb = new StringBuilder();
        keysPerDb.forEach((db, n) -> sb.append(sb.length() == 0 ? " (" : ", ").append("db").append(db).append(' ')
                .append(String.format("%,d", n)));
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    private static String limit(OutputBufferLimit l) {
        if (l == null) {
            return "unknown";
        }
        return l.effectiveBytes() == 0 ? "unlimited" : Sizes.of(l.effectiveBytes());
    }

    private static String acl(AclReport a) {
        if (AclReport.CHECKED.equals(a.status())) {
            return "user " + a.user() + (a.denied().isEmpty() ? " may run every command Ferry needs" : " denied " + a.denied());
        }
        return a.status() + (a.detail() != null ? " (" + a.detail() + ")" : "");
    }
}
