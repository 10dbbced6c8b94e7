package dev.sagastack.config;

import dev.sagastack.awsjson.ScriptedAwsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request {@link SsmParameters} sends (awsJson1_1, "GetParameter" in the Systems Manager API reference, signed
 * with SigV4 for service "ssm") and how it treats SSM's answers: the value, a refusal by name, retries of 5xx and
 * throttling only. The read of a real local endpoint is in the twin's {@code ParameterServerTest}.
 */
class SsmParametersTest {

    private ScriptedAwsServer server;

    @BeforeEach
    void start() {
        server = ScriptedAwsServer.start("application/x-amz-json-1.1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SsmParameters parameters() {
        return new SsmParameters(SdkHttp::current, Region.EU_WEST_1,
                server.endpoint(),
                StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                        "AKIDEXAMPLE", "secret", "session-token")));
    }

    private void answer(int status, String body) {
        server.answer(status, body);
    }

    @Test
    void sendsOneSignedGetParameterWithDecryptionAndReturnsTheValue() {
        answer(200, "{\"Parameter\":{\"ARN\":\"arn:aws:ssm:eu-west-1:1:parameter/k\",\"DataType\":\"text\","
                + "\"Name\":\"/sagastack/prod/cursor-key\",\"Type\":\"SecureString\",\"Value\":\"c2VjcmV0\",\"Version\":3}}");

        assertThat(parameters().decryptedValue("/sagastack/prod/cursor-key")).isEqualTo("c2VjcmV0");

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/");
            assertThat(r.header("X-Amz-Target")).isEqualTo("AmazonSSM.GetParameter");
            assertThat(r.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
            assertThat(r.body()).isEqualTo("{\"Name\":\"/sagastack/prod/cursor-key\",\"WithDecryption\":true}");
            assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/ssm/aws4_request").contains("x-amz-target");
            assertThat(r.header("X-Amz-Security-Token")).isEqualTo("session-token");
        });
    }

    @Test
    void aRefusalIsNotRetriedAndKeepsSsmsErrorName() {
        answer(400, "{\"__type\":\"ParameterNotFound\",\"message\":null}");
        answer(400, "{\"__type\":\"com.amazonaws.ssm#AccessDeniedException\",\"Message\":\"not allowed\"}");

        assertThatThrownBy(() -> parameters().decryptedValue("/missing"))
                .isInstanceOfSatisfying(SsmParameters.SsmException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("ParameterNotFound");
                    assertThat(e.status()).isEqualTo(400);
                });
        assertThatThrownBy(() -> parameters().decryptedValue("/denied"))
                .isInstanceOfSatisfying(SsmParameters.SsmException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e).hasMessageContaining("not allowed");
                });
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedUpToFourAttemptsAsTheSdksLegacyMode() {
        answer(500, "{\"__type\":\"InternalServerError\"}");
        answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        answer(200, "{\"Parameter\":{\"Value\":\"v\"}}");
        assertThat(parameters().decryptedValue("/flaky")).isEqualTo("v");
        assertThat(server.requests()).hasSize(3);

        server.requests().clear();
        for (int i = 0; i < 4; i++) {
            answer(503, "");
        }
        assertThatThrownBy(() -> parameters().decryptedValue("/down"))
                .isInstanceOfSatisfying(SsmParameters.SsmException.class, e -> assertThat(e.errorCode()).isEqualTo("HttpStatus503"));
        assertThat(server.requests()).hasSize(4);
    }
}
