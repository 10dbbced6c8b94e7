package dev.sagastack.infra.stateless;

import dev.sagastack.account.AccountSettings;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.functions.FunctionSpec.Access;
import dev.sagastack.infra.Nag;
import dev.sagastack.infra.stateful.DaxCache;
import dev.sagastack.infra.stateful.InventoryDatabase;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one place that turns a function's {@link Access} into grants, environment variables and network
 * rules, with each grant scoped to the resource the access names. Every capability creates its functions
 * through {@link FunctionCatalog}, which calls this.
 */
public final class FunctionGrants {

    /**
     * Events per account snapshot, set on every function that appends to the event store so that all
     * writers snapshot alike and the deployed value is visible in the function's configuration (see
     * {@code AccountSettings.DEFAULT_SNAPSHOT_EVERY}).
     */
    public static final int SNAPSHOT_EVERY = AccountSettings.DEFAULT_SNAPSHOT_EVERY;

    private FunctionGrants() {
    }

    /** Grants {@code fn} what its access calls for on {@code data}, and sets the matching environment. */
    static void grant(JavaFunction fn, DataResources data) {
        Set<Access> access = fn.effectiveAccess();
        Function function = fn.function();
        for (Access a : access) {
            switch (a) {
                case SINGLE_TABLE_READ -> {
                    data.singleTable().grantReadData(function);
                    function.addEnvironment(EnvironmentVariables.SINGLE_TABLE_NAME, data.singleTable().getTableName());
                }
                case SINGLE_TABLE_WRITE -> {
                    TableGrants.grantWriteData(data.singleTable(), function);
                    function.addEnvironment(EnvironmentVariables.SINGLE_TABLE_NAME, data.singleTable().getTableName());
                }
                case EVENT_STORE_READ -> {
                    data.eventStore().grantReadData(function);
                    function.addEnvironment(EnvironmentVariables.EVENT_STORE_TABLE_NAME, data.eventStore().getTableName());
                }
                case EVENT_STORE_WRITE -> {
                    TableGrants.grantWriteData(data.eventStore(), function);
                    function.addEnvironment(EnvironmentVariables.EVENT_STORE_TABLE_NAME, data.eventStore().getTableName());
                    function.addEnvironment(EnvironmentVariables.SNAPSHOT_EVERY, Integer.toString(SNAPSHOT_EVERY));
                }
                case INVENTORY_DATABASE -> {
                    DataResources.DatabaseReference db = data.inventoryDatabase().orElseThrow();
                    db.grantConnect(function);
                    securityGroup(fn).getConnections().allowTo(db, Port.tcp(InventoryDatabase.PROXY_PORT),
                            fn.spec().name() + " to RDS Proxy");
                    function.addEnvironment(EnvironmentVariables.INVENTORY_DB_HOST, db.proxyEndpoint());
                    function.addEnvironment(EnvironmentVariables.INVENTORY_DB_PORT, Integer.toString(InventoryDatabase.PROXY_PORT));
                    function.addEnvironment(EnvironmentVariables.INVENTORY_DB_NAME, InventoryDatabase.DATABASE_NAME);
                    function.addEnvironment(EnvironmentVariables.INVENTORY_DB_USER, InventoryDatabase.DATABASE_USER);
                    function.addEnvironment(EnvironmentVariables.INVENTORY_DB_AUTH, "iam");
                }
                case DAX_READ -> {
                    DataResources.DaxReference dax = data.dax().orElseThrow();
                    dax.grantRead(function);
                    securityGroup(fn).getConnections().allowTo(dax, Port.tcp(DaxCache.TLS_PORT),
                            fn.spec().name() + " to DAX (TLS)");
                    function.addEnvironment(EnvironmentVariables.DAX_ENDPOINT, dax.endpointUrl());
                }
                case CURSOR_KEY -> {
                    // read through the secret's Parameter Store reference (one SSM call, no Secrets Manager client)
                    String parameter = "/aws/reference/secretsmanager/" + data.cursorSigningKey().secretName();
                    data.cursorSigningKey().secret().grantRead(function);
                    StringParameter.fromSecureStringParameterAttributes(fn, "CursorKeyReference",
                                    SecureStringParameterAttributes.builder().parameterName(parameter).simpleName(false).build())
                            .grantRead(function);
                    function.addEnvironment(EnvironmentVariables.CURSOR_KEY_PARAMETER, parameter);
                }
                case START_SAGA, READ_SAGA -> {
                    // granted by grantSaga once the state machine exists (it refers to the step aliases)
                }
                default -> throw new IllegalStateException("no grant for access " + a);
            }
        }
        suppressFindings(fn);
    }

    /** START_SAGA and READ_SAGA: the state machine's ARN in the environment, and its start or read grant. */
    static void grantSaga(JavaFunction fn, IStateMachine stateMachine) {
        Set<Access> access = fn.effectiveAccess();
        if (access.contains(Access.START_SAGA) || access.contains(Access.READ_SAGA)) {
            fn.function().addEnvironment(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN, stateMachine.getStateMachineArn());
        }
        if (access.contains(Access.START_SAGA)) {
            stateMachine.grantStartExecution(fn.function());
        }
        if (access.contains(Access.READ_SAGA)) {
            stateMachine.grantRead(fn.function());
        }
    }

    private static SecurityGroup securityGroup(JavaFunction fn) {
        return fn.securityGroup().orElseThrow(() -> new IllegalStateException(
                fn.spec().name() + " needs the VPC for its access " + fn.effectiveAccess()));
    }

    private static void suppressFindings(JavaFunction fn) {
        Set<Access> access = fn.effectiveAccess();
        List<String> withoutResourceScope = new ArrayList<>(List.of("xray:PutTraceSegments/PutTelemetryRecords (active tracing)"));
        if (access.contains(Access.READ_SAGA)) {
            withoutResourceScope.add("states:ListActivities/DescribeActivity/DescribeStateMachine (StateMachine.grantRead)");
        }
        Nag.suppressFindings(fn.role(), "AwsSolutions-IAM5",
                "These actions have no resource-level permissions, so IAM requires Resource '*': "
                        + String.join(", ", withoutResourceScope) + ".",
                "Resource::*");
        boolean usesTables = access.contains(Access.SINGLE_TABLE_READ) || access.contains(Access.EVENT_STORE_READ)
                || access.contains(Access.SINGLE_TABLE_WRITE) || access.contains(Access.EVENT_STORE_WRITE);
        if (usesTables) {
            Nag.suppressFindings(fn.role(), "AwsSolutions-IAM5",
                    "<table-arn>/index/* covers the global secondary indexes the table spec declares (GSI1/GSI2); "
                            + "queries on an index need the index ARN, and the set of indexes is the spec's.",
                    "/^Resource::<.+\\.Arn>\\/index\\/\\*$/g",
                    "/^Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table\\/<.+>\\/index\\/\\*$/g");
        }
        if (access.contains(Access.READ_SAGA)) {
            Nag.suppressFindings(fn.role(), "AwsSolutions-IAM5",
                    "Describe/GetExecutionHistory on executions of the order saga state machine only: execution ARNs "
                            + "are <machine-name>:<execution-name> and execution names are order ids.",
                    "/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*:\\*$/g");
        }
    }
}
