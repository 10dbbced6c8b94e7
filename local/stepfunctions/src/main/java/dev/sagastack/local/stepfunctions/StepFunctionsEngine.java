package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.asl.DefinitionParser;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;
import dev.sagastack.local.stepfunctions.runtime.ExecutionRun;
import dev.sagastack.local.stepfunctions.runtime.Interpreter;
import dev.sagastack.local.stepfunctions.runtime.MapRuns;
import dev.sagastack.local.stepfunctions.runtime.RealTimeScheduler;
import dev.sagastack.local.stepfunctions.runtime.Scheduler;
import dev.sagastack.local.stepfunctions.runtime.VirtualTimeScheduler;
import dev.sagastack.local.stepfunctions.store.ExecutionStore;
import dev.sagastack.local.stepfunctions.task.DynamoDbIntegration;
import dev.sagastack.local.stepfunctions.task.LambdaIntegration;
import dev.sagastack.local.stepfunctions.task.MockedResponses;
import dev.sagastack.local.stepfunctions.task.StatesIntegration;
import dev.sagastack.local.stepfunctions.task.TaskIntegrations;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embeddable Step Functions engine: state machines, executions, history and task tokens,
 * with the semantics and error codes of the Step Functions API. Build one with {@link #builder()};
 * serve it over HTTP with {@code StepFunctionsServer}. Thread-safe. The state machines (with their
 * versions and aliases) live in a {@link StateMachineCatalog}, the executions and Map Runs in
 * {@link Executions}, tags in {@link ResourceTags}; this class wires them and is the public API.
 */
public final class StepFunctionsEngine implements AutoCloseable {
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]+)}");

    private final String region;
    private final String account;
    private final Scheduler scheduler;
    private final VirtualTimeScheduler virtualTime;
    private final Interpreter interpreter;
    private final ExecutionStore store;
    private final DynamoDbIntegration dynamo;
    private final Activities activities;
    private final StateMachineCatalog catalog;
    private final Executions executions;
    private final ResourceTags tags;

    private StepFunctionsEngine(Builder b) {
        this.region = b.region;
        this.account = b.account;
        this.virtualTime = b.virtualStart == null ? null
                : new VirtualTimeScheduler(b.virtualStart, b.workThreads, b.taskThreads);
        this.scheduler = virtualTime != null ? virtualTime : new RealTimeScheduler(b.workThreads, b.taskThreads);
        this.store = b.dataDirectory == null ? ExecutionStore.none() : ExecutionStore.open(b.dataDirectory);
        this.activities = new Activities(region, account, b.activityPollTimeout);
        LambdaIntegration lambda = new LambdaIntegration(b.lambdaInvoker, region, account);
        this.dynamo = new DynamoDbIntegration(b.dynamoDbEndpoint, region, b.integrationCredentials);
        StatesIntegration states = new StatesIntegration(this);
        TaskIntegrations tasks = new TaskIntegrations(lambda, b.mocks, dynamo::execute, states::execute);
        this.interpreter = new Interpreter(scheduler, tasks, region, store::checkpoint, this::onFinished,
                b.dataDirectory != null);
        interpreter.activityQueue(new Interpreter.ActivityQueue() {
            @Override
            public boolean schedule(String activityArn, String taskToken, String inputJson,
                                    BiConsumer<String, String> started) {
                return activities.schedule(activityArn, new Activities.Pending(taskToken, inputJson, started));
            }

            @Override
            public void withdraw(String activityArn, String taskToken) {
                activities.withdraw(activityArn, taskToken);
            }
        });
        this.catalog = new StateMachineCatalog(region, account, scheduler, store, b.seed);
        this.executions = new Executions(region, account, scheduler, interpreter, catalog, store,
                b.maxRetainedExecutions, new AtomicLong(b.seed));
        this.tags = new ResourceTags(catalog, activities, store);
        restore();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Engine configuration. */
    public static final class Builder {
        private String region = "us-east-1";
        private String account = "123456789012";
        private LambdaInvoker lambdaInvoker = LambdaInvoker.none();
        private Instant virtualStart;
        private int workThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int taskThreads = 64;
        private Path dataDirectory;
        private URI dynamoDbEndpoint;
        private IntegrationCredentials integrationCredentials = IntegrationCredentials.LOCAL;
        private MockedResponses mocks;
        private int maxRetainedExecutions = 100_000;
        private long seed = System.nanoTime();
        private Duration activityPollTimeout = Duration.ofSeconds(60);

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        public Builder accountId(String account) {
            this.account = Objects.requireNonNull(account);
            return this;
        }

        public Builder lambdaInvoker(LambdaInvoker invoker) {
            this.lambdaInvoker = Objects.requireNonNull(invoker);
            return this;
        }

        /** Runs on a virtual clock starting at {@code start}: waits, backoffs and timeouts take no real time. */
        public Builder virtualTime(Instant start) {
            this.virtualStart = Objects.requireNonNull(start);
            return this;
        }

        /** Threads interpreting executions (default: max(2, cores)). */
        public Builder workThreads(int n) {
            this.workThreads = n;
            return this;
        }

        /** Threads making task calls such as Lambda invocations (default 64). */
        public Builder taskThreads(int n) {
            this.taskThreads = n;
            return this;
        }

        /** Keeps state machines and executions in a log file here; running executions resume on restart. */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        /** Endpoint of the DynamoDB API used by arn:aws:states:::dynamodb:* tasks. */
        public Builder dynamoDbEndpoint(URI endpoint) {
            this.dynamoDbEndpoint = endpoint;
            return this;
        }

        /** What arn:aws:states:::dynamodb:* tasks sign with, per execution (default: fixed local credentials). */
        public Builder integrationCredentials(IntegrationCredentials credentials) {
            this.integrationCredentials = Objects.requireNonNull(credentials);
            return this;
        }

        /** Step Functions Local mock configuration (JSON text) for executions started with a test case. */
        public Builder mockConfig(String json) {
            this.mocks = MockedResponses.parse(json);
            return this;
        }

        /** Finished executions kept (oldest are forgotten first). */
        public Builder maxRetainedExecutions(int n) {
            this.maxRetainedExecutions = n;
            return this;
        }

        /** Seed for jitter, $random, $uuid and States.MathRandom/UUID (printed by tests). */
        public Builder randomSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How long GetActivityTask waits for a task before answering empty (60 s, as the service). */
        public Builder activityPollTimeout(Duration d) {
            this.activityPollTimeout = Objects.requireNonNull(d);
            return this;
        }

        public StepFunctionsEngine build() {
            return new StepFunctionsEngine(this);
        }
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return account;
    }

    /** The engine's clock (virtual or real). */
    public Instant now() {
        return scheduler.now();
    }

    /** Moves a virtual clock forward, firing timers on the way (task-token timeouts, execution deadlines). */
    public void advanceTime(Duration d) {
        if (virtualTime == null) {
            throw new IllegalStateException("advanceTime needs an engine built with virtualTime(...)");
        }
        virtualTime.advance(d);
    }

    // ------------------------------------------------------------------ state machines

    public String stateMachineArn(String name) {
        return catalog.stateMachineArn(name);
    }

    /** Replaces {@code ${Name}} placeholders the way CloudFormation's DefinitionSubstitutions do. */
    public static String substitute(String definition, Map<String, String> substitutions) {
        if (substitutions == null || substitutions.isEmpty()) {
            return definition;
        }
        Matcher m = SUBSTITUTION.matcher(definition);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = substitutions.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public StateMachineInfo createStateMachine(String name, String definition) {
        return createStateMachine(name, definition, Map.of(), null, "STANDARD");
    }

    public StateMachineInfo createStateMachine(String name, String definition, Map<String, String> substitutions) {
        return createStateMachine(name, definition, substitutions, null, "STANDARD");
    }

    /** CreateStateMachine: validates, then stores. Same name with the same definition returns the existing one. */
    public StateMachineInfo createStateMachine(String name, String definition, Map<String, String> substitutions,
                                               String roleArn, String type) {
        return catalog.createStateMachine(name, definition, substitutions, roleArn, type);
    }

    /** UpdateStateMachine: new executions use the new definition; running ones keep theirs. */
    public StateMachineInfo updateStateMachine(String arn, String definition, Map<String, String> substitutions,
                                               String roleArn) {
        return catalog.updateStateMachine(arn, definition, substitutions, roleArn);
    }

    /** DescribeStateMachine of a state machine or of one of its versions (an alias ARN is refused). */
    public StateMachineInfo describeStateMachine(String arn) {
        return catalog.describeStateMachine(arn);
    }

    public List<StateMachineInfo> listStateMachines() {
        return catalog.listStateMachines();
    }

    public void deleteStateMachine(String arn) {
        catalog.deleteStateMachine(arn);
    }

    /** ValidateStateMachineDefinition. */
    public ValidationResult validateDefinition(String definition) {
        var d = DefinitionParser.validate(definition);
        return new ValidationResult(d.isEmpty(), d);
    }

    /**
     * The definition, role and revision an execution runs (DescribeStateMachineForExecution); for a child workflow
     * execution of a Map Run, the state machine of the execution that started the Map Run, with the Map Run's ARN
     * and the Map state's label (API reference: "If a Map Run dispatched the execution, this action returns the Map
     * Run Amazon Resource Name (ARN) in the response. The state machine returned is the state machine associated
     * with the Map Run"; mapRunArn and label "returned only if the executionArn is a child workflow execution that
     * was started by a Distributed Map state").
     */
    public StateMachineForExecution describeStateMachineForExecution(String executionArn) {
        Optional<MapRuns.ChildOrigin> child = executions.mapRunOrigin(executionArn);
        if (child.isPresent()) {
            return new StateMachineForExecution(catalog.describeStateMachineForExecution(child.get().parent()),
                    Optional.of(child.get().mapRunArn()), Optional.of(child.get().label()));
        }
        return new StateMachineForExecution(catalog.describeStateMachineForExecution(executions.run(executionArn)),
                Optional.empty(), Optional.empty());
    }

    // ------------------------------------------------------------------ versions and aliases

    /**
     * PublishStateMachineVersion: a version of the current revision; idempotent for a revision that
     * already has one. {@code revisionId}, when given, must be the current one (else ConflictException).
     */
    public StateMachineVersion publishStateMachineVersion(String stateMachineArn, String revisionId, String description) {
        return catalog.publishStateMachineVersion(stateMachineArn, revisionId, description);
    }

    /** ListStateMachineVersions: newest first. */
    public List<StateMachineVersion> listStateMachineVersions(String stateMachineArn) {
        return catalog.listStateMachineVersions(stateMachineArn);
    }

    /** DeleteStateMachineVersion: refused (ConflictException) while an alias routes to it; running executions go on. */
    public void deleteStateMachineVersion(String versionArn) {
        catalog.deleteStateMachineVersion(versionArn);
    }

    /** CreateStateMachineAlias: routes executions to one version, or splits them between two by weight. */
    public StateMachineAlias createStateMachineAlias(String name, String description,
                                                     List<StateMachineAlias.Route> routing) {
        return catalog.createStateMachineAlias(name, description, routing);
    }

    public StateMachineAlias describeStateMachineAlias(String aliasArn) {
        return catalog.describeStateMachineAlias(aliasArn);
    }

    /** UpdateStateMachineAlias: a new description and/or routing configuration (at least one). */
    public StateMachineAlias updateStateMachineAlias(String aliasArn, String description,
                                                     List<StateMachineAlias.Route> routing) {
        return catalog.updateStateMachineAlias(aliasArn, description, routing);
    }

    public void deleteStateMachineAlias(String aliasArn) {
        catalog.deleteStateMachineAlias(aliasArn);
    }

    public List<StateMachineAlias> listStateMachineAliases(String stateMachineArn) {
        return catalog.listStateMachineAliases(stateMachineArn);
    }

    // ------------------------------------------------------------------ activities

    /** CreateActivity (idempotent by name). */
    public ActivityInfo createActivity(String name, Map<String, String> tags) {
        StateMachineCatalog.checkName(name);
        synchronized (catalog.lock()) {
            ResourceTags.checkTags(tags);
            if (tags.size() > ResourceTags.MAX_TAGS) {
                throw new StepFunctionsException("TooManyTags", "Too many tags on resource '" + activities.arn(name)
                        + "': the maximum is " + ResourceTags.MAX_TAGS + ".");
            }
            ActivityInfo a = activities.create(name, tags, scheduler.now());
            store.saveStateMachine(a.activityArn(), activities.toJson(a.activityArn()));
            return a;
        }
    }

    public ActivityInfo describeActivity(String activityArn) {
        return activities.describe(activityArn);
    }

    public List<ActivityInfo> listActivities() {
        return activities.list();
    }

    public void deleteActivity(String activityArn) {
        synchronized (catalog.lock()) {
            activities.delete(activityArn);
            store.deleteStateMachine(activityArn);
        }
    }

    /** GetActivityTask: long-polls (60 s) for a task of the activity; an empty answer when none came. */
    public ActivityTask getActivityTask(String activityArn, String workerName) {
        return activities.poll(activityArn, workerName);
    }

    // ------------------------------------------------------------------ tags

    public void tagResource(String resourceArn, Map<String, String> tags) {
        this.tags.tagResource(resourceArn, tags);
    }

    public void untagResource(String resourceArn, List<String> keys) {
        tags.untagResource(resourceArn, keys);
    }

    public Map<String, String> listTagsForResource(String resourceArn) {
        return tags.listTagsForResource(resourceArn);
    }

    // ------------------------------------------------------------------ executions

    /** StartExecution with a generated name and "{}" input. */
    public ExecutionInfo startExecution(String stateMachineArn, String inputJson) {
        return startExecution(stateMachineArn, null, inputJson);
    }

    /**
     * StartExecution. A repeated call with the name and input of a running execution returns that
     * execution; a closed execution's name, or the same name with other input, is
     * ExecutionAlreadyExists (StartExecution API reference). A {@code #TestCase} suffix on the state
     * machine ARN runs the mock test case of that name.
     */
    public ExecutionInfo startExecution(String stateMachineArn, String name, String inputJson) {
        return executions.start(stateMachineArn, name, inputJson, null).info();
    }

    /** StartSyncExecution (EXPRESS state machines): runs the execution and returns its result. */
    public ExecutionInfo startSyncExecution(String stateMachineArn, String name, String inputJson, Duration wait) {
        return executions.startSyncExecution(stateMachineArn, name, inputJson, wait);
    }

    /** DescribeExecution of an execution, or of a child workflow execution of a Map Run (with its mapRunArn). */
    public ExecutionInfo describeExecution(String executionArn) {
        return executions.describeExecution(executionArn);
    }

    /** Completes when the execution stops running (started by this engine or restored). */
    public CompletableFuture<ExecutionInfo> completion(String executionArn) {
        return executions.completion(executionArn);
    }

    /** Waits (up to {@code timeout} of real time) until the execution is no longer RUNNING. */
    public ExecutionInfo awaitExecution(String executionArn, Duration timeout) {
        return executions.awaitExecution(executionArn, timeout);
    }

    /** ListExecutions for one state machine (or a version or alias of it), newest first, optionally filtered by status. */
    public List<ExecutionInfo> listExecutions(String stateMachineArn, ExecutionStatus statusFilter) {
        return executions.listExecutions(stateMachineArn, statusFilter);
    }

    /** ListExecutions with a mapRunArn: the child workflow executions the Map Run started, newest first. */
    public List<ExecutionInfo> listMapRunExecutions(String mapRunArn, ExecutionStatus statusFilter) {
        return executions.listMapRunExecutions(mapRunArn, statusFilter);
    }

    /** StopExecution: aborts a running execution; returns the stop date. */
    public Instant stopExecution(String executionArn, String error, String cause) {
        return executions.stopExecution(executionArn, error, cause);
    }

    /**
     * RedriveExecution: restarts a FAILED, ABORTED or TIMED_OUT Standard execution from its
     * unsuccessful step; returns the redrive date (a repeated {@code clientToken} returns the earlier one).
     */
    public Instant redriveExecution(String executionArn, String clientToken) {
        return executions.redriveExecution(executionArn, clientToken);
    }

    /** The full history, oldest first. */
    public List<HistoryEvent> getExecutionHistory(String executionArn) {
        return executions.getExecutionHistory(executionArn);
    }

    /** One page of the history; {@code nextToken} comes from the previous page. */
    public HistoryPage<HistoryEvent> getExecutionHistory(String executionArn, int maxResults, String nextToken,
                                                         boolean reverseOrder) {
        return executions.getExecutionHistory(executionArn, maxResults, nextToken, reverseOrder);
    }

    // ------------------------------------------------------------------ Map Runs

    /** DescribeMapRun: a Map Run of a Distributed Map state. */
    public MapRunInfo describeMapRun(String mapRunArn) {
        return executions.describeMapRun(mapRunArn);
    }

    /** ListMapRuns: the Map Runs an execution started, newest first. */
    public List<MapRunInfo> listMapRuns(String executionArn) {
        return executions.listMapRuns(executionArn);
    }

    /** UpdateMapRun: a running Map Run's MaxConcurrency, ToleratedFailureCount and ToleratedFailurePercentage. */
    public void updateMapRun(String mapRunArn, Integer maxConcurrency, Integer toleratedFailureCount,
                             Double toleratedFailurePercentage) {
        executions.updateMapRun(mapRunArn, maxConcurrency, toleratedFailureCount, toleratedFailurePercentage);
    }

    // ------------------------------------------------------------------ callbacks

    public void sendTaskSuccess(String taskToken, String outputJson) {
        Object output;
        try {
            output = Json.parse(outputJson);
        } catch (JsonException e) {
            throw new StepFunctionsException("InvalidOutput", "Invalid Output: '" + e.getMessage() + "'");
        }
        tokenResult(interpreter.sendTaskSuccess(taskToken, output));
    }

    public void sendTaskFailure(String taskToken, String error, String cause) {
        tokenResult(interpreter.sendTaskFailure(taskToken, error, cause));
    }

    public void sendTaskHeartbeat(String taskToken) {
        tokenResult(interpreter.sendTaskHeartbeat(taskToken));
    }

    private static void tokenResult(String error) {
        if (error == null) {
            return;
        }
        switch (error) {
            case "TaskTimedOut":
                throw new StepFunctionsException("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
            case "InvalidToken":
                throw new StepFunctionsException("InvalidToken", "Invalid Token: 'Invalid token'");
            default:
                throw new StepFunctionsException("TaskDoesNotExist", "Task Does Not Exist: 'Provided task does not exist anymore'");
        }
    }

    // ------------------------------------------------------------------ housekeeping

    private void onFinished(ExecutionRun run) {
        executions.onFinished(run);
    }

    /** Loads what the durable store kept and resumes the executions that were running. */
    private void restore() {
        ExecutionStore.StoredState stored = store.load();
        for (Map<String, Object> m : stored.stateMachines()) {
            if (Boolean.TRUE.equals(m.get("activity"))) {
                activities.restore(m);
            } else {
                catalog.restore(m);
            }
        }
        executions.restore(stored.executions());
    }

    /** TestState: runs one state definition on one input (no state machine needed). */
    public TestStateResult testState(String stateDefinition, String inputJson) {
        return TestStates.run(this, stateDefinition, inputJson);
    }

    ExecutionInfo runEphemeral(Definition def, String inputJson, Duration wait) {
        return executions.runEphemeral(def, inputJson, wait);
    }

    List<HistoryEvent> getEphemeralHistory(String arn) {
        return executions.getEphemeralHistory(arn);
    }

    /** Internal: the interpreter, for the store's restore and the HTTP server's TestState. */
    public Interpreter interpreter() {
        return interpreter;
    }

    @Override
    public void close() {
        scheduler.close();
        store.close();
        dynamo.close();
    }
}
