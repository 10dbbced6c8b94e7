package dev.sagastack.local.iam.rds;

import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.iam.template.TemplateFixtures;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens made by the SDK's RdsUtilities.generateAuthenticationToken, checked as RDS Proxy checks them. */
class RdsAuthTokensTest {

    private static final String HOST = "sagastack-dev-inventory.proxy-local.us-east-1.rds.amazonaws.com";
    private static final int PORT = 5432;

    private final CredentialStore store = CredentialStore.local();
    private final TemplateAccessModel model = TemplateAccessModel.fromTemplates(TemplateFixtures.devAssembly(),
            "us-east-1", "000000000000");
    private final String proxyId = resourceId(model.getAtt("InventoryDatabaseProxy4E7F0A93", "DBProxyArn")
            .orElseThrow());

    private static String resourceId(String proxyArn) {
        return proxyArn.substring(proxyArn.lastIndexOf(':') + 1);
    }

    private RdsAuthTokens tokens(Clock clock) {
        return new RdsAuthTokens(AccessControl.create(store, model, "us-east-1", clock), HOST + ":" + PORT, proxyId);
    }

    private static String token(Credentials c, String host, String user) {
        RdsUtilities utilities = RdsUtilities.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(),
                        c.secretAccessKey(), c.sessionToken().orElseThrow()))).build();
        return utilities.generateAuthenticationToken(r -> r.hostname(host).port(PORT).username(user));
    }

    @Test
    void aGrantedRoleLogsInWithItsToken() {
        String token = token(store.issueRoleSession("ReserveInventoryServiceRoleCAFE0001", "ReserveInventory"),
                HOST, "sagastack");

        RdsAuthTokens.Login login = tokens(Clock.systemUTC()).verify("sagastack", token);

        assertThat(token).startsWith(HOST + ":" + PORT + "/?").contains("Action=connect", "DBUser=sagastack",
                "X-Amz-Expires=900");
        assertThat(login.accepted()).as(login.reason()).isTrue();
    }

    @Test
    void aRoleWithoutRdsDbConnectIsRefusedWithPostgresqlsError() {
        String token = token(store.issueRoleSession("ConfirmOrderServiceRoleA1B2C3D4", "ConfirmOrder"), HOST,
                "sagastack");

        RdsAuthTokens.Login login = tokens(Clock.systemUTC()).verify("sagastack", token);

        assertThat(login.accepted()).isFalse();
        assertThat(login.error().code()).isEqualTo("28P01");
        assertThat(login.error().message()).isEqualTo("PAM authentication failed for user \"sagastack\"");
        assertThat(login.reason()).isEqualTo("denied rds-db:connect on arn:aws:rds-db:us-east-1:000000000000:dbuser:"
                + proxyId + "/sagastack by arn:aws:sts::000000000000:assumed-role/ConfirmOrderServiceRoleA1B2C3D4/"
                + "ConfirmOrder: no statement allows it");
        assertThat(((Decision.Denied) login.decision()).denial().accessDeniedMessage()).isEqualTo("User: "
                + "arn:aws:sts::000000000000:assumed-role/"
                + "ConfirmOrderServiceRoleA1B2C3D4/ConfirmOrder is not authorized to perform: rds-db:connect on "
                + "resource: arn:aws:rds-db:us-east-1:000000000000:dbuser:" + proxyId + "/sagastack because no "
                + "identity-based policy allows the rds-db:connect action");
    }

    @Test
    void refusesATokenForAnotherUserHostOrAfterFifteenMinutes() {
        Credentials reserve = store.issueRoleSession("ReserveInventoryServiceRoleCAFE0001", "ReserveInventory");
        String token = token(reserve, HOST, "sagastack");

        RdsAuthTokens.Login otherUser = tokens(Clock.systemUTC()).verify("postgres", token);
        RdsAuthTokens.Login otherHost = tokens(Clock.systemUTC()).verify("sagastack",
                token(reserve, "elsewhere.example.com", "sagastack"));
        RdsAuthTokens.Login late = tokens(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16)))
                .verify("sagastack", token);
        RdsAuthTokens.Login password = tokens(Clock.systemUTC()).verify("sagastack", "s3cret");
        RdsAuthTokens.Login tampered = tokens(Clock.systemUTC()).verify("sagastack",
                token.replace("DBUser=sagastack", "DBUser=sagastack&Extra=1"));

        assertThat(otherUser.accepted()).isFalse();
        assertThat(otherUser.reason()).contains("not for postgres");
        assertThat(otherHost.accepted()).isFalse();
        assertThat(late.accepted()).isFalse();
        assertThat(late.reason()).contains("EXPIRED");
        assertThat(password.accepted()).isFalse();
        assertThat(tampered.accepted()).isFalse();
        assertThat(tampered.reason()).contains("SIGNATURE_MISMATCH");
    }
}
