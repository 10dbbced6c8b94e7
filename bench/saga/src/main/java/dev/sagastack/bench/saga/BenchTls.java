package dev.sagastack.bench.saga;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * The benchmark's TLS: a CA made at start and a server certificate for 127.0.0.1/localhost, so the probes
 * reach every endpoint over TLS with verification, as a function in AWS does. The probes' trust store is the
 * JDK's {@code cacerts} plus this CA (and any other local CA), so loading it costs what loading the default
 * trust store costs in Lambda.
 */
final class BenchTls {

    static final String PASSWORD = "changeit";

    private final X509Certificate ca;
    private final SSLContext serverContext;
    private final Path certificatePem;
    private final Path privateKeyPem;
    private final Path directory;

    private BenchTls(X509Certificate ca, SSLContext serverContext, Path certificatePem, Path privateKeyPem, Path directory) {
        this.ca = ca;
        this.serverContext = serverContext;
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
        this.directory = directory;
    }

    static BenchTls create(Path directory) throws Exception {
        Files.createDirectories(directory);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        KeyPair caKeys = gen.generateKeyPair();
        KeyPair serverKeys = gen.generateKeyPair();
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofMinutes(5)));
        Date to = Date.from(now.plus(Duration.ofDays(2)));
        X500Name caName = new X500Name("CN=sagastack bench CA");
        X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName,
                caKeys.getPublic());
        caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate ca = sign(caBuilder, caKeys);
        X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, serial(), from, to,
                new X500Name("CN=localhost"), serverKeys.getPublic());
        server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate serverCert = sign(server, caKeys);

        char[] password = PASSWORD.toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {serverCert, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());

        Path cert = directory.resolve("server.crt");
        Files.writeString(cert, pem("CERTIFICATE", serverCert.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
        Path key = directory.resolve("server.key");
        Files.writeString(key, pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
        // PostgreSQL refuses a key file others can read
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new BenchTls(ca, context, cert, key, directory);
    }

    SSLContext serverContext() {
        return serverContext;
    }

    Path certificatePem() {
        return certificatePem;
    }

    Path privateKeyPem() {
        return privateKeyPem;
    }

    /**
     * The JDK's cacerts plus this CA and {@code others}, for {@code javax.net.ssl.trustStore}, in the JDK 17
     * cacerts' own format (JKS: a digest over the file, no password-based decryption, so it loads as fast as
     * the trust store a Lambda function uses; a password-protected PKCS12 file would cost about 0.1 s more).
     */
    Path trustStore(List<X509Certificate> others) throws Exception {
        KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
        Path jdk = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        try (InputStream in = Files.newInputStream(jdk)) {
            cacerts.load(in, null);
        }
        KeyStore out = KeyStore.getInstance("JKS");
        out.load(null, null);
        for (String alias : Collections.list(cacerts.aliases())) {
            if (cacerts.isCertificateEntry(alias)) {
                out.setCertificateEntry(alias, cacerts.getCertificate(alias));
            }
        }
        out.setCertificateEntry("sagastack-bench-ca", ca);
        for (int i = 0; i < others.size(); i++) {
            out.setCertificateEntry("sagastack-local-ca-" + i, others.get(i));
        }
        Path file = directory.resolve("truststore.jks");
        try (OutputStream o = Files.newOutputStream(file)) {
            out.store(o, PASSWORD.toCharArray());
        }
        return file;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
