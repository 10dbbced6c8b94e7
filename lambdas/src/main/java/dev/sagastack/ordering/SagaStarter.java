package dev.sagastack.ordering;

/** Starts the order saga for an order; the execution name is the order id. */
public interface SagaStarter {

    /**
     * Starts the execution named {@code executionName}, or finds it started with the same input.
     *
     * @throws ExecutionConflict when an execution of that name exists with a different input
     */
    void start(String executionName, String inputJson);

    /** The ARN of the execution of that name: known without asking, as the name identifies it. */
    String executionArn(String executionName);
}
