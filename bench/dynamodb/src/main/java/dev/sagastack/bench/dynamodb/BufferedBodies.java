package dev.sagastack.bench.dynamodb;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The URL-connection client as the functions use it (lambdas' {@code SdkHttp}): request bodies are
 * sent buffered instead of fixed-length streamed. The JDK then writes headers and body together and
 * skips its 1 ms stale-connection probe before each POST on a kept-alive connection; it sets the
 * same Content-Length itself, so the signature still matches.
 */
final class BufferedBodies implements SdkHttpClient {

    private static final String CONTENT_LENGTH = "Content-Length";

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
