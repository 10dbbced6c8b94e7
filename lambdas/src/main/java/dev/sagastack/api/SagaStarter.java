package dev.sagastack.api;

/** Starts the order saga for an order; the execution name is the order id. */
public interface SagaStarter {

    /**
     * Starts (or finds) the execution named {@code executionName}.
     *
     * @return the execution ARN: the same for a repeated start with the same input
     * @throws ApiException 409 when an execution of that name exists with a different input
     */
    String start(String executionName, String inputJson);
}
