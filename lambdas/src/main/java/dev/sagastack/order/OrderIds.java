package dev.sagastack.order;

import dev.sagastack.keys.Keys;
import dev.sagastack.keys.TimeOrderedIds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Order ids. {@link #newId()} is time-ordered, so orders sort by creation under a user;
 * {@link #fromIdempotencyKey} is deterministic, so a retried request maps to the same order.
 */
public final class OrderIds {

    private static final TimeOrderedIds IDS = TimeOrderedIds.systemUtc();

    private OrderIds() {
    }

    public static String newId() {
        return IDS.next();
    }

    /**
     * The same 26-character shape as {@link #newId()}, derived from SHA-256 of user and key: the
     * same client request always yields the same id, and two users' keys never collide in practice.
     * Such ids are not time-ordered.
     */
    public static String fromIdempotencyKey(String userId, String idempotencyKey) {
        Keys.component("userId", userId);
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 256) {
            throw new InvalidOrder("Idempotency-Key must be 1-256 characters");
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((userId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        char[] alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
        char[] out = new char[26];
        for (int i = 0; i < 26; i++) {
            int bit = i * 5;
            int value = ((digest[bit / 8] & 0xff) << 8 | (digest[bit / 8 + 1] & 0xff)) >> (11 - bit % 8) & 31;
            out[i] = alphabet[value];
        }
        return new String(out);
    }
}
