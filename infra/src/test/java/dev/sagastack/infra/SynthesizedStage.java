package dev.sagastack.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stage synthesized the way the CLI does it: same App wiring ({@link SagastackApp#build}), the
 * feature flags of cdk.json, cdk-nag applied. Synthesis is slow (jsii), so each stage variant is
 * synthesized once per test JVM and shared by every test class that asks for it.
 */
public final class SynthesizedStage {

    /** The JWT authorizer of the variant that has one. */
    public static final StageConfig.JwtAuthorization JWT =
            new StageConfig.JwtAuthorization("https://issuer.example.com", List.of("sagastack-api"));
    /**
     * Every stage and switch combination the tests synthesize, by the name each is synthesized and cached under
     * (one catalog, so a name always means the same switches).
     */
    public static final Map<String, StageConfig> VARIANTS = variants();

    private static final Map<String, SynthesizedStage> CACHE = new ConcurrentHashMap<>();

    public final StageConfig stage;
    public final SagastackApp.Deployment deployment;
    public final Template stateful;
    public final Template stateless;
    /** Errors and warnings synthesis attached to either stack (cdk-nag findings are errors). */
    public final List<SynthesisMessage> messages;
    public final RepositoryLayout layout;
    /** The cloud assembly directory (templates, assets, cdk-nag reports). */
    public final Path outdir;

    private SynthesizedStage(StageConfig stage) {
        this.stage = stage;
        this.layout = RepositoryLayout.locate(Path.of(""));
        this.outdir = tempDir();
        App app = new App(AppProps.builder().context(cdkJsonContext(layout)).outdir(outdir.toString()).build());
        this.deployment = SagastackApp.build(app, stage, layout);
        // One synthesis: templates and messages come from the same cloud assembly the CLI would get.
        CloudAssembly assembly = app.synth();
        this.stateful = Template.fromStack(deployment.stateful()); // reads the assembly synthesized above
        this.stateless = Template.fromStack(deployment.stateless());
        this.messages = new ArrayList<>();
        for (Stack stack : List.of(deployment.stateful(), deployment.stateless())) {
            messages.addAll(assembly.getStackByName(stack.getStackName()).getMessages());
        }
    }

    /** One of {@link #VARIANTS}, synthesized at most once per JVM. */
    public static SynthesizedStage variant(String name) {
        StageConfig stage = VARIANTS.get(name);
        if (stage == null) {
            throw new IllegalArgumentException("no stage variant " + name + "; known: " + VARIANTS.keySet());
        }
        return CACHE.computeIfAbsent(name, k -> new SynthesizedStage(stage));
    }

    public static SynthesizedStage dev() {
        return variant("dev");
    }

    public static SynthesizedStage prod() {
        return variant("prod");
    }

    private static Map<String, StageConfig> variants() {
        Map<String, StageConfig> variants = new LinkedHashMap<>();
        variants.put("dev", StageConfig.dev());
        variants.put("prod", StageConfig.prod());
        variants.put("dev-no-dax", StageConfig.dev().withDax(false));
        variants.put("dev-no-aurora", StageConfig.dev().withAurora(false));
        variants.put("dev-no-dax-no-aurora-jwt", StageConfig.dev().withDax(false).withAurora(false).withJwt(JWT));
        variants.put("prod-no-dax", StageConfig.prod().withDax(false));
        variants.put("prod-no-aurora", StageConfig.prod().withAurora(false));
        variants.put("prod-no-dax-no-aurora", StageConfig.prod().withDax(false).withAurora(false));
        return Collections.unmodifiableMap(variants);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> statefulJson() {
        return (Map<String, Object>) (Map<?, ?>) stateful.toJSON();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> statelessJson() {
        return (Map<String, Object>) (Map<?, ?>) stateless.toJSON();
    }

    /** Messages of a level, as "construct path: text". */
    public List<String> messages(SynthesisMessageLevel level) {
        return messages.stream().filter(m -> m.getLevel() == level)
                .map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
    }

    /** What the CLI passes (and the offline synth reproduces): its defaults and cdk.json's context, feature flags included. */
    private static Map<String, Object> cdkJsonContext(RepositoryLayout layout) {
        Map<String, Object> context = new HashMap<>(CdkContext.forApp(Map.of(), layout, List.of()));
        context.remove(StageContext.STAGE); // the stage under test comes from StageConfig
        return context;
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp dir
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("sagastack-cdk-out");
            java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
