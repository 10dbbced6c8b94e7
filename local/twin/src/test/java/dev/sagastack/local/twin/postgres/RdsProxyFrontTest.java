package dev.sagastack.local.twin.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sagastack.inventory.ConnectionFactory;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryDatabaseSettings;
import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.twin.Twin;
import dev.sagastack.local.twin.access.TwinAccess;
import dev.sagastack.local.twin.cloudformation.AssemblyFiles;
import dev.sagastack.local.twin.cloudformation.CloudAssembly;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.SecretValues;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The RDS proxy front with the dev stage's template settings (RequireTLS, IAMAuth REQUIRED), in front of an embedded
 * PostgreSQL: the functions' production connection path ({@code InventoryDatabase.connectionFactory}: an IAM token
 * from RdsUtilities, TLS {@code verify-full}) logs in; a template copy whose roles lack {@code rds-db:connect} gets
 * PostgreSQL's authentication failure, as RDS answers a refused token ("Troubleshooting IAM database
 * authentication"); a client without TLS is refused.
 */
class RdsProxyFrontTest {

    private static final String USER = "sagastack";
    private static final List<String> CREDENTIAL_PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey",
            "aws.sessionToken");

    private static InventoryPostgres database;
    private static Deployment deployment;
    private static TwinAccess access;
    private static RdsProxyFront front;
    private static RdsProxyFront frontWithoutGrant;
    private final Map<String, String> savedProperties = new HashMap<>();

    @BeforeAll
    static void start() {
        // first: this JVM's default trust store must trust the front's CA before any TLS client is built
        LocalRdsProxy.certificateAuthority();
        deployment = Deployment.deploy(CloudAssembly.load(AssemblyFiles.classpath(Twin.PACKAGED_ASSEMBLY)),
                Optional.empty(), SecretValues.inMemory());
        database = InventoryPostgres.start(Optional.empty());
        access = TwinAccess.fromDeployment(deployment, CredentialStore.local(), true, Clock.systemUTC());
        front = LocalRdsProxy.start(deployment, access, database);
        // the same stage with every rds-db:connect statement taken out of the templates, same credentials
        frontWithoutGrant = LocalRdsProxy.start(deployment,
                access.withEditedTemplates(template -> removeStatements(template, "rds-db:connect")), database);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {front, frontWithoutGrant, database}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }

    @AfterEach
    void restoreCredentials() {
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        savedProperties.clear();
    }

    private static void removeStatements(JsonNode template, String action) {
        template.path("Resources").forEach(resource -> {
            List<JsonNode> documents = new ArrayList<>(resource.path("Properties").findValues("PolicyDocument"));
            for (JsonNode document : documents) {
                ArrayNode statements = (ArrayNode) document.path("Statement");
                for (int i = statements.size() - 1; i >= 0; i--) {
                    if (statements.get(i).path("Action").toString().contains(action)) {
                        statements.remove(i);
                    }
                }
            }
        });
    }

    /** A session of the ReserveInventory step's role, whose policy grants rds-db:connect in the dev template. */
    private static Credentials reserveInventoryRole() {
        String role = access.model().roleNamesByLogicalId().entrySet().stream()
                .filter(e -> e.getKey().startsWith("OrderSagaReserveInventoryRole")).findFirst().orElseThrow().getValue();
        return access.credentials().issueRoleSession(role, "ReserveInventory");
    }

    /** The function's credentials as the SDK's default chain finds them (system properties before the environment). */
    private void actAs(Credentials credentials) {
        for (String name : CREDENTIAL_PROPERTIES) {
            savedProperties.putIfAbsent(name, System.getProperty(name));
        }
        System.setProperty("aws.accessKeyId", credentials.accessKeyId());
        System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
        System.setProperty("aws.sessionToken", credentials.sessionToken().orElseThrow());
    }

    /** The functions' own connection path, as AwsClients builds it from INVENTORY_DB_* (auth iam). */
    private static ConnectionFactory productionPath(RdsProxyFront proxy) {
        return InventoryDatabase.connectionFactory(new InventoryDatabaseSettings("127.0.0.1", proxy.port(),
                InventoryPostgres.DATABASE, USER, InventoryDatabaseSettings.Auth.IAM, Optional.empty(), "us-east-1"));
    }

    private static String token(Credentials c, RdsProxyFront proxy) {
        return RdsUtilities.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(),
                        c.secretAccessKey(), c.sessionToken().orElseThrow()))).build()
                .generateAuthenticationToken(r -> r.hostname("127.0.0.1").port(proxy.port()).username(USER));
    }

    @Test
    void theFunctionsIamTokenAndVerifyFullPathLogsInAndQueries() throws Exception {
        actAs(reserveInventoryRole());

        try (Connection connection = productionPath(front).open(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_database(), ssl FROM pg_stat_ssl "
                     + "JOIN pg_stat_activity USING (pid) WHERE pid = pg_backend_pid()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(InventoryPostgres.DATABASE);
        }
    }

    @Test
    void aClientSpeakingAnotherProtocolIsDroppedAndTheFrontKeepsServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", front.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: db\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        actAs(reserveInventoryRole());

        try (Connection connection = productionPath(front).open()) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void withoutRdsDbConnectInTheTemplateTheDatabaseRefusesTheLogin() {
        actAs(reserveInventoryRole());

        assertThatThrownBy(() -> productionPath(frontWithoutGrant).open())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).contains("PAM authentication failed for user \"sagastack\"");
                });
    }

    @Test
    void aPasswordThatIsNoTokenOrATokenForAnotherEndpointIsRefused() throws Exception {
        Credentials role = reserveInventoryRole();
        Properties props = tls(null);

        props.setProperty("password", "postgres");
        assertRefused(front, props, "28P01");
        props.setProperty("password", token(role, frontWithoutGrant));
        assertRefused(front, props, "28P01");
    }

    @Test
    void aClientWithoutTlsIsRefusedAsPostgresqlRefusesItWithoutAHostsslRule() {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", token(reserveInventoryRole(), front));
        props.setProperty("sslmode", "disable");

        assertThatThrownBy(() -> connect(front, props)).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("28000");
            assertThat(e.getMessage()).contains("no pg_hba.conf entry for host \"127.0.0.1\", user \"sagastack\", "
                    + "database \"inventory\", no encryption");
        });
    }

    @Test
    void theCaCertificateWrittenForOtherClientsVerifiesTheFrontAsSslrootcert() throws Exception {
        Path pem = LocalRdsProxy.writeCaCertificate(LocalRdsProxy.caCertificateDirectory(Optional.empty()));
        Properties props = tls(pem);
        props.setProperty("password", token(reserveInventoryRole(), front));

        try (Connection connection = connect(front, props); Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery("SELECT 40 + 2")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    /** verify-full with libpq's way of naming the CA ({@code sslrootcert}) or, without a file, the JVM's trust store. */
    private static Properties tls(Path rootCertificate) {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("sslmode", "verify-full");
        if (rootCertificate != null) {
            props.setProperty("sslrootcert", rootCertificate.toString());
        } else {
            props.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        }
        return props;
    }

    private static Connection connect(RdsProxyFront proxy, Properties props) throws SQLException {
        return new Driver().connect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + InventoryPostgres.DATABASE,
                props);
    }

    private static void assertRefused(RdsProxyFront proxy, Properties props, String sqlState) {
        assertThatThrownBy(() -> connect(proxy, props)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo(sqlState));
    }
}
