package dev.sagastack.local.iam.sigv4;

/** The region and signing name a local endpoint accepts in a credential scope. */
public record SigningScope(String region, String service) {

    public SigningScope {
        if (region == null || region.isBlank() || service == null || service.isBlank()) {
            throw new IllegalArgumentException("a signing scope needs a region and a service");
        }
    }
}
