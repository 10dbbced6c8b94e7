package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.asl.DefinitionParser;
import dev.sagastack.local.stepfunctions.asl.InvalidDefinitionException;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;
import dev.sagastack.local.stepfunctions.runtime.Checkpoints;
import dev.sagastack.local.stepfunctions.runtime.ExecutionRun;
import dev.sagastack.local.stepfunctions.runtime.Interpreter;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embeddable Step Functions engine: state machines, executions, history and task tokens,
 * with the semantics and error codes of the Step Functions API. Build one with {@link #builder()};
 * serve it over HTTP with {@code StepFunctionsServer}. Thread-safe.
 */
public final class StepFunctionsEngine implements AutoCloseable {
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]");

    private final String region;
    private final String account;
    private final Scheduler scheduler;
    private final VirtualTimeScheduler virtualTime;
    private final Interpreter interpreter;
    private final ExecutionStore store;
    private final int maxRetainedExecutions;
    private final AtomicLong seeds;
    /** Chooses the version of each execution started through a weighted alias. */
    private final Random routing;
    private final DynamoDbIntegration dynamo;
    private final Activities activities;
    private final Map<String, StateMachineRecord> stateMachines = new ConcurrentHashMap<>();
    private final Map<String, ExecutionRun> executions = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedDeque<ExecutionRun>> executionsByMachine = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<ExecutionRun> finishedOrder = new ConcurrentLinkedDeque<>();
    private final AtomicInteger finishedCount = new AtomicInteger();

    /** A stored state machine. */
    record StateMachineRecord(String arn, String name, String definitionText, Definition definition, String roleArn,
                              String type, Instant creationDate, String revisionId, VersionsAndAliases versions,
                              Map<String, String> tags) {
        StateMachineInfo info() {
            return new StateMachineInfo(arn, name, definitionText, roleArn, type, creationDate, revisionId);
        }

        Map<String, Object> toJson() {
            return Json.obj("arn", arn, "name", name, "definition", definitionText, "roleArn", roleArn, "type", type,
                    "creationDate", creationDate.toString(), "revisionId", revisionId, "versions", versions.toJson(),
                    "tags", new LinkedHashMap<String, Object>(tags));
        }
    }

    /** What an execution runs: the machine, and the version (and alias) a qualified ARN chose. */
    private record Target(StateMachineRecord machine, Definition definition, String definitionText, String roleArn,
                          String versionArn, String aliasArn) {
    }

    private StepFunctionsEngine(Builder b) {
        this.region = b.region;
        this.account = b.account;
        this.virtualTime = b.virtualStart == null ? null
                : new VirtualTimeScheduler(b.virtualStart, b.workThreads, b.taskThreads);
        this.scheduler = virtualTime != null ? virtualTime : new RealTimeScheduler(b.workThreads, b.taskThreads);
        this.maxRetainedExecutions = b.maxRetainedExecutions;
        this.seeds = new AtomicLong(b.seed);
        this.routing = new Random(b.seed);
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
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
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
        return createStateMachine(name, definition, Map.of(), defaultRole(), "STANDARD");
    }

    public StateMachineInfo createStateMachine(String name, String definition, Map<String, String> substitutions) {
        return createStateMachine(name, definition, substitutions, defaultRole(), "STANDARD");
    }

    private String defaultRole() {
        return "arn:aws:iam::" + account + ":role/StepFunctionsLocalRole";
    }

    /** CreateStateMachine: validates, then stores. Same name with the same definition returns the existing one. */
    public StateMachineInfo createStateMachine(String name, String definition, Map<String, String> substitutions,
                                               String roleArn, String type) {
        checkName(name);
        String t = type == null ? "STANDARD" : type;
        if (!t.equals("STANDARD") && !t.equals("EXPRESS")) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '" + type
                    + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }
        String text = substitute(definition, substitutions);
        Definition def = parse(text);
        if (t.equals("EXPRESS")) {
            ExpressLimits.check(def);
        }
        String arn = stateMachineArn(name);
        String role = roleArn == null ? defaultRole() : roleArn;
        synchronized (stateMachines) {
            StateMachineRecord existing = stateMachines.get(arn);
            if (existing != null) {
                if (existing.definitionText.equals(text) && existing.roleArn.equals(role) && existing.type.equals(t)) {
                    return existing.info();
                }
                throw new StepFunctionsException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
            }
            StateMachineRecord r = new StateMachineRecord(arn, name, text, def, role, t, scheduler.now(),
                    UUID.randomUUID().toString(), new VersionsAndAliases(arn), new LinkedHashMap<>());
            stateMachines.put(arn, r);
            store.saveStateMachine(r.arn, r.toJson());
            return r.info();
        }
    }

    private static Definition parse(String text) {
        try {
            return DefinitionParser.parse(text);
        } catch (InvalidDefinitionException e) {
            throw new StepFunctionsException("InvalidDefinition", e.getMessage());
        }
    }

    /** UpdateStateMachine: new executions use the new definition; running ones keep theirs. */
    public StateMachineInfo updateStateMachine(String arn, String definition, Map<String, String> substitutions,
                                               String roleArn) {
        checkNotVersionOrAlias(arn);
        String text = definition == null ? null : substitute(definition, substitutions);
        Definition def = text == null ? null : parse(text);
        synchronized (stateMachines) {
            StateMachineRecord r = machine(arn);
            StateMachineRecord u = new StateMachineRecord(arn, r.name, text == null ? r.definitionText : text,
                    def == null ? r.definition : def, roleArn == null ? r.roleArn : roleArn, r.type, r.creationDate,
                    UUID.randomUUID().toString(), r.versions, r.tags);
            stateMachines.put(arn, u);
            store.saveStateMachine(arn, u.toJson());
            return u.info();
        }
    }

    /** DescribeStateMachine of a state machine or of one of its versions (an alias ARN is refused). */
    public StateMachineInfo describeStateMachine(String arn) {
        checkStateMachineArn(arn);
        String q = qualifier(arn);
        if (q == null) {
            return machine(arn).info();
        }
        if (!q.matches("\\d+")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
        synchronized (stateMachines) {
            StateMachineRecord m = machine(unqualified(arn));
            StateMachineVersion v = m.versions.version(arn).orElseThrow(() -> noMachine(arn)).info();
            return new StateMachineInfo(v.stateMachineVersionArn(), m.name, v.definition(), v.roleArn(), m.type,
                    v.creationDate(), v.revisionId(), v.description());
        }
    }

    /** The part after the state machine name in a version or alias ARN, or null for an unqualified ARN. */
    private static String qualifier(String arn) {
        String rest = arn.substring(arn.indexOf(":stateMachine:") + ":stateMachine:".length());
        int colon = rest.indexOf(':');
        return colon < 0 ? null : rest.substring(colon + 1);
    }

    private static String unqualified(String arn) {
        String q = qualifier(arn);
        return q == null ? arn : arn.substring(0, arn.length() - q.length() - 1);
    }

    private static StepFunctionsException noMachine(String arn) {
        return new StepFunctionsException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }

    public List<StateMachineInfo> listStateMachines() {
        List<StateMachineInfo> l = new ArrayList<>();
        stateMachines.values().forEach(r -> l.add(r.info()));
        l.sort(Comparator.comparing(StateMachineInfo::name));
        return l;
    }

    public void deleteStateMachine(String arn) {
        checkNotVersionOrAlias(arn);
        synchronized (stateMachines) {
            // a state machine's versions and aliases go with it
            if (stateMachines.remove(arn) != null) {
                store.deleteStateMachine(arn);
            }
        }
    }

    private StateMachineRecord machine(String arn) {
        StateMachineRecord r = stateMachines.get(arn);
        if (r == null) {
            throw noMachine(arn);
        }
        return r;
    }

    private void checkStateMachineArn(String arn) {
        if (arn == null || !arn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[^:#]+(:[A-Za-z0-9_.-]{1,80})?(#[^:]+)?$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 80 || INVALID_NAME_CHARS.matcher(name).find()) {
            throw new StepFunctionsException("InvalidName", "Invalid Name: '" + name + "'");
        }
    }

    // ------------------------------------------------------------------ versions and aliases

    /**
     * PublishStateMachineVersion: a version of the current revision; idempotent for a revision that
     * already has one. {@code revisionId}, when given, must be the current one (else ConflictException).
     */
    public StateMachineVersion publishStateMachineVersion(String stateMachineArn, String revisionId, String description) {
        checkUnqualified(stateMachineArn);
        synchronized (stateMachines) {
            StateMachineRecord m = machine(stateMachineArn);
            StateMachineVersion v = m.versions.publish(m.definitionText, m.definition, m.roleArn, m.revisionId,
                    revisionId, description, scheduler.now());
            store.saveStateMachine(m.arn, m.toJson());
            return v;
        }
    }

    /** ListStateMachineVersions: newest first. */
    public List<StateMachineVersion> listStateMachineVersions(String stateMachineArn) {
        checkUnqualified(stateMachineArn);
        synchronized (stateMachines) {
            return machine(stateMachineArn).versions.versions();
        }
    }

    /** DeleteStateMachineVersion: refused (ConflictException) while an alias routes to it; running executions go on. */
    public void deleteStateMachineVersion(String versionArn) {
        checkStateMachineArn(versionArn);
        String q = qualifier(versionArn);
        if (q == null || !q.matches("\\d+")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + versionArn + "'");
        }
        synchronized (stateMachines) {
            StateMachineRecord m = stateMachines.get(unqualified(versionArn));
            if (m != null) {
                m.versions.deleteVersion(versionArn);
                store.saveStateMachine(m.arn, m.toJson());
            }
        }
    }

    /** CreateStateMachineAlias: routes executions to one version, or splits them between two by weight. */
    public StateMachineAlias createStateMachineAlias(String name, String description,
                                                     List<StateMachineAlias.Route> routing) {
        if (name == null || !name.matches("^(?=.*[a-zA-Z_\\-.])[a-zA-Z0-9_\\-.]{1,80}$")) {
            throw new StepFunctionsException("InvalidName", "Invalid Name: '" + name + "'");
        }
        if (routing == null || routing.isEmpty()) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value null at"
                    + " 'routingConfiguration' failed to satisfy constraint: Member must not be null");
        }
        String versionArn = routing.get(0).stateMachineVersionArn();
        checkStateMachineArn(versionArn);
        synchronized (stateMachines) {
            StateMachineRecord m = stateMachines.get(unqualified(versionArn));
            if (m == null) {
                throw VersionsAndAliases.notFound(versionArn);
            }
            StateMachineAlias a = m.versions.createAlias(name, description, routing, scheduler.now());
            store.saveStateMachine(m.arn, m.toJson());
            return a;
        }
    }

    public StateMachineAlias describeStateMachineAlias(String aliasArn) {
        synchronized (stateMachines) {
            return aliasOwner(aliasArn).versions.alias(aliasArn);
        }
    }

    /** UpdateStateMachineAlias: a new description and/or routing configuration (at least one). */
    public StateMachineAlias updateStateMachineAlias(String aliasArn, String description,
                                                     List<StateMachineAlias.Route> routing) {
        synchronized (stateMachines) {
            StateMachineRecord m = aliasOwner(aliasArn);
            StateMachineAlias a = m.versions.updateAlias(aliasArn, description, routing, scheduler.now());
            store.saveStateMachine(m.arn, m.toJson());
            return a;
        }
    }

    public void deleteStateMachineAlias(String aliasArn) {
        synchronized (stateMachines) {
            StateMachineRecord m = aliasOwner(aliasArn);
            m.versions.deleteAlias(aliasArn);
            store.saveStateMachine(m.arn, m.toJson());
        }
    }

    public List<StateMachineAlias> listStateMachineAliases(String stateMachineArn) {
        checkUnqualified(stateMachineArn);
        synchronized (stateMachines) {
            return machine(stateMachineArn).versions.aliases();
        }
    }

    private StateMachineRecord aliasOwner(String aliasArn) {
        checkStateMachineArn(aliasArn);
        String q = qualifier(aliasArn);
        if (q == null || q.matches("\\d+")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + aliasArn + "'");
        }
        StateMachineRecord m = stateMachines.get(unqualified(aliasArn));
        if (m == null) {
            throw VersionsAndAliases.notFound(aliasArn);
        }
        return m;
    }

    /**
     * UpdateStateMachine and DeleteStateMachine take the state machine's own ARN: a version or alias
     * ARN is a ValidationException (their API reference pages).
     */
    private void checkNotVersionOrAlias(String arn) {
        checkStateMachineArn(arn);
        if (qualifier(arn) != null) {
            throw new StepFunctionsException("ValidationException", "Invalid ARN: a version or alias ARN ('" + arn
                    + "') is not accepted here; use the state machine's ARN");
        }
    }

    private void checkUnqualified(String arn) {
        checkStateMachineArn(arn);
        if (qualifier(arn) != null) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
    }

    /** The definition, role and revision an execution runs (DescribeStateMachineForExecution). */
    public StateMachineInfo describeStateMachineForExecution(String executionArn) {
        ExecutionRun r = run(executionArn);
        synchronized (stateMachines) {
            StateMachineRecord m = stateMachines.get(r.stateMachineArn());
            String revision = null;
            if (r.versionArn() != null && m != null) {
                revision = m.versions.version(r.versionArn()).map(v -> v.info().revisionId()).orElse(null);
            } else if (m != null && m.definition == r.definition()) {
                revision = m.revisionId;
            }
            return new StateMachineInfo(r.stateMachineArn(), m == null ? r.stateMachineArn().substring(
                    r.stateMachineArn().lastIndexOf(':') + 1) : m.name, r.definition().text(), r.roleArn(),
                    m == null ? "STANDARD" : m.type, m == null ? r.startDate() : m.creationDate, revision);
        }
    }

    // ------------------------------------------------------------------ activities

    /** CreateActivity (idempotent by name). */
    public ActivityInfo createActivity(String name, Map<String, String> tags) {
        checkName(name);
        synchronized (stateMachines) {
            checkTags(tags);
            if (tags.size() > MAX_TAGS) {
                throw new StepFunctionsException("TooManyTags", "Too many tags on resource '" + activities.arn(name)
                        + "': the maximum is " + MAX_TAGS + ".");
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
        synchronized (stateMachines) {
            activities.delete(activityArn);
            store.deleteStateMachine(activityArn);
        }
    }

    /** GetActivityTask: long-polls (60 s) for a task of the activity; an empty answer when none came. */
    public ActivityTask getActivityTask(String activityArn, String workerName) {
        return activities.poll(activityArn, workerName);
    }

    // ------------------------------------------------------------------ tags

    /** Step Functions quota: 50 tags per resource; keys 1-128 and values 0-256 characters (TagResource, Tag). */
    static final int MAX_TAGS = 50;

    public void tagResource(String resourceArn, Map<String, String> tags) {
        synchronized (stateMachines) {
            Map<String, String> current = tagsOf(resourceArn);
            Map<String, String> next = new LinkedHashMap<>(current);
            next.putAll(checkTags(tags));
            if (next.size() > MAX_TAGS) {
                throw new StepFunctionsException("TooManyTags", "Too many tags on resource '" + resourceArn
                        + "': the maximum is " + MAX_TAGS + ".");
            }
            current.putAll(tags);
            saveTags(resourceArn);
        }
    }

    public void untagResource(String resourceArn, List<String> keys) {
        synchronized (stateMachines) {
            tagsOf(resourceArn).keySet().removeAll(keys);
            saveTags(resourceArn);
        }
    }

    public Map<String, String> listTagsForResource(String resourceArn) {
        synchronized (stateMachines) {
            return new LinkedHashMap<>(tagsOf(resourceArn));
        }
    }

    static Map<String, String> checkTags(Map<String, String> tags) {
        tags.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.length() > 128 || !k.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*")) {
                throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '" + k
                        + "' at 'tags.member.key' failed to satisfy constraint: Member must have length less than or"
                        + " equal to 128");
            }
            if (v == null || v.length() > 256 || !v.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*")) {
                throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '" + v
                        + "' at 'tags.member.value' failed to satisfy constraint: Member must have length less than or"
                        + " equal to 256");
            }
        });
        return tags;
    }

    private Map<String, String> tagsOf(String resourceArn) {
        if (resourceArn != null && resourceArn.contains(":activity:")) {
            return activities.tags(resourceArn);
        }
        if (resourceArn == null || !resourceArn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[^:#]+$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + resourceArn + "'");
        }
        StateMachineRecord m = stateMachines.get(resourceArn);
        if (m == null) {
            throw VersionsAndAliases.notFound(resourceArn);
        }
        return m.tags;
    }

    private void saveTags(String resourceArn) {
        if (resourceArn.contains(":activity:")) {
            store.saveStateMachine(resourceArn, activities.toJson(resourceArn));
            return;
        }
        StateMachineRecord m = stateMachines.get(resourceArn);
        if (m != null) {
            store.saveStateMachine(m.arn, m.toJson());
        }
    }

    /** ValidateStateMachineDefinition. */
    public ValidationResult validateDefinition(String definition) {
        var d = DefinitionParser.validate(definition);
        return new ValidationResult(d.isEmpty(), d);
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
        return start(stateMachineArn, name, inputJson, null).info();
    }

    ExecutionRun start(String stateMachineArn, String name, String inputJson, String parentExecutionArn) {
        String smArn = stateMachineArn;
        String testCase = null;
        if (smArn != null && smArn.contains("#")) {
            testCase = smArn.substring(smArn.indexOf('#') + 1);
            smArn = smArn.substring(0, smArn.indexOf('#'));
        }
        checkStateMachineArn(smArn);
        Target target = resolve(smArn);
        StateMachineRecord sm = target.machine;
        String execName = name == null ? UUID.randomUUID().toString() : name;
        checkName(execName);
        String text = inputJson == null ? "{}" : inputJson;
        Object input;
        try {
            input = Json.parse(text);
        } catch (JsonException e) {
            throw new StepFunctionsException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getMessage() + "'");
        }
        if (Json.utf8Size(text) > Interpreter.PAYLOAD_LIMIT) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value at 'input' "
                    + "failed to satisfy constraint: Member must have length less than or equal to 262144");
        }
        // an express execution's ARN carries an id after the name, as AWS's do: express starts are not
        // idempotent by name (StartExecution API reference: "idempotent for STANDARD workflows")
        String arn = "EXPRESS".equals(sm.type)
                ? "arn:aws:states:" + region + ":" + account + ":express:" + sm.name + ":" + execName + ":" + UUID.randomUUID()
                : "arn:aws:states:" + region + ":" + account + ":execution:" + sm.name + ":" + execName;
        ExecutionRun run;
        synchronized (executions) {
            ExecutionRun existing = executions.get(arn);
            if (existing != null) {
                if (existing.isRunning() && existing.inputText().equals(text)) {
                    return existing;
                }
                throw new StepFunctionsException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            run = interpreter.newRun(arn, execName, sm.arn, sm.name, target.roleArn, target.definition, text, input,
                    seeds.getAndIncrement(), testCase, parentExecutionArn);
            run.origin(target.versionArn, target.aliasArn, !"EXPRESS".equals(sm.type));
            executions.put(arn, run);
            executionsByMachine.computeIfAbsent(sm.arn, k -> new ConcurrentLinkedDeque<>()).add(run);
        }
        store.registerExecution(run, target.definitionText);
        interpreter.start(run);
        return run;
    }

    /** The machine and definition a (possibly version- or alias-qualified) state machine ARN starts. */
    private Target resolve(String smArn) {
        String q = qualifier(smArn);
        synchronized (stateMachines) {
            StateMachineRecord m = stateMachines.get(unqualified(smArn));
            if (m == null) {
                throw noMachine(smArn);
            }
            if (q == null) {
                return new Target(m, m.definition, m.definitionText, m.roleArn, null, null);
            }
            if (q.matches("\\d+")) {
                VersionsAndAliases.Published v = m.versions.version(smArn).orElseThrow(() -> noMachine(smArn));
                return new Target(m, v.definition(), v.info().definition(), v.info().roleArn(),
                        v.info().stateMachineVersionArn(), null);
            }
            StateMachineAlias alias = m.versions.aliasOrNull(smArn);
            if (alias == null) {
                throw noMachine(smArn);
            }
            VersionsAndAliases.Published v = m.versions.route(alias, routing);
            return new Target(m, v.definition(), v.info().definition(), v.info().roleArn(),
                    v.info().stateMachineVersionArn(), alias.stateMachineAliasArn());
        }
    }

    /** StartSyncExecution (EXPRESS state machines): runs the execution and returns its result. */
    public ExecutionInfo startSyncExecution(String stateMachineArn, String name, String inputJson, Duration wait) {
        String base = stateMachineArn == null ? null : stateMachineArn.split("#")[0];
        checkStateMachineArn(base);
        if (!"EXPRESS".equals(machine(unqualified(base)).type)) {
            throw new StepFunctionsException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        ExecutionRun run = start(stateMachineArn, name, inputJson, null);
        return await(run, wait);
    }

    private ExecutionRun run(String executionArn) {
        if (executionArn == null || !executionArn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:(execution:[^:]+|express:[^:]+:[^:]+):[^:]+$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + executionArn + "'");
        }
        ExecutionRun r = executions.get(executionArn);
        if (r == null) {
            throw new StepFunctionsException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
        }
        return r;
    }

    /** DescribeMapRun: a Map Run of a Distributed Map state. */
    public MapRunInfo describeMapRun(String mapRunArn) {
        checkMapRunArn(mapRunArn);
        return interpreter.mapRun(mapRunArn).orElseThrow(() -> noMapRun(mapRunArn));
    }

    /** ListMapRuns: the Map Runs an execution started, newest first. */
    public List<MapRunInfo> listMapRuns(String executionArn) {
        return interpreter.mapRuns(run(executionArn));
    }

    /**
     * UpdateMapRun: a running Map Run's MaxConcurrency, ToleratedFailureCount and
     * ToleratedFailurePercentage (UpdateMapRun API reference: 0 or more, a percentage at most 100).
     */
    public void updateMapRun(String mapRunArn, Integer maxConcurrency, Integer toleratedFailureCount,
                             Double toleratedFailurePercentage) {
        checkMapRunArn(mapRunArn);
        if (maxConcurrency != null && maxConcurrency < 0) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                    + maxConcurrency + "' at 'maxConcurrency' failed to satisfy constraint: Member must have value"
                    + " greater than or equal to 0");
        }
        if (toleratedFailureCount != null && toleratedFailureCount < 0) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                    + toleratedFailureCount + "' at 'toleratedFailureCount' failed to satisfy constraint: Member must"
                    + " have value greater than or equal to 0");
        }
        if (toleratedFailurePercentage != null && (toleratedFailurePercentage < 0 || toleratedFailurePercentage > 100)) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                    + toleratedFailurePercentage + "' at 'toleratedFailurePercentage' failed to satisfy constraint:"
                    + " Member must have value between 0 and 100");
        }
        if (!interpreter.updateMapRun(mapRunArn, maxConcurrency, toleratedFailureCount, toleratedFailurePercentage)) {
            throw noMapRun(mapRunArn);
        }
    }

    private static void checkMapRunArn(String mapRunArn) {
        if (mapRunArn == null || !mapRunArn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:mapRun:[^:/]+/[^:]+:[^:]+$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + mapRunArn + "'");
        }
    }

    private static StepFunctionsException noMapRun(String mapRunArn) {
        return new StepFunctionsException("ResourceNotFound", "Resource not found: '" + mapRunArn + "'");
    }

    public ExecutionInfo describeExecution(String executionArn) {
        return run(executionArn).info();
    }

    /** Completes when the execution stops running (started by this engine or restored). */
    public CompletableFuture<ExecutionInfo> completion(String executionArn) {
        return run(executionArn).completion().thenApply(ExecutionRun::info);
    }

    /** Waits (up to {@code timeout} of real time) until the execution is no longer RUNNING. */
    public ExecutionInfo awaitExecution(String executionArn, Duration timeout) {
        return await(run(executionArn), timeout);
    }

    private ExecutionInfo await(ExecutionRun run, Duration timeout) {
        try {
            run.completion().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still running: report as is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return run.info();
    }

    /** ListExecutions for one state machine, newest first, optionally filtered by status. */
    public List<ExecutionInfo> listExecutions(String stateMachineArn, ExecutionStatus statusFilter) {
        checkStateMachineArn(stateMachineArn);
        String base = unqualified(stateMachineArn);
        if ("EXPRESS".equals(machine(base).type)) {
            // ListExecutions API reference: not supported by EXPRESS state machines
            throw new StepFunctionsException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        // a version or alias ARN lists the executions started through it
        String qualified = base.equals(stateMachineArn) ? null : stateMachineArn;
        List<ExecutionInfo> out = new ArrayList<>();
        var runs = executionsByMachine.get(base);
        if (runs != null) {
            var it = runs.descendingIterator();
            while (it.hasNext()) {
                ExecutionRun r = it.next();
                boolean through = qualified == null || qualified.equals(r.versionArn()) && r.aliasArn() == null
                        || qualified.equals(r.aliasArn());
                if (through && (statusFilter == null || r.status() == statusFilter)) {
                    out.add(r.info());
                }
            }
        }
        return out;
    }

    /** StopExecution: aborts a running execution; returns the stop date. */
    public Instant stopExecution(String executionArn, String error, String cause) {
        ExecutionRun r = run(executionArn);
        if (r.isRunning()) {
            interpreter.stop(r, error, cause);
            try {
                r.completion().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported through describeExecution
            }
        }
        return r.info().stopDate().orElse(scheduler.now());
    }

    /**
     * RedriveExecution: restarts a FAILED, ABORTED or TIMED_OUT Standard execution from its
     * unsuccessful step (see {@code Interpreter.redrive}); returns the redrive date. A repeated
     * {@code clientToken} (one of the last 10, within 15 minutes) returns the earlier redrive's date
     * and redrives nothing, as the API reference describes. Refusals are ExecutionNotRedrivable with
     * DescribeExecution's redriveStatusReason as the message.
     */
    public Instant redriveExecution(String executionArn, String clientToken) {
        ExecutionRun r = run(executionArn);
        if (clientToken != null && (clientToken.isEmpty() || clientToken.length() > 64)) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                    + clientToken + "' at 'clientToken' failed to satisfy constraint: Member must have length less"
                    + " than or equal to 64");
        }
        synchronized (r) {
            Instant now = scheduler.now();
            if (clientToken != null) {
                r.redriveTokens().values().removeIf(t -> t.plus(Duration.ofMinutes(15)).isBefore(now));
                Instant earlier = r.redriveTokens().get(clientToken);
                if (earlier != null) {
                    return earlier;
                }
            }
            if (!r.isStandard()) {
                throw new StepFunctionsException("ExecutionNotRedrivable",
                        "This operation is not supported by EXPRESS state machines.");
            }
            Optional<String> refused = r.notRedrivableReason(now);
            if (refused.isPresent()) {
                throw new StepFunctionsException("ExecutionNotRedrivable", refused.get());
            }
            if (finishedOrder.remove(r)) {
                finishedCount.decrementAndGet();
            }
            interpreter.redrive(r, now);
            if (clientToken != null) {
                r.redriveTokens().put(clientToken, now);
                while (r.redriveTokens().size() > 10) {
                    r.redriveTokens().remove(r.redriveTokens().keySet().iterator().next());
                }
            }
            return now;
        }
    }

    /** The full history, oldest first. */
    public List<HistoryEvent> getExecutionHistory(String executionArn) {
        return run(executionArn).history();
    }

    /** One page of the history; {@code nextToken} comes from the previous page. */
    public HistoryPage<HistoryEvent> getExecutionHistory(String executionArn, int maxResults, String nextToken,
                                                         boolean reverseOrder) {
        List<HistoryEvent> all = run(executionArn).history();
        if (reverseOrder) {
            Collections.reverse(all);
        }
        int from = decodeToken(nextToken, executionArn);
        int size = maxResults <= 0 ? 100 : Math.min(maxResults, 1000);
        int to = Math.min(all.size(), from + size);
        Optional<String> next = to < all.size() ? Optional.of(encodeToken(to, executionArn)) : Optional.empty();
        return new HistoryPage<>(all.subList(Math.min(from, all.size()), to), next);
    }

    static String encodeToken(int offset, String scope) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((offset + "|" + scope).getBytes(
                StandardCharsets.UTF_8));
    }

    static int decodeToken(String token, String scope) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            if (bar > 0 && s.substring(bar + 1).equals(scope)) {
                return Integer.parseInt(s.substring(0, bar));
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new StepFunctionsException("InvalidToken", "Invalid Token: '" + token + "'");
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
        finishedOrder.add(run);
        // ConcurrentLinkedDeque.size() walks the deque, so the count is kept alongside
        int finished = finishedCount.incrementAndGet();
        while (finished > maxRetainedExecutions) {
            ExecutionRun old = finishedOrder.poll();
            if (old == null) {
                break;
            }
            finished = finishedCount.decrementAndGet();
            executions.remove(old.arn());
            var l = executionsByMachine.get(old.stateMachineArn());
            if (l != null) {
                l.remove(old);
            }
            store.forget(old.arn());
        }
    }

    /** Loads what the durable store kept and resumes the executions that were running. */
    private void restore() {
        ExecutionStore.StoredState stored = store.load();
        for (Map<String, Object> m : stored.stateMachines()) {
            if (Boolean.TRUE.equals(m.get("activity"))) {
                activities.restore(m);
                continue;
            }
            String text = (String) m.get("definition");
            String arn = (String) m.get("arn");
            Map<String, String> tags = new LinkedHashMap<>();
            if (m.get("tags") instanceof Map) {
                Json.asObject(m.get("tags")).forEach((k, v) -> tags.put(k, (String) v));
            }
            stateMachines.put(arn, new StateMachineRecord(arn, (String) m.get("name"), text, DefinitionParser.parse(text),
                    (String) m.get("roleArn"), (String) m.get("type"), Instant.parse((String) m.get("creationDate")),
                    (String) m.get("revisionId"), VersionsAndAliases.fromJson(arn, m.get("versions"),
                    DefinitionParser::parse), tags));
        }
        Map<String, Definition> parsed = new HashMap<>();
        List<ExecutionRun> running = new ArrayList<>();
        List<ExecutionRun> runs = new ArrayList<>();
        for (ExecutionStore.StoredExecution se : stored.executions()) {
            String text = (String) se.snapshot().get("definition");
            Definition def = parsed.computeIfAbsent(text, DefinitionParser::parse);
            List<HistoryEvent> events = new ArrayList<>();
            se.history().forEach(h -> events.add(Checkpoints.event(h)));
            ExecutionRun run = Checkpoints.restore(interpreter, se.snapshot(), def, events, seeds.getAndIncrement());
            runs.add(run);
            if (run.isRunning()) {
                running.add(run);
            }
        }
        runs.sort(Comparator.comparing(ExecutionRun::startDate));
        for (ExecutionRun run : runs) {
            executions.put(run.arn(), run);
            executionsByMachine.computeIfAbsent(run.stateMachineArn(), k -> new ConcurrentLinkedDeque<>()).add(run);
            if (!run.isRunning()) {
                finishedOrder.add(run);
                finishedCount.incrementAndGet();
            }
        }
        running.forEach(interpreter::resume);
    }

    /** TestState: runs one state definition on one input (no state machine needed). */
    public TestStateResult testState(String stateDefinition, String inputJson) {
        return TestStates.run(this, stateDefinition, inputJson);
    }

    private final Map<String, ExecutionRun> ephemeral = new ConcurrentHashMap<>();

    ExecutionInfo runEphemeral(Definition def, String inputJson, Duration wait) {
        Object input;
        try {
            input = Json.parse(inputJson);
        } catch (JsonException e) {
            throw new StepFunctionsException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getMessage() + "'");
        }
        String name = UUID.randomUUID().toString();
        String arn = "arn:aws:states:" + region + ":" + account + ":execution:TestState:" + name;
        ExecutionRun run = interpreter.newRun(arn, name, stateMachineArn("TestState"), "TestState", defaultRole(), def,
                inputJson, input, seeds.getAndIncrement(), null, null);
        ephemeral.put(arn, run);
        interpreter.start(run);
        ExecutionInfo info = await(run, wait);
        return info;
    }

    List<HistoryEvent> getEphemeralHistory(String arn) {
        ExecutionRun run = ephemeral.remove(arn);
        return run == null ? List.of() : run.history();
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
