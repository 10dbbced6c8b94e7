package dev.sagastack.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reserved concurrency each stage needs, summed from its template: docs/operations.md
 * ("Account concurrency") quotes these numbers, plus the 100 Lambda keeps unreserved.
 */
class ConcurrencyQuotaTest {

    static int reserved(SynthesizedStage s) {
        return s.stateless.findResources("AWS::Lambda::Function", Match.objectLike(Map.of("Properties",
                        Match.objectLike(Map.of("ReservedConcurrentExecutions", Match.anyValue())))))
                .values().stream()
                .mapToInt(r -> ((Number) ((Map<?, ?>) r.get("Properties")).get("ReservedConcurrentExecutions")).intValue())
                .sum();
    }

    @Test
    @DisplayName("dev reserves 21 and prod 301 concurrent executions; without Aurora nothing is reserved")
    void reservedConcurrencyPerStage() {
        assertThat(reserved(SynthesizedStage.dev())).isEqualTo(21);
        assertThat(reserved(SynthesizedStage.prod())).isEqualTo(301);
        assertThat(reserved(SynthesizedStage.of("dev-no-aurora", StageConfig.dev().withAurora(false)))).isZero();
        SynthesizedStage.dev().stateless.resourcePropertiesCountIs("AWS::Lambda::Function",
                Match.objectLike(Map.of("ReservedConcurrentExecutions", 1)), 1);
    }
}
