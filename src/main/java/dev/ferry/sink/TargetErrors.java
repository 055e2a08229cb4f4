package dev.ferry.sink;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.rdb.DumpPayload;
import dev.ferry.resp.RespError;

/** Turns an error reply into a failure that names what was refused, where, and what to do. */
public final class TargetErrors {
    private TargetErrors() {}

    static TargetWriteException refused(String target, KeyEvent e, RespError err) {
        return refused(target, "key", e, err);
    }

    /** {@code what} of the key was refused, e.g. "RPUSH for key" on the command path. */
    static TargetWriteException refused(String target, String what, KeyEvent e, RespError err) {
        return new TargetWriteException("target " + target + " refused " + what + " '" + e.printableKey() + "' (db " + e.db()
                + ", from " + e.splitId() + "@" + e.position() + "): " + err.message()
                + advice(err, DumpPayload.rdbVersion(e.payload())), null);
    }

    static TargetWriteException refused(String target, CommandEvent c, RespError err) {
        return new TargetWriteException("target " + target + " refused command '" + c.printable() + "' (db " + c.db() + ", from "
                + c.splitId() + "@" + c.position() + "): " + err.message() + advice(err), null);
    }

    /** The block as a whole: refused while its commands were queued (then EXEC answered EXECABORT), or at EXEC. */
    static TargetWriteException refused(String target, TransactionEvent t, RespError err) {
        return new TargetWriteException("target " + target + " refused MULTI/EXEC block '" + t.printable() + "' (db " + t.db()
                + ", from " + t.splitId() + "@" + t.position() + "): " + err.message() + advice(err), null);
    }

    /** What to do about an error reply that is not about a particular key, e.g. while probing the target. */
    public static String advice(RespError err) {
        return advice(err, -1);
    }

    private static String advice(RespError err, int payloadRdbVersion) {
        String m = err.message();
        if (err.is("OOM")) {
            return ". The target reached maxmemory: raise it or free memory, then run again with --resume";
        }
        if (m.contains("payload version or checksum")) {
            return ". The target Redis is older than this key's encoding (RDB version " + payloadRdbVersion
                    + "): migrate to a Redis that supports it, or to one of the same version as the source";
        }
        if (err.is("NOAUTH") || err.is("NOPERM") || err.is("WRONGPASS")) {
            return ". Check [redis_writer] username/password and that the user may run RESTORE, DUMP, PEXPIRETIME, PTTL, SELECT, INFO, FUNCTION, "
                    + "RENAME and the write commands of every type (keys too big or too new for RESTORE are written with them)";
        }
        if (err.is("READONLY")) {
            return ". The target is a replica: point [redis_writer] address at its master";
        }
        if (m.contains("unknown command")) {
            return ". The target Redis does not know this command: migrate to a Redis at least as new as the source";
        }
        return ". Nothing was skipped; fix the target and run again with --resume";
    }
}
