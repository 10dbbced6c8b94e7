package dev.sagastack.local.dynamodb.dax;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at start for the local DAX's TLS port, and the server certificate it
 * issues (for localhost and 127.0.0.1). Clients verify the server unchanged once they trust the CA:
 * the DAX Java client validates with the JVM's default trust store, so pointing
 * {@code javax.net.ssl.trustStore} at {@link #trustStore()} (PKCS12, password {@value #TRUST_STORE_PASSWORD})
 * is enough; {@link #caCertificatePem()} is the same CA for other clients.
 */
public final class LocalCertificateAuthority {

    public static final String TRUST_STORE_PASSWORD = "changeit";
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final X509Certificate caCertificate;
    private final SSLContext serverContext;
    private final Path caCertificatePem;
    private final Path trustStore;

    private LocalCertificateAuthority(X509Certificate caCertificate, SSLContext serverContext, Path pem, Path trust) {
        this.caCertificate = caCertificate;
        this.serverContext = serverContext;
        this.caCertificatePem = pem;
        this.trustStore = trust;
    }

    /** A new CA and its server certificate for localhost and 127.0.0.1 (also the twin's PostgreSQL front's). */
    public static LocalCertificateAuthority create() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair caKeys = gen.generateKeyPair();
            KeyPair serverKeys = gen.generateKeyPair();
            Instant now = Instant.now();
            X500Name caName = new X500Name("CN=sagastack local DAX CA");
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), caName,
                    caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCert = sign(ca, caKeys);
            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)),
                    new X500Name("CN=localhost"), serverKeys.getPublic());
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509Certificate serverCert = sign(server, caKeys);

            char[] password = TRUST_STORE_PASSWORD.toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("dax", serverKeys.getPrivate(), password, new X509Certificate[] {serverCert, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, new SecureRandom());

            Path dir = Files.createTempDirectory("sagastack-dax-ca");
            dir.toFile().deleteOnExit();
            Path pem = dir.resolve("ca.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(caCert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            pem.toFile().deleteOnExit();
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sagastack-local-dax-ca", caCert);
            Path trustPath = dir.resolve("truststore.p12");
            try (OutputStream out = Files.newOutputStream(trustPath)) {
                trust.store(out, password);
            }
            trustPath.toFile().deleteOnExit();
            return new LocalCertificateAuthority(caCert, context, pem, trustPath);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the local DAX certificates", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    /** The server side's TLS context: the certificate the CA issued for localhost and 127.0.0.1, with its key. */
    public SSLContext serverContext() {
        return serverContext;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The CA certificate, PEM encoded. */
    public Path caCertificatePem() {
        return caCertificatePem;
    }

    /** A PKCS12 trust store holding only the CA certificate. */
    public Path trustStore() {
        return trustStore;
    }
}
