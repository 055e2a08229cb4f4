package dev.ferry.verify.check;

/** Which RDB version a Redis version writes (its rdb.h RDB_VERSION), for a live source that sends no file to read. */
final class RdbVersions {
    private RdbVersions() {}

    /** @param versionNumber {@code major * 100 + minor} */
    static int writtenBy(int versionNumber) {
        if (versionNumber >= 704) {
            return 12;
        }
        if (versionNumber >= 702) {
            return 11;
        }
        if (versionNumber >= 700) {
            return 10;
        }
        if (versionNumber >= 500) {
            return 9;
        }
        if (versionNumber >= 400) {
            return 8;
        }
        return versionNumber >= 302 ? 7 : 6;
    }
}
