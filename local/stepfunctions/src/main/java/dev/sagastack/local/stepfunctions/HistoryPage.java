package dev.sagastack.local.stepfunctions;

import java.util.List;
import java.util.Optional;

/** One page of GetExecutionHistory (or ListExecutions), with the token for the next page. */
public record HistoryPage<T>(List<T> items, Optional<String> nextToken) {
}
