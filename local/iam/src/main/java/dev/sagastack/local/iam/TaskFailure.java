package dev.sagastack.local.iam;

/** The error and cause a Step Functions execution records for a failed task (TaskFailed event). */
public record TaskFailure(String error, String cause) {
}
