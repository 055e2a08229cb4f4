package dev.ferry.verify.check;

import java.util.List;

/**
 * What {@code ACL DRYRUN} said about the commands Ferry needs on one server.
 *
 * @param user    the configured username, or {@code default} when none is configured
 * @param status  {@code checked}, {@code default user} (no username configured: not checked), or
 *                {@code could not check} (before Redis 7.0, or ACL DRYRUN itself refused)
 * @param denied  the commands the user may not run, each with the server's reason
 * @param detail  why it could not be checked, or null
 */
public record AclReport(String user, String status, List<String> denied, String detail) {
    public static final String CHECKED = "checked";
    public static final String DEFAULT_USER = "default user";
    public static final String COULD_NOT_CHECK = "could not check";

    public AclReport {
        denied = List.copyOf(denied);
    }

    static AclReport defaultUser() {
        return new AclReport("default", DEFAULT_USER, List.of(), null);
    }

    static AclReport couldNotCheck(String user, String why) {
        return new AclReport(user, COULD_NOT_CHECK, List.of(), why);
    }
}
