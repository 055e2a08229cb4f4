package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test, and the certificates it issues, written as PEM files the way OpenSSL
 * writes them: what a TLS test gives redis-server ({@code --tls-cert-file ...}) and Ferry ({@code tls_ca ...}).
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** How a private key is written: PKCS#8 ({@code PRIVATE KEY}), or the algorithm's own form (PKCS#1, SEC1). */
    public enum KeyForm { PKCS8, TRADITIONAL, ENCRYPTED_PKCS8, ENCRYPTED_TRADITIONAL }

    /** An issued certificate's files. */
    public record Issued(Path cert, Path key) {}

    private final Path dir;
    private final String name;
    private final KeyPair keys;
    private final X509Certificate cert;
    private final Path caFile;

    private TestCertificates(Path dir, String name, KeyPair keys, X509Certificate cert) {
        this.dir = dir;
        this.name = name;
        this.keys = keys;
        this.cert = cert;
        this.caFile = dir.resolve(name + ".pem");
        writePem(caFile, cert);
    }

    /** A new self-signed CA named {@code name}; its certificate goes to {@code dir/name.pem}. */
    public static TestCertificates authority(Path dir, String name) {
        try {
            KeyPair keys = ec();
            X500Name subject = new X500Name("CN=" + name);
            JcaX509v3CertificateBuilder b = builder(subject, subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new TestCertificates(dir, name, keys, sign(b, keys.getPrivate()));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the test CA", e);
        }
    }

    /** The CA's certificate file: what {@code tls_ca} and {@code --tls-ca-cert-file} name. */
    public Path caFile() {
        return caFile;
    }

    /** A server certificate for the given IP addresses and DNS names, EC key in PKCS#8. */
    public Issued server(String fileName, String... ipsAndNames) {
        return issue(fileName, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, ec(), KeyForm.PKCS8, ipsAndNames);
    }

    /**
     * A certificate for a server that also connects to its peers over TLS: a cluster node with {@code tls-cluster yes}
     * (the bus authenticates both ends whatever {@code tls-auth-clients} says), a replica or a Sentinel with {@code
     * tls-replication yes}. It serves as a server's and as a client's certificate.
     */
    public Issued peer(String fileName, String... ipsAndNames) {
        return issue(fileName, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}, ec(),
                KeyForm.PKCS8, ipsAndNames);
    }

    /** A client certificate with an RSA key written in {@code form} (PKCS#1 for {@code TRADITIONAL}). */
    public Issued rsaClient(String fileName, KeyForm form) {
        return issue(fileName, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, keyPair("RSA", 2048), form);
    }

    /** A client certificate with an EC key written in {@code form} (SEC1 for {@code TRADITIONAL}). */
    public Issued ecClient(String fileName, KeyForm form) {
        return issue(fileName, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, ec(), form);
    }

    private Issued issue(String fileName, KeyPurposeId[] purposes, KeyPair subjectKeys, KeyForm form, String... ipsAndNames) {
        try {
            JcaX509v3CertificateBuilder b = builder(new X500Name("CN=" + name), new X500Name("CN=" + fileName),
                    subjectKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            if (ipsAndNames.length > 0) {
                List<GeneralName> names = new ArrayList<>();
                for (String n : ipsAndNames) {
                    names.add(Character.isDigit(n.charAt(0)) ? new GeneralName(GeneralName.iPAddress, n)
                            : new GeneralName(GeneralName.dNSName, n));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            X509Certificate issued = sign(b, keys.getPrivate());
            Path certFile = dir.resolve(fileName + ".pem");
            Path keyFile = dir.resolve(fileName + ".key");
            writePem(certFile, issued);
            writeKey(keyFile, subjectKeys.getPrivate(), form);
            return new Issued(certFile, keyFile);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue " + fileName, e);
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, java.security.PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, key);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePem(Path file, Object o) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeKey(Path file, PrivateKey key, KeyForm form) throws OperatorCreationException, IOException {
        switch (form) {
            case TRADITIONAL -> writePem(file, key);
            case PKCS8 -> writePem(file, new JcaPKCS8Generator(key, null));
            case ENCRYPTED_PKCS8 -> writePem(file, new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(
                    JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider()).setPassword("pw".toCharArray()).build()));
            case ENCRYPTED_TRADITIONAL -> {
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
                    pem.writeObject(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
                            .build("pw".toCharArray()));
                }
            }
        }
    }
}
