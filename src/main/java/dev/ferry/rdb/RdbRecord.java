package dev.ferry.rdb;

/** What {@link RdbParser#next()} returns: the file's records in order, with the keyspace as {@link KeyRecord}s. */
public sealed interface RdbRecord permits RdbRecord.Aux, RdbRecord.Function, RdbRecord.ModuleAux, KeyRecord {

    /** An AUX field such as {@code redis-ver} or {@code ctime}. */
    record Aux(String name, byte[] value) implements RdbRecord {}

    /**
     * A function library. For the GA format (Redis 7.0+) {@code code} is the whole library source,
     * {@code #!lua name=...} included, and name/engine/description are null; the pre-GA format of the
     * 7.0 release candidates stores them separately.
     */
    record Function(byte[] code, String name, String engine, String description) implements RdbRecord {}

    /** Module data that is not part of a key (its fields are skipped). */
    record ModuleAux(String moduleType, int encodingVersion, long when) implements RdbRecord {}
}
