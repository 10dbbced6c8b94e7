package dev.sagastack.config;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request {@link SsmParameters} sends (awsJson1_1, "GetParameter" in the Systems Manager API reference, signed
 * with SigV4 for service "ssm") and how it treats SSM's answers: the value, a refusal by name, retries of 5xx and
 * throttling only. The read of a real local endpoint is in the twin's {@code ParameterServerTest}.
 */
class SsmParametersTest {

    private HttpServer server;
    private final Deque<int[]> statuses = new ArrayDeque<>();
    private final Deque<String> bodies = new ArrayDeque<>();
    private final List<Map<String, String>> requests = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(Map.of("method", exchange.getRequestMethod(), "path", exchange.getRequestURI().getPath(),
                    "target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")),
                    "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")),
                    "body", body));
            int status = statuses.isEmpty() ? 200 : statuses.poll()[0];
            byte[] answer = bodies.isEmpty() ? new byte[0] : bodies.poll().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SsmParameters parameters() {
        return new SsmParameters(SdkHttp::current, Region.EU_WEST_1,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                        "AKIDEXAMPLE", "secret", "session-token")));
    }

    private void answer(int status, String body) {
        statuses.add(new int[] {status});
        bodies.add(body);
    }

    @Test
    void sendsOneSignedGetParameterWithDecryptionAndReturnsTheValue() {
        answer(200, "{\"Parameter\":{\"ARN\":\"arn:aws:ssm:eu-west-1:1:parameter/k\",\"DataType\":\"text\","
                + "\"Name\":\"/sagastack/prod/cursor-key\",\"Type\":\"SecureString\",\"Value\":\"c2VjcmV0\",\"Version\":3}}");

        assertThat(parameters().decryptedValue("/sagastack/prod/cursor-key")).isEqualTo("c2VjcmV0");

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.get("method")).isEqualTo("POST");
            assertThat(r.get("path")).isEqualTo("/");
            assertThat(r.get("target")).isEqualTo("AmazonSSM.GetParameter");
            assertThat(r.get("contentType")).isEqualTo("application/x-amz-json-1.1");
            assertThat(r.get("body")).isEqualTo("{\"Name\":\"/sagastack/prod/cursor-key\",\"WithDecryption\":true}");
            assertThat(r.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/ssm/aws4_request").contains("x-amz-target");
            assertThat(r.get("token")).isEqualTo("session-token");
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
        assertThat(requests).hasSize(2);
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedUpToFourAttemptsAsTheSdksLegacyMode() {
        answer(500, "{\"__type\":\"InternalServerError\"}");
        answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        answer(200, "{\"Parameter\":{\"Value\":\"v\"}}");
        assertThat(parameters().decryptedValue("/flaky")).isEqualTo("v");
        assertThat(requests).hasSize(3);

        requests.clear();
        for (int i = 0; i < 4; i++) {
            answer(503, "");
        }
        assertThatThrownBy(() -> parameters().decryptedValue("/down"))
                .isInstanceOfSatisfying(SsmParameters.SsmException.class, e -> assertThat(e.errorCode()).isEqualTo("HttpStatus503"));
        assertThat(requests).hasSize(4);
    }
}
