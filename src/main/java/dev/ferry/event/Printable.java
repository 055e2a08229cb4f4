package dev.ferry.event;

/** Renders binary-safe Redis strings for humans, the way redis-cli quotes them. */
public final class Printable {
    private static final int MAX_SHOWN = 200;

    private Printable() {}

    public static String of(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(bytes.length, MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\\' || b == '"') {
                sb.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        if (bytes.length > MAX_SHOWN) {
            sb.append("...(").append(bytes.length).append(" bytes)");
        }
        return sb.toString();
    }
}
