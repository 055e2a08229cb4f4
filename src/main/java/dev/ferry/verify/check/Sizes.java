package dev.ferry.verify.check;

/** Byte counts as people read them: {@code 1,536 B}, {@code 12.5 MB} (powers of 1024, as Redis's own "mb"). */
final class Sizes {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB"};

    private Sizes() {}

    static String of(long bytes) {
        if (bytes < 10 * 1024) {
            return String.format("%,d B", bytes);
        }
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format("%.1f %s", v, UNITS[unit]);
    }
}
