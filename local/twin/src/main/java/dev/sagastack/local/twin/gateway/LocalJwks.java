package dev.sagastack.local.twin.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.security.SecureRandom;

/**
 * The signing key of the twin's local token issuer: an RSA key made at start whose public half the twin serves as
 * a JSON Web Key Set (RFC 7517) at {@value #JWKS_PATH}, standing in for the issuer's {@code jwks_uri} that API
 * Gateway fetches (the twin is offline). Tokens the twin mints with it ({@value #TOKENS_PATH}) carry the
 * template's issuer, so a JWT route accepts them as API Gateway accepts the real issuer's.
 */
public final class LocalJwks {

    public static final String JWKS_PATH = "/_local/jwt/jwks.json";
    public static final String TOKENS_PATH = "/_local/jwt/tokens";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final String keyId;
    private KeyPair keys;

    private LocalJwks(String keyId) {
        this.keyId = keyId;
    }

    /** A new issuer key; the RSA key pair itself is made on first use, so a stage without JWT routes never pays for it. */
    public static LocalJwks generate() {
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        return new LocalJwks("local-" + HexFormat.of().formatHex(id));
    }

    private synchronized KeyPair keys() {
        if (keys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                keys = generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA is part of every Java runtime", e);
            }
        }
        return keys;
    }

    public String keyId() {
        return keyId;
    }

    /** The public key of {@code kid}, when it is this issuer's. */
    public Optional<RSAPublicKey> publicKey(String kid) {
        return keyId.equals(kid) ? Optional.of((RSAPublicKey) keys().getPublic()) : Optional.empty();
    }

    /** The key set as the issuer's {@code jwks_uri} serves it. */
    public ObjectNode jwks() {
        RSAPublicKey key = (RSAPublicKey) keys().getPublic();
        ObjectNode set = JSON.createObjectNode();
        ArrayNode list = set.putArray("keys");
        list.addObject().put("kty", "RSA").put("kid", keyId).put("use", "sig").put("alg", "RS256")
                .put("n", URL.encodeToString(unsigned(key.getModulus())))
                .put("e", URL.encodeToString(unsigned(key.getPublicExponent())));
        return set;
    }

    /** A compact RS256 JWS of {@code claims} (RFC 7515), signed with this issuer's key. */
    public String sign(JsonNode claims) {
        try {
            ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", keyId);
            String signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys().getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the local issuer's key", e);
        }
    }

    // JWK integers are big-endian without the sign byte BigInteger adds (RFC 7518, 6.3.1)
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
