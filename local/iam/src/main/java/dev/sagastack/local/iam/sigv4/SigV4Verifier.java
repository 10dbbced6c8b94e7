package dev.sagastack.local.iam.sigv4;

import dev.sagastack.local.iam.Authentication;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.SignatureFailure;
import dev.sagastack.local.iam.SignatureFailure.Kind;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies AWS Signature Version 4 on a request, both in the Authorization header and presigned
 * in the query, exactly as the IAM User Guide describes the signing ("Create a signed AWS API
 * request", "Elements of an AWS API request signature"): the verifier rebuilds the canonical
 * request and the string to sign from what arrived and compares signatures in constant time.
 * The order of the checks and the messages follow what DynamoDB answers (missing parts, date
 * format and skew, Host signed, algorithm, credential scope, access key, signature, token).
 */
public final class SigV4Verifier {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** Requests signed more than 15 minutes before or after the server's time are refused. */
    public static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);
    /** Presigned requests may live at most seven days (X-Amz-Expires). */
    public static final long MAX_PRESIGNED_EXPIRY_SECONDS = 604_800;
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
            + "documentation for details.";
    private static final int MAX_CACHED_KEYS = 4096;

    private final CredentialStore credentials;
    private final Clock clock;
    // Deriving a signing key costs four HMACs; it changes only per key, day, region and service.
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    public SigV4Verifier(CredentialStore credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    public Authentication verify(HttpRequestView request, SigningScope expected) {
        Object parsed = SignedRequestParser.parse(request);
        if (parsed instanceof SignatureFailure failure) {
            return failure;
        }
        SignedRequestParts parts = (SignedRequestParts) parsed;
        Optional<Instant> signedAt = AmzDates.parse(parts.amzDate());
        if (signedAt.isEmpty()) {
            return new SignatureFailure(Kind.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got '"
                    + parts.amzDate() + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        Optional<SignatureFailure> timing = checkTime(parts, signedAt.get());
        if (timing.isPresent()) {
            return timing.get();
        }
        if (!parts.signedHeaders().contains("host")) {
            return new SignatureFailure(Kind.SIGNATURE_MISMATCH,
                    "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!ALGORITHM.equals(parts.algorithm())) {
            return new SignatureFailure(Kind.INCOMPLETE_SIGNATURE, "Unsupported AWS 'algorithm': '"
                    + parts.algorithm() + "' (only AWS4-HMAC-SHA256 for now). ");
        }
        String[] scope = parts.credential().split("/", -1);
        if (scope.length != 5) {
            return new SignatureFailure(Kind.INCOMPLETE_SIGNATURE, "Credential must have exactly 5 slash-delimited "
                    + "elements, e.g. keyid/date/region/service/term, got '" + parts.credential() + "'");
        }
        Optional<SignatureFailure> scopeFailure = checkScope(scope, parts.amzDate(), expected);
        if (scopeFailure.isPresent()) {
            return scopeFailure.get();
        }
        Optional<Credentials> known = credentials.find(scope[0]);
        if (known.isEmpty()) {
            return new SignatureFailure(Kind.UNKNOWN_ACCESS_KEY, INVALID_TOKEN);
        }
        Optional<SignatureFailure> signature = checkSignature(request, parts, scope, known.get());
        if (signature.isPresent()) {
            return signature.get();
        }
        if (!known.get().sessionToken().equals(parts.securityToken())) {
            return new SignatureFailure(Kind.INVALID_SESSION_TOKEN, INVALID_TOKEN);
        }
        return new Authentication.Verified(known.get().principal(), known.get().accessKeyId());
    }

    private Optional<SignatureFailure> checkTime(SignedRequestParts parts, Instant signedAt) {
        Instant now = clock.instant();
        if (parts.presigned()) {
            long expires = parts.expiresSeconds().orElse(0L);
            if (expires < 1 || expires > MAX_PRESIGNED_EXPIRY_SECONDS) {
                return Optional.of(new SignatureFailure(Kind.INCOMPLETE_SIGNATURE,
                        "X-Amz-Expires must be between 1 and 604800 seconds, got " + expires));
            }
            if (now.isAfter(signedAt.plusSeconds(expires))) {
                return Optional.of(new SignatureFailure(Kind.EXPIRED, "Signature expired: " + parts.amzDate()
                        + " is now earlier than " + AmzDates.format(now.minusSeconds(expires)) + " ("
                        + AmzDates.format(now) + " - " + AmzDates.describe(expires) + ")"));
            }
        } else if (signedAt.isBefore(now.minus(ALLOWED_SKEW))) {
            return Optional.of(new SignatureFailure(Kind.EXPIRED, "Signature expired: " + parts.amzDate()
                    + " is now earlier than " + AmzDates.format(now.minus(ALLOWED_SKEW)) + " ("
                    + AmzDates.format(now) + " - 15 min.)"));
        }
        if (signedAt.isAfter(now.plus(ALLOWED_SKEW))) {
            return Optional.of(new SignatureFailure(Kind.EXPIRED, "Signature not yet current: " + parts.amzDate()
                    + " is still later than " + AmzDates.format(now.plus(ALLOWED_SKEW)) + " ("
                    + AmzDates.format(now) + " + 15 min.)"));
        }
        return Optional.empty();
    }

    private static Optional<SignatureFailure> checkScope(String[] scope, String amzDate, SigningScope expected) {
        StringBuilder message = new StringBuilder();
        if (!scope[2].equals(expected.region())) {
            message.append("Credential should be scoped to a valid region, not '").append(scope[2]).append("'. ");
        }
        if (!scope[3].equals(expected.service())) {
            message.append("Credential should be scoped to correct service: '").append(expected.service())
                    .append("'. ");
        }
        if (!scope[4].equals("aws4_request")) {
            message.append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
                    .append(scope[4]).append("'. ");
        }
        String day = amzDate.substring(0, 8);
        if (!scope[1].equals(day)) {
            message.append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                    + "HTTP: '").append(scope[1]).append("' != '").append(day).append("', from '").append(amzDate)
                    .append("'.");
        }
        return message.length() == 0 ? Optional.empty()
                : Optional.of(new SignatureFailure(Kind.WRONG_SCOPE, message.toString().trim()));
    }

    private Optional<SignatureFailure> checkSignature(HttpRequestView request, SignedRequestParts parts,
                                                      String[] scope, Credentials key) {
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
        byte[] signingKey = signingKey(key, scope);
        List<String> payloadHashes = CanonicalRequest.payloadHashes(request, parts.presigned());
        String canonical = null;
        for (String payloadHash : payloadHashes) {
            canonical = CanonicalRequest.build(request, parts, payloadHash);
            String stringToSign = ALGORITHM + "\n" + parts.amzDate() + "\n" + credentialScope + "\n"
                    + Hashing.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
            String computed = Hashing.hex(Hashing.hmac(signingKey, stringToSign));
            if (MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    parts.signature().getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
        }
        return Optional.of(new SignatureFailure(Kind.SIGNATURE_MISMATCH, SIGNATURE_MISMATCH
                + "\n\nThe Canonical String for this request should have been\n'" + canonical + "'\n"));
    }

    private byte[] signingKey(Credentials key, String[] scope) {
        String cacheKey = key.accessKeyId() + '/' + scope[1] + '/' + scope[2] + '/' + scope[3];
        byte[] cached = signingKeys.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        byte[] derived = Hashing.signingKey(key.secretAccessKey(), scope[1], scope[2], scope[3]);
        if (signingKeys.size() >= MAX_CACHED_KEYS) {
            signingKeys.clear();
        }
        signingKeys.put(cacheKey, derived);
        return derived;
    }
}
