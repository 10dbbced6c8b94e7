package dev.sagastack.infra;

import dev.sagastack.api.HttpApiRoutes;
import dev.sagastack.config.AppConfig;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.StreamSubscription;
import dev.sagastack.functions.FunctionSpec.Access;
import dev.sagastack.functions.Functions;
import dev.sagastack.infra.stateless.FunctionCatalog;
import dev.sagastack.infra.stateless.FunctionGrants;
import dev.sagastack.infra.stateless.JavaFunction;
import dev.sagastack.infra.stateless.InventorySchemaMigration;
import dev.sagastack.infra.stateless.OrderSaga;
import dev.sagastack.infra.stateless.StatelessStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Template tests of the stateless stack (functions, saga, projections, API, alarms) in dev and prod. */
class StatelessStackTest {

    private static List<SynthesizedStage> stages;

    @BeforeAll
    static void synthesize() {
        stages = List.of(SynthesizedStage.dev(), SynthesizedStage.prod());
    }

    private static StatelessStack stack(SynthesizedStage s) {
        return s.deployment.stateless();
    }

    private static Map<String, Object> resource(SynthesizedStage s, String logicalId) {
        return Cfn.map(Cfn.map(s.statelessJson().get("Resources")).get(logicalId));
    }

    // ---- functions -------------------------------------------------------------------------------

    @Test
    @DisplayName("every catalog function is deployed once from the shaded jar; no other Java function exists")
    void everyCatalogFunctionIsDeployed() {
        for (SynthesizedStage s : stages) {
            Set<String> javaHandlers = Cfn.resources(s.statelessJson(), "AWS::Lambda::Function").values().stream()
                    .map(Cfn::properties)
                    .filter(p -> String.valueOf(p.get("Runtime")).startsWith("java"))
                    .map(p -> (String) p.get("Handler"))
                    .collect(Collectors.toSet());
            assertThat(javaHandlers).isEqualTo(Functions.all().stream().map(FunctionSpec::handlerClass).collect(Collectors.toSet()));
        }
    }

    @Test
    @DisplayName("every function: arm64, java21, SnapStart on published versions, active tracing, catalog memory and timeout")
    void everyFunctionHasRuntimeArchitectureSnapStartAndSizing() {
        for (SynthesizedStage s : stages) {
            for (JavaFunction f : stack(s).functions().all()) {
                Map<String, Object> props = Cfn.properties(resource(s, Cfn.logicalId(f.function())));
                assertThat(props).as(f.spec().name())
                        .containsEntry("Runtime", "java21")
                        .containsEntry("Architectures", List.of("arm64"))
                        .containsEntry("Handler", f.spec().handlerClass())
                        .containsEntry("MemorySize", f.spec().memoryMb())
                        .containsEntry("Timeout", (int) f.spec().timeout().toSeconds())
                        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                        .containsEntry("TracingConfig", Map.of("Mode", "Active"));
                Map<String, Object> env = Cfn.map(Cfn.map(props.get("Environment")).get("Variables"));
                assertThat(env).containsEntry("POWERTOOLS_SERVICE_NAME", JavaFunction.SERVICE_NAME)
                        .containsEntry("POWERTOOLS_METRICS_NAMESPACE", JavaFunction.METRICS_NAMESPACE)
                        .containsEntry("POWERTOOLS_LOG_LEVEL", s.stage.sizing().logLevel());
                Map<String, Object> logGroup = resource(s,
                        (String) Cfn.map(Cfn.map(props.get("LoggingConfig")).get("LogGroup")).get("Ref"));
                assertThat(Cfn.properties(logGroup)).containsKey("KmsKeyId").containsKey("RetentionInDays");
            }
        }
    }

