package dev.sagastack.local.twin.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JWT authorizer of an HTTP API, checking a request the way API Gateway documents it ("Control access to HTTP
 * APIs with JWT authorizers in API Gateway"): take the token from the identity source (optionally prefixed with
 * {@code Bearer}), decode it, check its RSA signature with the issuer's key of its {@code kid}, then {@code iss}
 * (the configured issuer), {@code aud} (or {@code client_id} when there is no {@code aud}) among the configured
 * audiences, {@code exp} in the future, {@code nbf} and {@code iat} in the past. Any failure is 401
 * {@code {"message":"Unauthorized"}} with a {@code www-authenticate} header naming the reason ("Troubleshooting
 * issues with HTTP API JWT authorizers"). The issuer's keys are the twin's local ones ({@link LocalJwks}).
 */
public final class JwtAuthorizer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] UNAUTHORIZED = "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> ALGORITHMS = Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA",
            "RS512", "SHA512withRSA");

    private final String issuer;
    private final List<String> audiences;
    private final String identityHeader;
    private final LocalJwks keys;
    private final Clock clock;

    /**
     * @param identitySource the authorizer's identity source, {@code $request.header.<Name>}
     */
    public JwtAuthorizer(String issuer, List<String> audiences, String identitySource, LocalJwks keys, Clock clock) {
        String prefix = "$request.header.";
        if (!identitySource.startsWith(prefix)) {
            throw new IllegalArgumentException("a JWT authorizer's identity source is a header, $request.header.<Name>; was "
                    + identitySource);
        }
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.identityHeader = identitySource.substring(prefix.length());
        this.keys = keys;
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    public List<String> audiences() {
        return audiences;
    }

    RouteAuthorization.Outcome authorize(GatewayRequest request) {
        Optional<String> header = request.headers().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(identityHeader)).map(Map.Entry::getValue).findFirst();
        if (header.isEmpty() || header.get().isBlank()) {
            return unauthorized("Bearer");
        }
        String token = header.get().trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        String[] parts = token.split("\\.", -1);
        JsonNode head;
        JsonNode claims;
        byte[] signature;
        try {
            if (parts.length != 3) {
                return invalid("the token is not a valid JWT");
            }
            head = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IOException | IllegalArgumentException e) {
            return invalid("the token is not a valid JWT");
        }
        if (head == null || !head.isObject() || claims == null || !claims.isObject()) {
            return invalid("the token is not a valid JWT");
        }
        String algorithm = ALGORITHMS.get(head.path("alg").asText());
        if (algorithm == null) {
            return invalid("the token's algorithm " + head.path("alg").asText() + " is not supported");
        }
        Optional<RSAPublicKey> key = keys.publicKey(head.path("kid").asText());
        if (key.isEmpty()) {
            return invalid("the token's kid does not match a key of the issuer");
        }
        if (!verifies(algorithm, key.get(), (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                signature)) {
            return invalid("the token signature is invalid");
        }
        if (!issuer.equals(claims.path("iss").asText())) {
            return invalid("the token does not have a valid issuer");
        }
        if (!audienceMatches(claims)) {
            return invalid("the token does not have a valid audience");
        }
        long now = clock.instant().getEpochSecond();
        if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= now) {
            return invalid("the token has expired");
        }
        if (claims.has("nbf") && claims.path("nbf").asLong() > now) {
            return invalid("the token is not valid yet");
        }
        if (claims.has("iat") && claims.path("iat").asLong() > now) {
            return invalid("the token was issued in the future");
        }
        return new RouteAuthorization.Outcome.Authorized(Optional.of(context(claims)));
    }

    // API Gateway checks client_id only when aud is absent; aud may be a string or a list
    private boolean audienceMatches(JsonNode claims) {
        JsonNode aud = claims.get("aud");
        if (aud == null) {
            return audiences.contains(claims.path("client_id").asText());
        }
        if (aud.isArray()) {
            for (JsonNode a : aud) {
                if (audiences.contains(a.asText())) {
                    return true;
                }
            }
            return false;
        }
        return audiences.contains(aud.asText());
    }

    /** {@code requestContext.authorizer.jwt} of the payload 2.0 event: the claims and the token's scopes. */
    private static ObjectNode context(JsonNode claims) {
        ObjectNode authorizer = JSON.createObjectNode();
        ObjectNode jwt = authorizer.putObject("jwt");
        ObjectNode out = jwt.putObject("claims");
        claims.properties().forEach(e -> out.put(e.getKey(),
                e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        String scope = claims.has("scope") ? claims.path("scope").asText() : claims.path("scp").asText("");
        if (scope.isBlank()) {
            jwt.putNull("scopes");
        } else {
            for (String s : scope.trim().split("\\s+")) {
                jwt.withArray("scopes").add(s);
            }
        }
        return authorizer;
    }

    private static boolean verifies(String algorithm, RSAPublicKey key, byte[] input, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static RouteAuthorization.Outcome invalid(String description) {
        return unauthorized("Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description + "\"");
    }

    private static RouteAuthorization.Outcome unauthorized(String challenge) {
        return new RouteAuthorization.Outcome.Refused(401, List.of(Map.entry("content-type", "application/json"),
                Map.entry("www-authenticate", challenge)), UNAUTHORIZED);
    }
}
