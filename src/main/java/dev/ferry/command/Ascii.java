package dev.ferry.command;

/** Case-insensitive ASCII on raw arguments: command names and keywords are ASCII, arguments may be any bytes. */
public final class Ascii {
    private Ascii() {}

    public static boolean equalsIgnoreCase(byte[] arg, byte[] asciiWord) {
        if (arg.length != asciiWord.length) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            if (lower(arg[i]) != lower(asciiWord[i])) {
                return false;
            }
        }
        return true;
    }

    /** The argument lower-cased as a String (for name lookups); non-ASCII bytes become U+FFFD and match nothing. */
    public static String lower(byte[] arg) {
        char[] out = new char[arg.length];
        for (int i = 0; i < arg.length; i++) {
            int b = arg[i] & 0xff;
            out[i] = b < 0x80 ? (char) lower((byte) b) : '\ufffd';
        }
        return new String(out);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
