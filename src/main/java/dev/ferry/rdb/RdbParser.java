package dev.ferry.rdb;

import dev.ferry.event.Printable;
import dev.ferry.rdb.value.ModuleIds;
import dev.ferry.rdb.value.ValueVisitor;
import dev.ferry.rdb.value.ValueWalker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Pull parser for RDB snapshots (versions 1 to 12), streaming: it holds one value at most, and only when
 * the caller asks for it.
 *
 * <pre>{@code
 * RdbParser p = RdbParser.open(stream);
 * for (RdbRecord r; (r = p.next()) != null; ) {
 *     if (r instanceof KeyRecord k) { byte[] payload = p.captureDumpPayload(); ... }
 * }
 * }</pre>
 *
 * Between records, {@link #resumePoint()} tells where to continue from after a restart.
 */
public final class RdbParser {
    public static final int MAX_RDB_VERSION = 12;

    private static final int OPCODE_SLOT_INFO = 244;
    private static final int OPCODE_FUNCTION2 = 245;
    private static final int OPCODE_FUNCTION_PRE_GA = 246;
    private static final int OPCODE_MODULE_AUX = 247;
    private static final int OPCODE_IDLE = 248;
    private static final int OPCODE_FREQ = 249;
    private static final int OPCODE_AUX = 250;
    private static final int OPCODE_RESIZEDB = 251;
    private static final int OPCODE_EXPIRETIME_MS = 252;
    private static final int OPCODE_EXPIRETIME = 253;
    private static final int OPCODE_SELECTDB = 254;
    private static final int OPCODE_EOF = 255;

    private final RdbInput in;
    private final boolean verifyChecksum;
    private final ByteSink sink = new ByteSink(4096);

    private int version = -1;
    private int db;
    private KeyRecord pending;
    private boolean done;

    private RdbParser(RdbInput in, boolean verifyChecksum) {
        this.in = in;
        this.verifyChecksum = verifyChecksum;
    }

    /** Parses a whole snapshot from its first byte, verifying the trailing CRC-64. */
    public static RdbParser open(InputStream stream) {
        return open(stream, true);
    }

    public static RdbParser open(InputStream stream, boolean verifyChecksum) {
        RdbParser p = new RdbParser(RdbInput.of(stream, 0), verifyChecksum);
        p.in.enableCrc(0);
        p.readHeader();
        return p;
    }

    /** Continues a snapshot from a {@link ResumePoint}; {@code stream} must be positioned at its offset. */
    public static RdbParser resume(InputStream stream, ResumePoint point, boolean verifyChecksum) {
        RdbParser p = new RdbParser(RdbInput.of(stream, point.offset()), verifyChecksum);
        p.in.enableCrc(point.crc());
        p.version = point.rdbVersion();
        p.db = point.db();
        return p;
    }

    public int rdbVersion() {
        return version;
    }

    /** Where a new parser would continue after the record just returned (its value included). */
    public ResumePoint resumePoint() {
        finishPendingValue();
        return new ResumePoint(in.position(), db, in.crc(), version);
    }

    /** Bytes consumed so far (absolute offset in the file). */
    public long position() {
        return in.position();
    }

    /** The next record, or null after the EOF opcode (and checksum) have been read. */
    public RdbRecord next() {
        finishPendingValue();
        if (done) {
            return null;
        }
        long expireAt = KeyRecord.NO_EXPIRE;
        long idle = -1;
        int freq = -1;
        long entryStart = -1;
        while (true) {
            long opcodeOffset = in.position();
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (RdbFormatException e) {
                throw e.locate(opcodeOffset, null);
            }
            if (entryStart < 0) {
                entryStart = opcodeOffset;
            }
            try {
                switch (type) {
                    case OPCODE_EXPIRETIME_MS:
                        expireAt = in.readMillis();
                        continue;
                    case OPCODE_EXPIRETIME:
                        expireAt = (in.readInt32LE() & 0xffffffffL) * 1000L;
                        continue;
                    case OPCODE_IDLE:
                        idle = in.readLength();
                        continue;
                    case OPCODE_FREQ:
                        freq = in.readUnsignedByte();
                        continue;
                    case OPCODE_SELECTDB:
                        db = in.readCount("database number");
                        entryStart = -1;
                        continue;
                    case OPCODE_RESIZEDB:
                        in.readLength();
                        in.readLength();
                        entryStart = -1;
                        continue;
                    case OPCODE_SLOT_INFO:
                        in.readLength();
                        in.readLength();
                        in.readLength();
                        entryStart = -1;
                        continue;
                    case OPCODE_AUX:
                        return new RdbRecord.Aux(in.readUtf8(), in.readString());
                    case OPCODE_MODULE_AUX:
                        return moduleAux();
                    case OPCODE_FUNCTION2:
                        return new RdbRecord.Function(in.readString(), null, null, null);
                    case OPCODE_FUNCTION_PRE_GA:
                        return preGaFunction();
                    case OPCODE_EOF:
                        readChecksum();
                        done = true;
                        return null;
                    default:
                        break;
                }
            } catch (RdbFormatException e) {
                throw e.locate(opcodeOffset, null);
            }
            if (!RdbType.isKnown(type)) {
                throw new RdbFormatException(String.format("unknown opcode or value type %d (0x%02x) in an RDB version %d file",
                        type, type, version), opcodeOffset, null, null);
            }
            byte[] key;
            try {
                key = in.readString();
            } catch (RdbFormatException e) {
                throw e.locate(opcodeOffset, null);
            }
            pending = new KeyRecord(db, key, type, expireAt, idle, freq, entryStart);
            return pending;
        }
    }

    /** The pending key's value as its raw RDB bytes (what follows the type byte in a DUMP payload). */
    public byte[] captureValue() {
        KeyRecord k = takePending();
        sink.reset();
        capture(k);
        return sink.toByteArray();
    }

    /**
     * The pending key's value framed as a DUMP payload: type byte, raw value, 2-byte RDB version, CRC-64,
     * built in one pass with no re-encoding.
     */
    public byte[] captureDumpPayload() {
        KeyRecord k = takePending();
        sink.reset();
        sink.write(k.type());
        capture(k);
        return DumpPayload.seal(sink, RdbType.minRdbVersion(k.type()));
    }

    /** Skips the pending key's value and returns its length in bytes (the raw value a DUMP payload frames). */
    public long skipValue() {
        KeyRecord k = takePending();
        long start = in.position();
        skip(k);
        return in.position() - start;
    }

    /** Streams the pending key's elements to {@code visitor}, without holding the value. */
    public void decodeValue(ValueVisitor visitor) {
        KeyRecord k = takePending();
        try {
            ValueWalker.decode(in, k.type(), visitor);
        } catch (RdbFormatException e) {
            throw e.locate(in.position(), k.printableKey());
        }
    }

    private KeyRecord takePending() {
        if (pending == null) {
            throw new IllegalStateException("no key value is pending: call next() first");
        }
        KeyRecord k = pending;
        pending = null;
        return k;
    }

    private void finishPendingValue() {
        if (pending != null) {
            skip(takePending());
        }
    }

    /** Skips the value of {@code k}; a format error in it is located at the key. */
    private void skip(KeyRecord k) {
        try {
            ValueWalker.skip(in, k.type());
        } catch (RdbFormatException e) {
            throw e.locate(in.position(), k.printableKey());
        }
    }

    /** Skips the value of {@code k}, appending its raw bytes to {@link #sink}. */
    private void capture(KeyRecord k) {
        in.startCapture(sink);
        try {
            skip(k);
        } finally {
            in.stopCapture();
        }
    }

    private void readHeader() {
        byte[] magic = new byte[9];
        try {
            in.readFully(magic, 0, 9);
        } catch (RdbFormatException e) {
            throw new RdbFormatException("file is shorter than the 9-byte RDB header (\"REDIS\" + 4-digit version): "
                    + "it is empty or not an RDB snapshot", 0, null, e);
        }
        String text = new String(magic, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("REDIS")) {
            if (text.startsWith("VALKEY")) {
                throw new RdbFormatException("this is a Valkey 8.1+ snapshot (" + text + "); its format diverges from Redis "
                        + "and is not supported: save it with a Redis-compatible RDB version", 0, null, null);
            }
            throw new RdbFormatException("bad magic " + Printable.of(java.util.Arrays.copyOf(magic, 5))
                    + ", expected \"REDIS\": this is not an RDB snapshot", 0, null, null);
        }
        int v;
        try {
            v = Integer.parseInt(text.substring(5));
        } catch (NumberFormatException e) {
            throw new RdbFormatException("bad version digits \"" + Printable.of(java.util.Arrays.copyOfRange(magic, 5, 9))
                    + "\" in the RDB header", 5, null, null);
        }
        if (v < 1 || v > MAX_RDB_VERSION) {
            throw new RdbFormatException("unsupported RDB version " + v + ": Ferry reads versions 1 to " + MAX_RDB_VERSION
                    + " (Redis up to 7.4); save the snapshot with an older Redis or upgrade Ferry", 5, null, null);
        }
        version = v;
    }

    private RdbRecord moduleAux() {
        long moduleId = in.readLength();
        long whenOpcode = in.readLength();
        long when = in.readLength();
        if (whenOpcode != 2) {
            throw new RdbFormatException("module AUX 'when' field has opcode " + whenOpcode + ", expected 2 (unsigned int)");
        }
        ModuleIds.skipFields(in);
        return new RdbRecord.ModuleAux(ModuleIds.typeName(moduleId), ModuleIds.encodingVersion(moduleId), when);
    }

    private RdbRecord preGaFunction() {
        String name = in.readUtf8();
        String engine = in.readUtf8();
        long hasDescription = in.readLength();
        String description = hasDescription != 0 ? in.readUtf8() : null;
        byte[] code = in.readString();
        return new RdbRecord.Function(code, name, engine, description);
    }

    /** Versions 5+ end with the CRC-64 of everything before it; 0 means the writer had checksums off. */
    private void readChecksum() {
        if (version < 5) {
            return;
        }
        long computed = in.crc();
        long checksumOffset = in.position();
        long stored = in.readInt64LE();
        if (verifyChecksum && stored != 0 && stored != computed) {
            throw new RdbFormatException(String.format("checksum mismatch: the file says %016x, its content gives %016x; "
                    + "the file is damaged (copy it again from the source)", stored, computed), checksumOffset, null, null);
        }
    }
}
