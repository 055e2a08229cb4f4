package dev.ferry.resp.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of {@link TlsSettings} with the JDK alone: certificates ({@code CERTIFICATE} blocks) and an
 * unencrypted private key in any of the forms OpenSSL writes: PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). The last two are wrapped into PKCS#8 with the
 * algorithm of the certificate the key belongs to, which is also checked to match it.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String CA_FIX = "give the PEM file of the CA that signed the server's certificate";
    private static final String CERT_FIX = "give the PEM file of Ferry's client certificate (-----BEGIN CERTIFICATE-----)";
    private static final String KEY_FIX = "give the PEM file of the private key of tls_cert (-----BEGIN PRIVATE KEY-----)";

    private PemFiles() {}

    /** A PEM block: its type ("CERTIFICATE"), whether its headers say it is encrypted, and its DER bytes. */
    private record Block(String type, boolean encrypted, byte[] der) {}

    /** The trusted CAs of {@code tls_ca}. */
    static List<X509Certificate> caCertificates(TlsSettings s) {
        return certificates(s, "tls_ca", s.caFile(), CA_FIX);
    }

    /** The client certificate of {@code tls_cert}, leaf first, then any intermediates the file holds. */
    static List<X509Certificate> clientChain(TlsSettings s) {
        return certificates(s, "tls_cert", s.certFile(), CERT_FIX);
    }

    /** The private key of {@code tls_key}, checked to belong to {@code cert}. */
    static PrivateKey clientKey(TlsSettings s, X509Certificate cert) {
        String file = s.keyFile();
        Block key = null;
        for (Block b : blocks(s, "tls_key", file, KEY_FIX)) {
            if (b.type().endsWith("PRIVATE KEY")) {
                key = b;
                break;
            }
        }
        if (key == null) {
            throw new TlsFileException(s, "tls_key", file, "holds no private key (no -----BEGIN PRIVATE KEY----- block)",
                    KEY_FIX, null);
        }
        if (key.encrypted() || key.type().equals("ENCRYPTED PRIVATE KEY")) {
            throw new TlsFileException(s, "tls_key", file, "is encrypted, and Ferry reads unencrypted keys only",
                    "decrypt it (openssl pkey -in KEY -out KEY.plain) and protect that file by its permissions", null);
        }
        PublicKey pub = cert.getPublicKey();
        byte[] pkcs8 = switch (key.type()) {
            case "PRIVATE KEY" -> key.der();
            case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> Der.pkcs8(Der.algorithmIdentifier(pub.getEncoded()), key.der());
            default -> throw new TlsFileException(s, "tls_key", file, "holds a key of an unknown form (" + key.type() + ")",
                    "convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)", null);
        };
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance(pub.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsFileException(s, "tls_key", file, "holds no " + pub.getAlgorithm() + " private key, the kind the "
                    + "certificate of tls_cert has (" + e.getMessage() + ")", KEY_FIX, e);
        }
        if (!belongsTo(privateKey, pub)) {
            throw new TlsFileException(s, "tls_key", file, "does not belong to the certificate in tls_cert ("
                    + s.certFile() + ")", "give the key that was made together with that certificate", null);
        }
        return privateKey;
    }

    private static List<X509Certificate> certificates(TlsSettings s, String key, String file, String fix) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Block b : blocks(s, key, file, fix)) {
            if (b.type().equals("CERTIFICATE")) {
                try {
                    certs.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(b.der())));
                } catch (CertificateException e) {
                    throw new TlsFileException(s, key, file, "holds a certificate that cannot be read (" + e.getMessage()
                            + ")", fix, e);
                }
            }
        }
        if (certs.isEmpty()) {
            throw new TlsFileException(s, key, file, "holds no certificate (no -----BEGIN CERTIFICATE----- block)", fix, null);
        }
        return certs;
    }

    private static List<Block> blocks(TlsSettings s, String key, String file, String fix) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(s, key, file, "does not exist", fix, e);
        } catch (IOException | RuntimeException e) {
            throw new TlsFileException(s, key, file, "cannot be read (" + e + ")", fix, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            StringBuilder base64 = new StringBuilder();
            boolean encrypted = false;
            for (String line : m.group(2).split("\r?\n")) {
                if (line.contains(":")) {
                    encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
                } else {
                    base64.append(line.strip());
                }
            }
            try {
                blocks.add(new Block(m.group(1), encrypted, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new TlsFileException(s, key, file, "is not valid PEM: its " + m.group(1) + " block is not base64 ("
                        + e.getMessage() + ")", fix, e);
            }
        }
        if (blocks.isEmpty()) {
            throw new TlsFileException(s, key, file, "is not a PEM file (no -----BEGIN ...----- line)", fix, null);
        }
        return blocks;
    }

    /** Signs with the key and verifies with the certificate's public key: the only way that works for every algorithm. */
    private static boolean belongsTo(PrivateKey key, PublicKey pub) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // a rare algorithm: the TLS handshake finds a mismatch anyway
        }
        try {
            byte[] data = new byte[32];
            new SecureRandom().nextBytes(data);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(data);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Just enough DER to wrap a traditional (PKCS#1, SEC1) private key into PKCS#8. */
    static final class Der {
        private Der() {}

        /** The AlgorithmIdentifier, the first element of a SubjectPublicKeyInfo: it names the algorithm (and EC curve). */
        static byte[] algorithmIdentifier(byte[] subjectPublicKeyInfo) {
            int inner = contentStart(subjectPublicKeyInfo, 0);
            int end = contentStart(subjectPublicKeyInfo, inner) + contentLength(subjectPublicKeyInfo, inner);
            byte[] out = new byte[end - inner];
            System.arraycopy(subjectPublicKeyInfo, inner, out, 0, out.length);
            return out;
        }

        /** PrivateKeyInfo: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING { key } }. */
        static byte[] pkcs8(byte[] algorithmIdentifier, byte[] traditionalKey) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[] {0x02, 0x01, 0x00});
            body.writeBytes(algorithmIdentifier);
            body.writeBytes(tlv(0x04, traditionalKey));
            return tlv(0x30, body.toByteArray());
        }

        private static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(n >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        private static int contentStart(byte[] der, int at) {
            int first = der[at + 1] & 0xff;
            return at + 2 + (first < 0x80 ? 0 : first & 0x7f);
        }

        private static int contentLength(byte[] der, int at) {
            int first = der[at + 1] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int n = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                n = (n << 8) | (der[at + 2 + i] & 0xff);
            }
            return n;
        }
    }
}
