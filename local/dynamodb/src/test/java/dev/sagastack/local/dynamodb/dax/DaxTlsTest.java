package dev.sagastack.local.dynamodb.dax;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code daxs://}: the real ClusterDaxClient verifies the server certificate with the JVM's default trust
 * store, so it works once that trust store holds the local CA, and fails while it does not.
 */
class DaxTlsTest extends DaxFixture {

    private final String savedTrustStore = System.getProperty("javax.net.ssl.trustStore");
    private final String savedPassword = System.getProperty("javax.net.ssl.trustStorePassword");

    @Override
    protected DaxServer.Options daxOptions() {
        return DaxServer.Options.defaults().withTlsPort(0);
    }

    @Test
    void clientTrustingTheLocalCaReadsAndWritesOverTls() throws IOException {
        LocalCertificateAuthority ca = daxServer.certificateAuthority().orElseThrow();
        assertThat(ca.caCertificatePem()).exists();
        assertThat(daxServer.tlsEndpoint().orElseThrow().getScheme()).isEqualTo("daxs");
        String table = createTable(null);

        Throwable untrusted;
        try (DynamoDbClient client = daxClient(daxServer.tlsEndpoint().get().toString())) {
            untrusted = catchThrowable(() -> client.getItem(GetItemRequest.builder().tableName(table)
                    .key(key("a")).build()));
        }
        assertThat(untrusted).as("the server certificate is verified").isNotNull();

        System.setProperty("javax.net.ssl.trustStore", ca.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", LocalCertificateAuthority.TRUST_STORE_PASSWORD);
        try (DynamoDbClient client = daxClient(daxServer.tlsEndpoint().get().toString())) {
            client.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("a"), "v", s("tls")))
                    .build());
            assertThat(client.getItem(GetItemRequest.builder().tableName(table).key(key("a")).build()).item())
                    .isEqualTo(ddb.getItem(GetItemRequest.builder().tableName(table).key(key("a")).build()).item())
                    .containsEntry("v", s("tls"));
        }
    }

    @AfterAll
    void restoreTrustStore() {
        restore("javax.net.ssl.trustStore", savedTrustStore);
        restore("javax.net.ssl.trustStorePassword", savedPassword);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
