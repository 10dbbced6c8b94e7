package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.expression.internal.ConditionTemplate;
import dev.sagastack.local.dynamodb.expression.internal.ExpressionCache;
import dev.sagastack.local.dynamodb.expression.internal.KeyConditionBuilder;
import dev.sagastack.local.dynamodb.expression.internal.ParseFailure;
import dev.sagastack.local.dynamodb.expression.internal.ProjectionTemplate;
import dev.sagastack.local.dynamodb.expression.internal.UpdateTemplate;
import java.nio.charset.StandardCharsets;

/**
 * Entry point: parses DynamoDB expressions into trees that are evaluated directly.
 *
 * <p>Parsing is cached internally by expression text and ExpressionAttributeNames; the cached
 * trees hold no attribute values. Each call binds the request's ExpressionAttributeValues, so a
 * returned {@link Condition} or {@link Update} belongs to one request: callers must not cache it
 * across requests (caching is already done here). All returned objects are immutable and safe to
 * use from several threads.
 */
public final class Expressions {

    /** DynamoDB's limit on the length of any expression string, in UTF-8 bytes. */
    public static final int MAX_EXPRESSION_BYTES = 4096;

    private Expressions() {
    }

    /**
     * Parses a ConditionExpression or FilterExpression.
     *
     * @param parameterName "ConditionExpression" or "FilterExpression", used in messages
     * @throws ExpressionException with DynamoDB's message when the expression is invalid
     */
    public static Condition parseCondition(String text, String parameterName, ExpressionContext ctx) {
        try {
            checkText(text);
            ConditionTemplate template = ExpressionCache.condition(text, ctx.names());
            ctx.markUsed(template.nameRefs(), template.valueRefs());
            return template.bind(ctx.values());
        } catch (ParseFailure f) {
            throw invalid(parameterName, f);
        }
    }

    /** Parses an UpdateExpression. */
    public static Update parseUpdate(String text, ExpressionContext ctx) {
        try {
            checkText(text);
            UpdateTemplate template = ExpressionCache.update(text, ctx.names());
            ctx.markUsed(template.nameRefs(), template.valueRefs());
            return template.bind(ctx.values());
        } catch (ParseFailure f) {
            throw invalid("UpdateExpression", f);
        }
    }

    /** Parses a ProjectionExpression. */
    public static Projection parseProjection(String text, ExpressionContext ctx) {
        try {
            checkText(text);
            ProjectionTemplate projection = ExpressionCache.projection(text, ctx.names());
            ctx.markUsed(projection.nameRefs(), java.util.List.of());
            return projection;
        } catch (ParseFailure f) {
            throw invalid("ProjectionExpression", f);
        }
    }

    /**
     * Parses a KeyConditionExpression into its key conditions; check them against the key schema
     * with {@link KeyConditions#validate}.
     */
    public static KeyCondition parseKeyCondition(String text, ExpressionContext ctx) {
        ConditionTemplate.Bound bound;
        try {
            checkText(text);
            ConditionTemplate template = ExpressionCache.condition(text, ctx.names());
            ctx.markUsed(template.nameRefs(), template.valueRefs());
            bound = template.bind(ctx.values());
        } catch (ParseFailure f) {
            throw invalid("KeyConditionExpression", f);
        }
        return KeyConditionBuilder.build(bound);
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new ParseFailure("The expression can not be empty;");
        }
        // A char needs at most 3 UTF-8 bytes, so short texts need no encoding to check.
        if (text.length() * 3 > MAX_EXPRESSION_BYTES) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_EXPRESSION_BYTES) {
                throw new ParseFailure("Expression size has exceeded the maximum allowed size; expression size: " + bytes);
            }
        }
    }

    private static ExpressionException invalid(String parameterName, ParseFailure f) {
        return new ExpressionException("Invalid " + parameterName + ": " + f.getMessage());
    }
}
