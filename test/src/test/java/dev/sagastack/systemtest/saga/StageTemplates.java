package dev.sagastack.systemtest.saga;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.infra.RepositoryLayout;
import dev.sagastack.infra.SagastackApp;
import dev.sagastack.infra.StageConfig;
import dev.sagastack.infra.StageContext;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage synthesized in-process the way the CDK CLI does it (the App wiring of {@link SagastackApp},
 * cdk.json's feature flags), read back as the functions its stateless template deploys.
 */
public final class StageTemplates {

    /** One Java function of a template: its handler class and its environment variables as written there. */
    record DeployedFunction(String logicalId, String handlerClass, Map<String, Object> environment) {
    }

    private StageTemplates() {
    }

    /** Synthesizes the stage's cloud assembly into a new directory, as {@code cdk synth} would, and returns it. */
    public static Path assembly(StageConfig stage) {
        Path outdir = tempDir();
        synthesize(stage, outdir);
        return outdir;
    }

    private static SagastackApp.Deployment synthesize(StageConfig stage, Path outdir) {
        RepositoryLayout layout = RepositoryLayout.locate(Path.of(""));
        App app = new App(AppProps.builder().context(cdkJsonContext(layout)).outdir(outdir.toString()).build());
        SagastackApp.Deployment deployment = SagastackApp.build(app, stage, layout);
        app.synth();
        return deployment;
    }

    static List<DeployedFunction> functions(StageConfig stage) {
        SagastackApp.Deployment deployment = synthesize(stage, tempDir());
        @SuppressWarnings("unchecked")
        Map<String, Object> template = (Map<String, Object>) (Map<?, ?>) Template.fromStack(deployment.stateless()).toJSON();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");
        Map<String, DeployedFunction> functions = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            if (!"AWS::Lambda::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            if (!String.valueOf(properties.get("Runtime")).startsWith("java")) {
                return; // the CDK's own providers (Node.js), not the application
            }
            Map<String, Object> variables = map(map(properties.get("Environment")).get("Variables"));
            functions.put(id, new DeployedFunction(id, (String) properties.get("Handler"), variables));
        });
        return List.copyOf(functions.values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static Map<String, Object> cdkJsonContext(RepositoryLayout layout) {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(layout.cdkJson().toFile(),
                    new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = new HashMap<>((Map<String, Object>) cdkJson.get("context"));
            context.remove(StageContext.STAGE); // the stage under test comes from StageConfig
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("sagastack-stage-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp dir: best effort
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
