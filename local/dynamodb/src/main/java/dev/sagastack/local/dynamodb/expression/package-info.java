/**
 * DynamoDB's expression language: condition and filter expressions, update expressions,
 * projection expressions and key condition expressions, as the DynamoDB Developer Guide defines
 * them, with DynamoDB's ValidationException texts.
 *
 * <p>Entry point {@link dev.sagastack.local.dynamodb.expression.Expressions}; one
 * {@link dev.sagastack.local.dynamodb.expression.ExpressionContext} per request carries its
 * ExpressionAttributeNames/Values and reports unused ones. Text is lexed once into token arrays
 * and parsed by recursive descent into an immutable tree that is evaluated directly. Trees depend
 * only on the text and the attribute names and are cached; values are bound per request, after
 * which the checks that depend on them run. Problems are ranked as DynamoDB ranks them, so the
 * message is the one DynamoDB gives when an expression has several.
 */
package dev.sagastack.local.dynamodb.expression;
