package dev.sagastack.local.twin.net;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.dynamodb.http.RequestIds;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceError;
import dev.sagastack.local.stepfunctions.http.StepFunctionsApi;
import dev.sagastack.local.twin.access.EndpointGuard;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The SDK HTTP client of everything that runs inside the twin's JVM (the hosted functions, the stream
 * pollers, the console): a request addressed to one of the twin's own engines is handed to that engine's
 * protocol handler as bytes, without a socket; anything else goes out through the URL-connection client.
 *
 * <p>Why: on this kind of machine a loopback round trip through HttpURLConnection costs two to three times the
 * CPU of the SDK call itself (kernel TCP on both sides, the client's connection handling, the server's HTTP
 * parsing) and waits on TCP acknowledgements. The SDK clients above it still build, sign, marshal and
 * unmarshal every call exactly as against AWS — the same JSON bodies, X-Amz-Target headers, error shapes and
 * the x-amz-crc32 check — and the engines stay reachable over TCP at their endpoints for outside clients.
 *
 * <p>Engines are registered by the port of their HTTP endpoint, so the endpoint URLs the functions are
 * configured with stay the real ones, each with the same {@link EndpointGuard} as its TCP endpoint: the signature the
 * SDK computed is verified and the signer's policies evaluated here as well.
 */
public final class InProcessTransport implements SdkHttpClient {

    private static final String JSON_1_0 = "application/x-amz-json-1.0";
    private static final InProcessTransport SHARED = new InProcessTransport();

    /** Answers one request's body with a status and body. */
    @FunctionalInterface
    interface Engine {
        Answer handle(String target, byte[] body);
    }

    record Answer(int status, byte[] body, boolean crc32, String contentType) {
        Answer(int status, byte[] body, boolean crc32) {
            this(status, body, crc32, JSON_1_0);
        }
    }

    private record Guarded(EndpointGuard guard, Engine engine) {
    }

    private final Map<Integer, Guarded> engines = new ConcurrentHashMap<>();
    private volatile SdkHttpClient network;

    private InProcessTransport() {
    }

    /** The one transport of this JVM; twins register and unregister their engines with it. */
    public static InProcessTransport shared() {
        return SHARED;
    }

    /** Serves requests to {@code port} with the DynamoDB (and DynamoDB Streams) protocol handler. */
    public void registerDynamoDb(int port, DynamoDbApi api, EndpointGuard guard) {
        engines.put(port, new Guarded(guard, (target, body) -> {
            DynamoDbApi.Response r = api.handle(target, body);
            return new Answer(r.status(), r.body(), true);
        }));
    }

    /** Serves requests to {@code port} with the Step Functions protocol handler. */
    public void registerStepFunctions(int port, StepFunctionsApi api, EndpointGuard guard) {
        engines.put(port, new Guarded(guard, (target, body) -> {
            StepFunctionsApi.Response r = api.handle(target, new String(body, StandardCharsets.UTF_8));
            return new Answer(r.status(), r.body().getBytes(StandardCharsets.UTF_8), false);
        }));
    }

    public void unregister(int port) {
        engines.remove(port);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        Guarded engine = isLoopback(http.host()) ? engines.get(http.port()) : null;
        if (engine == null) {
            return network().prepareRequest(request);
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                byte[] body;
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        body = in.readAllBytes();
                    }
                } else {
                    body = new byte[0];
                }
                Optional<ServiceError> refusal = engine.guard().refusal(new HttpRequestView(http.method().name(),
                        http.encodedPath(), SdkHttpUtils.encodeAndFlattenQueryParameters(http.rawQueryParameters())
                        .orElse(""), http.headers(), body));
                if (refusal.isPresent()) {
                    ServiceError error = refusal.get();
                    return response(new Answer(error.status(), error.body().getBytes(StandardCharsets.UTF_8), false,
                            error.contentType()));
                }
                Answer answer = engine.engine().handle(http.firstMatchingHeader("X-Amz-Target").orElse(null), body);
                return response(answer);
            }

            @Override
            public void abort() {
                // the engine answers synchronously on the caller's thread; there is nothing in flight to cut
            }
        };
    }

    private static HttpExecuteResponse response(Answer answer) {
        SdkHttpResponse.Builder headers = SdkHttpResponse.builder()
                .statusCode(answer.status())
                .putHeader("Content-Type", answer.contentType())
                .putHeader("Content-Length", Integer.toString(answer.body().length))
                .putHeader("x-amzn-RequestId", RequestIds.next());
        if (answer.crc32()) {
            CRC32 crc = new CRC32();
            crc.update(answer.body());
            headers.putHeader("x-amz-crc32", Long.toString(crc.getValue()));
        }
        return HttpExecuteResponse.builder()
                .response(headers.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
                .build();
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1");
    }

    private SdkHttpClient network() {
        SdkHttpClient client = network;
        if (client == null) {
            synchronized (this) {
                client = network;
                if (client == null) {
                    client = UrlConnectionHttpClient.create();
                    network = client;
                }
            }
        }
        return client;
    }

    @Override
    public String clientName() {
        return "TwinInProcess";
    }

    /** Shared by every twin in the JVM and by the clients built on it: closing one client must not close it. */
    @Override
    public void close() {
        // nothing to release per client
    }
}
