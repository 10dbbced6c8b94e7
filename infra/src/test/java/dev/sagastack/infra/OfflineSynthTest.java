package dev.sagastack.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The offline synth of the README ({@code ./mvnw ... exec:java}, no CDK CLI) produces the templates
 * {@code cdk deploy} deploys: the CLI hands the App cdk.json's context in {@code CDK_CONTEXT_JSON}; offline,
 * the App reads cdk.json itself.
 */
class OfflineSynthTest {

    private static final RepositoryLayout LAYOUT = RepositoryLayout.locate(Path.of(""));
    private static final List<String> SMALL_STAGE = List.of("dax=false", "aurora=false");

    @Test
    @DisplayName("offline, the App gets cdk.json's context with every feature flag, plus the CLI's own defaults")
    void offlineContextIsWhatTheCliPasses() throws Exception {
        Map<String, Object> cdkJsonContext = new ObjectMapper().readValue(
                Files.readString(LAYOUT.cdkJson()), new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> fromFile = (Map<String, Object>) cdkJsonContext.get("context");

        Map<String, Object> offline = CdkContext.forApp(Map.of(), LAYOUT, List.of());

        assertThat(fromFile.keySet().stream().filter(k -> k.startsWith("@aws-cdk/"))).hasSizeGreaterThan(5);
        assertThat(offline).containsAllEntriesOf(fromFile).containsAllEntriesOf(CdkContext.CLI_DEFAULTS);
        assertThat(CdkContext.forApp(Map.of(), LAYOUT, List.of("stage=prod"))).containsEntry("stage", "prod");
        // with the CLI, the App reads CDK_CONTEXT_JSON itself and nothing is added
        assertThat(CdkContext.forApp(Map.of(CdkContext.CLI_CONTEXT_ENV, "{}"), LAYOUT, List.of())).isEmpty();
        assertThatThrownBy(() -> CdkContext.forApp(Map.of(), LAYOUT, List.of("dax")))
                .hasMessageContaining("key=value");
    }

    @Test
    @DisplayName("the offline synth's templates equal the CLI's (context as CDK_CONTEXT_JSON), and the flags matter")
    void offlineSynthEqualsCliSynth(@TempDir Path offlineOut, @TempDir Path cliOut, @TempDir Path bareOut) throws Exception {
        CloudAssembly offline = SagastackApp.synthesize(Map.of(), SMALL_STAGE,
                AppProps.builder().outdir(offlineOut.toString()));

        // what the CLI passes for `cdk synth -c dax=false -c aurora=false`: its defaults, cdk.json's context, -c values
        Map<String, Object> cliContext = new LinkedHashMap<>(CdkContext.CLI_DEFAULTS);
        cliContext.putAll(CdkContext.cdkJson(LAYOUT));
        cliContext.put("dax", "false");
        cliContext.put("aurora", "false");
        String cdkContextJson = new ObjectMapper().writeValueAsString(cliContext);
        CloudAssembly cli = SagastackApp.synthesize(Map.of(CdkContext.CLI_CONTEXT_ENV, cdkContextJson), List.of(),
                AppProps.builder().outdir(cliOut.toString())
                        .context(new ObjectMapper().readValue(cdkContextJson, new TypeReference<Map<String, Object>>() { })));

        for (String stack : List.of("Sagastack-dev-Stateful", "Sagastack-dev-Stateless")) {
            assertThat(template(offline, stack)).as(stack).isEqualTo(template(cli, stack));
        }

        // control: the same stage without cdk.json's feature flags synthesizes something else
        Map<String, Object> withoutFlags = new LinkedHashMap<>(cliContext);
        withoutFlags.keySet().removeIf(k -> k.startsWith("@aws-cdk/"));
        CloudAssembly bare = SagastackApp.synthesize(Map.of(CdkContext.CLI_CONTEXT_ENV, "{}"), List.of(),
                AppProps.builder().outdir(bareOut.toString()).context(withoutFlags));
        assertThat(template(bare, "Sagastack-dev-Stateless")).isNotEqualTo(template(offline, "Sagastack-dev-Stateless"));
    }

    private static String template(CloudAssembly assembly, String stack) throws Exception {
        return Files.readString(Path.of(assembly.getStackByName(stack).getTemplateFullPath()));
    }
}