    @Test
    @DisplayName("every function has the alias 'live' on its published version")
    void everyFunctionHasLiveAliasOnItsVersion() {
        for (SynthesizedStage s : stages) {
            for (JavaFunction f : stack(s).functions().all()) {
                String functionId = Cfn.logicalId(f.function());
                Map<String, Object> alias = Cfn.properties(resource(s, Cfn.logicalId(f.alias())));
                assertThat(alias).containsEntry("Name", "live").containsEntry("FunctionName", Cfn.ref(functionId));
                String versionId = (String) Cfn.list(Cfn.map(alias.get("FunctionVersion")).get("Fn::GetAtt")).get(0);
                Map<String, Object> version = resource(s, versionId);
                assertThat(version.get("Type")).isEqualTo("AWS::Lambda::Version");
                assertThat(Cfn.properties(version)).containsEntry("FunctionName", Cfn.ref(functionId));
            }
        }
    }

    @Test
    @DisplayName("every function that appends account events sets SNAPSHOT_EVERY explicitly (and no other function does)")
    void eventStoreWritersSetSnapshotEvery() {
        for (SynthesizedStage s : stages) {
            Set<String> writers = new HashSet<>();
            for (JavaFunction f : stack(s).functions().all()) {
                Map<String, Object> env = Cfn.map(Cfn.map(Cfn.properties(resource(s, Cfn.logicalId(f.function())))
                        .get("Environment")).get("Variables"));
                String name = f.spec().name();
                if (f.effectiveAccess().contains(Access.EVENT_STORE_WRITE)) {
                    writers.add(name);
                    assertThat(env).as(name).containsEntry(EnvironmentVariables.SNAPSHOT_EVERY,
                            Integer.toString(FunctionGrants.SNAPSHOT_EVERY));
                    // the application accepts the value the template carries
                    assertThat(AppConfig.fromEnvironment(Map.of(EnvironmentVariables.SNAPSHOT_EVERY,
                            (String) env.get(EnvironmentVariables.SNAPSHOT_EVERY))).accounts().snapshotEvery())
                            .isEqualTo(FunctionGrants.SNAPSHOT_EVERY);
                } else {
                    assertThat(env).as(name).doesNotContainKey(EnvironmentVariables.SNAPSHOT_EVERY);
                }
            }
            assertThat(writers).as(s.stage.name()).contains(Functions.HTTP_API.name());
            if (s.stage.orderSagaEnabled()) {
                assertThat(writers).contains(Functions.PROCESS_PAYMENT.name(), Functions.REFUND_PAYMENT.name());
            }
        }
    }

    @Test
    @DisplayName("the cursor key goes to exactly the functions with CURSOR_KEY access: the secret's ARN and its Parameter Store reference")
    void cursorKeyFollowsAccess() {
        for (SynthesizedStage s : stages) {
            Set<String> holders = new HashSet<>();
            for (JavaFunction f : stack(s).functions().all()) {
                boolean cursorKey = f.effectiveAccess().contains(Access.CURSOR_KEY);
                String statements = roleStatements(s, f).toString();
                Map<String, Object> env = Cfn.map(Cfn.map(Cfn.properties(resource(s, Cfn.logicalId(f.function())))
                        .get("Environment")).get("Variables"));
                String parameter = String.valueOf(env.get(EnvironmentVariables.CURSOR_KEY_PARAMETER));
                if (cursorKey) {
                    holders.add(f.spec().name());
                    // the parameter name is joined from the secret's name, read from SSM at deploy time
                    assertThat(parameter).contains("/aws/reference/secretsmanager/").contains("cursorkeysecretname");
                    assertThat(statements).contains("secretsmanager:GetSecretValue").contains("cursorkeysecretarn")
                            .contains(":parameter/aws/reference/secretsmanager/");
                } else {
                    assertThat(env).doesNotContainKey(EnvironmentVariables.CURSOR_KEY_PARAMETER);
                    assertThat(statements).doesNotContain("cursorkey").doesNotContain("aws/reference/secretsmanager");
                }
            }
            assertThat(holders).isEqualTo(Functions.all().stream().filter(spec -> spec.access().contains(Access.CURSOR_KEY))
                    .map(FunctionSpec::name).collect(Collectors.toSet())).contains(Functions.HTTP_API.name());
        }
    }

