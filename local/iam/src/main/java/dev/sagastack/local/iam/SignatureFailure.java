package dev.sagastack.local.iam;

/**
 * Why a request's signature is refused. The kind decides the error each service answers with
 * ({@link ServiceErrors}); the message is the text AWS puts in that error.
 */
public record SignatureFailure(Kind kind, String message) implements Authentication {

    public enum Kind {
        /** No Authorization header and no presigned query parameters. */
        MISSING_AUTHENTICATION,
        /** The Authorization header or presigned parameters are malformed or incomplete. */
        INCOMPLETE_SIGNATURE,
        /** The access key id is not in the credential store. */
        UNKNOWN_ACCESS_KEY,
        /** Temporary credentials without their session token, or with another one. */
        INVALID_SESSION_TOKEN,
        /** The credential scope names another region, service, date or terminator. */
        WRONG_SCOPE,
        /** The signature does not match the one computed with the key's secret. */
        SIGNATURE_MISMATCH,
        /** Signed more than 15 minutes ago (or past the presigned expiry), or too far in the future. */
        EXPIRED
    }
}
