package dev.sagastack.infra.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.infra.Nag;
import dev.sagastack.infra.StageConfig;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order saga: a STANDARD state machine loaded from {@code statemachines/order-saga.asl.json}
 * with {@code DefinitionSubstitutions} for every saga step's alias ARN and the table names, logging
 * ALL events with execution data to an encrypted log group, X-Ray tracing on.
 */
public final class OrderSaga extends Construct {

    /** The Choice state a saga enters when a compensation still fails after its retries (leads to a redrive point). */
    public static final String COMPENSATION_FAILED_STATE = "CompensationFailed";
    public static final String SINGLE_TABLE_NAME_KEY = "SingleTableName";
    public static final String EVENT_STORE_TABLE_NAME_KEY = "EventStoreTableName";
    /** The only task integration the saga's role is granted: invoking the step aliases. */
    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    /** Typed props. */
    public record Props(StageConfig stage, Path definition, FunctionCatalog catalog,
                        ITable singleTable, ITable eventStore, IKey logKey) {
    }

    private final List<JavaFunction> steps;
    private final LogGroup logGroup;
    private final StateMachine stateMachine;

    public OrderSaga(Construct scope, String id, Props props) {
        super(scope, id);
        this.steps = createSteps(props);
        Map<String, String> substitutions = substitutions(props, steps);
        checkDefinition(props.definition(), substitutions.keySet());
        this.logGroup = createLogGroup(props);
        this.stateMachine = createStateMachine(props, substitutions);
        steps.forEach(step -> step.alias().grantInvoke(stateMachine));
        Nag.suppressFindings(stateMachine, "AwsSolutions-IAM5",
                "Resource '*' is required by the actions that have no resource-level permissions: the CloudWatch Logs "
                        + "vended-delivery APIs Step Functions uses to log executions, and X-Ray trace submission.",
                "Resource::*");
        Nag.suppressFindings(stateMachine, "AwsSolutions-IAM5",
                "lambda:InvokeFunction on the saga steps' 'live' aliases; CDK's grantInvoke also lists <alias-arn>:* "
                        + "(qualified invocations of the same alias).",
                "/^Resource::<OrderSaga.+Alias.+>:\\*$/g");
    }

    /** The saga's step functions; the inventory steps hold database connections and are capped. */
    private List<JavaFunction> createSteps(Props props) {
        Optional<Integer> databaseClients = Optional.of(props.stage().sizing().inventoryStepConcurrency());
        return Functions.sagaSteps().stream().map(step -> props.catalog().create(this, step, databaseClients)).toList();
    }

    public List<JavaFunction> steps() {
        return steps;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    /** {@code <FunctionName>FunctionArn} for every saga step (its alias ARN), plus the table names. */
    public static Map<String, String> substitutionKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (FunctionSpec step : Functions.sagaSteps()) {
            keys.put(substitutionKey(step), step.name());
        }
        keys.put(SINGLE_TABLE_NAME_KEY, "single table name");
        keys.put(EVENT_STORE_TABLE_NAME_KEY, "event store table name");
        return keys;
    }

    public static String substitutionKey(FunctionSpec step) {
        return step.name() + "FunctionArn";
    }

    private static Map<String, String> substitutions(Props props, List<JavaFunction> steps) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JavaFunction step : steps) {
            values.put(substitutionKey(step.spec()), step.alias().getFunctionArn());
        }
        values.put(SINGLE_TABLE_NAME_KEY, props.singleTable().getTableName());
        values.put(EVENT_STORE_TABLE_NAME_KEY, props.eventStore().getTableName());
        return values;
    }

    /**
     * Fails synthesis, with the reason, when the definition is missing, names a placeholder nobody
     * substitutes (CloudFormation would leave it in place), uses a task integration the role is
     * not granted, or has no execution-level {@code TimeoutSeconds} (without one an execution never
     * times out, and the timed-out alarm could never fire).
     */
    static void checkDefinition(Path definition, Set<String> substituted) {
        if (!Files.isRegularFile(definition)) {
            throw new IllegalStateException("order saga definition not found: " + definition);
        }
        String text;
        JsonNode root;
        try {
            text = Files.readString(definition);
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the order saga definition " + definition, e);
        }
        Set<String> unknown = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (!substituted.contains(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(definition + " uses placeholders that infra does not substitute: " + unknown
                    + "; known: " + substituted);
        }
        JsonNode timeout = root.path("TimeoutSeconds");
        if (!timeout.canConvertToLong() || !timeout.isIntegralNumber() || timeout.asLong() < 1) {
            throw new IllegalStateException(definition + " has no positive top-level TimeoutSeconds: an execution "
                    + "could run for the Standard workflow maximum of one year and the timed-out alarm would never fire");
        }
        Set<String> resources = new TreeSet<>();
        collectTaskResources(root, resources);
        resources.remove(LAMBDA_INVOKE);
        if (!resources.isEmpty()) {
            throw new IllegalStateException(definition + " uses task integrations " + resources
                    + " but the saga's role is granted only " + LAMBDA_INVOKE + " on the step aliases; grant them in OrderSaga");
        }
    }

    private static void collectTaskResources(JsonNode node, Set<String> resources) {
        if (node.isObject()) {
            if ("Task".equals(node.path("Type").asText()) && node.has("Resource")) {
                resources.add(node.get("Resource").asText());
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collectTaskResources(it.next(), resources);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectTaskResources(child, resources));
        }
    }

    private LogGroup createLogGroup(Props props) {
        // Vended-log groups under /aws/vendedlogs/ keep CloudWatch Logs' resource policy small. The name
        // ends in this stack's id (a UUID per stack creation): a retained group of a deleted stack never
        // collides with the group of the stack created after it, and updates keep the same group.
        return LogGroup.Builder.create(this, "Logs")
                .logGroupName(logGroupName(props.stage()))
                .retention(props.stage().sizing().logRetention())
                .encryptionKey(props.logKey())
                .removalPolicy(props.stage().dataRemovalPolicy())
                .build();
    }

    /** {@code /aws/vendedlogs/states/sagastack-<stage>-order-saga-<stack uuid>}. */
    static String logGroupName(StageConfig stage) {
        String stackUuid = Fn.select(2, Fn.split("/", Aws.STACK_ID));
        return "/aws/vendedlogs/states/sagastack-" + stage.name() + "-order-saga-" + stackUuid;
    }

    private StateMachine createStateMachine(Props props, Map<String, String> substitutions) {
        return StateMachine.Builder.create(this, "StateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(props.definition().toString()))
                .definitionSubstitutions(substitutions)
                .logs(LogOptions.builder().destination(logGroup).level(LogLevel.ALL).includeExecutionData(true).build())
                .tracingEnabled(true)
                .comment("sagastack " + props.stage().name() + " order saga")
                .build();
    }
}
