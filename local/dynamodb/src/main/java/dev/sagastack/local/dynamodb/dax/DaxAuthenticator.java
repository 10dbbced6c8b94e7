package dev.sagastack.local.dynamodb.dax;

import java.util.Optional;

/**
 * Checks what a DAX client sends in {@code authorizeConnection}: its access key, a SigV4 signature, the string it
 * signed (algorithm, date, credential scope, hash of its canonical request) and its session token. A connection
 * whose last authorizeConnection was refused (or that sent none) gets no data: each request is answered with an
 * UnrecognizedClientException error. Cluster discovery ({@code endpoints}) needs no credentials.
 */
@FunctionalInterface
public interface DaxAuthenticator {

    /** Accepts every connection (the standalone engine's default). */
    DaxAuthenticator ACCEPT_ALL = (key, signature, stringToSign, token) -> true;

    boolean accepts(String accessKeyId, String signature, String stringToSign, Optional<String> sessionToken);

    /**
     * What the connection may do once its authorizeConnection is accepted; empty when refused. By default an
     * accepted connection may do everything; an authenticator that knows the signer's policies narrows it.
     */
    default Optional<DaxPermissions> authenticate(String accessKeyId, String signature, String stringToSign,
                                                  Optional<String> sessionToken) {
        return accepts(accessKeyId, signature, stringToSign, sessionToken)
                ? Optional.of(DaxPermissions.ALL) : Optional.empty();
    }
}
