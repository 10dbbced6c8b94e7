package dev.sagastack.bench.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An SSM endpoint over TLS with one SecureString parameter: the functions read the cursor key with SSM
 * GetParameter (JSON 1.1 protocol, {@code X-Amz-Target: AmazonSSM.GetParameter}, "GetParameter", AWS Systems
 * Manager API Reference) as they do in AWS. A request without a SigV4 {@code Authorization} header, another
 * operation or another name is refused, so a probe that skipped the read or the signing would fail.
 */
final class BenchSsm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;

    private BenchSsm(HttpsServer server) {
        this.server = server;
    }

    static BenchSsm start(SSLContext context, String name, String value) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> answer(exchange, name, value));
        server.start();
        return new BenchSsm(server);
    }

    URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, String name, String value) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
                send(exchange, 400, Map.of("__type", "MissingAuthenticationTokenException", "message", "unsigned request"));
            } else if (!"AmazonSSM.GetParameter".equals(target) || !name.equals(body.path("Name").asText())
                    || !body.path("WithDecryption").asBoolean()) {
                send(exchange, 400, Map.of("__type", "ParameterNotFound", "message", "no parameter " + body.path("Name")));
            } else {
                send(exchange, 200, Map.of("Parameter", Map.of("Name", name, "Type", "SecureString", "Value", value,
                        "Version", 1, "DataType", "text",
                        "ARN", "arn:aws:ssm:us-east-1:123456789012:parameter" + name)));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
