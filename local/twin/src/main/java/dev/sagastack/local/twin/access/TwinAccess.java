package dev.sagastack.local.twin.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.dynamodb.dax.DaxAuthenticator;
import dev.sagastack.local.dynamodb.dax.DaxPermissions;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.ServiceActionResolver;
import dev.sagastack.local.iam.actions.DynamoDbActions;
import dev.sagastack.local.iam.actions.SecretsManagerActions;
import dev.sagastack.local.iam.actions.SsmActions;
import dev.sagastack.local.iam.actions.StepFunctionsActions;
import dev.sagastack.local.iam.policy.Evaluation;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.Deployment.Resource;
import dev.sagastack.local.twin.cloudformation.PhysicalNames;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The twin's access control, built once from the stage it runs: the credential store (the account
 * {@value PhysicalNames#ACCOUNT_ID}, its administrator {@code test}/{@code test} or {@code --admin-credentials}, and
 * temporary credentials per role session), the templates' roles and policies, and the guards of the AWS endpoints.
 * Hosts of other fronts (the HTTP API gateway, the PostgreSQL front) are handed this object and call
 * {@link #control()} with their own resolvers.
 */
public final class TwinAccess {

    /**
     * @param enforced                 false for {@code --iam off}: every call is allowed and nothing is verified
     * @param administratorCredentials {@code KEY:SECRET} of the administrator; empty for {@code test:test}
     */
    public record Settings(boolean enforced, Optional<String> administratorCredentials) {
        public static Settings defaults() {
            return new Settings(true, Optional.empty());
        }
    }

    private final boolean enforced;
    private final CredentialStore credentials;
    private final TemplateAccessModel model;
    private final Deployment deployment;
    private final Clock clock;
    private final AccessControl control;
    private final Map<String, String> roleOfFunction = new HashMap<>();
    private final Map<String, String> roleOfStateMachine = new HashMap<>();
    private final Map<String, String> partitionKeyOfTable = new HashMap<>();
    private final Map<String, String> streamArnOfTable = new HashMap<>();
    private final Map<String, String> secretArnOfName = new HashMap<>();
    private final Map<String, Credentials> sessions = new ConcurrentHashMap<>();

    private TwinAccess(Deployment deployment, boolean enforced, CredentialStore credentials, TemplateAccessModel model,
                       Clock clock) {
        this.enforced = enforced;
        this.credentials = credentials;
        this.model = model;
        this.control = AccessControl.create(credentials, model, PhysicalNames.REGION, clock);
        this.deployment = deployment;
        this.clock = clock;
        for (Resource function : deployment.resources("AWS::Lambda::Function")) {
            roleName(function.properties().path("Role")).ifPresent(role -> roleOfFunction.put(function.physicalId(), role));
        }
        for (Resource machine : deployment.resources("AWS::StepFunctions::StateMachine")) {
            roleName(machine.properties().path("RoleArn")).ifPresent(role -> roleOfStateMachine.put(machine.physicalId(), role));
        }
        for (Resource table : deployment.resources("AWS::DynamoDB::Table")) {
            for (JsonNode key : table.properties().path("KeySchema")) {
                if ("HASH".equals(key.path("KeyType").asText())) {
                    partitionKeyOfTable.put(table.physicalId(), key.path("AttributeName").asText());
                }
            }
            if (table.properties().path("StreamSpecification").has("StreamViewType")) {
                streamArnOfTable.put(table.physicalId(), deployment.attribute(table, "StreamArn").asText());
            }
        }
        deployment.secretNames().forEach((arn, name) -> secretArnOfName.put(name, arn));
    }

    public static TwinAccess fromDeployment(Deployment deployment, Settings settings) {
        return fromDeployment(deployment, settings, Clock.systemUTC());
    }

    public static TwinAccess fromDeployment(Deployment deployment, Settings settings, Clock clock) {
        return fromDeployment(deployment, settings.administratorCredentials().map(CredentialStore::withAdministrator)
                .orElseGet(CredentialStore::local), settings.enforced(), clock);
    }

    public static TwinAccess fromDeployment(Deployment deployment, CredentialStore credentials, boolean enforced,
                                            Clock clock) {
        return new TwinAccess(deployment, enforced, credentials, TemplateAccessModel.fromTemplates(
                AccessTemplates.of(deployment), PhysicalNames.REGION, PhysicalNames.ACCOUNT_ID), clock);
    }

    /**
     * The same stage and credentials with the access templates (roles, policies, permissions, values evaluated)
     * edited: tests that take a grant away.
     */
    public TwinAccess withEditedTemplates(Consumer<JsonNode> edit) {
        List<JsonNode> templates = AccessTemplates.of(deployment);
        templates.forEach(edit);
        return new TwinAccess(deployment, enforced, credentials, TemplateAccessModel.fromTemplates(templates,
                PhysicalNames.REGION, PhysicalNames.ACCOUNT_ID), clock);
    }

    /** Whether requests are verified and authorized (false only with {@code --iam off}). */
    public boolean enforced() {
        return enforced;
    }

    public AccessControl control() {
        return control;
    }

    /** The access control that checks every call; empty with {@code --iam off}. */
    public Optional<AccessControl> enforcing() {
        return enforced ? Optional.of(control) : Optional.empty();
    }

    /** The templates' roles, policies and resolved references. */
    public TemplateAccessModel model() {
        return model;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    public Credentials administrator() {
        return credentials.administrator();
    }

    /**
     * The temporary credentials of the function's execution role, issued once per function with the function's name
     * as session name (as Lambda does: {@code assumed-role/<role>/<function>}); the administrator's for a function
     * the templates give no role.
     */
    public Credentials functionCredentials(String functionNameOrArn) {
        // arn:aws:lambda:region:account:function:name[:qualifier]
        String[] arn = functionNameOrArn.split(":");
        String functionName = arn.length >= 7 && arn[0].equals("arn") ? arn[6] : functionNameOrArn;
        String role = roleOfFunction.get(functionName);
        if (role == null) {
            return administrator();
        }
        return sessions.computeIfAbsent("function/" + functionName,
                k -> credentials.issueRoleSession(role, functionName));
    }

    /** The role session a state machine acts as (for its tasks' invokes), by state machine or execution ARN. */
    public Optional<Principal> stateMachinePrincipal(String stateMachineOrExecutionArn) {
        String machineArn = stateMachineArn(stateMachineOrExecutionArn);
        return Optional.ofNullable(roleOfStateMachine.get(machineArn))
                .map(role -> roleSession(machineArn, role).principal());
    }

    /**
     * What an execution's AWS SDK service integrations sign with: temporary credentials of its state machine's
     * execution role (session name: the state machine's name), as Step Functions assumes that role; the
     * administrator's for a role ARN that names no IAM role.
     */
    public Credentials stateMachineCredentials(String stateMachineOrExecutionArn, String roleArn) {
        return roleName(roleArn == null ? "" : roleArn)
                .map(role -> roleSession(stateMachineArn(stateMachineOrExecutionArn), role))
                .orElseGet(this::administrator);
    }

    private Credentials roleSession(String machineArn, String role) {
        String name = machineArn.substring(machineArn.lastIndexOf(':') + 1);
        return sessions.computeIfAbsent("states/" + machineArn + "/" + role,
                k -> credentials.issueRoleSession(role, name));
    }

    /** Authorizes what a principal does in-process (no HTTP request of its own); always allowed when not enforced. */
    public Decision authorize(Principal principal, List<AuthorizationRequest> requests) {
        if (!enforced) {
            return new Decision.Allowed(principal, List.of());
        }
        return control.authorize(principal, requests);
    }

    /** The most recent policy denials, newest first (the console's list). */
    public List<Evaluation> recentDenials() {
        return control.recentDenials();
    }

    /** The DynamoDB endpoint's guard: DynamoDB operations and, on the same endpoint, DynamoDB Streams'. */
    public EndpointGuard dynamoDbGuard() {
        DynamoDbActions tables = new DynamoDbActions(t -> Optional.ofNullable(partitionKeyOfTable.get(t)));
        ServiceActionResolver streams = new TemplateStreamArns(streamArnOfTable);
        ServiceActionResolver faults = new LocalFaultActions();
        return guard(request -> {
            String target = request.header("x-amz-target").orElse("");
            return target.startsWith(TemplateStreamArns.TARGET_PREFIX) ? streams
                    : target.startsWith(LocalFaultActions.TARGET_PREFIX) ? faults : tables;
        });
    }

    public EndpointGuard stepFunctionsGuard() {
        StepFunctionsActions actions = new StepFunctionsActions();
        return guard(request -> actions);
    }

    /** The SSM and Secrets Manager endpoint's guard (one local server serves both). */
    public EndpointGuard parametersGuard() {
        SsmActions ssm = new SsmActions();
        SecretsManagerActions secrets = new SecretsManagerActions(name -> secretArnOfName.getOrDefault(name,
                "arn:aws:secretsmanager:" + PhysicalNames.REGION + ":" + PhysicalNames.ACCOUNT_ID + ":secret:" + name));
        return guard(request -> request.header("x-amz-target").orElse("").startsWith("secretsmanager.") ? secrets : ssm);
    }

    /**
     * What the local DAX node checks: each connection's authorizeConnection signature, then each request's
     * {@code dax:} actions on the stage's cluster for the principal whose credentials signed the connection. The
     * refusal's message is IAM's, as DynamoDB words it.
     */
    public DaxAuthenticator daxAuthenticator() {
        if (!enforced) {
            return DaxAuthenticator.ACCEPT_ALL;
        }
        // one local node serves the stage's cluster (a stage has at most one)
        Optional<String> cluster = deployment.resources("AWS::DAX::Cluster").stream()
                .map(r -> deployment.attribute(r, "Arn").asText()).findFirst();
        return new DaxSignatures(credentials, PhysicalNames.REGION, clock, signer -> cluster
                .<DaxPermissions>map(arn -> action -> refusal(signer.principal(), action, arn))
                .orElse(DaxPermissions.ALL));
    }

    private Optional<String> refusal(Principal principal, String action, String resource) {
        Decision decision = control.authorize(principal, List.of(new AuthorizationRequest(action, resource)));
        return decision.allowed() ? Optional.empty() : Optional.of(decision.error(AwsService.DYNAMODB).message());
    }

    private EndpointGuard guard(Function<HttpRequestView, ServiceActionResolver> resolverFor) {
        if (!enforced) {
            return EndpointGuard.OPEN;
        }
        return request -> {
            ServiceActionResolver resolver = resolverFor.apply(request);
            Decision decision = control.authorize(request, resolver);
            return decision.allowed() ? Optional.empty() : Optional.of(decision.error(resolver.service()));
        };
    }

    private static String stateMachineArn(String arn) {
        // arn:aws:states:region:account:execution:<machine>:<execution> -> ...:stateMachine:<machine>
        String[] parts = arn.split(":");
        if (parts.length >= 8 && (parts[5].equals("execution") || parts[5].equals("express"))) {
            return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "stateMachine", parts[6]);
        }
        return arn;
    }

    private static Optional<String> roleName(JsonNode roleArn) {
        return roleName(roleArn.asText(""));
    }

    private static Optional<String> roleName(String arn) {
        int marker = arn.indexOf(":role/");
        return marker < 0 ? Optional.empty() : Optional.of(arn.substring(arn.lastIndexOf('/') + 1));
    }
}
