package dev.sagastack.saga;

/** What is stored contradicts the request (a reservation with other lines, an order in another final status, a payment voided by an earlier refund); retrying cannot help. */
public final class StepConflict extends StepError {

    private static final long serialVersionUID = 1L;

    StepConflict(String message, Throwable cause) {
        super(message, cause);
    }


    @Override
    public boolean business() {
        return false;
    }
}
