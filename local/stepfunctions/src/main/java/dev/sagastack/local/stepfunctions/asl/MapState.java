package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;

import java.util.List;

/**
 * A Map state. The items come from ItemsPath (JSONPath) or Items (JSONata), each item is shaped by
 * ItemSelector (or its older name Parameters) in the state's query language; MaxConcurrency,
 * ToleratedFailureCount and ToleratedFailurePercentage are null when absent, as are ItemBatcher and
 * Label (a Distributed Map's name in its Map Run's ARN).
 */
public record MapState(String name, QueryLanguage queryLanguage, String next, boolean end, Processing io,
                       StatesContainer itemProcessor, boolean distributed, String label, PathField itemsPath, JsonataTemplate items,
                       PayloadTemplate itemSelectorPath, JsonataTemplate itemSelectorJsonata,
                       Setting<Integer> maxConcurrency, Setting<Integer> toleratedFailureCount,
                       Setting<Double> toleratedFailurePercentage, ItemBatcher itemBatcher, List<Retrier> retry,
                       List<Catcher> catchers) implements State {
    @Override
    public StateType type() {
        return StateType.Map;
    }

    /** ItemBatcher: limits (null when absent) and BatchInput as written (null when absent). */
    public record ItemBatcher(Integer maxItemsPerBatch, Integer maxInputBytesPerBatch, Object batchInput) {
    }
}
