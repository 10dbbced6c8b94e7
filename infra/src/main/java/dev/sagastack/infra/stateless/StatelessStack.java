package dev.sagastack.infra.stateless;

import dev.sagastack.infra.LogEncryption;
import dev.sagastack.infra.StageConfig;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The code and everything that can be replaced without losing data: functions, the order saga,
 * projections, the HTTP API, the schema migration and monitoring. Refers to the stateful stack.
 */
public final class StatelessStack extends Stack {

    /**
     * Typed props.
     *
     * @param lambdaJar           the shaded application jar (every function's code)
     * @param orderSagaDefinition the ASL file of the order saga
     */
    public record Props(StageConfig stage, Path lambdaJar, Path orderSagaDefinition) {
    }

    /** Id of the synth warning for a stage without the order saga. */
    public static final String NO_ORDER_SAGA_WARNING = "sagastack:noOrderSaga";

    private final Key operationsKey;
    private final Optional<InventorySchemaMigration> schemaMigration;
    private final Optional<OrderSaga> orderSaga;
    private final Projections projections;
    private final DataApi api;
    private final DeployedFunctions functions;
    private final Monitoring monitoring;

    public StatelessStack(Construct scope, String id, Props props) {
        super(scope, id, StackProps.builder()
                .description("sagastack " + props.stage().name() + ": functions, order saga, projections, API, alarms (stateless)")
                .build());
        StageConfig stage = props.stage();
        this.operationsKey = createOperationsKey(stage);
        DataResources data = DataResources.fromParameters(this, stage);
        FunctionCatalog catalog = new FunctionCatalog(stage, props.lambdaJar(), operationsKey, data);
        // Each capability creates and grants its own functions from the catalog.
        this.schemaMigration = stage.orderSagaEnabled()
                ? Optional.of(new InventorySchemaMigration(this, "InventorySchemaMigration", catalog, operationsKey,
                        stage.sizing().logRetention(), stage.dataRemovalPolicy()))
                : Optional.empty();
        this.orderSaga = stage.orderSagaEnabled()
                ? Optional.of(new OrderSaga(this, "OrderSaga", new OrderSaga.Props(stage, props.orderSagaDefinition(),
                        catalog, data.singleTable(), data.eventStore(), operationsKey)))
                : Optional.empty();
        if (orderSaga.isEmpty()) {
            Annotations.of(this).addWarningV2(NO_ORDER_SAGA_WARNING, "Stage " + stage.name() + " has aurora=false: no "
                    + "inventory database, so no order saga, no saga step functions and no /orders or /inventory routes "
                    + "(API Gateway answers 404). Users, accounts, projections and forum work as usual.");
        }
        this.projections = new Projections(this, "Projections", catalog, data.eventStore());
        this.api = new DataApi(this, "Api", stage, catalog, operationsKey);
        this.functions = collectFunctions();
        orderSaga.ifPresent(saga -> functions.all().forEach(fn -> FunctionGrants.grantSaga(fn, saga.stateMachine())));
        // Nothing may use the inventory before its schema exists.
        schemaMigration.ifPresent(migration -> {
            orderSaga.ifPresent(saga -> saga.stateMachine().getNode().addDependency(migration.resource()));
            api.stage().getNode().addDependency(migration.resource());
        });
        this.monitoring = new Monitoring(this, "Monitoring",
                new Monitoring.Props(stage, functions, orderSaga, projections, api, operationsKey));
        createOutputs();
    }

    /** Every function of the stage, whichever capability owns it. */
    public DeployedFunctions functions() {
        return functions;
    }

    private DeployedFunctions collectFunctions() {
        List<JavaFunction> all = new ArrayList<>();
        orderSaga.ifPresent(saga -> all.addAll(saga.steps()));
        all.add(api.handler());
        all.add(projections.accountSummary());
        schemaMigration.ifPresent(migration -> all.add(migration.migration()));
        return new DeployedFunctions(all);
    }

    public Optional<OrderSaga> orderSaga() {
        return orderSaga;
    }

    public Projections projections() {
        return projections;
    }

    public DataApi api() {
        return api;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /** Encrypts the operational data of this stack: log groups and the alarm topic. */
    private Key createOperationsKey(StageConfig stage) {
        Key key = Key.Builder.create(this, "OperationsKey")
                .description("sagastack " + stage.name() + " logs and alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        LogEncryption.allowCloudWatchLogs(key);
        return key;
    }

    private void createOutputs() {
        CfnOutput.Builder.create(this, "ApiEndpoint").value(api.stage().getUrl())
                .description("HTTP API base URL (requests are SigV4-signed for execute-api, or carry a JWT)").build();
        orderSaga.ifPresent(saga -> CfnOutput.Builder.create(this, "OrderSagaStateMachineArn")
                .value(saga.stateMachine().getStateMachineArn())
                .description("Order saga state machine; executions are named by order id").build());
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(monitoring.alarmTopic().getTopicArn())
                .description("Subscribe on-call here").build();
        CfnOutput.Builder.create(this, "DashboardName").value(monitoring.dashboard().getDashboardName())
                .description("CloudWatch dashboard").build();
    }
}
