package dev.sagastack.local.iam;

/** The outcome of verifying a request's signature: who signed it, or why it is refused. */
public sealed interface Authentication permits Authentication.Verified, SignatureFailure {

    /** A valid signature by known credentials, scoped to the expected region and service. */
    record Verified(Principal principal, String accessKeyId) implements Authentication {
    }
}
