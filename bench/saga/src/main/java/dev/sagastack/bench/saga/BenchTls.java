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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * The benchmark's TLS: a CA made at start and a server certificate for the endpoints' AWS names ({@link #AWS_NAMES},
 * which the probes resolve to 127.0.0.1 through {@link #hostsFile()}) and for 127.0.0.1/localhost, so the probes
 * reach every endpoint over TLS by its name, with SNI and the name verified, as a function in AWS does. The probes' trust store is the
 * JDK's {@code cacerts} plus this CA (and any other local CA), so loading it costs what loading the default
 * trust store costs in Lambda.
 */
final class BenchTls {

    static final String PASSWORD = "changeit";
    /** The names a function in us-east-1 reaches its endpoints by (DAX cluster and RDS Proxy in the stage's shape). */
    static final String DYNAMODB = "dynamodb.us-east-1.amazonaws.com";
    static final String SSM = "ssm.us-east-1.amazonaws.com";
    static final String DAX_CLUSTER = "sagastack-bench.x1y2z3.dax-clusters.us-east-1.amazonaws.com";
    static final String RDS_PROXY = "sagastack-inventory.proxy-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com";
    static final List<String> AWS_NAMES = List.of(DYNAMODB, SSM, DAX_CLUSTER, RDS_PROXY);
    private static final String HOSTS_FILE = "hosts";

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
        // the shape of an AWS endpoint's chain: RSA 2048 keys, SHA-256 with RSA signatures, a leaf issued by an
        // intermediate CA (as "Amazon RSA 2048 M0x") that chains to a root in the trust store ("Amazon Root CA 1");
        // the server sends leaf and intermediate, so the client verifies two RSA signatures and the handshake's
        // RSA-PSS CertificateVerify, as against dynamodb.<region>.amazonaws.com
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair rootKeys = gen.generateKeyPair();
        KeyPair intermediateKeys = gen.generateKeyPair();
        KeyPair serverKeys = gen.generateKeyPair();
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofMinutes(5)));
        Date to = Date.from(now.plus(Duration.ofDays(2)));
        X500Name rootName = new X500Name("CN=sagastack bench root CA");
        X509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(rootName, serial(), from, to, rootName,
                rootKeys.getPublic());
        rootBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        rootBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate ca = sign(rootBuilder, rootKeys);
        X500Name intermediateName = new X500Name("CN=sagastack bench RSA 2048 intermediate");
        X509v3CertificateBuilder intermediateBuilder = new JcaX509v3CertificateBuilder(rootName, serial(), from, to,
                intermediateName, intermediateKeys.getPublic());
        intermediateBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        intermediateBuilder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate intermediate = sign(intermediateBuilder, rootKeys);
        X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(intermediateName, serial(), from, to,
                new X500Name("CN=localhost"), serverKeys.getPublic());
        server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        server.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        List<GeneralName> names = new ArrayList<>();
        AWS_NAMES.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        server.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new)));
        X509Certificate serverCert = sign(server, intermediateKeys);

        char[] password = PASSWORD.toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {serverCert, intermediate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());

        Path cert = directory.resolve("server.crt");
        Files.writeString(cert, pem("CERTIFICATE", serverCert.getEncoded()) + pem("CERTIFICATE", intermediate.getEncoded()));
        Path key = directory.resolve("server.key");
        Files.writeString(key, pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
        // PostgreSQL refuses a key file others can read
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(directory.resolve(HOSTS_FILE), "127.0.0.1 " + String.join(" ", AWS_NAMES) + "\n");
        return new BenchTls(ca, context, cert, key, directory);
    }

    /**
     * A hosts file mapping {@link #AWS_NAMES} to 127.0.0.1, for the probes' {@code -Djdk.net.hosts.file} (the JDK's
     * own switch from the system resolver to a hosts file; names not in it do not resolve).
     */
    Path hostsFile() {
        return directory.resolve(HOSTS_FILE);
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
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
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
