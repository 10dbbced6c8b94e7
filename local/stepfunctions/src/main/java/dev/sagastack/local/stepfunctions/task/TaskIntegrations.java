package dev.sagastack.local.stepfunctions.task;

import java.util.function.Function;

/**
 * Routes each Task attempt to its integration: mocked responses first (when the execution runs a
 * mock test case), then Lambda, DynamoDB, or Step Functions itself.
 */
public final class TaskIntegrations implements TaskExecutor {
    private final LambdaIntegration lambda;
    private final MockedResponses mocks;
    private final Function<TaskRequest, TaskOutcome> dynamoDb;
    private final Function<TaskRequest, TaskOutcome> states;

    public TaskIntegrations(LambdaIntegration lambda, MockedResponses mocks, Function<TaskRequest, TaskOutcome> dynamoDb,
                            Function<TaskRequest, TaskOutcome> states) {
        this.lambda = lambda;
        this.mocks = mocks;
        this.dynamoDb = dynamoDb;
        this.states = states;
    }

    @Override
    public TaskOutcome execute(TaskRequest req) {
        if (mocks != null) {
            TaskOutcome mocked = mocks.respond(req);
            if (mocked != null) {
                return mocked;
            }
        }
        switch (req.resource().kind()) {
            case LAMBDA_INVOKE:
            case LAMBDA_FUNCTION:
                return lambda.execute(req);
            case DYNAMODB:
                return dynamoDb.apply(req);
            case STATES_START_EXECUTION:
                return states.apply(req);
            default:
                return TaskOutcome.failure("States.Runtime", "The integration " + req.resourceArn() + " is not "
                        + "available in the local engine; answer it with a mock config test case");
        }
    }
}