    @Test
    @DisplayName("grants and environment follow each function's Access set")
    void grantsAndEnvironmentFollowAccess() {
        for (SynthesizedStage s : stages) {
            for (JavaFunction f : stack(s).functions().all()) {
                Set<Access> access = f.effectiveAccess();
                Map<String, Object> env = Cfn.map(Cfn.map(Cfn.properties(resource(s, Cfn.logicalId(f.function())))
                        .get("Environment")).get("Variables"));
                Set<String> actions = roleActions(s, f);
                String name = f.spec().name();
                boolean singleTable = access.contains(Access.SINGLE_TABLE_READ) || access.contains(Access.SINGLE_TABLE_WRITE);
                boolean eventStore = access.contains(Access.EVENT_STORE_READ) || access.contains(Access.EVENT_STORE_WRITE);
                assertThat(env.containsKey(EnvironmentVariables.SINGLE_TABLE_NAME)).as(name).isEqualTo(singleTable);
                assertThat(env.containsKey(EnvironmentVariables.EVENT_STORE_TABLE_NAME)).as(name).isEqualTo(eventStore);
                assertThat(env.containsKey(EnvironmentVariables.DAX_ENDPOINT)).as(name)
                        .isEqualTo(access.contains(Access.DAX_READ));
                assertThat(actions.contains("dax:GetItem")).as(name).isEqualTo(access.contains(Access.DAX_READ));
                boolean inventory = access.contains(Access.INVENTORY_DATABASE);
                assertThat(actions.contains("rds-db:connect")).as(name).isEqualTo(inventory);
                if (inventory) {
                    assertThat(env).containsEntry(EnvironmentVariables.INVENTORY_DB_AUTH, "iam")
                            .containsEntry(EnvironmentVariables.INVENTORY_DB_PORT, "5432")
                            .containsKeys(EnvironmentVariables.INVENTORY_DB_HOST, EnvironmentVariables.INVENTORY_DB_NAME,
                                    EnvironmentVariables.INVENTORY_DB_USER);
                } else {
                    assertThat(env).doesNotContainKey(EnvironmentVariables.INVENTORY_DB_HOST);
                }
                boolean writes = access.contains(Access.SINGLE_TABLE_WRITE) || access.contains(Access.EVENT_STORE_WRITE);
                assertThat(actions.contains("dynamodb:PutItem")).as(name).isEqualTo(writes);
                assertThat(actions.contains("states:StartExecution")).as(name).isEqualTo(access.contains(Access.START_SAGA));
                assertThat(actions.contains("states:DescribeExecution")).as(name).isEqualTo(access.contains(Access.READ_SAGA));
                assertThat(env.containsKey(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN)).as(name)
                        .isEqualTo(access.contains(Access.START_SAGA) || access.contains(Access.READ_SAGA));
                boolean cursorKey = access.contains(Access.CURSOR_KEY);
                assertThat(env.containsKey(EnvironmentVariables.CURSOR_KEY_PARAMETER)).as(name).isEqualTo(cursorKey);
                assertThat(actions.contains("ssm:GetParameter")).as(name).isEqualTo(cursorKey);
                assertThat(actions.contains("secretsmanager:GetSecretValue")).as(name).isEqualTo(cursorKey);
            }
        }
    }

    @Test
    @DisplayName("functions that reach DAX or the proxy run in the VPC with their own security group; others do not")
    void vpcPlacementFollowsAccess() {
        for (SynthesizedStage s : stages) {
            for (JavaFunction f : stack(s).functions().all()) {
                boolean inVpc = f.effectiveAccess().contains(Access.DAX_READ)
                        || f.effectiveAccess().contains(Access.INVENTORY_DATABASE);
                Map<String, Object> props = Cfn.properties(resource(s, Cfn.logicalId(f.function())));
                assertThat(props.containsKey("VpcConfig")).as(f.spec().name()).isEqualTo(inVpc);
                if (inVpc) {
                    String sg = Cfn.logicalId(f.securityGroup().orElseThrow());
                    assertThat(Cfn.map(props.get("VpcConfig")).get("SecurityGroupIds"))
                            .isEqualTo(List.of(Cfn.getAtt(sg, "GroupId")));
                }
            }
        }
    }

