package dev.sagastack.local.iam;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;

/** Requests signed by the AWS SDK's own SigV4 signer, turned into what a local endpoint receives. */
public final class SdkSigning {

    public static final Instant SIGNED_AT = Instant.parse("2026-01-01T12:00:00Z");

    private SdkSigning() {
    }

    public static AwsCredentialsIdentity identity(Credentials c) {
        return c.sessionToken().<AwsCredentialsIdentity>map(t ->
                        AwsSessionCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey(), t))
                .orElseGet(() -> AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey()));
    }

    public static SdkHttpRequest request(SdkHttpMethod method, String url, Map<String, String> headers) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(method).uri(URI.create(url));
        headers.forEach(b::putHeader);
        return b.build();
    }

    /** Signs in the Authorization header at {@link #SIGNED_AT}. */
    public static HttpRequestView sign(SdkHttpRequest request, String body, AwsCredentialsIdentity identity,
                                       String region, String service) {
        return sign(request, body, identity, region, service, p -> { });
    }

    public static HttpRequestView sign(SdkHttpRequest request, String body, AwsCredentialsIdentity identity,
                                       String region, String service,
                                       Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity).request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
            if (body != null) {
                r.payload(ContentStreamProvider.fromUtf8String(body));
            }
            extra.accept(r);
        });
        return view(signed.request(), body);
    }

    public static HttpRequestView presign(SdkHttpRequest request, AwsCredentialsIdentity identity, String region,
                                          String service, Duration expiry) {
        return sign(request, null, identity, region, service, r -> r
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expiry));
    }

    public static HttpRequestView view(SdkHttpRequest r, String body) {
        return new HttpRequestView(r.method().name(), r.encodedPath(), rawQuery(r), r.headers(),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String rawQuery(SdkHttpRequest r) {
        String uri = r.getUri().getRawQuery();
        return uri == null ? "" : uri;
    }
}
