package dev.sagastack.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.Map;

/**
 * The reserved concurrency each stage needs, read from its template: docs/operations.md
 * ("Account concurrency") quotes these numbers (dev 5 + 5 + 10 + 1 = 21, prod 50 + 50 + 200 + 1 = 301),
 * plus the 100 Lambda keeps unreserved.
 */
class ConcurrencyQuotaTest {

    private static void reserves(Template template, int executions, int functions) {
        template.resourcePropertiesCountIs("AWS::Lambda::Function",
                Match.objectLike(Map.of("ReservedConcurrentExecutions", executions)), functions);
    }

    private static void reservingFunctions(Template template, int functions) {
        template.resourcePropertiesCountIs("AWS::Lambda::Function",
                Match.objectLike(Map.of("ReservedConcurrentExecutions", Match.anyValue())), functions);
    }

    @Test
    @DisplayName("dev reserves 21 and prod 301 concurrent executions; without Aurora nothing is reserved")
    void reservedConcurrencyPerStage() {
        Template dev = SynthesizedStage.dev().stateless;
        reservingFunctions(dev, 4);
        reserves(dev, 5, 2);   // ReserveInventory, ReleaseInventory
        reserves(dev, 10, 1);  // HttpApi
        reserves(dev, 1, 1);   // SchemaMigration

        Template prod = SynthesizedStage.prod().stateless;
        reservingFunctions(prod, 4);
        reserves(prod, 50, 2);
        reserves(prod, 200, 1);
        reserves(prod, 1, 1);

        reservingFunctions(SynthesizedStage.variant("dev-no-aurora").stateless, 0);
    }
}
