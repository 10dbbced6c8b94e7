package dev.sagastack.infra.stateless;

import dev.sagastack.account.AccountSettings;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.FunctionSpec.Access;
import dev.sagastack.functions.Functions;
import dev.sagastack.infra.Nag;
import dev.sagastack.infra.StageConfig;
import dev.sagastack.infra.stateful.DaxCache;
import dev.sagastack.infra.stateful.InventoryDatabase;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every function of the catalog ({@link Functions#all()}) the stage runs, from the one shaded jar:
 * arm64, Java 21, SnapStart on published versions with the alias {@value #ALIAS} that every
 * integration targets, active tracing, its own encrypted log group, and exactly the grants,
 * environment and network placement its {@link Access} set calls for.
 */
public final class ApplicationFunctions extends Construct {

    public static final String ALIAS = "live";
    public static final String SERVICE_NAME = "sagastack";
    public static final String METRICS_NAMESPACE = "Sagastack";
    /**
     * Events per account snapshot, set on every function that appends to the event store so that all
     * writers snapshot alike and the deployed value is visible in the function's configuration. Every load
     * reads a page of this many events plus the head; at 1 the head always carries the current state
     * (see {@code AccountSettings.DEFAULT_SNAPSHOT_EVERY}).
     */
    public static final int SNAPSHOT_EVERY = AccountSettings.DEFAULT_SNAPSHOT_EVERY;

    /** A deployed catalog entry: the function, its {@value #ALIAS} alias and, in the VPC, its security group. */
    public record DeployedFunction(FunctionSpec spec, Function function, Alias alias, Optional<SecurityGroup> securityGroup,
                                   Set<Access> effectiveAccess) {
    }

    /** Typed props. */
    public record Props(StageConfig stage, Path lambdaJar, DataResources data, IKey logKey) {
    }

    private final Props props;
    private final Code code;
    private final Map<String, DeployedFunction> functions = new LinkedHashMap<>();

    public ApplicationFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.code = createCode(props.lambdaJar());
        for (FunctionSpec spec : catalogFor(props.stage())) {
            functions.put(spec.name(), createFunction(spec));
        }
    }

    /**
     * The catalog entries a stage deploys: without Aurora there is no inventory and therefore no order
     * saga, so the saga's step functions and the schema migration are left out (README "Stages").
     */
    public static List<FunctionSpec> catalogFor(StageConfig stage) {
        List<FunctionSpec> specs = new ArrayList<>();
        for (FunctionSpec spec : Functions.all()) {
            boolean sagaOnly = Functions.sagaSteps().contains(spec) || spec.equals(Functions.SCHEMA_MIGRATION);
            if (!sagaOnly || stage.orderSagaEnabled()) {
                specs.add(spec);
            }
        }
        return List.copyOf(specs);
    }

    /** The access a function actually gets: what the stage has switched off is not granted. */
    public static Set<Access> effectiveAccess(FunctionSpec spec, StageConfig stage) {
        Set<Access> access = spec.access().isEmpty() ? EnumSet.noneOf(Access.class) : EnumSet.copyOf(spec.access());
        if (!stage.auroraEnabled()) {
            access.remove(Access.INVENTORY_DATABASE);
        }
        if (!stage.daxEnabled()) {
            access.remove(Access.DAX_READ);
        }
        if (!stage.orderSagaEnabled()) {
            access.remove(Access.START_SAGA);
            access.remove(Access.READ_SAGA);
        }
        return access;
    }

    public List<DeployedFunction> all() {
        return List.copyOf(functions.values());
    }

    public DeployedFunction get(FunctionSpec spec) {
        DeployedFunction deployed = functions.get(spec.name());
        if (deployed == null) {
            throw new IllegalArgumentException("function " + spec.name() + " is not deployed in this stage");
        }
        return deployed;
    }

    public Optional<DeployedFunction> find(FunctionSpec spec) {
        return Optional.ofNullable(functions.get(spec.name()));
    }

    /** START_SAGA and READ_SAGA grants, given once the state machine exists (it refers to the step aliases). */
    public void grantSagaAccess(IStateMachine stateMachine) {
        for (DeployedFunction deployed : functions.values()) {
            Set<Access> access = deployed.effectiveAccess();
            if (access.contains(Access.START_SAGA) || access.contains(Access.READ_SAGA)) {
                deployed.function().addEnvironment(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN,
                        stateMachine.getStateMachineArn());
            }
            if (access.contains(Access.START_SAGA)) {
                stateMachine.grantStartExecution(deployed.function());
            }
            if (access.contains(Access.READ_SAGA)) {
                stateMachine.grantRead(deployed.function());
            }
        }
    }

    private static Code createCode(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Lambda jar not found at " + jar
                    + " — build it first: ./mvnw -B -q -pl lambdas -am package -DskipTests");
        }
        return Code.fromAsset(jar.toString());
    }

    private DeployedFunction createFunction(FunctionSpec spec) {
        StageConfig stage = props.stage();
        Set<Access> access = effectiveAccess(spec, stage);
        boolean inVpc = access.contains(Access.INVENTORY_DATABASE) || access.contains(Access.DAX_READ);

        LogGroup logGroup = LogGroup.Builder.create(this, spec.name() + "Logs")
                .retention(stage.sizing().logRetention())
                .encryptionKey(props.logKey())
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        Role role = Role.Builder.create(this, spec.name() + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("sagastack " + spec.name() + " function")
                .build();
        logGroup.grantWrite(role);
        Optional<SecurityGroup> securityGroup = inVpc ? Optional.of(createSecurityGroup(spec)) : Optional.empty();
        if (inVpc) {
            addVpcAccessPolicy(role);
        }

        Function.Builder builder = Function.Builder.create(this, spec.name())
                .description(spec.name() + " (" + spec.handlerClass() + ")")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handlerClass()) // Java handlers may be "package.Class" (Lambda CreateFunction, Handler)
                .code(code)
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .role(role)
                .logGroup(logGroup)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment(spec, access));
        reservedConcurrency(spec, access).ifPresent(builder::reservedConcurrentExecutions);
        if (inVpc) {
            DataResources.NetworkReference network = props.data().network().orElseThrow();
            builder.vpc(network.vpc()).vpcSubnets(network.isolatedSubnets()).securityGroups(List.of(securityGroup.get()));
        }
        Function function = builder.build();
        Alias alias = Alias.Builder.create(this, spec.name() + "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
        grant(spec, access, function, securityGroup);
        suppressFindings(spec, access, function, role);
        return new DeployedFunction(spec, function, alias, securityGroup, access);
    }

    private SecurityGroup createSecurityGroup(FunctionSpec spec) {
        SecurityGroup group = SecurityGroup.Builder.create(this, spec.name() + "SecurityGroup")
                .vpc(props.data().network().orElseThrow().vpc())
                .description("sagastack " + spec.name() + " function")
                .allowAllOutbound(false)
                .build();
        group.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to the VPC endpoints (the isolated subnets have no route beyond them)");
        return group;
    }

    private static void addVpcAccessPolicy(Role role) {
        role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
        Nag.suppressFindings(role, "AwsSolutions-IAM4",
                "AWSLambdaVPCAccessExecutionRole is the AWS-maintained minimum for Lambda to manage its network "
                        + "interfaces in the VPC (EC2 ENI actions have no resource-level permissions).",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    }

    private Map<String, String> environment(FunctionSpec spec, Set<Access> access) {
        DataResources data = props.data();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POWERTOOLS_SERVICE_NAME", SERVICE_NAME);
        env.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        env.put("POWERTOOLS_LOG_LEVEL", props.stage().sizing().logLevel());
        if (access.contains(Access.SINGLE_TABLE_READ) || access.contains(Access.SINGLE_TABLE_WRITE)) {
            env.put(EnvironmentVariables.SINGLE_TABLE_NAME, data.singleTable().getTableName());
        }
        if (access.contains(Access.EVENT_STORE_READ) || access.contains(Access.EVENT_STORE_WRITE)) {
            env.put(EnvironmentVariables.EVENT_STORE_TABLE_NAME, data.eventStore().getTableName());
        }
        if (access.contains(Access.EVENT_STORE_WRITE)) {
            env.put(EnvironmentVariables.SNAPSHOT_EVERY, Integer.toString(SNAPSHOT_EVERY));
        }
        if (access.contains(Access.DAX_READ)) {
            env.put(EnvironmentVariables.DAX_ENDPOINT, data.dax().orElseThrow().endpointUrl());
        }
        if (access.contains(Access.INVENTORY_DATABASE)) {
            DataResources.DatabaseReference db = data.inventoryDatabase().orElseThrow();
            env.put(EnvironmentVariables.INVENTORY_DB_HOST, db.proxyEndpoint());
            env.put(EnvironmentVariables.INVENTORY_DB_PORT, Integer.toString(InventoryDatabase.PROXY_PORT));
            env.put(EnvironmentVariables.INVENTORY_DB_NAME, InventoryDatabase.DATABASE_NAME);
            env.put(EnvironmentVariables.INVENTORY_DB_USER, InventoryDatabase.DATABASE_USER);
            env.put(EnvironmentVariables.INVENTORY_DB_AUTH, "iam");
        }
        if (access.contains(Access.CURSOR_KEY)) {
            env.put(EnvironmentVariables.CURSOR_KEY_PARAMETER, cursorKeyParameterName());
        }
        return env;
    }

    private String cursorKeyParameterName() {
        return "/aws/reference/secretsmanager/" + props.data().cursorSigningKey().secretName();
    }

    /**
     * Functions holding a database connection per container are capped so that a burst cannot
     * exhaust the proxy's connection budget; the migration runs alone.
     */
    private Optional<Integer> reservedConcurrency(FunctionSpec spec, Set<Access> access) {
        if (!access.contains(Access.INVENTORY_DATABASE)) {
            return Optional.empty();
        }
        if (spec.equals(Functions.SCHEMA_MIGRATION)) {
            return Optional.of(1);
        }
        if (spec.equals(Functions.HTTP_API)) {
            return Optional.of(props.stage().sizing().apiConcurrency());
        }
        return Optional.of(props.stage().sizing().inventoryStepConcurrency());
    }

    private void grant(FunctionSpec spec, Set<Access> access, Function function, Optional<SecurityGroup> securityGroup) {
        DataResources data = props.data();
        for (Access a : access) {
            switch (a) {
                case SINGLE_TABLE_READ:
                    data.singleTable().grantReadData(function);
                    break;
                case SINGLE_TABLE_WRITE:
                    TableGrants.grantWriteData(data.singleTable(), function);
                    break;
                case EVENT_STORE_READ:
                    data.eventStore().grantReadData(function);
                    break;
                case EVENT_STORE_WRITE:
                    TableGrants.grantWriteData(data.eventStore(), function);
                    break;
                case INVENTORY_DATABASE:
                    DataResources.DatabaseReference db = data.inventoryDatabase().orElseThrow();
                    db.grantConnect(function);
                    securityGroup.orElseThrow().getConnections().allowTo(db,
                            Port.tcp(InventoryDatabase.PROXY_PORT), spec.name() + " to RDS Proxy");
                    break;
                case DAX_READ:
                    DataResources.DaxReference dax = data.dax().orElseThrow();
                    dax.grantRead(function);
                    securityGroup.orElseThrow().getConnections().allowTo(dax, Port.tcp(DaxCache.TLS_PORT),
                            spec.name() + " to DAX (TLS)");
                    break;
                case CURSOR_KEY:
                    // the function reads the secret through its Parameter Store reference (one SSM call, no SM client)
                    data.cursorSigningKey().secret().grantRead(function);
                    StringParameter.fromSecureStringParameterAttributes(this, spec.name() + "CursorKeyReference",
                            SecureStringParameterAttributes.builder()
                                    .parameterName(cursorKeyParameterName()).simpleName(false).build())
                            .grantRead(function);
                    break;
                case START_SAGA:
                case READ_SAGA:
                    break; // granted by grantSagaAccess once the state machine exists
                default:
                    throw new IllegalStateException("no grant for access " + a);
            }
        }
    }

    private static void suppressFindings(FunctionSpec spec, Set<Access> access, Function function, Role role) {
        Nag.suppress(function, "AwsSolutions-L1",
                "Java 21 is the design's runtime target (bytecode 17, SnapStart with CRaC priming); moving to a newer "
                        + "Java runtime is a deliberate upgrade, not a template default.");
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every function publishes its current version behind the alias '" + ALIAS + "'");
        List<String> withoutResourceScope = new ArrayList<>(List.of("xray:PutTraceSegments/PutTelemetryRecords (active tracing)"));
        if (spec.equals(Functions.ACCOUNT_SUMMARY_PROJECTION)) {
            withoutResourceScope.add("dynamodb:ListStreams (stream event source)");
        }
        if (access.contains(Access.READ_SAGA)) {
            withoutResourceScope.add("states:ListActivities/DescribeActivity/DescribeStateMachine (StateMachine.grantRead)");
        }
        Nag.suppressFindings(role, "AwsSolutions-IAM5",
                "These actions have no resource-level permissions, so IAM requires Resource '*': "
                        + String.join(", ", withoutResourceScope) + ".",
                "Resource::*");
        boolean readsTables = access.contains(Access.SINGLE_TABLE_READ) || access.contains(Access.EVENT_STORE_READ)
                || access.contains(Access.SINGLE_TABLE_WRITE) || access.contains(Access.EVENT_STORE_WRITE);
        if (readsTables) {
            Nag.suppressFindings(role, "AwsSolutions-IAM5",
                    "<table-arn>/index/* covers the global secondary indexes the table spec declares (GSI1/GSI2); "
                            + "queries on an index need the index ARN, and the set of indexes is the spec's.",
                    "/^Resource::<.+\\.Arn>\\/index\\/\\*$/g");
        }
        if (access.contains(Access.READ_SAGA)) {
            Nag.suppressFindings(role, "AwsSolutions-IAM5",
                    "Describe/GetExecutionHistory on executions of the order saga state machine only: execution ARNs "
                            + "are <machine-name>:<execution-name> and execution names are order ids.",
                    "/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*:\\*$/g");
        }
    }
}
