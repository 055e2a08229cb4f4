package dev.ferry.resp.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS over a connected socket, as {@link TlsSettings} say: the CAs of {@code tls_ca} (else the JVM's default trust
 * store), the client certificate of {@code tls_cert}/{@code tls_key}, and the server's host name checked against its
 * certificate unless {@code tls_skip_verify}. The PEM files are read for every connection: connections are few and
 * long-lived, and a renewed certificate is picked up at the next reconnect.
 */
public final class TlsSockets {
    /** The key store password of the in-memory client key store: it never leaves this JVM. */
    private static final char[] IN_MEMORY = "ferry".toCharArray();

    private TlsSockets() {}

    /**
     * Reads the PEM files and checks they fit together, as the config loader does before anything connects.
     *
     * @throws TlsFileException naming the key and the file that cannot be used
     */
    public static void check(TlsSettings s) {
        if (s.enabled()) {
            factory(s);
        }
    }

    /**
     * Layers TLS over {@code plain} (connected to {@code host}) and completes the handshake.
     *
     * @throws TlsFileException when a PEM file cannot be used
     * @throws javax.net.ssl.SSLException when the handshake fails (see {@link TlsFailures})
     */
    public static SSLSocket handshake(Socket plain, String host, int port, TlsSettings s) throws IOException {
        SSLSocket socket = (SSLSocket) factory(s).createSocket(plain, host, port, true);
        if (!s.skipVerify()) {
            SSLParameters p = socket.getSSLParameters();
            // the same check as a browser's: the certificate must name the host (or IP) Ferry connects to
            p.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(p);
        }
        socket.startHandshake();
        return socket;
    }

    private static SSLSocketFactory factory(TlsSettings s) {
        if (s.caFile() == null && !s.hasClientCertificate() && !s.skipVerify()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(s), trustManagers(s), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for " + s.setting("tls") + ": " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(TlsSettings s) throws GeneralSecurityException, IOException {
        if (!s.hasClientCertificate()) {
            return null;
        }
        List<X509Certificate> chain = PemFiles.clientChain(s);
        PrivateKey key = PemFiles.clientKey(s, chain.get(0));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, IN_MEMORY);
        return kmf.getKeyManagers();
    }

    private static TrustManager[] trustManagers(TlsSettings s) throws GeneralSecurityException, IOException {
        if (s.skipVerify()) {
            return new TrustManager[] {new TrustAnything()};
        }
        if (s.caFile() == null) {
            return null;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate ca : PemFiles.caCertificates(s)) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    /** {@code tls_skip_verify}: every certificate is accepted (an extended manager, so the JDK adds no checks of its own). */
    private static final class TrustAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
