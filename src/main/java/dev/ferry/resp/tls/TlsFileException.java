package dev.ferry.resp.tls;

/**
 * A {@code tls_ca}, {@code tls_cert} or {@code tls_key} file that cannot be used. The config loader turns it into a
 * config error at the key's line; a connection made later (a file gone since) reports {@link #getMessage()}.
 */
public final class TlsFileException extends RuntimeException {
    private final String key;
    private final String file;
    private final String problem;
    private final String fix;

    TlsFileException(TlsSettings settings, String key, String file, String problem, String fix, Throwable cause) {
        super(settings.setting(key) + " = \"" + file + "\" " + problem + "; " + fix, cause);
        this.key = key;
        this.file = file;
        this.problem = problem;
        this.fix = fix;
    }

    /** The config key: {@code tls_ca}, {@code tls_cert} or {@code tls_key}. */
    public String key() {
        return key;
    }

    public String file() {
        return file;
    }

    /** What is wrong with the file, e.g. "holds no certificate". */
    public String problem() {
        return problem;
    }

    /** What to do about it. */
    public String fix() {
        return fix;
    }
}
