package dev.sagastack.api;

import dev.sagastack.errors.Refusal;

import java.util.Optional;

/**
 * A request the API refuses, answered as {@code {"error","message","field"}} with {@code status}.
 * Thrown before anything is written, or translated from a domain refusal that wrote nothing.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Optional<String> field;

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = Optional.ofNullable(field);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "ValidationError", message, field);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NotFound", message, null);
    }

    public static ApiException conflict(String code, String message, String field) {
        return new ApiException(409, code, message, field);
    }

    /**
     * The one mapping of a domain refusal to HTTP: not found 404, invalid 400, conflict and business
     * rule 409 (named by the rule), transient 503 (the caller may retry).
     */
    public static ApiException from(Refusal refusal) {
        String message = refusal.publicMessage();
        String field = refusal.field().orElse(null);
        return switch (refusal.kind()) {
            case NOT_FOUND -> new ApiException(404, "NotFound", message, field);
            case INVALID -> new ApiException(400, "ValidationError", message, field);
            case CONFLICT, BUSINESS_RULE -> new ApiException(409, refusal.code(), message, field);
            case TRANSIENT -> new ApiException(503, refusal.code(), message, field);
        };
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<String> field() {
        return field;
    }
}
