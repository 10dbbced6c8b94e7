package dev.sagastack.local.twin.lambda;

/**
 * An error of the Invoke call itself rather than of the function (unknown function, throttling),
 * named as Lambda's API names them, e.g. {@code ResourceNotFoundException}, {@code TooManyRequestsException}.
 */
public final class LambdaServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final int statusCode;

    public LambdaServiceException(String errorCode, int statusCode, String message) {
        super(message);
        this.errorCode = errorCode;
        this.statusCode = statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
