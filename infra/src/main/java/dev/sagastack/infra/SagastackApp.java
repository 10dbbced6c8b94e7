package dev.sagastack.infra;

import dev.sagastack.infra.stateful.StatefulStack;
import dev.sagastack.infra.stateless.DataResources;
import dev.sagastack.infra.stateless.StatelessStack;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point of the CDK app: reads the stage from context, wires the two stacks and applies the
 * app-wide aspects (cdk-nag AwsSolutions checks, tags). Stacks are environment-agnostic; the CLI's
 * credentials choose account and region at deploy time.
 */
public final class SagastackApp {

    /** The two stacks of one stage. */
    public record Deployment(StatefulStack stateful, StatelessStack stateless) {
    }

    private SagastackApp() {
    }

    public static void main(String[] args) {
        RepositoryLayout layout = RepositoryLayout.locate(Path.of(""));
        // The CLI hands cdk.json's context over itself (CDK_CONTEXT_JSON, which overrides these values); an
        // offline synth (README, the build's dev assembly) gets the same feature flags from here.
        App app = new App(AppProps.builder().context(cdkJsonContext(layout)).build());
        StageConfig stage = StageContext.read(key -> app.getNode().tryGetContext(key));
        build(app, stage, layout);
        app.synth();
    }

    private static Map<String, Object> cdkJsonContext(RepositoryLayout layout) {
        try {
            JsonNode context = new ObjectMapper().readTree(layout.cdkJson().toFile()).path("context");
            return new ObjectMapper().convertValue(context, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.cdkJson(), e);
        }
    }

    /** Adds the stage's stacks and the app-wide aspects to {@code app}; tests use the same wiring. */
    public static Deployment build(App app, StageConfig stage, RepositoryLayout layout) {
        Deployment deployment = addStage(app, stage, layout);
        Tags.of(app).add("project", "sagastack");
        Tags.of(app).add("stage", stage.name());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return deployment;
    }

    private static Deployment addStage(Construct scope, StageConfig stage, RepositoryLayout layout) {
        StatefulStack stateful = new StatefulStack(scope, stage.stackPrefix() + "-Stateful", new StatefulStack.Props(stage));
        DataResources data = new DataResources(stateful.singleTable(), stateful.eventStore(), stateful.network(),
                stateful.dax(), stateful.inventoryDatabase(), stateful.cursorSigningKey());
        StatelessStack stateless = new StatelessStack(scope, stage.stackPrefix() + "-Stateless",
                new StatelessStack.Props(stage, layout.lambdaJar(), layout.orderSagaDefinition(), data));
        stateless.addStackDependency(stateful);
        return new Deployment(stateful, stateless);
    }
}
