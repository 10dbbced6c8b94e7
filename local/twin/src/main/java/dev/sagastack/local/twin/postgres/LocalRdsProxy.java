package dev.sagastack.local.twin.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.dynamodb.dax.LocalCertificateAuthority;
import dev.sagastack.local.twin.access.TwinAccess;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.Deployment.Resource;
import dev.sagastack.local.twin.cloudformation.TemplateException;
import dev.sagastack.local.twin.dax.LocalTrustStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The stage's RDS proxy on the twin: a {@link RdsProxyFront} with the AWS::RDS::DBProxy's settings
 * ({@code RequireTLS}, {@code Auth[].IAMAuth}) in front of the embedded PostgreSQL. Its certificate comes from one
 * local CA per JVM, which this JVM's default trust store trusts (the functions' JDBC driver verifies with it, as
 * in AWS it verifies RDS's certificate with the Amazon roots) and whose certificate is written, PEM encoded, to
 * {@value #CA_FILE} in the twin's data directory (or a temporary one) for other clients:
 * {@code psql "host=127.0.0.1 port=N sslmode=verify-full sslrootcert=<that file> ..."}.
 */
public final class LocalRdsProxy {

    public static final String CA_FILE = "rds-proxy-ca.pem";
    private static final String TRUST_ALIAS = "sagastack-local-rds-proxy-ca";
    private static LocalCertificateAuthority authority;

    private LocalRdsProxy() {
    }

    /** The JVM's one CA for the front, trusted by its default trust store from the first call on. */
    public static synchronized LocalCertificateAuthority certificateAuthority() {
        if (authority == null) {
            authority = LocalCertificateAuthority.create();
            LocalTrustStore.trust(TRUST_ALIAS, authority.caCertificate());
        }
        return authority;
    }

    /** Writes the CA certificate to {@code directory}/{@value #CA_FILE} and returns that path. */
    public static Path writeCaCertificate(Path directory) {
        try {
            Files.createDirectories(directory);
            Path pem = directory.resolve(CA_FILE);
            Files.copy(certificateAuthority().caCertificatePem(), pem, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local CA certificate to " + directory, e);
        }
    }

    /** Starts the front of the stage's one proxy on a free port of 127.0.0.1. */
    public static RdsProxyFront start(Deployment deployment, TwinAccess access, InventoryPostgres database) {
        List<Resource> proxies = deployment.resources("AWS::RDS::DBProxy");
        if (proxies.size() != 1) {
            throw new TemplateException("the twin runs a PostgreSQL front for one AWS::RDS::DBProxy; the stage has "
                    + proxies.size());
        }
        Resource proxy = proxies.get(0);
        JsonNode p = proxy.properties();
        boolean iam = false;
        for (JsonNode auth : p.path("Auth")) {
            iam |= "REQUIRED".equals(auth.path("IAMAuth").asText());
        }
        String proxyArn = deployment.attribute(proxy, "DBProxyArn").asText(); // as the policies name it
        String resourceId = proxyArn.substring(proxyArn.lastIndexOf(':') + 1);
        RdsProxyFront.Settings settings = new RdsProxyFront.Settings(p.path("RequireTLS").asBoolean(false), iam,
                resourceId, database.port(), InventoryPostgres.USER, InventoryPostgres.PASSWORD);
        return RdsProxyFront.start(0, settings, certificateAuthority().serverContext(), access.enforcing());
    }

    /** Where the CA certificate goes: the data directory's {@code twin/}, else next to the CA's own temporary copy. */
    public static Path caCertificateDirectory(Optional<Path> dataDirectory) {
        return dataDirectory.map(d -> d.resolve("twin"))
                .orElseGet(() -> certificateAuthority().caCertificatePem().getParent());
    }
}
