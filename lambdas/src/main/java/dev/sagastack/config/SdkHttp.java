package dev.sagastack.config;

import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP client under every SDK client the functions build. In AWS it is the URL-connection
 * client: it starts faster and weighs less than Apache's or the CRT's, and a function makes one
 * call at a time. A host that runs the functions in its own JVM next to the engines they call (the
 * local twin) installs its own transport once, before it builds any handler; the SDK clients then
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

    /** Sets the HTTP client on an SDK client builder. */
    public static <B extends AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        SdkHttpClient transport = installed;
        if (transport != null) {
            return builder.httpClient(transport);
        }
        return builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT));
    }
}