    @Test
    @DisplayName("functions holding a database connection have reserved concurrency; the migration runs alone")
    void databaseClientsHaveReservedConcurrency() {
        for (SynthesizedStage s : stages) {
            for (JavaFunction f : stack(s).functions().all()) {
                Object reserved = Cfn.properties(resource(s, Cfn.logicalId(f.function()))).get("ReservedConcurrentExecutions");
                if (f.effectiveAccess().contains(Access.INVENTORY_DATABASE)) {
                    assertThat(reserved).as(f.spec().name()).isInstanceOf(Integer.class);
                    assertThat((Integer) reserved).isPositive();
                } else {
                    assertThat(reserved).as(f.spec().name()).isNull();
                }
            }
            Object migration = Cfn.properties(resource(s, Cfn.logicalId(
                    stack(s).functions().get(Functions.SCHEMA_MIGRATION).function()))).get("ReservedConcurrentExecutions");
            assertThat(migration).isEqualTo(1);
        }
    }

    // ---- order saga ------------------------------------------------------------------------------

    @Test
    @DisplayName("state machine: STANDARD, ALL events with execution data to an encrypted log group, X-Ray tracing")
    void stateMachineTypeLoggingTracing() {
        for (SynthesizedStage s : stages) {
            OrderSaga saga = stack(s).orderSaga().orElseThrow();
            String logGroupId = Cfn.logicalId(saga.logGroup());
            s.stateless.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                    "StateMachineType", "STANDARD",
                    "TracingConfiguration", Map.of("Enabled", true),
                    "LoggingConfiguration", Map.of(
                            "Level", "ALL",
                            "IncludeExecutionData", true,
                            "Destinations", List.of(Map.of("CloudWatchLogsLogGroup",
                                    Map.of("LogGroupArn", Cfn.getAtt(logGroupId, "Arn"))))),
                    "DefinitionS3Location", Match.anyValue())));
            assertThat(Cfn.properties(resource(s, logGroupId))).containsKey("KmsKeyId");
        }
    }

    @Test
    @DisplayName("the definition's substitutions map every saga step to its 'live' alias and cover every placeholder in the ASL")
    void definitionReferencesTheStepAliases() throws Exception {
        for (SynthesizedStage s : stages) {
            StatelessStack stack = stack(s);
            Map<String, Object> stateMachine = Cfn.properties(resource(s,
                    Cfn.logicalId(stack.orderSaga().orElseThrow().stateMachine())));
            Map<String, Object> substitutions = Cfn.map(stateMachine.get("DefinitionSubstitutions"));
            assertThat(substitutions.keySet()).isEqualTo(OrderSaga.substitutionKeys().keySet());
            for (FunctionSpec step : Functions.sagaSteps()) {
                String aliasId = Cfn.logicalId(stack.functions().get(step).alias());
                assertThat(substitutions.get(OrderSaga.substitutionKey(step))).as(step.name()).isEqualTo(Cfn.ref(aliasId));
            }
            String asl = Files.readString(s.layout.orderSagaDefinition());
            Set<String> placeholders = new TreeSet<>();
            Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}").matcher(asl);
            while (m.find()) {
                placeholders.add(m.group(1));
            }
            assertThat(placeholders).isNotEmpty();
            assertThat(substitutions.keySet()).containsAll(placeholders);
        }
    }

    @Test
    @DisplayName("the saga's role may invoke exactly the step aliases")
    void sagaRoleInvokesTheStepAliases() {
        for (SynthesizedStage s : stages) {
            StatelessStack stack = stack(s);
            String roleId = Cfn.logicalId(stack.orderSaga().orElseThrow().stateMachine().getRole());
            Set<Object> invokable = new HashSet<>();
            for (Map<String, Object> policy : Cfn.resources(s.statelessJson(), "AWS::IAM::Policy").values()) {
                if (!Cfn.list(Cfn.properties(policy).get("Roles")).contains(Cfn.ref(roleId))) {
                    continue;
                }
                for (Object st : Cfn.list(Cfn.map(Cfn.properties(policy).get("PolicyDocument")).get("Statement"))) {
                    Map<String, Object> statement = Cfn.map(st);
                    if (Cfn.actions(statement).contains("lambda:InvokeFunction")) {
                        Object r = statement.get("Resource");
                        invokable.addAll(r instanceof List<?> l ? l : List.of(r));
                    }
                }
            }
            for (FunctionSpec step : Functions.sagaSteps()) {
                assertThat(invokable).as(step.name()).contains(Cfn.ref(Cfn.logicalId(stack.functions().get(step).alias())));
            }
            long functionRefs = invokable.stream().filter(r -> r instanceof Map<?, ?> mm && mm.containsKey("Ref")).count();
            assertThat(functionRefs).isEqualTo(Functions.sagaSteps().size());
        }
    }

    // ---- projections -----------------------------------------------------------------------------

    @Test
    @DisplayName("the projection's stream mapping targets its alias, bisects, reports item failures, bounds retries and age, dead-letters to an encrypted queue, filters to account events")
    void projectionMappingHandlesFailures() {
        for (SynthesizedStage s : stages) {
            StatelessStack stack = stack(s);
            Map<String, Map<String, Object>> mappings = Cfn.resources(s.statelessJson(), "AWS::Lambda::EventSourceMapping");
            assertThat(mappings).hasSize(1);
            Map<String, Object> mapping = Cfn.properties(mappings.values().iterator().next());
            String aliasId = Cfn.logicalId(stack.functions().get(Functions.ACCOUNT_SUMMARY_PROJECTION).alias());
            String queueId = Cfn.logicalId(stack.projections().deadLetterQueue());
            // FunctionName is "<function-name>:live", derived from the alias ARN.
            assertThat(mapping.get("FunctionName").toString()).contains(Cfn.ref(aliasId).toString()).contains(":live");
            assertThat(mapping).containsEntry("BisectBatchOnFunctionError", true)
                    .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                    .containsEntry("MaximumRetryAttempts", StreamSubscription.ACCOUNT_SUMMARY.retryAttempts())
                    .containsEntry("MaximumRecordAgeInSeconds", 86400)
                    .containsEntry("BatchSize", StreamSubscription.ACCOUNT_SUMMARY.batchSize())
                    .containsEntry("StartingPosition", "TRIM_HORIZON")
                    .containsEntry("DestinationConfig", Map.of("OnFailure", Map.of("Destination", Cfn.getAtt(queueId, "Arn"))));
            // the stream ARN comes from the stateful stack's SSM parameter, resolved at deploy time
            assertThat(mapping.get("EventSourceArn").toString()).contains("eventstorestreamarn");
            Object pattern = Cfn.map(Cfn.list(Cfn.map(mapping.get("FilterCriteria")).get("Filters")).get(0)).get("Pattern");
            assertThat(pattern.toString()).contains("\"eventName\":[\"INSERT\"]")
                    .contains("{\"prefix\":\"" + StreamSubscription.ACCOUNT_SUMMARY.partitionKeyPrefix() + "\"}")
                    .contains("{\"prefix\":\"" + StreamSubscription.ACCOUNT_SUMMARY.sortKeyPrefix() + "\"}");
            assertThat(Cfn.properties(resource(s, queueId))).containsEntry("SqsManagedSseEnabled", true);
        }
    }

    // ---- API -------------------------------------------------------------------------------------

    @Test
    @DisplayName("the API has exactly the stage's routes plus an ANY route per path, each authorized (never NONE) and integrated with the HttpApi alias")
    void everyRouteIsAuthorizedAndTargetsTheAlias() {
        for (SynthesizedStage s : stages) {
            Map<String, Map<String, Object>> routes = Cfn.resources(s.statelessJson(), "AWS::ApiGatewayV2::Route");
            Set<String> keys = routes.values().stream().map(r -> (String) Cfn.properties(r).get("RouteKey"))
                    .collect(Collectors.toSet());
            assertThat(keys).hasSize(routes.size()).isEqualTo(HttpApiRoutes.gatewayRoutes(s.stage.orderSagaEnabled()).stream()
                    .map(HttpApiRoutes.Route::routeKey).collect(Collectors.toSet()));
            // a method a path has no route for must reach the handler (405), so every path has its ANY route
            assertThat(keys).contains("ANY /accounts/{id}/deposits", "ANY /users/{id}");
            String aliasId = Cfn.logicalId(stack(s).functions().get(Functions.HTTP_API).alias());
            Map<String, Map<String, Object>> integrations = Cfn.resources(s.statelessJson(), "AWS::ApiGatewayV2::Integration");
            assertThat(integrations).hasSize(1);
            String integrationId = integrations.keySet().iterator().next();
            assertThat(Cfn.properties(integrations.get(integrationId)))
                    .containsEntry("IntegrationUri", Cfn.ref(aliasId))
                    .containsEntry("PayloadFormatVersion", "2.0");
            // walk the application's catalog: each route it declares for the stage is deployed, authorized, integrated
            for (HttpApiRoutes.Route route : HttpApiRoutes.gatewayRoutes(s.stage.orderSagaEnabled())) {
                Map<String, Object> deployed = routes.values().stream().map(Cfn::properties)
                        .filter(p -> route.routeKey().equals(p.get("RouteKey"))).findFirst()
                        .orElseThrow(() -> new AssertionError("no API route for " + route.routeKey()));
                assertThat(deployed.get("AuthorizationType")).as(route.routeKey()).isNotEqualTo("NONE").isEqualTo("AWS_IAM");
                assertThat(String.valueOf(deployed.get("Target"))).as(route.routeKey()).contains(integrationId);
            }
        }
    }

    @Test
    @DisplayName("the API stage throttles and writes access logs to an encrypted log group")
    void apiStageThrottlesAndLogs() {
        for (SynthesizedStage s : stages) {
            s.stateless.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                    "StageName", "$default",
                    "DefaultRouteSettings", Map.of(
                            "ThrottlingRateLimit", s.stage.sizing().apiRateLimit(),
                            "ThrottlingBurstLimit", s.stage.sizing().apiBurstLimit()),
                    "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue(), "Format", Match.anyValue())))));
        }
    }

    // ---- migration, alarms, IAM ------------------------------------------------------------------

    @Test
    @DisplayName("a custom resource runs the schema migration through the SchemaMigration alias on deploy")
    void schemaMigrationRunsOnDeploy() {
        for (SynthesizedStage s : stages) {
            Map<String, Map<String, Object>> migrations = Cfn.resources(s.statelessJson(), InventorySchemaMigration.RESOURCE_TYPE);
            assertThat(migrations).hasSize(1);
            Map<String, Object> props = Cfn.properties(migrations.values().iterator().next());
            assertThat(props).containsKeys("ServiceToken", "FunctionVersion");
            String aliasId = Cfn.logicalId(stack(s).functions().get(Functions.SCHEMA_MIGRATION).alias());
            boolean providerInvokesAlias = Cfn.resources(s.statelessJson(), "AWS::Lambda::Function").values().stream()
                    .map(Cfn::properties)
                    .anyMatch(p -> String.valueOf(p.get("Environment")).contains("USER_ON_EVENT_FUNCTION_ARN")
                            && String.valueOf(p.get("Environment")).contains(aliasId));
            assertThat(providerInvokesAlias).isTrue();
        }
    }

    @Test
    @DisplayName("alarms exist for failed and timed-out executions, CompensationFailed, DLQ, iterator age, errors, throttles and API 5xx, all to the encrypted topic")
    void alarmsCoverEverySignal() {
        for (SynthesizedStage s : stages) {
            Map<String, Map<String, Object>> alarms = Cfn.resources(s.statelessJson(), "AWS::CloudWatch::Alarm");
            Set<String> metrics = alarms.values().stream()
                    .map(a -> Cfn.properties(a).get("Namespace") + "/" + Cfn.properties(a).get("MetricName"))
                    .collect(Collectors.toSet());
            assertThat(metrics).contains("AWS/States/ExecutionsFailed", "AWS/States/ExecutionsTimedOut",
                    "Sagastack/CompensationFailed", "AWS/SQS/ApproximateNumberOfMessagesVisible",
                    "AWS/Lambda/IteratorAge", "AWS/Lambda/Errors", "AWS/Lambda/Throttles", "AWS/ApiGateway/5xx");
            int functions = stack(s).functions().all().size();
            assertThat(metrics.stream().filter(m -> m.equals("AWS/Lambda/Errors")).count()).isEqualTo(1);
            assertThat(Cfn.count(alarms, a -> "Errors".equals(Cfn.properties(a).get("MetricName")))).isEqualTo(functions);
            assertThat(Cfn.count(alarms, a -> "Throttles".equals(Cfn.properties(a).get("MetricName")))).isEqualTo(functions);
            String topicId = Cfn.logicalId(stack(s).monitoring().alarmTopic());
            for (Map<String, Object> alarm : alarms.values()) {
                assertThat(Cfn.properties(alarm).get("AlarmActions")).isEqualTo(List.of(Cfn.ref(topicId)));
            }
            assertThat(Cfn.properties(resource(s, topicId))).containsKey("KmsMasterKeyId");
            s.stateless.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        }
    }

    @Test
    @DisplayName("CompensationFailed is counted from the saga's log: ChoiceStateEntered events of the CompensationFailed state")
    void compensationFailedMetricFilter() {
        for (SynthesizedStage s : stages) {
            String logGroupId = Cfn.logicalId(stack(s).orderSaga().orElseThrow().logGroup());
            s.stateless.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of(
                    "LogGroupName", Cfn.ref(logGroupId),
                    "FilterPattern", "{ ($.type = \"ChoiceStateEntered\") && ($.details.name = \""
                            + OrderSaga.COMPENSATION_FAILED_STATE + "\") }",
                    "MetricTransformations", List.of(Map.of(
                            "MetricNamespace", "Sagastack", "MetricName", "CompensationFailed", "MetricValue", "1")))));
        }
    }

    @Test
    @DisplayName("no Allow statement in either stack has an action containing '*', except the key policies' account-root statement")
    void noWildcardActions() {
        for (SynthesizedStage s : stages) {
            for (Map<String, Object> template : List.of(s.statefulJson(), s.statelessJson())) {
                List<Map<String, Object>> statements = Cfn.policyStatements(template);
                assertThat(statements).isNotEmpty();
                for (Map<String, Object> statement : statements) {
                    if ("Deny".equals(statement.get("Effect")) || isKeyAdministrationByAccountRoot(statement)) {
                        continue; // a Deny (e.g. TLS-only queue and topic policies) takes permissions away
                    }
                    assertThat(Cfn.actions(statement)).as(statement.toString()).noneMatch(a -> a.contains("*"));
                }
            }
        }
    }

    /**
     * The default statement of every KMS key policy ("kms:*" for the account root) is what lets IAM
     * policies grant use of the key at all; without it the key could not be administered.
     * (AWS KMS developer guide, "Default key policy": allows access to the AWS account and enables IAM policies.)
     */
    private static boolean isKeyAdministrationByAccountRoot(Map<String, Object> statement) {
        return Cfn.actions(statement).equals(List.of("kms:*"))
                && String.valueOf(statement.get("Principal")).contains(":root");
    }

    private static List<Object> roleStatements(SynthesizedStage s, JavaFunction f) {
        String roleId = Cfn.logicalId(f.function().getRole());
        List<Object> statements = new java.util.ArrayList<>();
        for (Map<String, Object> policy : Cfn.resources(s.statelessJson(), "AWS::IAM::Policy").values()) {
            if (Cfn.list(Cfn.properties(policy).get("Roles")).contains(Cfn.ref(roleId))) {
                statements.addAll(Cfn.list(Cfn.map(Cfn.properties(policy).get("PolicyDocument")).get("Statement")));
            }
        }
        return statements;
    }

    private static Set<String> roleActions(SynthesizedStage s, JavaFunction f) {
        String roleId = Cfn.logicalId(f.function().getRole());
        Set<String> actions = new HashSet<>();
        for (Map<String, Object> policy : Cfn.resources(s.statelessJson(), "AWS::IAM::Policy").values()) {
            if (Cfn.list(Cfn.properties(policy).get("Roles")).contains(Cfn.ref(roleId))) {
                for (Object st : Cfn.list(Cfn.map(Cfn.properties(policy).get("PolicyDocument")).get("Statement"))) {
                    actions.addAll(Cfn.actions(Cfn.map(st)));
                }
            }
        }
        return actions;
    }
}
