package dev.ferry.verify.check;

import java.io.IOException;

/** Reads a configured source for {@code ferry check}: one implementation per kind of source. */
interface SourceSurvey {

    /** A key of the source, so permission checks use a real key name; null when the source has no key. */
    byte[] sampleKey() throws IOException;

    /** Reads the source, passing each key (or each sampled key) to {@code listener}. */
    SourceReport read(KeyListener listener) throws IOException;

    /**
     * Keys per db to scale the listener's counts up to when {@link #read} only sampled, or null when it saw every key.
     * Valid after {@link #read}.
     */
    java.util.Map<Integer, Long> sampledFrom();
}
