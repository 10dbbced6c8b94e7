package dev.sagastack.local.dynamodb.expression;

import static dev.sagastack.local.dynamodb.expression.Av.ctx;
import static dev.sagastack.local.dynamodb.expression.Av.map;
import static dev.sagastack.local.dynamodb.expression.Av.n;
import static dev.sagastack.local.dynamodb.expression.Av.names;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ExpressionAttributeNames and ExpressionAttributeValues of a request (DynamoDB Developer Guide,
 * "Expression attribute names (aliases)": a name must begin with #; "Expression attribute values":
 * a value must begin with :). DynamoDB rejects placeholders that no expression uses.
 */
class ExpressionContextTest {

    @Test
    void unusedNamesAreReportedBeforeUnusedValues() {
        ExpressionContext c = ctx(names("#a", "a", "#unused", "u"), map(":v", n(1), ":unused", n(2)));
        Expressions.parseCondition("#a = :v", "ConditionExpression", c);
        assertThatThrownBy(c::verifyAllUsed).isInstanceOf(ExpressionException.class)
                .hasMessage("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
    }

    @Test
    void unusedValuesAreListed() {
        ExpressionContext c = ctx(Map.of(), map(":a", n(1), ":b", n(1), ":c", n(1)));
        Expressions.parseUpdate("REMOVE x", c);
        Expressions.parseCondition("x = :b", "ConditionExpression", c);
        assertThatThrownBy(c::verifyAllUsed)
                .hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :c}");
    }

    @Test
    void placeholdersUsedByAnyExpressionOfTheRequestCount() {
        ExpressionContext c = ctx(names("#k", "PK", "#s", "status", "#p", "price"), map(":v", n(1), ":w", n(2)));
        Expressions.parseKeyCondition("#k = :v", c);
        Expressions.parseCondition("#s = :w", "FilterExpression", c);
        Expressions.parseProjection("#p, #s", c);
        assertThatCode(c::verifyAllUsed).doesNotThrowAnyException();
    }

    @Test
    void emptyMapsNeedNoUse() {
        assertThatCode(() -> Av.none().verifyAllUsed()).doesNotThrowAnyException();
        assertThatCode(() -> new ExpressionContext(null, null).verifyAllUsed()).doesNotThrowAnyException();
    }

    @Test
    void placeholderKeysMustHaveTheirPrefix() {
        assertThatThrownBy(() -> ctx(names("a", "a"), Map.of()))
                .hasMessage("ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
        assertThatThrownBy(() -> ctx(names("#", "a"), Map.of()))
                .hasMessage("ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"");
        assertThatThrownBy(() -> ctx(names("#a-b", "a"), Map.of()))
                .hasMessage("ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"");
        assertThatThrownBy(() -> ctx(Map.of(), map("v", n(1))))
                .hasMessage("ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
        assertThatThrownBy(() -> ctx(Map.of(), map("#v", n(1))))
                .hasMessage("ExpressionAttributeValues contains invalid key: Syntax error; key: \"#v\"");
    }

    @Test
    void mapsGivenInARequestMustNotBeEmpty() {
        assertThatThrownBy(() -> ExpressionContext.forRequest(Map.of(), null)).hasMessage("ExpressionAttributeNames must not be empty");
        assertThatThrownBy(() -> ExpressionContext.forRequest(null, Map.of())).hasMessage("ExpressionAttributeValues must not be empty");
        assertThatCode(() -> ExpressionContext.forRequest(null, null).verifyAllUsed()).doesNotThrowAnyException();
    }
}
