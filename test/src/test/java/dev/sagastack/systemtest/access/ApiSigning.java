package dev.sagastack.systemtest.access;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signs the system tests' calls to the twin's HTTP API with the AWS SDK's SigV4 signer, service
 * {@code execute-api}, region us-east-1, as the local administrator {@code test}/{@code test}: the API's routes
 * are IAM-authorized, as deployed ("Control access to HTTP APIs with IAM authorization").
 */
public final class ApiSigning {

    public static final AwsCredentialsIdentity ADMINISTRATOR = AwsCredentialsIdentity.create("test", "test");
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    // set by the HTTP client itself (java.net.http refuses them; RawHttp writes its own)
    private static final List<String> SET_BY_CLIENT = List.of("host", "content-length", "connection");

    private ApiSigning() {
    }

    /** The headers a signed request adds to {@code headers}: Authorization, X-Amz-Date (never Host). */
    public static Map<String, String> signatureHeaders(AwsCredentialsIdentity identity, String method, URI uri,
                                                       Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        Map<String, List<String>> signed = SIGNER.sign(r -> r.identity(identity).request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request().headers();
        Map<String, String> added = new LinkedHashMap<>();
        signed.forEach((name, values) -> {
            boolean given = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
            if (!given && !SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                added.put(name, String.join(",", values));
            }
        });
        return added;
    }

    /** A java.net.http request signed as the administrator. */
    public static HttpRequest request(String method, URI uri, Map<String, String> headers, byte[] body,
                                      Duration timeout) {
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(timeout).method(method,
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(out::header);
        signatureHeaders(ADMINISTRATOR, method, uri, headers, body).forEach(out::header);
        return out.build();
    }
}
