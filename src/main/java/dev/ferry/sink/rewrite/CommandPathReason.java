package dev.ferry.sink.rewrite;

/** Why a key cannot be RESTOREd on the target and has to be written with element commands. */
public enum CommandPathReason {
    /** The DUMP payload is longer than the target's proto-max-bulk-len, so RESTORE's argument is refused. */
    PAYLOAD_TOO_BIG,
    /** The value's encoding (RDB type) is newer than anything the target loads. */
    TYPE_UNKNOWN,
    /** The payload's RDB version stamp is newer than the target accepts. */
    RDB_VERSION_TOO_NEW
}
