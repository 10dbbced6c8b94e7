package dev.sagastack.local.twin.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.Deployment.Resource;
import dev.sagastack.local.twin.cloudformation.ResourceStatus;
import dev.sagastack.local.twin.cloudformation.TemplateException;
import dev.sagastack.local.twin.lambda.FunctionArns;
import dev.sagastack.local.twin.streams.EventSourceMappingConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads what the twin runs from a deployed stage: functions, state machines, routes, stream mappings and the
 * custom resources to run, each from its template properties (defaults as the CloudFormation resource reference
 * gives them). Tables are read by {@link TableDefinitions}.
 */
public final class StageWiring {

    /** A Java function as its template declares it; {@code environment} is the template's, resolved, not yet bound locally. */
    public record FunctionSpec(Resource resource, String name, String handlerClass, String runtime, Duration timeout,
                               int memoryMb, OptionalInt reservedConcurrency, boolean snapStart,
                               Map<String, String> environment) {
    }

    public record StateMachineSpec(Resource resource, String name, String definition, Map<String, String> substitutions,
                                   String type) {
    }

    /**
     * A route of the HTTP API, its authorization type ({@code AWS_IAM}, {@code JWT}, {@code NONE}), the authorizer's
     * id for a {@code JWT} route and the function (alias) ARN its integration invokes.
     */
    public record RouteSpec(String routeKey, String authorizationType, Optional<String> authorizerId,
                            String functionArn) {
    }

    /** A stream mapping: the poller's config, and its template settings as written (for the stack page). */
    public record MappingSpec(Resource resource, EventSourceMappingConfig config, String startingPosition,
                              OptionalInt maximumRecordAgeSeconds, Optional<String> onFailureDestination) {
    }

    /** A custom resource run through CDK's provider framework: the function its provider calls with the event. */
    public record CustomResourceSpec(Resource resource, String serviceToken, String onEventFunctionArn) {
    }

    private StageWiring() {
    }

    public static List<FunctionSpec> functions(Deployment deployment) {
        List<FunctionSpec> functions = new ArrayList<>();
        for (Resource r : deployment.resources("AWS::Lambda::Function")) {
            ObjectNode p = r.properties();
            String runtime = p.path("Runtime").asText("");
            if (r.status() != ResourceStatus.EMULATED || !runtime.startsWith("java")) {
                continue;
            }
            String handler = p.path("Handler").asText("");
            if (handler.isEmpty()) {
                throw new TemplateException(r.stack() + "/" + r.logicalId() + ": a Java function needs a Handler");
            }
            Map<String, String> environment = new LinkedHashMap<>();
            p.path("Environment").path("Variables").fields().forEachRemaining(v -> environment.put(v.getKey(), v.getValue().asText()));
            OptionalInt reserved = p.has("ReservedConcurrentExecutions")
                    ? OptionalInt.of(p.get("ReservedConcurrentExecutions").asInt()) : OptionalInt.empty();
            // Lambda's Java handler string is "package.Class" or "package.Class::method" (CreateFunction, Handler)
            String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            functions.add(new FunctionSpec(r, r.physicalId(), handlerClass, runtime,
                    Duration.ofSeconds(p.path("Timeout").asInt(3)), p.path("MemorySize").asInt(128), reserved,
                    "PublishedVersions".equals(p.path("SnapStart").path("ApplyOn").asText()), environment));
        }
        return functions;
    }

    public static List<StateMachineSpec> stateMachines(Deployment deployment) {
        List<StateMachineSpec> machines = new ArrayList<>();
        for (Resource r : deployment.resources("AWS::StepFunctions::StateMachine")) {
            ObjectNode p = r.properties();
            String definition;
            if (p.has("DefinitionString")) {
                definition = p.get("DefinitionString").asText();
            } else if (p.has("Definition")) {
                definition = p.get("Definition").toString();
            } else if (p.has("DefinitionS3Location")) {
                String key = p.path("DefinitionS3Location").path("Key").asText();
                definition = new String(deployment.assembly().assetContent(deployment.artifact(r.stack()), key)
                        .orElseThrow(() -> new TemplateException(r.stack() + "/" + r.logicalId()
                                + ": DefinitionS3Location " + key + " is not an asset of the assembly")), StandardCharsets.UTF_8);
            } else {
                throw new TemplateException(r.stack() + "/" + r.logicalId() + ": no Definition, DefinitionString or DefinitionS3Location");
            }
            Map<String, String> substitutions = new LinkedHashMap<>();
            p.path("DefinitionSubstitutions").fields().forEachRemaining(s -> substitutions.put(s.getKey(), s.getValue().asText()));
            String name = r.physicalId().substring(r.physicalId().lastIndexOf(':') + 1);
            machines.add(new StateMachineSpec(r, name, definition, substitutions, p.path("StateMachineType").asText("STANDARD")));
        }
        return machines;
    }

