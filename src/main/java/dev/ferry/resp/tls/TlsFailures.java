package dev.ferry.resp.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says in one sentence why a TLS connection failed and which setting to change: the JDK's messages name
 * certification paths and alerts, not Ferry's keys.
 */
public final class TlsFailures {
    private TlsFailures() {}

    /**
     * @param where          the server, as messages name it: "target [redis_writer] at 10.0.0.5:6380"
     * @param host           the host Ferry connected to, which the certificate must name
     * @param e              what the handshake, or the first command after it, threw
     * @param handshakeDone  the client's side of the handshake had completed: under TLS 1.3 a server refuses the
     *                       client's certificate only then, by an alert or by closing the connection
     * @param timeoutSeconds how long the handshake was given
     */
    public static String describe(String where, String host, TlsSettings s, IOException e, boolean handshakeDone,
                                  int timeoutSeconds) {
        String all = messages(e);
        String lower = all.toLowerCase(Locale.ROOT);
        String prefix = "TLS connection to " + where + " failed: ";
        if (e instanceof SocketTimeoutException && !handshakeDone) {
            return prefix + "no answer to the TLS handshake within " + timeoutSeconds + " s; is that the server's tls-port? "
                    + "For a plain port set " + s.setting("tls") + " = false";
        }
        if (lower.contains("unrecognized ssl message") || lower.contains("plaintext connection")) {
            return prefix + "the server does not speak TLS on that port; set " + s.setting("tls") + " = false, or use the "
                    + "server's tls-port";
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return prefix + "the server's certificate does not name " + host + " (" + firstLine(e) + "); connect by a name or "
                    + "IP address the certificate lists (its subject alternative names), or give the server a certificate "
                    + "for " + host;
        }
        if (lower.contains("pkix path") || lower.contains("certification path") || lower.contains("certpath")) {
            String trusted = s.caFile() == null ? "the JVM's default trust store" : s.setting("tls_ca") + " (" + s.caFile() + ")";
            return prefix + "the server's certificate is not signed by a CA in " + trusted + "; set " + s.setting("tls_ca")
                    + " to the PEM file of the CA that signed it (tls_skip_verify = true trusts any certificate: for tests only)";
        }
        if (lower.contains("certificate_required") || lower.contains("bad_certificate") || lower.contains("unknown_ca")
                || lower.contains("certificate_unknown") || lower.contains("access_denied")) {
            if (!s.hasClientCertificate()) {
                return prefix + "the server requires a client certificate (" + firstLine(e) + "); set "
                        + s.setting("tls_cert") + " and " + s.setting("tls_key");
            }
            return prefix + "the server refused Ferry's client certificate " + s.setting("tls_cert") + " (" + s.certFile()
                    + ", " + firstLine(e) + "); it must be signed by a CA in the server's tls-ca-cert-file";
        }
        if (handshakeDone && !(e instanceof SSLException)) {
            // the server hung up instead of answering: what a TLS 1.3 server does with a certificate it will not take
            return prefix + "the server closed the connection right after the handshake (" + firstLine(e) + "); "
                    + (s.hasClientCertificate() ? "it most likely refused Ferry's client certificate " + s.setting("tls_cert")
                    + " (" + s.certFile() + "): it must be signed by a CA in the server's tls-ca-cert-file"
                    : "it most likely requires a client certificate: set " + s.setting("tls_cert") + " and "
                    + s.setting("tls_key"));
        }
        return prefix + firstLine(e) + "; check " + s.setting("tls") + " and the tls_* keys beside it";
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
