package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;

import java.util.List;

/**
 * One state of a definition, compiled. Fields that do not apply to the state's type or query
 * language are null. JSONPath fields hold compiled paths/templates; JSONata fields compiled templates.
 */
public final class State {
    public String name;
    public StateType type;
    public QueryLanguage queryLanguage;
    public String next;
    public boolean end;

    // common JSONPath processing
    public PathField inputPath = PathField.DEFAULT;
    public PathField outputPath = PathField.DEFAULT;
    public PathField resultPath = PathField.DEFAULT;
    public PayloadTemplate parameters;
    public PayloadTemplate resultSelector;
    public PayloadTemplate assignPath;
    /** Pass: the static Result (JSON value), or null. */
    public Object result;

    // common JSONata processing
    public JsonataTemplate arguments;
    public JsonataTemplate output;
    public JsonataTemplate assignJsonata;

    // Task
    public String resource;
    public TaskResource taskResource;
    /** TimeoutSeconds / TimeoutSecondsPath / JSONata TimeoutSeconds, or null. */
    public IntegerSetting timeoutSeconds;
    /** HeartbeatSeconds / HeartbeatSecondsPath / JSONata HeartbeatSeconds, or null. */
    public IntegerSetting heartbeatSeconds;
    public List<Retrier> retry = List.of();
    public List<Catcher> catchers = List.of();

    // Choice
    public List<ChoiceRule> choices;
    public String defaultNext;

    // Wait
    /** Seconds / SecondsPath / JSONata Seconds, or null (then a Timestamp form is set). */
    public IntegerSetting seconds;
    public String timestamp;
    public PathExpr timestampPath;
    public JsonataTemplate timestampJsonata;

    // Fail
    public String error;
    public String cause;
    public Object errorPath; // PathExpr or Intrinsic
    public Object causePath;
    public JsonataTemplate errorJsonata;
    public JsonataTemplate causeJsonata;

    // Parallel
    public List<StatesContainer> branches;

    // Map
    public StatesContainer itemProcessor;
    public boolean distributed;
    public PathField itemsPath = PathField.DEFAULT;
    public JsonataTemplate items;
    public PayloadTemplate itemSelectorPath;
    public JsonataTemplate itemSelectorJsonata;
    /** MaxConcurrency in any of its forms, or null (no limit). */
    public IntegerSetting maxConcurrency;
    /** ToleratedFailureCount in any of its forms, or null. */
    public IntegerSetting toleratedFailureCount;
    public Double toleratedFailurePercentage;
    public PathExpr toleratedFailurePercentagePath;
    public JsonataTemplate toleratedFailurePercentageJsonata;
    public Integer maxItemsPerBatch;
    public Integer maxInputBytesPerBatch;
    public Object batchInput;
    public boolean hasItemBatcher;
    public boolean hasItemReader;

    public boolean isJsonata() {
        return queryLanguage == QueryLanguage.JSONata;
    }
}