    /** The routes of the stage's HTTP APIs (the twin serves one API: several are an error). */
    public static List<RouteSpec> routes(Deployment deployment) {
        List<Resource> apis = deployment.resources("AWS::ApiGatewayV2::Api");
        if (apis.size() > 1) {
            throw new TemplateException("the stage has " + apis.size() + " HTTP APIs; the twin serves one");
        }
        List<RouteSpec> routes = new ArrayList<>();
        for (Resource r : deployment.resources("AWS::ApiGatewayV2::Route")) {
            ObjectNode p = r.properties();
            String target = p.path("Target").asText("");
            if (!target.startsWith("integrations/")) {
                throw new TemplateException(r.stack() + "/" + r.logicalId() + ": Target must be integrations/<id>, was " + target);
            }
            String integrationId = target.substring("integrations/".length());
            Resource integration = deployment.byPhysicalId("AWS::ApiGatewayV2::Integration", integrationId)
                    .orElseThrow(() -> new TemplateException(r.stack() + "/" + r.logicalId() + ": no integration " + integrationId));
            String type = integration.properties().path("IntegrationType").asText();
            String version = integration.properties().path("PayloadFormatVersion").asText("2.0");
            if (!type.equals("AWS_PROXY") || !version.equals("2.0")) {
                throw new TemplateException(integration.stack() + "/" + integration.logicalId()
                        + ": the twin emulates AWS_PROXY Lambda integrations with payload format 2.0, not " + type + " " + version);
            }
            String uri = integration.properties().path("IntegrationUri").asText();
            String function = FunctionArns.functionName(uri).orElseThrow(() -> new TemplateException(
                    integration.stack() + "/" + integration.logicalId() + ": IntegrationUri " + uri + " is not a function"));
            Optional<String> authorizer = Optional.of(p.path("AuthorizerId").asText("")).filter(id -> !id.isEmpty());
            routes.add(new RouteSpec(p.path("RouteKey").asText(), p.path("AuthorizationType").asText("NONE"), authorizer,
                    uri));
        }
        return routes;
    }

    public static List<MappingSpec> mappings(Deployment deployment) {
        List<MappingSpec> mappings = new ArrayList<>();
        for (Resource r : deployment.resources("AWS::Lambda::EventSourceMapping")) {
            ObjectNode p = r.properties();
            String source = p.path("EventSourceArn").asText();
            int table = source.indexOf(":table/");
            int stream = source.indexOf("/stream/");
            if (!source.startsWith("arn:aws:dynamodb:") || table < 0 || stream < 0) {
                throw new TemplateException(r.stack() + "/" + r.logicalId()
                        + ": the twin runs DynamoDB stream mappings; EventSourceArn is " + source);
            }
            String tableName = source.substring(table + ":table/".length(), stream);
            String function = FunctionArns.functionName(p.path("FunctionName").asText()).orElseThrow(() ->
                    new TemplateException(r.stack() + "/" + r.logicalId() + ": FunctionName is not a function"));
            List<String> filters = new ArrayList<>();
            p.path("FilterCriteria").path("Filters").forEach(f -> filters.add(f.path("Pattern").asText()));
            boolean reportFailures = false;
            for (JsonNode type : p.path("FunctionResponseTypes")) {
                reportFailures |= type.asText().equals("ReportBatchItemFailures");
            }
            // CloudFormation defaults (AWS::Lambda::EventSourceMapping): BatchSize 100 for streams, window 0,
            // MaximumRetryAttempts -1 (until the record expires), bisect off
            EventSourceMappingConfig config = new EventSourceMappingConfig(tableName, function,
                    p.path("BatchSize").asInt(100), Duration.ofSeconds(p.path("MaximumBatchingWindowInSeconds").asInt(0)),
                    p.path("BisectBatchOnFunctionError").asBoolean(false), p.path("MaximumRetryAttempts").asInt(-1),
                    reportFailures, filters);
            OptionalInt maxAge = p.has("MaximumRecordAgeInSeconds")
                    ? OptionalInt.of(p.get("MaximumRecordAgeInSeconds").asInt()) : OptionalInt.empty();
            Optional<String> onFailure = Optional.of(p.path("DestinationConfig").path("OnFailure").path("Destination").asText(""))
                    .filter(d -> !d.isEmpty());
            try {
                config = config.with(EventSourceMappingConfig.StartingPosition.parse(p.path("StartingPosition").asText("LATEST")),
                        maxAge.stream().filter(age -> age >= 0).mapToObj(age -> Duration.ofSeconds(age)).findFirst(),
                        onFailure).qualified(FunctionArns.qualifier(p.path("FunctionName").asText()));
            } catch (IllegalArgumentException e) {
                throw new TemplateException(r.stack() + "/" + r.logicalId() + ": " + e.getMessage());
            }
            mappings.add(new MappingSpec(r, config, p.path("StartingPosition").asText("LATEST"), maxAge, onFailure));
        }
        return mappings;
    }

    public static List<CustomResourceSpec> customResources(Deployment deployment) {
        List<CustomResourceSpec> custom = new ArrayList<>();
        for (Resource r : deployment.resources()) {
            boolean isCustom = r.type().startsWith("Custom::") || r.type().equals("AWS::CloudFormation::CustomResource");
            if (!isCustom || r.status() != ResourceStatus.EMULATED) {
                continue;
            }
            String token = r.properties().path("ServiceToken").asText();
            String providerName = FunctionArns.functionName(token).orElseThrow(() ->
                    new TemplateException(r.stack() + "/" + r.logicalId() + ": ServiceToken " + token + " is not a function"));
            Resource provider = deployment.byPhysicalId("AWS::Lambda::Function", providerName).orElseThrow(() ->
                    new TemplateException(r.stack() + "/" + r.logicalId() + ": ServiceToken " + token + " is no function of the stage"));
            if (!Deployment.isProviderFramework(provider.properties())) {
                throw new TemplateException(r.stack() + "/" + r.logicalId()
                        + ": the twin runs custom resources through CDK's provider framework only");
            }
            custom.add(new CustomResourceSpec(r, token,
                    provider.properties().path("Environment").path("Variables").path("USER_ON_EVENT_FUNCTION_ARN").asText()));
        }
        return custom;
    }

    /** True when the stage has a PostgreSQL cluster (Aurora) the twin emulates with embedded PostgreSQL. */
    public static boolean hasPostgres(Deployment deployment) {
        return deployment.resources("AWS::RDS::DBCluster").stream()
                .anyMatch(r -> r.properties().path("Engine").asText().contains("postgres"));
    }
}
