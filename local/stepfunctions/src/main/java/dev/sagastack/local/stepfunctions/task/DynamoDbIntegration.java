package dev.sagastack.local.stepfunctions.task;

import java.net.URI;

/** {@code arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem} through the AWS SDK. */
public final class DynamoDbIntegration {
    private final URI endpoint;
    private final String region;

    public DynamoDbIntegration(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    public TaskOutcome execute(TaskRequest req) {
        return TaskOutcome.failure("States.Runtime", "DynamoDB integration is not configured (endpoint "
                + endpoint + ", region " + region + ")");
    }
}
