package dev.sagastack.infra.stateless;

import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.FunctionSpec.Access;
import dev.sagastack.infra.Nag;
import dev.sagastack.infra.StageConfig;
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
import software.constructs.Construct;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every function of the application has in common: arm64, Java 21, SnapStart on published
 * versions with the alias {@value #ALIAS} that every integration targets, active tracing, its own
 * encrypted log group and role, Powertools settings, and — when it runs in the VPC — its own security
 * group with HTTPS egress to the VPC endpoints. Grants and environment for its data access come from
 * {@link FunctionGrants}; the capability that owns the function adds what only it needs.
 */
public final class JavaFunction extends Construct {

    public static final String ALIAS = "live";
    public static final String SERVICE_NAME = "sagastack";
    public static final String METRICS_NAMESPACE = "Sagastack";

    /**
     * Typed props.
     *
     * @param access              the access the function gets in this stage (see {@link FunctionCatalog#effectiveAccess})
     * @param network             present: the function runs in these isolated subnets with its own security group
     * @param reservedConcurrency present: the function's reserved concurrent executions
     */
    public record Props(FunctionSpec spec, Set<Access> access, StageConfig stage, Code code, IKey logKey,
                        Optional<DataResources.NetworkReference> network, Optional<Integer> reservedConcurrency) {
    }

    private final FunctionSpec spec;
    private final Set<Access> access;
    private final Role role;
    private final Optional<SecurityGroup> securityGroup;
    private final Function function;
    private final Alias alias;

    public JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        this.spec = props.spec();
        // enum order, so grants and environment come out in the same order on every synthesis
        this.access = props.access().isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(props.access()));
        LogGroup logGroup = createLogGroup(props);
        this.role = createRole(logGroup, props);
        this.securityGroup = props.network().map(this::createSecurityGroup);
        this.function = createFunction(props, logGroup);
        this.alias = Alias.Builder.create(this, "Alias").aliasName(ALIAS).version(function.getCurrentVersion()).build();
        suppressFindings();
    }

    public FunctionSpec spec() {
        return spec;
    }

    /** The access this function has in its stage (what the stage switched off is not granted). */
    public Set<Access> effectiveAccess() {
        return access;
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }

    public Role role() {
        return role;
    }

    public Optional<SecurityGroup> securityGroup() {
        return securityGroup;
    }

    private LogGroup createLogGroup(Props props) {
        return LogGroup.Builder.create(this, "Logs")
                .retention(props.stage().sizing().logRetention())
                .encryptionKey(props.logKey())
                .removalPolicy(props.stage().dataRemovalPolicy())
                .build();
    }

    private Role createRole(LogGroup logGroup, Props props) {
        Role created = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("sagastack " + props.spec().name() + " function")
                .build();
        logGroup.grantWrite(created);
        if (props.network().isPresent()) {
            created.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
            Nag.suppressFindings(created, "AwsSolutions-IAM4",
                    "AWSLambdaVPCAccessExecutionRole is the AWS-maintained minimum for Lambda to manage its network "
                            + "interfaces in the VPC (EC2 ENI actions have no resource-level permissions).",
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
        }
        return created;
    }

    private SecurityGroup createSecurityGroup(DataResources.NetworkReference network) {
        SecurityGroup group = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("sagastack " + spec.name() + " function")
                .allowAllOutbound(false)
                .build();
        group.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to the VPC endpoints (the isolated subnets have no route beyond them)");
        return group;
    }

    private Function createFunction(Props props, LogGroup logGroup) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("POWERTOOLS_SERVICE_NAME", SERVICE_NAME);
        environment.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        environment.put("POWERTOOLS_LOG_LEVEL", props.stage().sizing().logLevel());
        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(spec.name() + " (" + spec.handlerClass() + ")")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handlerClass()) // Java handlers may be "package.Class" (Lambda CreateFunction, Handler)
                .code(props.code())
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .role(role)
                .logGroup(logGroup)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment);
        props.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        props.network().ifPresent(network -> builder.vpc(network.vpc()).vpcSubnets(network.isolatedSubnets())
                .securityGroups(List.of(securityGroup.orElseThrow())));
        return builder.build();
    }

    private void suppressFindings() {
        Nag.suppress(function, "AwsSolutions-L1",
                "Java 21 is the design's runtime target (bytecode 17, SnapStart with CRaC priming); moving to a newer "
                        + "Java runtime is a deliberate upgrade, not a template default.");
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every function publishes its current version behind the alias '" + ALIAS + "'");
    }
}
