package dev.sagastack.local.dynamodb.expression;

import static dev.sagastack.local.dynamodb.expression.Av.ctx;
import static dev.sagastack.local.dynamodb.expression.Av.item;
import static dev.sagastack.local.dynamodb.expression.Av.l;
import static dev.sagastack.local.dynamodb.expression.Av.m;
import static dev.sagastack.local.dynamodb.expression.Av.n;
import static dev.sagastack.local.dynamodb.expression.Av.names;
import static dev.sagastack.local.dynamodb.expression.Av.s;
import static dev.sagastack.local.dynamodb.expression.Av.ss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Projection expressions. Spec and examples: DynamoDB Developer Guide, "Projection expressions"
 * (ProductCatalog item 123: Description, RelatedItems[0], ProductReviews.FiveStar).
 */
class ProjectionTest {

    private static final AttributeValue FIVE_STAR = l(s("Excellent! Can't recommend it highly enough! Buy it!"),
            s("Do yourself a favor and buy this."));

    private static final Item ITEM_123 = item(
            "Id", n(123),
            "Title", s("Bicycle 123"),
            "Description", s("123 description"),
            "Color", ss("Red", "Black"),
            "RelatedItems", l(n(341), n(472), n(649)),
            "Pictures", m("FrontView", s("http://example.com/products/123_front.jpg"),
                    "RearView", s("http://example.com/products/123_rear.jpg")),
            "ProductReviews", m("FiveStar", FIVE_STAR, "OneStar", l(s("Terrible product! Do not buy this."))));

    private static Projection projection(String expression, Map<String, String> names) {
        return Expressions.parseProjection(expression, ctx(names, Map.of()));
    }

    private static String error(String expression, Map<String, String> names) {
        try {
            projection(expression, names);
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ValidationException for " + expression);
    }

    @Test
    void topLevelAttributesAreCopied() {
        Item out = projection("Title, Price, Color", Map.of()).apply(ITEM_123);
        assertThat(out).isEqualTo(item("Title", s("Bicycle 123"), "Color", ss("Red", "Black")));
    }

    // The guide's example: "Description, RelatedItems[0], ProductReviews.FiveStar".
    @Test
    void nestedPathsKeepTheirNesting() {
        Item out = projection("Description, RelatedItems[0], ProductReviews.FiveStar", Map.of()).apply(ITEM_123);
        assertThat(out).isEqualTo(item(
                "Description", s("123 description"),
                "RelatedItems", l(n(341)),
                "ProductReviews", m("FiveStar", FIVE_STAR)));
    }

    @Test
    void projectedListElementsCloseUpInIndexOrder() {
        Item out = projection("RelatedItems[2], RelatedItems[0], RelatedItems[7]", Map.of()).apply(ITEM_123);
        assertThat(out.get("RelatedItems")).isEqualTo(l(n(341), n(649)));
    }

    @Test
    void severalKeysOfOneMapMergeIntoOneMap() {
        Item out = projection("Pictures.RearView, Pictures.FrontView, Pictures.SideView", Map.of()).apply(ITEM_123);
        assertThat(out.get("Pictures")).isEqualTo(m("RearView", s("http://example.com/products/123_rear.jpg"),
                "FrontView", s("http://example.com/products/123_front.jpg")));
    }

    @Test
    void missingPathsAreLeftOut() {
        assertThat(projection("Absent, Title.x, RelatedItems[9], Pictures.TopView", Map.of()).apply(ITEM_123)).isEqualTo(Item.EMPTY);
        assertThat(projection("Title", Map.of()).apply(Item.EMPTY)).isEqualTo(Item.EMPTY);
    }

    @Test
    void placeholdersNameReservedWordsAndNestedKeys() {
        Item it = item("Comment", s("x"), "a", m("status", s("OPEN")));
        Projection p = projection("#c, a.#s", names("#c", "Comment", "#s", "status"));
        assertThat(p.apply(it)).isEqualTo(it);
    }

    @Test
    void topLevelAttributesAreListedOnceInOrder() {
        assertThat(projection("b.x, a, b.y, #c[1]", names("#c", "c")).topLevelAttributes()).containsExactly("b", "a", "c");
    }

    @Test
    void placeholdersCountAsUsed() {
        ExpressionContext c = ctx(names("#c", "Comment"), Map.of());
        Expressions.parseProjection("#c", c);
        c.verifyAllUsed();
    }

    @Test
    void reservedWordsAreRejected() {
        assertThat(error("Id, Comment", Map.of()))
                .isEqualTo("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Comment");
    }

    @Test
    void undefinedPlaceholdersAreNamed() {
        assertThat(error("#undef", Map.of())).isEqualTo(
                "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #undef");
    }

    @Test
    void overlappingAndConflictingPathsAreRejected() {
        assertThat(error("a, a.b", Map.of())).isEqualTo("Invalid ProjectionExpression: Two document paths overlap with each other; "
                + "must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
        assertThat(error("a, #a", names("#a", "a"))).endsWith("path one: [a], path two: [a]");
        assertThat(error("a.b, a[0]", Map.of())).isEqualTo("Invalid ProjectionExpression: Two document paths conflict with each other; "
                + "must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]");
    }

    @Test
    void syntaxErrorsQuoteTheTokenAndItsNeighbours() {
        assertThat(error("!!", Map.of())).isEqualTo("Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"");
        assertThat(error("a b", Map.of())).isEqualTo("Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"");
        assertThat(error("a,", Map.of())).isEqualTo("Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {":v", "a[]", "a.", "(a)", "a = b", "a[1", "a..b", "1a"})
    void malformedProjectionsAreSyntaxErrors(String expression) {
        assertThat(error(expression, Map.of())).startsWith("Invalid ProjectionExpression: Syntax error; token: ");
    }

    @Test
    void emptyProjectionsAreRejected() {
        assertThat(error("", Map.of())).isEqualTo("Invalid ProjectionExpression: The expression can not be empty;");
    }
}
