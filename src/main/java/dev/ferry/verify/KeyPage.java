package dev.ferry.verify;

/**
 * One SCAN page of a live source's keys, on its way from the shard's scanner to a comparer of the verify job.
 *
 * @param shard the source server it came from (an index into the job's server list): its values are read there
 */
public record KeyPage(int shard, int db, byte[][] keys) {}
