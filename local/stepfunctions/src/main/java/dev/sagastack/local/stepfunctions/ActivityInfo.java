package dev.sagastack.local.stepfunctions;

import java.time.Instant;

/** An activity as DescribeActivity reports it. */
public record ActivityInfo(String activityArn, String name, Instant creationDate) {
}
