package dev.sagastack.local.iam;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The twin's credentials: one local account, an administrator key pair for people and tools
 * (the ecosystem's usual {@code test}/{@code test} unless overridden) and temporary credentials per
 * role session, shaped as STS issues them (an {@code ASIA} access key, a 40-character secret and
 * a session token that must accompany every request).
 */
public final class CredentialStore {

    public static final String LOCAL_ACCOUNT = "000000000000";
    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final String accountId;
    private final Credentials administrator;
    private final Map<String, Credentials> byAccessKey = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private CredentialStore(String accountId, String adminKey, String adminSecret) {
        this.accountId = accountId;
        this.administrator = new Credentials(adminKey, adminSecret, Optional.empty(),
                Principal.administrator(accountId));
        byAccessKey.put(adminKey, administrator);
    }

    /** The local account with the administrator {@code test}/{@code test}. */
    public static CredentialStore local() {
        return withAdministrator("test", "test");
    }

    public static CredentialStore withAdministrator(String accessKeyId, String secretAccessKey) {
        return new CredentialStore(LOCAL_ACCOUNT, accessKeyId, secretAccessKey);
    }

    /** Parses {@code KEY:SECRET}, the form of {@code --admin-credentials}. */
    public static CredentialStore withAdministrator(String keyColonSecret) {
        int colon = keyColonSecret == null ? -1 : keyColonSecret.indexOf(':');
        if (colon <= 0 || colon == keyColonSecret.length() - 1) {
            throw new IllegalArgumentException("administrator credentials must be KEY:SECRET");
        }
        return withAdministrator(keyColonSecret.substring(0, colon), keyColonSecret.substring(colon + 1));
    }

    public String accountId() {
        return accountId;
    }

    public Credentials administrator() {
        return administrator;
    }

    /** New temporary credentials for a session of the role, as AssumeRole would return them. */
    public Credentials issueRoleSession(String roleName, String sessionName) {
        if (roleName == null || roleName.isBlank() || sessionName == null || sessionName.isBlank()) {
            throw new IllegalArgumentException("a role name and a session name are required");
        }
        byte[] token = new byte[96];
        random.nextBytes(token);
        Credentials credentials = new Credentials("ASIA" + randomString(KEY_ALPHABET, 16),
                randomString(SECRET_ALPHABET, 40), Optional.of(Base64.getEncoder().encodeToString(token)),
                Principal.assumedRole(accountId, roleName, sessionName));
        byAccessKey.put(credentials.accessKeyId(), credentials);
        return credentials;
    }

    public Optional<Credentials> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKey.get(accessKeyId));
    }

    private String randomString(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
