package dev.sagastack.local.iam.sigv4;

import dev.sagastack.local.iam.Authentication;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.SdkSigning;
import dev.sagastack.local.iam.SignatureFailure;
import dev.sagastack.local.iam.SignatureFailure.Kind;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.sagastack.local.iam.SdkSigning.SIGNED_AT;
import static org.assertj.core.api.Assertions.assertThat;

/** Signatures made by the AWS SDK v2 signer, verified by ours; tampering and expiry are refused. */
class SigV4VerifierTest {

    private static final SigningScope DYNAMODB = new SigningScope("us-east-1", "dynamodb");
    private static final String GET_ITEM = "{\"TableName\":\"single\",\"Key\":{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"PROFILE\"}}}";

    private final CredentialStore store = CredentialStore.local();

    private SigV4Verifier verifierAt(Instant now) {
        return new SigV4Verifier(store, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SdkHttpRequest dynamoPost() {
        return SdkSigning.request(SdkHttpMethod.POST, "http://127.0.0.1:8000/", Map.of(
                "Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "DynamoDB_20120810.GetItem"));
    }

    private HttpRequestView signedGetItem(AwsCredentialsIdentity identity) {
        return SdkSigning.sign(dynamoPost(), GET_ITEM, identity, "us-east-1", "dynamodb");
    }

    private static AwsCredentialsIdentity admin() {
        return AwsCredentialsIdentity.create("test", "test");
    }

    @Test
    void acceptsTheSdkSignatureAndNamesTheAdministrator() {
        Authentication result = verifierAt(SIGNED_AT.plusSeconds(3)).verify(signedGetItem(admin()), DYNAMODB);

        assertThat(result).isInstanceOf(Authentication.Verified.class);
        assertThat(((Authentication.Verified) result).principal().arn()).isEqualTo("arn:aws:iam::000000000000:root");
    }

    @Test
    void refusesATamperedBody() {
        HttpRequestView signed = signedGetItem(admin());
        HttpRequestView tampered = new HttpRequestView(signed.method(), signed.rawPath(), signed.rawQuery(),
                signed.headers(), GET_ITEM.replace("USER#1", "USER#2").getBytes(StandardCharsets.UTF_8));

        SignatureFailure failure = (SignatureFailure) verifierAt(SIGNED_AT).verify(tampered, DYNAMODB);

        assertThat(failure.kind()).isEqualTo(Kind.SIGNATURE_MISMATCH);
        assertThat(failure.message()).startsWith("The request signature we calculated does not match the signature "
                + "you provided. Check your AWS Secret Access Key and signing method.");
    }

    @Test
    void refusesATamperedHeaderThatWasSigned() {
        HttpRequestView signed = signedGetItem(admin());
        Map<String, List<String>> headers = new HashMap<>(signed.headers());
        headers.put("x-amz-target", List.of("DynamoDB_20120810.DeleteItem"));

        Authentication result = verifierAt(SIGNED_AT).verify(new HttpRequestView(signed.method(), signed.rawPath(),
                signed.rawQuery(), headers, signed.body()), DYNAMODB);

        assertThat(((SignatureFailure) result).kind()).isEqualTo(Kind.SIGNATURE_MISMATCH);
    }

    @Test
    void refusesAWrongSecret() {
        Authentication result = verifierAt(SIGNED_AT).verify(
                signedGetItem(AwsCredentialsIdentity.create("test", "not-the-secret")), DYNAMODB);

        assertThat(((SignatureFailure) result).kind()).isEqualTo(Kind.SIGNATURE_MISMATCH);
    }

    @Test
    void refusesAnUnknownAccessKeyAsAnInvalidToken() {
        SignatureFailure failure = (SignatureFailure) verifierAt(SIGNED_AT).verify(
                signedGetItem(AwsCredentialsIdentity.create("AKIAUNKNOWN", "secret")), DYNAMODB);

        assertThat(failure.kind()).isEqualTo(Kind.UNKNOWN_ACCESS_KEY);
        assertThat(failure.message()).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void refusesAnotherRegionOrServiceInTheScope() {
        HttpRequestView west = SdkSigning.sign(dynamoPost(), GET_ITEM, admin(), "eu-west-1", "dynamodb");
        HttpRequestView states = SdkSigning.sign(dynamoPost(), GET_ITEM, admin(), "us-east-1", "states");

        SignatureFailure region = (SignatureFailure) verifierAt(SIGNED_AT).verify(west, DYNAMODB);
        SignatureFailure service = (SignatureFailure) verifierAt(SIGNED_AT).verify(states, DYNAMODB);

        assertThat(region.kind()).isEqualTo(Kind.WRONG_SCOPE);
        assertThat(region.message()).isEqualTo("Credential should be scoped to a valid region, not 'eu-west-1'.");
        assertThat(service.message()).isEqualTo("Credential should be scoped to correct service: 'dynamodb'.");
    }

    @Test
    void expiresFifteenMinutesAfterSigningWithDynamoDbsMessage() {
        HttpRequestView signed = signedGetItem(admin());

        Authentication fourteen = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(14))).verify(signed, DYNAMODB);
        SignatureFailure sixteen = (SignatureFailure) verifierAt(SIGNED_AT.plus(Duration.ofMinutes(16)))
                .verify(signed, DYNAMODB);

        assertThat(fourteen).isInstanceOf(Authentication.Verified.class);
        assertThat(sixteen.kind()).isEqualTo(Kind.EXPIRED);
        assertThat(sixteen.message()).isEqualTo("Signature expired: 20260101T120000Z is now earlier than "
                + "20260101T120100Z (20260101T121600Z - 15 min.)");
    }

    @Test
    void refusesASignatureFromTheFuture() {
        SignatureFailure failure = (SignatureFailure) verifierAt(SIGNED_AT.minus(Duration.ofMinutes(20)))
                .verify(signedGetItem(admin()), DYNAMODB);

        assertThat(failure.kind()).isEqualTo(Kind.EXPIRED);
        assertThat(failure.message()).isEqualTo("Signature not yet current: 20260101T120000Z is still later than "
                + "20260101T115500Z (20260101T114000Z + 15 min.)");
    }

    @Test
    void roleSessionCredentialsNeedTheirSessionToken() {
        Credentials session = store.issueRoleSession("StepRole", "saga-step");
        AwsCredentialsIdentity withToken = SdkSigning.identity(session);
        AwsCredentialsIdentity withoutToken = AwsCredentialsIdentity.create(session.accessKeyId(),
                session.secretAccessKey());
        Credentials other = store.issueRoleSession("StepRole", "other");
        AwsCredentialsIdentity foreignToken = SdkSigning.identity(new Credentials(session.accessKeyId(),
                session.secretAccessKey(), other.sessionToken(), session.principal()));

        Authentication ok = verifierAt(SIGNED_AT).verify(signedGetItem(withToken), DYNAMODB);
        Authentication missing = verifierAt(SIGNED_AT).verify(signedGetItem(withoutToken), DYNAMODB);
        Authentication foreign = verifierAt(SIGNED_AT).verify(signedGetItem(foreignToken), DYNAMODB);

        assertThat(session.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(((Authentication.Verified) ok).principal()).isEqualTo(
                Principal.assumedRole("000000000000", "StepRole", "saga-step"));
        assertThat(((Authentication.Verified) ok).principal().arn())
                .isEqualTo("arn:aws:sts::000000000000:assumed-role/StepRole/saga-step");
        assertThat(((SignatureFailure) missing).kind()).isEqualTo(Kind.INVALID_SESSION_TOKEN);
        assertThat(((SignatureFailure) foreign).kind()).isEqualTo(Kind.INVALID_SESSION_TOKEN);
    }

    @Test
    void verifiesPresignedRequestsUntilTheirExpiry() {
        SdkHttpRequest get = SdkSigning.request(SdkHttpMethod.GET,
                "http://127.0.0.1:9000/orders/o%201?view=full&tag=a+b%2Fc", Map.of());
        HttpRequestView presigned = SdkSigning.presign(get, admin(), "us-east-1", "execute-api",
                Duration.ofMinutes(5));
        SigningScope api = new SigningScope("us-east-1", "execute-api");

        Authentication inTime = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(4))).verify(presigned, api);
        SignatureFailure late = (SignatureFailure) verifierAt(SIGNED_AT.plus(Duration.ofMinutes(6)))
                .verify(presigned, api);

        assertThat(presigned.rawQuery()).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256");
        assertThat(inTime).isInstanceOf(Authentication.Verified.class);
        assertThat(late.kind()).isEqualTo(Kind.EXPIRED);
        assertThat(late.message()).isEqualTo("Signature expired: 20260101T120000Z is now earlier than "
                + "20260101T120100Z (20260101T120600Z - 5 min.)");
    }

    @Test
    void refusesAPresignedRequestWhoseQueryWasChanged() {
        SdkHttpRequest get = SdkSigning.request(SdkHttpMethod.GET, "http://127.0.0.1:9000/orders/o-1?view=full",
                Map.of());
        HttpRequestView presigned = SdkSigning.presign(get, admin(), "us-east-1", "execute-api",
                Duration.ofMinutes(5));
        HttpRequestView changed = new HttpRequestView("GET", presigned.rawPath(),
                presigned.rawQuery().replace("view=full", "view=all"), presigned.headers(), presigned.body());

        Authentication result = verifierAt(SIGNED_AT).verify(changed, new SigningScope("us-east-1", "execute-api"));

        assertThat(((SignatureFailure) result).kind()).isEqualTo(Kind.SIGNATURE_MISMATCH);
    }

    @Test
    void doubleEncodesPathSegmentsAsNonS3ServicesDo() {
        SdkHttpRequest invoke = SdkSigning.request(SdkHttpMethod.POST, "http://127.0.0.1:9001/2015-03-31/functions/"
                + "arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Asaga-step%3Alive/invocations", Map.of());
        HttpRequestView signed = SdkSigning.sign(invoke, "{}", admin(), "us-east-1", "lambda");

        Authentication result = verifierAt(SIGNED_AT).verify(signed, new SigningScope("us-east-1", "lambda"));

        assertThat(result).isInstanceOf(Authentication.Verified.class);
    }

    @Test
    void acceptsUnsignedPayloadDeclaredInXAmzContentSha256() {
        // the SDK skips payload signing only over HTTPS
        SdkHttpRequest https = dynamoPost().toBuilder().protocol("https").build();
        HttpRequestView signed = SdkSigning.sign(https, GET_ITEM, admin(), "us-east-1", "dynamodb",
                r -> r.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));

        Authentication result = verifierAt(SIGNED_AT).verify(signed, DYNAMODB);

        assertThat(signed.header("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
        assertThat(result).isInstanceOf(Authentication.Verified.class);
    }

    @Test
    void refusesAContentSha256HeaderChangedAfterSigning() {
        HttpRequestView signed = signedGetItem(admin());
        Map<String, List<String>> headers = new HashMap<>(signed.headers());
        headers.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));

        Authentication result = verifierAt(SIGNED_AT).verify(new HttpRequestView("POST", "/", "", headers,
                signed.body()), DYNAMODB);

        assertThat(signed.header("x-amz-content-sha256")).isPresent();
        assertThat(((SignatureFailure) result).kind()).isEqualTo(Kind.SIGNATURE_MISMATCH);
    }

    @Test
    void reportsMissingAndIncompleteSignatures() {
        HttpRequestView unsigned = SdkSigning.view(dynamoPost(), GET_ITEM);
        Map<String, List<String>> headers = new HashMap<>(unsigned.headers());
        headers.put("authorization", new ArrayList<>(List.of("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request")));
        HttpRequestView incomplete = new HttpRequestView("POST", "/", "", headers, unsigned.body());

        SignatureFailure missing = (SignatureFailure) verifierAt(SIGNED_AT).verify(unsigned, DYNAMODB);
        SignatureFailure partial = (SignatureFailure) verifierAt(SIGNED_AT).verify(incomplete, DYNAMODB);

        assertThat(missing.kind()).isEqualTo(Kind.MISSING_AUTHENTICATION);
        assertThat(missing.message()).isEqualTo("Request is missing Authentication Token");
        assertThat(partial.kind()).isEqualTo(Kind.INCOMPLETE_SIGNATURE);
        assertThat(partial.message()).startsWith("Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }
}
