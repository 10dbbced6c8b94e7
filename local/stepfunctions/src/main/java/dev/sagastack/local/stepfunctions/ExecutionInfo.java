package dev.sagastack.local.stepfunctions;

import java.time.Instant;
import java.util.Optional;

/**
 * An execution as DescribeExecution reports it. {@code input} and {@code output} are JSON text.
 */
public record ExecutionInfo(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                            Instant startDate, Optional<Instant> stopDate, String input, Optional<String> output,
                            Optional<String> error, Optional<String> cause) {
}
