package dev.sagastack.local.stepfunctions;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The credentials a state machine's AWS SDK service integrations ({@code arn:aws:states:::dynamodb:*}) sign with.
 * In AWS, Step Functions makes those calls as the state machine's execution role; a host that enforces IAM returns
 * that role's session for the execution. The standalone engine signs every call with fixed local credentials.
 */
@FunctionalInterface
public interface IntegrationCredentials {

    /** Fixed {@code local}/{@code local} credentials (the standalone engine's default). */
    IntegrationCredentials LOCAL = (executionArn, roleArn) -> AwsBasicCredentials.create("local", "local");

    /** The credentials for a call made by the execution {@code executionArn} whose state machine has {@code roleArn}. */
    AwsCredentials forExecution(String executionArn, String roleArn);
}
