package dev.sagastack.local.dynamodb.api;

import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.expression.Condition;
import dev.sagastack.local.dynamodb.expression.ExpressionContext;
import dev.sagastack.local.dynamodb.expression.ExpressionException;
import dev.sagastack.local.dynamodb.expression.Expressions;
import dev.sagastack.local.dynamodb.expression.KeyCondition;
import dev.sagastack.local.dynamodb.expression.Projection;
import dev.sagastack.local.dynamodb.expression.Update;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The expressions of one request and their ExpressionAttributeNames/Values: checks the request
 * level rules (names and values only with expressions, not empty, well-formed keys), parses each
 * expression with the shared context and reports unused names or values.
 */
final class ExpressionInput {

    private final ExpressionContext ctx;
    private final boolean hasNamesOrValues;
    private final Request source;

    private ExpressionInput(ExpressionContext ctx, boolean hasNamesOrValues, Request source) {
        this.ctx = ctx;
        this.hasNamesOrValues = hasNamesOrValues;
        this.source = source;
    }

    /**
     * The text of an expression parameter: the request's own, or the one translated from its
     * legacy parameters.
     */
    String text(String parameter) {
        return source.string(parameter);
    }

    /**
     * @param expressionParams the expression parameters this operation accepts, e.g.
     *     "ConditionExpression", "ProjectionExpression"
     * @param legacyParams the pre-expression parameters of this operation, e.g. "Expected"
     */
    static ExpressionInput of(Request req, List<String> expressionParams, List<String> legacyParams) {
        Map<String, String> names = req.stringMap("ExpressionAttributeNames");
        Map<String, AttributeValue> values;
        try {
            values = req.valueMap("ExpressionAttributeValues");
        } catch (DynamoDbError e) {
            if (e.type().endsWith("#ValidationException")) {
                throw DynamoDbError.validation("ExpressionAttributeValues contains invalid value: " + e.getMessage());
            }
            throw e;
        }
        List<String> used = present(req, expressionParams);
        List<String> legacy = present(req, legacyParams);
        if (!used.isEmpty() && !legacy.isEmpty()) {
            throw DynamoDbError.validation("Can not use both expression and non-expression parameters in the same "
                    + "request: Non-expression parameters: {" + String.join(", ", legacy) + "} Expression parameters: {"
                    + String.join(", ", used) + "}");
        }
        if (names != null && used.isEmpty()) {
            throw DynamoDbError.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (values != null && !anyValueExpression(req, expressionParams)) {
            List<String> valueExpressions = new ArrayList<>(expressionParams);
            valueExpressions.remove("ProjectionExpression");
            throw DynamoDbError.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + String.join(" and ", valueExpressions) + (valueExpressions.size() > 1 ? " are" : " is") + " null");
        }
        if (names != null) {
            if (names.isEmpty()) {
                throw DynamoDbError.validation("ExpressionAttributeNames must not be empty");
            }
            for (String k : names.keySet()) {
                if (!isKey(k, '#')) {
                    throw DynamoDbError.validation(
                            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + k + "\"");
                }
            }
        }
        if (values != null) {
            if (values.isEmpty()) {
                throw DynamoDbError.validation("ExpressionAttributeValues must not be empty");
            }
            for (String k : values.keySet()) {
                if (!isKey(k, ':')) {
                    throw DynamoDbError.validation(
                            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + k + "\"");
                }
            }
        }
        if (!legacy.isEmpty()) {
            // The request has no names or values of its own here (checked above), only generated ones.
            Request translated = LegacyParameters.translate(req, legacy);
            Map<String, String> generatedNames = translated.stringMap("ExpressionAttributeNames");
            Map<String, AttributeValue> generatedValues = translated.valueMap("ExpressionAttributeValues");
            return new ExpressionInput(new ExpressionContext(generatedNames, generatedValues),
                    generatedNames != null || generatedValues != null, translated);
        }
        return new ExpressionInput(new ExpressionContext(names, values), names != null || values != null, req);
    }

    /** The parameters of {@code params} that the request carries, in order (plain loops: this runs on every request). */
    private static List<String> present(Request req, List<String> params) {
        List<String> out = List.of();
        for (String p : params) {
            if (req.has(p)) {
                if (out.isEmpty()) {
                    out = new ArrayList<>(params.size());
                }
                out.add(p);
            }
        }
        return out;
    }

    private static boolean anyValueExpression(Request req, List<String> params) {
        for (String p : params) {
            if (!p.equals("ProjectionExpression") && req.has(p)) {
                return true;
            }
        }
        return false;
    }

    /** {@code prefix} followed by one or more of [0-9a-zA-Z_]: an ExpressionAttributeNames/Values key. */
    private static boolean isKey(String k, char prefix) {
        if (k.length() < 2 || k.charAt(0) != prefix) {
            return false;
        }
        for (int i = 1; i < k.length(); i++) {
            char c = k.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    Condition condition(String text, String parameterName) {
        return text == null ? null : guard(() -> Expressions.parseCondition(text, parameterName, ctx));
    }

    Update update(String text) {
        return text == null ? null : guard(() -> Expressions.parseUpdate(text, ctx));
    }

    Projection projection(String text) {
        return text == null ? null : guard(() -> Expressions.parseProjection(text, ctx));
    }

    KeyCondition keyCondition(String text) {
        return text == null ? null : guard(() -> Expressions.parseKeyCondition(text, ctx));
    }

    void verifyAllUsed() {
        if (!hasNamesOrValues) {
            return;
        }
        guard(() -> {
            ctx.verifyAllUsed();
            return null;
        });
    }

    /** Runs expression code, turning its errors into ValidationExceptions. */
    static <T> T guard(Supplier<T> action) {
        try {
            return action.get();
        } catch (ExpressionException e) {
            throw DynamoDbError.validation(e.getMessage());
        }
    }
}
