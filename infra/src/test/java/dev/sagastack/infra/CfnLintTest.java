package dev.sagastack.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * cfn-lint over the templates of every stage variant: no error except the documented cases where
 * cfn-lint's resource schemas lag CloudFormation's (README "Linting the templates"). Skipped, with the
 * reason, when cfn-lint is not installed ({@code pip install cfn-lint}).
 */
class CfnLintTest {

    /**
     * Documented lint-schema lag: rule id, resource type, and what the finding says. CloudFormation accepts
     * Tags on AWS::CloudWatch::Dashboard (CDK generates the property from CloudFormation's registry
     * schema), cfn-lint 1.51's bundled schema does not list it yet.
     */
    record SchemaLag(String ruleId, String resourceType, String messagePart) {
    }

    static final List<SchemaLag> SCHEMA_LAG = List.of(
            new SchemaLag("E3002", "AWS::CloudWatch::Dashboard", "'Tags' was unexpected"));

    /** Of {@link SynthesizedStage#VARIANTS}: each switch off once, and both. */
    private static final List<String> LINTED = List.of("dev", "prod", "dev-no-dax", "dev-no-aurora",
            "prod-no-dax-no-aurora");

    @BeforeAll
    static void requireCfnLint() {
        assumeTrue(cfnLintVersion() != null,
                "cfn-lint is not on PATH (install it with `pip install cfn-lint`); template lint skipped");
    }

    @Test
    @DisplayName("cfn-lint reports no error for dev, prod, dax=false, aurora=false and both off, except documented schema lag")
    void everyVariantLintsClean() throws Exception {
        List<String> errors = new ArrayList<>();
        for (String variant : LINTED) {
            SynthesizedStage s = SynthesizedStage.variant(variant);
            List<Path> templates;
            try (var files = Files.list(s.outdir)) {
                templates = files.filter(p -> p.getFileName().toString().endsWith(".template.json")).sorted().toList();
            }
            assertThat(templates).hasSize(2);
            for (JsonNode match : lint(templates)) {
                if (!"Error".equals(match.path("Level").asText())) {
                    continue;
                }
                String ruleId = match.path("Rule").path("Id").asText();
                String message = match.path("Message").asText();
                String logicalId = match.path("Location").path("Path").path(1).asText();
                String type = resourceType(s, logicalId);
                boolean documented = SCHEMA_LAG.stream().anyMatch(lag -> lag.ruleId().equals(ruleId)
                        && lag.resourceType().equals(type) && message.contains(lag.messagePart()));
                if (!documented) {
                    errors.add(variant + " " + match.path("Filename").asText() + " " + ruleId + " "
                            + logicalId + " (" + type + "): " + message);
                }
            }
        }
        assertThat(errors).as("cfn-lint " + cfnLintVersion()).isEmpty();
    }

    private static String resourceType(SynthesizedStage s, String logicalId) {
        for (var template : List.of(s.stateful, s.stateless)) {
            Object resource = template.toJSON().get("Resources") instanceof Map<?, ?> resources ? resources.get(logicalId) : null;
            if (resource instanceof Map<?, ?> r) {
                return String.valueOf(r.get("Type"));
            }
        }
        return "?";
    }

    private static JsonNode lint(List<Path> templates) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--format", "json"));
        templates.forEach(t -> command.add(t.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        // exit codes are a bit mask of the levels found (2 = error, 4 = warning, 8 = informational); 1 = lint failure
        assertThat(process.exitValue() & 1).as("cfn-lint failed: " + err).isZero();
        return new ObjectMapper().readTree(out);
    }

    private static String cfnLintVersion() {
        try {
            Process process = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
