package dev.sagastack.infra;

import dev.sagastack.api.HttpApiRoutes;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.infra.stateless.FunctionCatalog;
import dev.sagastack.infra.stateless.StatelessStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stage and switch combination synthesizes, passes cdk-nag's AwsSolutions checks with no
 * unsuppressed error, and contains exactly what its switches call for.
 */
class StageSynthesisTest {

    private static Map<String, SynthesizedStage> synthesized;

    @BeforeAll
    static void synthesizeEveryVariant() {
        synthesized = new LinkedHashMap<>();
        SynthesizedStage.VARIANTS.keySet().forEach(name -> synthesized.put(name, SynthesizedStage.variant(name)));
    }

    @Test
    @DisplayName("no variant has a synthesis error or an unsuppressed cdk-nag AwsSolutions finding")
    void noUnsuppressedErrors() {
        synthesized.forEach((key, s) -> assertThat(s.messages(SynthesisMessageLevel.ERROR)).as(key).isEmpty());
    }

    @Test
    @DisplayName("cdk-nag ran on both stacks of every variant (its report lists evaluated rules, suppressed ones with their reasons)")
    void cdkNagRanOnEveryStack() throws IOException {
        for (Map.Entry<String, SynthesizedStage> e : synthesized.entrySet()) {
            SynthesizedStage s = e.getValue();
            for (var stack : List.of(s.deployment.stateful(), s.deployment.stateless())) {
                Path report = s.outdir.resolve("AwsSolutions-" + stack.getStackName() + "-NagReport.csv");
                List<String> lines = Files.readAllLines(report);
                assertThat(lines).as(e.getKey() + " " + stack.getStackName()).hasSizeGreaterThan(1); // header + evaluated rules
                assertThat(lines).anyMatch(l -> l.contains("Suppressed"));
                assertThat(lines).noneMatch(l -> l.contains(",\"Non-Compliant\",") && l.contains(",\"Error\","));
            }
        }
    }

    @Test
    @DisplayName("switches decide the resources: DAX only with dax, Aurora/proxy/saga/migration only with aurora, a VPC only if either")
    void switchesDecideTheResources() {
        synthesized.forEach((key, s) -> {
            StageConfig stage = s.stage;
            s.stateful.resourceCountIs("AWS::DAX::Cluster", stage.daxEnabled() ? 1 : 0);
            s.stateful.resourceCountIs("AWS::RDS::DBCluster", stage.auroraEnabled() ? 1 : 0);
            s.stateful.resourceCountIs("AWS::RDS::DBProxy", stage.auroraEnabled() ? 1 : 0);
            s.stateful.resourceCountIs("AWS::EC2::VPC", stage.vpcEnabled() ? 1 : 0);
            s.stateless.resourceCountIs("AWS::StepFunctions::StateMachine", stage.orderSagaEnabled() ? 1 : 0);
            s.stateless.resourceCountIs("Custom::InventorySchemaMigration", stage.auroraEnabled() ? 1 : 0);
            s.stateful.resourceCountIs("AWS::DynamoDB::Table", 2);
            s.stateless.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        });
    }

