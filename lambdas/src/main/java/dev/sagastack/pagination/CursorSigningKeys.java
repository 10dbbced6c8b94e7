package dev.sagastack.pagination;

import java.util.Base64;

/** The cursor signing key from its base64 text (the twin's variable, or the SSM SecureString in AWS). */
public final class CursorSigningKeys {

    private CursorSigningKeys() {
    }

    public static CursorSigningKey fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the cursor key is not valid base64", e);
        }
        return () -> bytes.clone();
    }
}
