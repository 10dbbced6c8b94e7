package dev.sagastack.config;

import dev.sagastack.pagination.CursorSigningKey;
import dev.sagastack.pagination.CursorSigningKeys;
import dev.sagastack.pagination.PageCursors;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler is built from: the function's configuration and the clients made from it. Every
 * handler has a no-arg constructor (Lambda: {@code new X(AppContext.fromEnvironment(System.getenv()))})
 * and one taking this; hosts (the twin) and tests build it from their own map or values.
 */
public record AppContext(AppConfig config, AwsClients clients, Clock clock) {

    public AppContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(clock, "clock");
    }

    public AppContext(AppConfig config, AwsClients clients) {
        this(config, clients, Clock.systemUTC());
    }

    public static AppContext fromEnvironment(Map<String, String> environment) {
        return of(AppConfig.fromEnvironment(environment));
    }

    public static AppContext of(AppConfig config) {
        return new AppContext(config, AwsClients.create(config));
    }

    /**
     * The cursor signing key, read once per call (the API's cursors call it once, at their first use): the inline
     * key, or the SecureString parameter decrypted (SSM GetParameter, WithDecryption).
     *
     * @throws IllegalStateException when the function has no cursor key configured
     */
    public CursorSigningKey cursorKey() {
        AppConfig.CursorKeySource source = cursorKeySource();
        String base64 = source instanceof AppConfig.CursorKeySource.Parameter parameter
                ? clients.ssm().decryptedValue(parameter.name())
                : ((AppConfig.CursorKeySource.Inline) source).base64();
        return CursorSigningKeys.fromBase64(base64);
    }

    /**
     * Cursors whose key is read at the first listing (or the SnapStart priming), not here: reading a
     * SecureString costs a signed SSM request and a TLS handshake that a request reading one item does not
     * need. A function without any cursor key configured still fails here.
     */
    public PageCursors cursors() {
        cursorKeySource();
        return PageCursors.deferred(() -> cursorKey().bytes());
    }

    private AppConfig.CursorKeySource cursorKeySource() {
        return config.cursorKey().orElseThrow(() -> new IllegalStateException(
                "no cursor key: set " + EnvironmentVariables.CURSOR_KEY + " or " + EnvironmentVariables.CURSOR_KEY_PARAMETER));
    }
}