    @Test
    @DisplayName("without Aurora the stage has no order saga: no step functions, no /orders or /inventory routes, and a synth warning says so")
    void withoutAuroraTheSagaIsVisiblyAbsent() {
        synthesized.forEach((key, s) -> {
            Set<String> handlers = Cfn.resources(s.statelessJson(), "AWS::Lambda::Function").values().stream()
                    .map(Cfn::properties).filter(p -> String.valueOf(p.get("Runtime")).startsWith("java"))
                    .map(p -> (String) p.get("Handler")).collect(Collectors.toSet());
            assertThat(handlers).as(key).isEqualTo(FunctionCatalog.catalogFor(s.stage).stream()
                    .map(FunctionSpec::handlerClass).collect(Collectors.toSet()));
            Set<String> routes = Cfn.resources(s.statelessJson(), "AWS::ApiGatewayV2::Route").values().stream()
                    .map(r -> (String) Cfn.properties(r).get("RouteKey")).collect(Collectors.toSet());
            assertThat(routes).as(key).isEqualTo(HttpApiRoutes.gatewayRoutes(s.stage.orderSagaEnabled()).stream()
                    .map(HttpApiRoutes.Route::routeKey).collect(Collectors.toSet()));
            boolean warned = s.messages(SynthesisMessageLevel.WARNING).stream()
                    .anyMatch(m -> m.contains(StatelessStack.NO_ORDER_SAGA_WARNING));
            assertThat(warned).as(key).isEqualTo(!s.stage.orderSagaEnabled());
            if (!s.stage.orderSagaEnabled()) {
                assertThat(routes).noneMatch(r -> r.contains("/orders") || r.contains("/inventory"));
            }
        });
    }

    @Test
    @DisplayName("without DAX no function gets a DAX endpoint; without either, the API function runs outside a VPC")
    void switchedOffPathsFallBack() {
        synthesized.forEach((key, s) -> {
            for (var function : Cfn.resources(s.statelessJson(), "AWS::Lambda::Function").values()) {
                Map<String, Object> props = Cfn.properties(function);
                String env = String.valueOf(props.get("Environment"));
                if (!s.stage.daxEnabled()) {
                    assertThat(env).as(key).doesNotContain(EnvironmentVariables.DAX_ENDPOINT);
                }
                if (!s.stage.auroraEnabled()) {
                    assertThat(env).as(key).doesNotContain(EnvironmentVariables.INVENTORY_DB_HOST)
                            .doesNotContain(EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN);
                }
                if (!s.stage.vpcEnabled()) {
                    assertThat(props).as(key).doesNotContainKey("VpcConfig");
                }
            }
        });
    }

    @Test
    @DisplayName("every route of every variant is authorized: IAM by default, JWT when an issuer is configured")
    void everyRouteIsAuthorized() {
        synthesized.forEach((key, s) -> {
            String expected = s.stage.jwt().isPresent() ? "JWT" : "AWS_IAM";
            for (var route : Cfn.resources(s.statelessJson(), "AWS::ApiGatewayV2::Route").values()) {
                assertThat(Cfn.properties(route).get("AuthorizationType")).as(key).isEqualTo(expected);
            }
            if (s.stage.jwt().isPresent()) {
                s.stateless.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
                        "AuthorizerType", "JWT",
                        "JwtConfiguration", Map.of("Issuer", SynthesizedStage.JWT.issuer(), "Audience", SynthesizedStage.JWT.audiences()),
                        "ApiId", software.amazon.awscdk.assertions.Match.anyValue(),
                        "IdentitySource", List.of("$request.header.Authorization"),
                        "Name", "JwtAuthorizer"));
            }
        });
    }

    @Test
    @DisplayName("prod keeps data (Retain, deletion protection, termination protection); dev may destroy it")
    void prodRetainsDevDestroys() {
        synthesized.forEach((key, s) -> {
            boolean prod = s.stage.retainData();
            assertThat(s.deployment.stateful().getTerminationProtection()).as(key).isEqualTo(prod);
            for (String type : List.of("AWS::DynamoDB::Table", "AWS::KMS::Key")) {
                Cfn.resources(s.statefulJson(), type).values().forEach(r ->
                        assertThat(r.get("DeletionPolicy")).as(key + " " + type).isEqualTo(prod ? "Retain" : "Delete"));
            }
            Cfn.resources(s.statefulJson(), "AWS::RDS::DBCluster").values().forEach(r -> {
                assertThat(r.get("DeletionPolicy")).as(key).isEqualTo(prod ? "Retain" : "Delete");
                assertThat(Cfn.properties(r).get("DeletionProtection")).as(key).isEqualTo(prod);
            });
        });
    }
}
