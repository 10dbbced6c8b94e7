package dev.sagastack.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The context an App synthesizes with. The CDK CLI passes cdk.json's context (feature flags included),
 * {@code -c} values and a few keys of its own in the environment variable {@value #CLI_CONTEXT_ENV}, which
 * the App reads itself. Run without the CLI (offline synth with Maven), nothing would pass them: the App
 * would synthesize with CDK's defaults instead of the feature flags cdk.json pins, i.e. templates that
 * differ from what {@code cdk deploy} deploys. This class supplies the same context in that case.
 */
public final class CdkContext {

    public static final String CLI_CONTEXT_ENV = "CDK_CONTEXT_JSON";

    /** Keys the CLI adds to every synthesis by default (path and asset metadata, the CDKMetadata resource). */
    public static final Map<String, Object> CLI_DEFAULTS = Map.of(
            "aws:cdk:enable-path-metadata", true,
            "aws:cdk:enable-asset-metadata", true,
            "aws:cdk:version-reporting", true,
            "aws:cdk:bundling-stacks", List.of("**"));

    private CdkContext() {
    }

    /**
     * The context to give the App: nothing when the CLI passes its own; otherwise the CLI's defaults,
     * cdk.json's context and the {@code key=value} overrides (the offline form of {@code -c key=value}).
     */
    public static Map<String, Object> forApp(Map<String, String> env, RepositoryLayout layout, List<String> overrides) {
        if (env.containsKey(CLI_CONTEXT_ENV)) {
            if (!overrides.isEmpty()) {
                throw new IllegalArgumentException("context overrides " + overrides + " are for offline synthesis; "
                        + "with the CDK CLI use -c key=value");
            }
            return Map.of();
        }
        Map<String, Object> context = new LinkedHashMap<>(CLI_DEFAULTS);
        context.putAll(cdkJson(layout));
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("context override must be key=value, got: " + override);
            }
            context.put(override.substring(0, eq), override.substring(eq + 1));
        }
        return context;
    }

    /** The {@code context} object of cdk.json. */
    public static Map<String, Object> cdkJson(RepositoryLayout layout) {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(layout.cdkJson().toFile(),
                    new TypeReference<Map<String, Object>>() { });
            Object context = cdkJson.get("context");
            if (!(context instanceof Map<?, ?> map)) {
                throw new IllegalStateException(layout.cdkJson() + " has no context object");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, v));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.cdkJson(), e);
        }
    }
}
