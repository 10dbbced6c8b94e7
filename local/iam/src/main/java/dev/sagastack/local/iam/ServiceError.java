package dev.sagastack.local.iam;

import java.util.Map;

/**
 * An error response as the service would send it: HTTP status, error code, message, and the
 * body and headers in the service's protocol (for PostgreSQL, {@code code} is the SQLSTATE).
 */
public record ServiceError(int status, String code, String message, String contentType, String body,
                           Map<String, String> headers) {
}
