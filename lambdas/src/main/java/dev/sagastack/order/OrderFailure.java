package dev.sagastack.order;

/** Why an order did not complete: the saga's error name and cause, as shown to operators. */
public record OrderFailure(String error, String cause) {

    public OrderFailure {
        if (error == null || error.isBlank()) {
            throw new InvalidOrder("failure error is required");
        }
        cause = cause == null ? "" : cause.length() > 2000 ? cause.substring(0, 2000) : cause;
    }
}
