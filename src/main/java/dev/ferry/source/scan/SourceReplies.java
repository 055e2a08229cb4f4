package dev.ferry.source.scan;

import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.source.SourceSetupException;
import java.nio.charset.StandardCharsets;

/** Turns the source's replies into values, and its error replies into a failure that says what to change. */
final class SourceReplies {
    private SourceReplies() {}

    /** {@code reply}, unless it is an error: then a failure naming the command, the source and the fix. */
    static Object check(Object reply, String command, RedisEndpoint source) {
        if (reply instanceof RespError err) {
            throw refused(command, source, err);
        }
        return reply;
    }

    static SourceSetupException refused(String command, RedisEndpoint source, RespError err) {
        return new SourceSetupException("source " + ScanSettings.SECTION + " at " + source.address() + " refused " + command
                + ": " + err.message() + advice(err));
    }

    private static String advice(RespError err) {
        if (err.is("NOPERM") || err.is("NOAUTH") || err.is("WRONGPASS")) {
            return "; check " + ScanSettings.SECTION + " username and password: the user needs +info +scan +dump +pttl +select "
                    + "(+function for function libraries, +psubscribe +config|get for ksn)";
        }
        return "";
    }

    static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
