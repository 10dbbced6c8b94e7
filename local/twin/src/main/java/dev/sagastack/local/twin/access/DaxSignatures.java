package dev.sagastack.local.twin.access;

import dev.sagastack.local.dynamodb.dax.DaxAuthenticator;
import dev.sagastack.local.dynamodb.dax.DaxPermissions;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Credentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies a DAX client's authorizeConnection: the string it signed is SigV4's
 * ({@code AWS4-HMAC-SHA256}, the request date, the scope {@code <date>/<region>/dax/aws4_request}, the hash of its
 * canonical request), signed with the key derived from the secret of a key the twin issued (IAM User Guide,
 * "Create a signed AWS API request"), within 15 minutes of now, in the twin's region, with the session token of
 * temporary credentials. An accepted connection may then do what the signer's policies allow on the cluster.
 */
final class DaxSignatures implements DaxAuthenticator {

    private static final Logger LOG = System.getLogger(DaxSignatures.class.getName());
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration SKEW = Duration.ofMinutes(15);

    private final CredentialStore credentials;
    private final String region;
    private final Clock clock;
    private final Function<Credentials, DaxPermissions> permissions;

    DaxSignatures(CredentialStore credentials, String region, Clock clock,
                  Function<Credentials, DaxPermissions> permissions) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
        this.permissions = permissions;
    }

    @Override
    public boolean accepts(String accessKeyId, String signature, String stringToSign, Optional<String> sessionToken) {
        return authenticate(accessKeyId, signature, stringToSign, sessionToken).isPresent();
    }

    @Override
    public Optional<DaxPermissions> authenticate(String accessKeyId, String signature, String stringToSign,
                                                 Optional<String> sessionToken) {
        Optional<String> refusal = refusal(accessKeyId, signature, stringToSign, sessionToken);
        refusal.ifPresent(reason -> LOG.log(Level.INFO, () -> "refused DAX connection of " + accessKeyId + ": " + reason));
        return refusal.isEmpty() ? credentials.find(accessKeyId).map(permissions) : Optional.empty();
    }

    private Optional<String> refusal(String accessKeyId, String signature, String stringToSign,
                                     Optional<String> sessionToken) {
        Optional<Credentials> known = credentials.find(accessKeyId);
        if (known.isEmpty()) {
            return Optional.of("unknown access key");
        }
        if (known.get().sessionToken().isPresent() && !known.get().sessionToken().equals(sessionToken)) {
            return Optional.of("invalid session token");
        }
        String[] lines = stringToSign.split("\n", -1);
        if (lines.length != 4 || !lines[0].equals("AWS4-HMAC-SHA256")) {
            return Optional.of("not a SigV4 string to sign");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(lines[1], AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Optional.of("bad date " + lines[1]);
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(SKEW)) || signedAt.isAfter(now.plus(SKEW))) {
            return Optional.of("signature expired or not yet current: " + lines[1]);
        }
        String[] scope = lines[2].split("/", -1);
        if (scope.length != 4 || !scope[0].equals(lines[1].substring(0, 8)) || !scope[1].equals(region)
                || !scope[2].equals("dax") || !scope[3].equals("aws4_request")) {
            return Optional.of("credential scope " + lines[2] + " is not <date>/" + region + "/dax/aws4_request");
        }
        try {
            byte[] key = hmac(("AWS4" + known.get().secretAccessKey()).getBytes(StandardCharsets.UTF_8), scope[0]);
            key = hmac(hmac(hmac(key, scope[1]), scope[2]), scope[3]);
            byte[] expected = HexFormat.of().formatHex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))
                    ? Optional.empty() : Optional.of("signature mismatch");
        } catch (GeneralSecurityException e) {
            return Optional.of("cannot compute HMAC-SHA256: " + e.getMessage());
        }
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
