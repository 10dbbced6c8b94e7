package dev.sagastack.local.iam.sigv4;

import java.util.List;
import java.util.Optional;

/** What a request says about its own signature, from the Authorization header or the presigned query. */
record SignedRequestParts(boolean presigned, String algorithm, String credential, List<String> signedHeaders,
                          String signature, String amzDate, Optional<Long> expiresSeconds,
                          Optional<String> securityToken) {
}
