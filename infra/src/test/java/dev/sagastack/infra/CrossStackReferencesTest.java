package dev.sagastack.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.infra.stateful.DaxCache;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stateless stack takes the stateful stack's identifiers from SSM parameters resolved at deploy
 * time, never from exports: an export in use blocks replacing what it names ("export in use").
 */
class CrossStackReferencesTest {

    private static final String SSM_STRING = "AWS::SSM::Parameter::Value<String>";

    private static List<SynthesizedStage> variants() {
        return List.of(SynthesizedStage.dev(), SynthesizedStage.prod(),
                SynthesizedStage.variant("dev-no-dax"),
                SynthesizedStage.variant("dev-no-aurora"));
    }

    @Test
    @DisplayName("no Fn::ImportValue in the stateless template and no export in the stateful one")
    void noStrongCrossStackReferences() {
        for (SynthesizedStage s : variants()) {
            assertThat(json(s.stateless.toJSON())).as(s.stage.name()).doesNotContain("Fn::ImportValue");
            assertThat(s.stateful.findOutputs("*", Match.objectLike(Map.of("Export", Match.anyValue()))))
                    .as(s.stage.name()).isEmpty();
        }
    }

    @Test
    @DisplayName("the stateless stack reads exactly the SSM parameters the stateful stack writes for the stage")
    void parametersReadAreParametersWritten() {
        for (SynthesizedStage s : variants()) {
            Set<String> read = s.stateless.findParameters("*", Match.objectLike(Map.of("Type", SSM_STRING)))
                    .values().stream().map(p -> (String) p.get("Default"))
                    .filter(name -> !name.startsWith("/cdk-bootstrap/")).collect(Collectors.toSet());
            Set<String> written = s.stateful.findResources("AWS::SSM::Parameter").values().stream()
                    .map(r -> (String) ((Map<?, ?>) r.get("Properties")).get("Name")).collect(Collectors.toSet());
            Set<String> expected = StatefulParameter.of(s.stage).stream()
                    .map(p -> p.parameterName(s.stage)).collect(Collectors.toSet());
            assertThat(written).as(s.stage.name()).isEqualTo(expected);
            assertThat(read).as(s.stage.name()).isEqualTo(expected)
                    .allMatch(name -> name.startsWith("/sagastack/" + s.stage.name() + "/"));
            s.stateful.resourcePropertiesCountIs("AWS::SSM::Parameter",
                    Match.objectLike(Map.of("Type", "String", "Tier", "Standard")), expected.size());
        }
    }

    @Test
    @DisplayName("DAX reads are granted on the cluster ARN the parameter holds, by action name")
    void daxGrantIsScopedToTheParameterValue() {
        SynthesizedStage dev = SynthesizedStage.dev();
        String daxArn = parameterLogicalId(dev, StatefulParameter.DAX_CLUSTER_ARN);
        dev.stateless.hasResourceProperties("AWS::IAM::Policy", statement(Map.of(
                "Action", DaxCache.READ_ACTIONS.stream().sorted().toList(), // minimizePolicies sorts actions
                "Effect", "Allow", "Resource", Map.of("Ref", daxArn))));
        String proxyArn = parameterLogicalId(dev, StatefulParameter.PROXY_ARN);
        // rds-db:connect on dbuser:<proxy resource id>/sagastack, the id split out of the proxy ARN parameter
        dev.stateless.hasResourceProperties("AWS::IAM::Policy", statement(Map.of(
                "Action", "rds-db:connect", "Effect", "Allow",
                "Resource", Match.objectLike(Map.of("Fn::Join", Match.anyValue())))));
        assertThat(json(dev.stateless.toJSON())).contains("{\"Ref\":\"" + proxyArn + "\"}");
    }

    @Test
    @DisplayName("the stages' parameter names never overlap, so two stages share an account")
    void stagesHaveDisjointParameterNames() {
        StageConfig dev = StageConfig.dev();
        StageConfig prod = StageConfig.prod();
        Set<String> devNames = StatefulParameter.of(dev).stream().map(p -> p.parameterName(dev)).collect(Collectors.toSet());
        Set<String> prodNames = StatefulParameter.of(prod).stream().map(p -> p.parameterName(prod)).collect(Collectors.toSet());
        assertThat(devNames).doesNotContainAnyElementsOf(prodNames).hasSize(StatefulParameter.values().length);
    }

    private static Object statement(Map<String, Object> statement) {
        return Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(statement)))))));
    }

    private static String parameterLogicalId(SynthesizedStage s, StatefulParameter parameter) {
        Map<String, Map<String, Object>> found = s.stateless.findParameters("*", Match.objectLike(Map.of(
                "Type", SSM_STRING, "Default", parameter.parameterName(s.stage))));
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
