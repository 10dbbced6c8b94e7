package dev.sagastack.api;

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
