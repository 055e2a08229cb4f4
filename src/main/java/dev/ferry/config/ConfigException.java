package dev.ferry.config;

/**
 * The one error type of Ferry's configuration loading.
 *
 * <p>The message is meant for a human and is complete on its own: it says what is wrong, where
 * (the config file and line, such as {@code shake.toml:12}, or the {@code --set} override that
 * caused it) and, where possible, how to fix it. It never contains a password.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    /**
     * @param message the complete, human-readable message
     * @param source the config file name, {@code --set}, or {@code null}
     * @param line the 1-based line in {@code source}, or -1 when unknown
     */
    public ConfigException(String message, String source, int line) {
        super(message);
        this.source = source;
        this.line = line;
    }

    public ConfigException(String message, String source, int line, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.line = line;
    }

    /** The config file (as named to the loader) or {@code "--set"}; may be {@code null}. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem in {@link #source()}, or -1 when unknown. */
    public int line() {
        return line;
    }
}
