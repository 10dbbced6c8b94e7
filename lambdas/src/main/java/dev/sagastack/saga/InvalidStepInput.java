package dev.sagastack.saga;

/** The step's payload is malformed or breaks a domain rule: a defect in the caller, so retrying cannot help. */
public final class InvalidStepInput extends StepError {

    private static final long serialVersionUID = 1L;

    InvalidStepInput(String message, Throwable cause) {
        super(message, cause);
    }


    @Override
    public boolean business() {
        return false;
    }
}
