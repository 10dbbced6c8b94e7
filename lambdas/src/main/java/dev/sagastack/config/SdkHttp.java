package dev.sagastack.config;

import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP client under every AWS client the functions build. In AWS it is the URL-connection
 * client: it starts faster and weighs less than Apache's or the CRT's, and a function makes one
 * call at a time. A host that runs the functions in its own JVM next to the engines they call (the
 * local twin) installs its own transport once, before it builds any handler; the clients then
 * marshal, sign and unmarshal exactly as before and only the bytes skip the socket.
 */
public final class SdkHttp {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static volatile SdkHttpClient installed;

    private SdkHttp() {
    }

    /** Makes every client built from now on use {@code transport}; the host keeps and closes it. */
    public static void install(SdkHttpClient transport) {
        installed = Objects.requireNonNull(transport, "transport");
    }

    /** Goes back to the URL-connection client for clients built from now on. */
    public static void uninstall() {
        installed = null;
    }

    /** The HTTP client clients built now get: the host's transport when installed, else the URL-connection client. */
    public static SdkHttpClient current() {
        SdkHttpClient transport = installed;
        return transport != null ? transport : URL_CONNECTION;
    }

    /** Sets the HTTP client on an SDK client builder. */
    public static <B extends AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        return builder.httpClient(current());
    }

    /**
     * The URL-connection client with our connections, which use the JVM's default TLS context (the default trust
     * store, key managers from the {@code javax.net.ssl.keyStore*} system properties, as the SDK's own factory
     * configures them), built at the first https connection. The SDK's factory builds a second context when the
     * client is built, and every {@code HttpsURLConnection} builds the default one anyway: one context instead of
     * two saves a cold start about 20 ms of CPU, and a function that only talks plain HTTP (to local engines)
     * loads no trust store.
     */
    private static final SdkHttpClient URL_CONNECTION =
            new BufferedBodies(UrlConnectionHttpClient.create(SdkHttp::open));

    private static HttpURLConnection open(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) SOCKET_TIMEOUT.toMillis());
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends request bodies without fixed-length streaming. With a Content-Length header the
     * URL-connection client puts the connection in streaming mode, and before every streamed POST on
     * a kept-alive connection the JDK probes the socket with a 1 ms read timeout (a streamed body
     * cannot be resent on a stale connection): about 1.2 ms of waiting per call. Without the header
     * the JDK buffers the (small JSON) body and sends the same Content-Length itself, so a signature
     * that covers content-length still matches; on a stale kept-alive connection it resends once,
     * as the SDK's own retry would.
     */
    private static final class BufferedBodies implements SdkHttpClient {
        private final SdkHttpClient delegate;

        BufferedBodies(SdkHttpClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            SdkHttpRequest http = request.httpRequest();
            if (http.firstMatchingHeader(CONTENT_LENGTH).isEmpty() || http.firstMatchingHeader("Expect").isPresent()) {
                return delegate.prepareRequest(request);
            }
            return delegate.prepareRequest(HttpExecuteRequest.builder()
                    .request(http.toBuilder().removeHeader(CONTENT_LENGTH).build())
                    .contentStreamProvider(request.contentStreamProvider().orElse(null))
                    .metricCollector(request.metricCollector().orElse(null))
                    .build());
        }

        @Override
        public String clientName() {
            return delegate.clientName();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static final String CONTENT_LENGTH = "Content-Length";
}
