package dev.sagastack.infra;

import dev.sagastack.infra.stateful.StatefulStack;
import dev.sagastack.infra.stateless.StatelessStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.List;
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

    /**
     * Run by the CDK CLI (context in {@code CDK_CONTEXT_JSON}) or offline, where {@code args} are
     * {@code key=value} context overrides and cdk.json's context is read here ({@link CdkContext}).
     */
    public static void main(String[] args) {
        synthesize(System.getenv(), List.of(args), AppProps.builder());
    }

    /** Creates the App with the context {@link CdkContext} decides, adds the stage and synthesizes it. */
    public static CloudAssembly synthesize(Map<String, String> env, List<String> overrides, AppProps.Builder props) {
        RepositoryLayout layout = RepositoryLayout.locate(Path.of(""));
        Map<String, Object> context = CdkContext.forApp(env, layout, overrides);
        if (!context.isEmpty()) {
            props.context(context);
        }
        App app = new App(props.build());
        StageConfig stage = StageContext.read(key -> app.getNode().tryGetContext(key));
        build(app, stage, layout);
        return app.synth();
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
        StatelessStack stateless = new StatelessStack(scope, stage.stackPrefix() + "-Stateless",
                new StatelessStack.Props(stage, layout.lambdaJar(), layout.orderSagaDefinition()));
        // No cross-stack references: the stateless stack reads the stateful stack's SSM parameters, so the
        // order of deployment is this explicit dependency.
        stateless.addStackDependency(stateful);
        return new Deployment(stateful, stateless);
    }
}
