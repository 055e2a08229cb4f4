package dev.ferry.cli.inspect;

import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.value.ElementCounter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/** The one-screen overview of a snapshot: what {@code ferry inspect} prints by default. */
public final class SummaryReport {
    private static final int BIGGEST = 10;

    /** A key among the biggest, by serialized (raw RDB) size. */
    public record BigKey(int db, String key, String type, long bytes, long elements) {}

    private final Path file;
    private final long fileBytes;
    private int rdbVersion;
    private final Map<String, String> aux = new LinkedHashMap<>();
    private final Map<Integer, Map<String, Long>> keysPerDbAndType = new TreeMap<>();
    private long keys;
    private long keysWithTtl;
    private long keysAlreadyExpired;
    private long valueBytes;
    private final List<String> functions = new ArrayList<>();
    private final Map<String, Long> moduleTypes = new TreeMap<>();
    private final PriorityQueue<BigKey> biggest = new PriorityQueue<>(Comparator.comparingLong(BigKey::bytes));

    private SummaryReport(Path file, long fileBytes) {
        this.file = file;
        this.fileBytes = fileBytes;
    }

    public static SummaryReport read(RdbParser parser, Path file, long fileBytes) {
        SummaryReport r = new SummaryReport(file, fileBytes);
        r.rdbVersion = parser.rdbVersion();
        long now = System.currentTimeMillis();
        for (RdbRecord rec; (rec = parser.next()) != null; ) {
            if (rec instanceof KeyRecord k) {
                r.addKey(k, parser.captureValue(), now);
            } else if (rec instanceof RdbRecord.Aux a) {
                r.aux.put(a.name(), new String(a.value(), StandardCharsets.UTF_8));
            } else if (rec instanceof RdbRecord.Function f) {
                r.functions.add(f.name() != null ? f.name() : firstLine(f.code()));
            } else if (rec instanceof RdbRecord.ModuleAux m) {
                r.moduleTypes.merge(m.moduleType() + " (aux)", 1L, Long::sum);
            }
        }
        return r;
    }

    private void addKey(KeyRecord k, byte[] raw, long now) {
        keys++;
        valueBytes += raw.length;
        String type = RdbType.logicalName(k.type());
        keysPerDbAndType.computeIfAbsent(k.db(), d -> new TreeMap<>()).merge(type, 1L, Long::sum);
        if (k.expireAtMs() != KeyRecord.NO_EXPIRE) {
            keysWithTtl++;
            if (k.expireAtMs() < now) {
                keysAlreadyExpired++;
            }
        }
        if (k.type() == RdbType.MODULE_2) {
            moduleTypes.merge(JsonValues.moduleName(raw), 1L, Long::sum);
        }
        // Element counts cost a decode, so only keys that make it into the top list get one.
        if (biggest.size() < BIGGEST || raw.length > biggest.peek().bytes()) {
            long elements = ElementCounter.count(RdbInput.of(raw), k.type());
            biggest.add(new BigKey(k.db(), k.printableKey(), type, raw.length, elements));
            if (biggest.size() > BIGGEST) {
                biggest.poll();
            }
        }
    }

    public long keys() {
        return keys;
    }

    public Map<Integer, Map<String, Long>> keysPerDbAndType() {
        return keysPerDbAndType;
    }

    public List<BigKey> biggestKeys() {
        List<BigKey> list = new ArrayList<>(biggest);
        list.sort(Comparator.comparingLong(BigKey::bytes).reversed());
        return list;
    }

    public void print(PrintStream out) {
        out.printf("file          %s (%,d bytes)%n", file, fileBytes);
        out.printf("rdb version   %d%n", rdbVersion);
        if (!aux.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            aux.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(shorten(v)));
            out.printf("aux           %s%n", sb);
        }
        out.printf("keys          %,d (%,d with TTL, %,d of them already expired), values %,d bytes%n",
                keys, keysWithTtl, keysAlreadyExpired, valueBytes);
        for (Map.Entry<Integer, Map<String, Long>> db : keysPerDbAndType.entrySet()) {
            long total = db.getValue().values().stream().mapToLong(Long::longValue).sum();
            StringBuilder sb = new StringBuilder();
            db.getValue().forEach((t, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(t).append(' ').append(String.format("%,d", n)));
            out.printf("  db%-4d %,12d  %s%n", db.getKey(), total, sb);
        }
        if (!functions.isEmpty()) {
            out.printf("functions     %d: %s%n", functions.size(), String.join(", ", functions));
        }
        if (!moduleTypes.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            moduleTypes.forEach((m, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(m).append(" x").append(n));
            out.printf("modules       %s%n", sb);
        }
        List<BigKey> top = biggestKeys();
        if (!top.isEmpty()) {
            out.printf("biggest keys (serialized size)%n");
            for (BigKey b : top) {
                out.printf("  %,12d B  %-6s %,10d elements  db%d %s%n", b.bytes(), b.type(), b.elements(), b.db(), b.key());
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static String firstLine(byte[] code) {
        String s = new String(code, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        return shorten(nl < 0 ? s : s.substring(0, nl));
    }
}
