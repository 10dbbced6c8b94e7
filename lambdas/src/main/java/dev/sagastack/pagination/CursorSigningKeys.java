package dev.sagastack.pagination;

import dev.sagastack.config.EnvironmentVariables;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/** Where the cursor signing key comes from: the twin's environment, or an SSM SecureString in AWS. */
public final class CursorSigningKeys {

    private CursorSigningKeys() {
    }

    public static CursorSigningKey fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(EnvironmentVariables.CURSOR_KEY + " is not valid base64", e);
        }
        return () -> bytes.clone();
    }

    /**
     * Reads the key once, at container start: {@code CURSOR_KEY} (base64) if set, otherwise the
     * SecureString named by {@code CURSOR_KEY_PARAMETER}, decrypted.
     */
    public static CursorSigningKey fromEnvironment(Map<String, String> env, Supplier<SsmClient> ssm) {
        String direct = env.get(EnvironmentVariables.CURSOR_KEY);
        if (direct != null && !direct.isBlank()) {
            return fromBase64(direct);
        }
        String parameter = env.get(EnvironmentVariables.CURSOR_KEY_PARAMETER);
        if (parameter == null || parameter.isBlank()) {
            throw new IllegalStateException("no cursor key: set " + EnvironmentVariables.CURSOR_KEY + " or "
                    + EnvironmentVariables.CURSOR_KEY_PARAMETER);
        }
        String value = ssm.get().getParameter(GetParameterRequest.builder()
                .name(parameter).withDecryption(true).build()).parameter().value();
        return fromBase64(value);
    }
}
