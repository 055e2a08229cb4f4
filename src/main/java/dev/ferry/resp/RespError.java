package dev.ferry.resp;

/** An error reply ({@code -BUSYKEY ...}): a value, not an exception, because callers decide per command. */
public record RespError(String message) {
    /** The error code, the first word: BUSYKEY, ERR, OOM, NOAUTH, WRONGPASS, MOVED... */
    public String code() {
        int sp = message.indexOf(' ');
        return sp < 0 ? message : message.substring(0, sp);
    }

    public boolean is(String code) {
        return message.startsWith(code) && (message.length() == code.length() || message.charAt(code.length()) == ' ');
    }
}
