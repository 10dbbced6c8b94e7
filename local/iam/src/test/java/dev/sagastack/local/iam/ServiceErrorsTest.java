package dev.sagastack.local.iam;

import dev.sagastack.local.iam.SignatureFailure.Kind;
import dev.sagastack.local.iam.sigv4.SigV4Verifier;
import dev.sagastack.local.iam.sigv4.SigningScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.sagastack.local.iam.SdkSigning.SIGNED_AT;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal, produced from SDK-signed requests, answered in each service's own shape. */
class ServiceErrorsTest {

    private final CredentialStore store = CredentialStore.local();

    /** One request per way of failing, signed for the service's signing name. */
    private Map<Kind, SignatureFailure> failures(AwsService service) {
        String name = service.signingName();
        SigV4Verifier now = new SigV4Verifier(store, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        SigV4Verifier late = new SigV4Verifier(store, Clock.fixed(SIGNED_AT.plus(Duration.ofMinutes(16)),
                ZoneOffset.UTC));
        SigningScope scope = new SigningScope("us-east-1", name);
        Map<Kind, HttpRequestView> requests = new LinkedHashMap<>();
        requests.put(Kind.MISSING_AUTHENTICATION, new HttpRequestView("POST", "/", "", Map.of(), null));
        requests.put(Kind.UNKNOWN_ACCESS_KEY, sign(AwsCredentialsIdentity.create("AKIANOBODY", "x"), "us-east-1", name));
        requests.put(Kind.SIGNATURE_MISMATCH, sign(AwsCredentialsIdentity.create("test", "wrong"), "us-east-1", name));
        requests.put(Kind.WRONG_SCOPE, sign(AwsCredentialsIdentity.create("test", "test"), "eu-central-1", name));
        Map<Kind, SignatureFailure> out = new LinkedHashMap<>();
        requests.forEach((kind, request) -> out.put(kind, (SignatureFailure) now.verify(request, scope)));
        out.put(Kind.EXPIRED, (SignatureFailure) late.verify(sign(AwsCredentialsIdentity.create("test", "test"),
                "us-east-1", name), scope));
        return out;
    }

    private static HttpRequestView sign(AwsCredentialsIdentity identity, String region, String service) {
        return SdkSigning.sign(SdkSigning.request(SdkHttpMethod.POST, "http://127.0.0.1:4566/", Map.of()), "{}",
                identity, region, service);
    }

    @ParameterizedTest
    @EnumSource(value = AwsService.class, names = {"DYNAMODB", "DYNAMODB_STREAMS", "STEP_FUNCTIONS", "SSM",
            "SECRETS_MANAGER"})
    void jsonProtocolServicesAnswer400WithCoralErrorNames(AwsService service) {
        Map<Kind, SignatureFailure> failures = failures(service);

        assertThat(failures.keySet()).containsExactly(Kind.MISSING_AUTHENTICATION, Kind.UNKNOWN_ACCESS_KEY,
                Kind.SIGNATURE_MISMATCH, Kind.WRONG_SCOPE, Kind.EXPIRED);
        Map<Kind, String> codes = new LinkedHashMap<>();
        failures.forEach((kind, failure) -> {
            ServiceError error = ServiceErrors.forFailure(service, failure);
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.body()).startsWith("{\"__type\":\"com.amazon.coral.service#" + error.code() + "\"");
            codes.put(kind, error.code());
        });
        assertThat(codes).containsExactly(
                Map.entry(Kind.MISSING_AUTHENTICATION, "MissingAuthenticationTokenException"),
                Map.entry(Kind.UNKNOWN_ACCESS_KEY, "UnrecognizedClientException"),
                Map.entry(Kind.SIGNATURE_MISMATCH, "InvalidSignatureException"),
                Map.entry(Kind.WRONG_SCOPE, "InvalidSignatureException"),
                Map.entry(Kind.EXPIRED, "InvalidSignatureException"));
    }

    @ParameterizedTest
    @EnumSource(value = AwsService.class, names = {"LAMBDA", "EXECUTE_API"})
    void lambdaAndTheHttpApiAnswer403(AwsService service) {
        failures(service).forEach((kind, failure) -> {
            ServiceError error = ServiceErrors.forFailure(service, failure);
            assertThat(error.status()).isEqualTo(403);
            assertThat(error.headers()).containsKey("x-amzn-ErrorType");
        });
        ServiceError unsigned = ServiceErrors.forFailure(service, failures(service).get(Kind.MISSING_AUTHENTICATION));
        if (service == AwsService.EXECUTE_API) {
            assertThat(unsigned.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        } else {
            assertThat(unsigned.code()).isEqualTo("MissingAuthenticationTokenException");
        }
    }
}
