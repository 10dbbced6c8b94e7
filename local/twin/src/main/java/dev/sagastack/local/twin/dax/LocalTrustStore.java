package dev.sagastack.local.twin.dax;

import dev.sagastack.local.dynamodb.dax.LocalCertificateAuthority;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes this JVM's default trust store trust the local DAX CA as well as what it trusted before. The DAX Java
 * client verifies {@code daxs://} servers with the JVM's default trust managers, and the functions build their
 * clients in this JVM, so the {@code javax.net.ssl.trustStore} properties are how their client learns the CA.
 * The store written is the current one (the one the properties name, else the JDK's {@code cacerts}) plus the
 * CA, so every other TLS client here keeps verifying public servers as before; the JVM's default SSL context is
 * replaced by one that trusts that store, for clients that take the default context rather than the properties.
 */
public final class LocalTrustStore {

    static final String ALIAS = "sagastack-local-dax-ca";

    private LocalTrustStore() {
    }

    static void trust(LocalCertificateAuthority authority) {
        trust(ALIAS, authority.caCertificate());
    }

    /** Adds {@code ca} under {@code caAlias} to what this JVM trusts (each local CA under its own alias). */
    public static synchronized void trust(String caAlias, X509Certificate ca) {
        try {
            KeyStore store = current();
            store.setCertificateEntry(caAlias, ca);
            Path file = Files.createTempFile("sagastack-twin-truststore", ".jks");
            file.toFile().deleteOnExit();
            char[] password = LocalCertificateAuthority.TRUST_STORE_PASSWORD.toCharArray();
            // JKS, the format of JDK 17's cacerts: a password-protected PKCS12 file encrypts every certificate
            // with a 10,000-iteration PBE, which this JVM's first TLS client (each function's SDK client, the
            // JDBC driver) would pay again to read it back (tenths of a second of start-up CPU)
            KeyStore out = KeyStore.getInstance("JKS");
            out.load(null, null);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    out.setCertificateEntry(alias, store.getCertificate(alias));
                }
            }
            try (OutputStream o = Files.newOutputStream(file)) {
                out.store(o, password);
            }
            System.setProperty("javax.net.ssl.trustStore", file.toString());
            System.setProperty("javax.net.ssl.trustStoreType", "JKS");
            System.setProperty("javax.net.ssl.trustStorePassword", LocalCertificateAuthority.TRUST_STORE_PASSWORD);
            // the JVM's default context is made once, on first use: a client that asks for it later (a JDBC
            // driver's default socket factory) gets one that trusts the store as it is now
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(out);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            SSLContext.setDefault(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add the local DAX CA to the trust store", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyStore current() throws IOException, GeneralSecurityException {
        String named = System.getProperty("javax.net.ssl.trustStore");
        Path path = named != null && !named.isEmpty() && !named.equals("NONE") ? Path.of(named)
                : Path.of(System.getProperty("java.home"), "lib", "security", "jssecacerts");
        if (named == null && !Files.exists(path)) {
            path = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        }
        String type = System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
        String password = System.getProperty("javax.net.ssl.trustStorePassword");
        KeyStore store = KeyStore.getInstance(named != null ? type : KeyStore.getDefaultType());
        if (Files.exists(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, password == null ? null : password.toCharArray());
            }
        } else {
            store.load(null, null);
        }
        return store;
    }
}
