package dev.sagastack.local.twin.parameters;

import dev.sagastack.config.SdkHttp;
import dev.sagastack.config.SsmParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stage's parameters and secrets through the real SSM client, as the functions read them. */
class ParameterServerTest {

    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorKey-AbCdEfGh1234-Xy12Zw";
    private static ParameterServer server;
    private static SsmClient ssm;

    @BeforeAll
    static void start() {
        server = ParameterServer.start("127.0.0.1", new ParameterServer.Values(Map.of("/app/table", "orders"),
                Map.of(SECRET_ARN, "CursorKey-AbCdEfGh1234"), arn -> arn.equals(SECRET_ARN) ? Optional.of("s3cret") : Optional.empty()));
        ssm = SsmClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    @Test
    void getParameterReturnsTheTemplatesValueAndSecretsThroughTheirReferenceName() {
        assertThat(ssm.getParameter(b -> b.name("/app/table")).parameter().value()).isEqualTo("orders");
        var secret = ssm.getParameter(b -> b.name("/aws/reference/secretsmanager/CursorKey-AbCdEfGh1234").withDecryption(true))
                .parameter();
        assertThat(secret.value()).isEqualTo("s3cret");
        assertThat(secret.type()).isEqualTo(ParameterType.SECURE_STRING);
        assertThat(secret.sourceResult()).isEqualTo(SECRET_ARN);
    }

    @Test
    void missingParametersAndUndecryptedSecretReferencesAreRefusedAsSsmRefusesThem() {
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/nope"))).isInstanceOf(ParameterNotFoundException.class);
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/aws/reference/secretsmanager/CursorKey-AbCdEfGh1234")))
                .isInstanceOfSatisfying(SsmException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("WithDecryption flag must be True");
                });
        GetParametersResponse some = ssm.getParameters(b -> b.names("/app/table", "/nope"));
        assertThat(some.parameters()).singleElement().satisfies(p -> assertThat(p.value()).isEqualTo("orders"));
        assertThat(some.invalidParameters()).containsExactly("/nope");
    }

    /** The functions' own GetParameter (one signed request, no SsmClient) reads what the SDK client reads. */
    @Test
    void theFunctionsSignedGetParameterReadsValuesAndSecretsAndNamesRefusals() {
        SsmParameters parameters = new SsmParameters(SdkHttp::current, Region.US_EAST_1, server.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        assertThat(parameters.decryptedValue("/app/table"))
                .isEqualTo(ssm.getParameter(b -> b.name("/app/table")).parameter().value()).isEqualTo("orders");
        assertThat(parameters.decryptedValue("/aws/reference/secretsmanager/CursorKey-AbCdEfGh1234")).isEqualTo("s3cret");
        assertThatThrownBy(() -> parameters.decryptedValue("/nope"))
                .isInstanceOfSatisfying(SsmParameters.SsmException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("ParameterNotFound");
                    assertThat(e.status()).isEqualTo(400);
                });
    }
}
