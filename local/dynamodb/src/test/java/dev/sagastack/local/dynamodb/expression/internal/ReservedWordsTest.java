package dev.sagastack.local.dynamodb.expression.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reserved word list of the DynamoDB Developer Guide, "Reserved words in DynamoDB". */
class ReservedWordsTest {

    @Test
    void theListHasAllFiveHundredSeventyThreeWords() {
        assertThat(ReservedWords.all()).hasSize(573).contains("ABORT", "FLATTERN", "INNTER", "LOGED", "ZONE");
    }

    @Test
    void matchingIgnoresCase() {
        assertThat(ReservedWords.isReserved("status")).isTrue();
        assertThat(ReservedWords.isReserved("Ttl")).isTrue();
        assertThat(ReservedWords.isReserved("statuses")).isFalse();
        assertThat(ReservedWords.isReserved("PK")).isFalse();
    }
}
