package dev.sagastack.infra;

import dev.sagastack.functions.FunctionSpec;
import dev.sagastack.functions.Functions;
import dev.sagastack.infra.stateless.FunctionCatalog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

/**
 * Each capability creates its own functions (the construct path of a function names its owner), and
 * every function is built by the one JavaFunction construct (same runtime, architecture, SnapStart,
 * tracing, Powertools settings, alias).
 */
class FunctionStructureTest {

    /** The capability that owns a catalog function: the construct id under the stateless stack. */
    private static String owner(FunctionSpec spec) {
        if (Functions.sagaSteps().contains(spec)) {
            return "OrderSaga";
        }
        if (spec.equals(Functions.HTTP_API)) {
            return "Api";
        }
        if (spec.equals(Functions.ACCOUNT_SUMMARY_PROJECTION)) {
            return "Projections";
        }
        if (spec.equals(Functions.SCHEMA_MIGRATION)) {
            return "InventorySchemaMigration";
        }
        throw new AssertionError("no capability owns " + spec.name());
    }

    @Test
    @DisplayName("every catalog function sits under the capability construct that owns it")
    void capabilitiesOwnTheirFunctions() {
        for (SynthesizedStage s : List.of(SynthesizedStage.dev(),
                SynthesizedStage.variant("dev-no-aurora"))) {
            List<FunctionSpec> deployed = FunctionCatalog.catalogFor(s.stage);
            for (FunctionSpec spec : deployed) {
                String path = "Sagastack-" + s.stage.name() + "-Stateless/" + owner(spec) + "/" + spec.name() + "/Function/Resource";
                s.stateless.resourcePropertiesCountIs("AWS::Lambda::Function",
                        Match.objectLike(Map.of("Handler", spec.handlerClass())), 1);
                s.stateless.hasResource("AWS::Lambda::Function", Match.objectLike(Map.of(
                        "Metadata", Match.objectLike(Map.of("aws:cdk:path", path)),
                        "Properties", Match.objectLike(Map.of("Handler", spec.handlerClass())))));
                s.stateless.hasResource("AWS::Lambda::Alias", Match.objectLike(Map.of(
                        "Metadata", Match.objectLike(Map.of("aws:cdk:path",
                                "Sagastack-" + s.stage.name() + "-Stateless/" + owner(spec) + "/" + spec.name() + "/Alias/Resource")))));
            }
        }
    }

    @Test
    @DisplayName("every application function has the JavaFunction settings: Java 21, arm64, SnapStart, tracing, Powertools")
    void everyFunctionIsAJavaFunction() {
        for (SynthesizedStage s : List.of(SynthesizedStage.dev(), SynthesizedStage.prod())) {
            int catalog = FunctionCatalog.catalogFor(s.stage).size();
            s.stateless.resourcePropertiesCountIs("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Runtime", "java21",
                    "Architectures", List.of("arm64"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active"),
                    "LoggingConfig", Match.objectLike(Map.of("LogGroup", Match.anyValue())),
                    "Environment", Match.objectLike(Map.of("Variables", Match.objectLike(Map.of(
                            "POWERTOOLS_SERVICE_NAME", "sagastack",
                            "POWERTOOLS_METRICS_NAMESPACE", "Sagastack",
                            "POWERTOOLS_LOG_LEVEL", s.stage.sizing().logLevel())))))), catalog);
            s.stateless.resourcePropertiesCountIs("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")), catalog);
        }
    }
}
