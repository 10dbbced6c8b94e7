package dev.sagastack.local.twin.access;

import dev.sagastack.local.iam.Credentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signs calls to the HTTP API with Signature Version 4 for {@code execute-api}, as a client of an
 * {@code AWS_IAM}-authorized API Gateway route must (API Gateway Developer Guide, "Control access to HTTP APIs with
 * IAM authorization"), using the AWS SDK's own signer. The twin's demo and console sign this way as the
 * administrator.
 */
public final class ExecuteApiSigner {

    public static final String SERVICE = "execute-api";
    // java.net.http sets these itself and refuses them as request headers
    private static final List<String> SET_BY_CLIENT = List.of("host", "content-length", "connection");

    private final AwsCredentialsIdentity identity;
    private final String region;
    private final String service;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public ExecuteApiSigner(Credentials credentials, String region) {
        this(credentials, region, SERVICE);
    }

    /** Signs for another service's endpoint of the twin (e.g. {@code dynamodb} for the engine's fault endpoint). */
    public ExecuteApiSigner(Credentials credentials, String region, String service) {
        this.service = service;
        this.identity = credentials.sessionToken().<AwsCredentialsIdentity>map(token ->
                        AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(), token))
                .orElseGet(() -> AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey()));
        this.region = region;
    }

    /** The request with its signature headers ({@code Authorization}, {@code X-Amz-Date}, ...) and body. */
    public HttpRequest request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        signedHeaders(method, uri, headers, body).forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return out.build();
    }

    /** Every header of the signed request: {@code headers} plus the signature's (and {@code Host}). */
    public Map<String, List<String>> signedHeaders(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = signer.sign(r -> r.identity(identity).request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        return signed.request().headers();
    }
}
