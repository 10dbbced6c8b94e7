package dev.sagastack.local.dynamodb.expression;

import static dev.sagastack.local.dynamodb.expression.Av.b;
import static dev.sagastack.local.dynamodb.expression.Av.bool;
import static dev.sagastack.local.dynamodb.expression.Av.bs;
import static dev.sagastack.local.dynamodb.expression.Av.ctx;
import static dev.sagastack.local.dynamodb.expression.Av.item;
import static dev.sagastack.local.dynamodb.expression.Av.l;
import static dev.sagastack.local.dynamodb.expression.Av.m;
import static dev.sagastack.local.dynamodb.expression.Av.map;
import static dev.sagastack.local.dynamodb.expression.Av.n;
import static dev.sagastack.local.dynamodb.expression.Av.names;
import static dev.sagastack.local.dynamodb.expression.Av.ns;
import static dev.sagastack.local.dynamodb.expression.Av.nul;
import static dev.sagastack.local.dynamodb.expression.Av.s;
import static dev.sagastack.local.dynamodb.expression.Av.ss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Evaluation of condition and filter expressions. Spec: DynamoDB Developer Guide, "Comparison
 * operator and function reference" and "Condition and filter expressions, operators, and
 * functions".
 */
class ConditionEvaluationTest {

    private static final Item PRODUCT = item(
            "Id", n(456),
            "Price", n(650),
            "Title", s("Book 456"),
            "Brand", s("Acme Company"),
            "Color", ss("Red", "Black"),
            "Sizes", ns("1", "2", "3"),
            "Pics", bs(0x01, 0x7f),
            "Bin", b(0x00, 0x10, 0xff),
            "InStock", bool(true),
            "Discontinued", nul(),
            "RelatedItems", l(s("Hammer"), n(7), m("k", s("v"))),
            "ProductReviews", m(
                    "FiveStar", l(s("Excellent! Can't recommend it highly enough!"), s("Do yourself a favor and buy this.")),
                    "OneStar", l(s("Terrible product! Do not buy this.")),
                    "Nested", m("a", m("b", l(n(0), n(1), m("c", s("deep")))))));

    private static boolean test(String expression, Item item, Object... values) {
        return Expressions.parseCondition(expression, "ConditionExpression", Av.values(values)).test(item);
    }

    private static boolean test(String expression, Map<String, String> names, Item item, Object... values) {
        return Expressions.parseCondition(expression, "ConditionExpression", ctx(names, map(values))).test(item);
    }

    // "Making comparisons": a = b, a <> b, a < b, a <= b, a > b, a >= b.
    @ParameterizedTest(name = "Price(650) {0} {1} is {2}")
    @CsvSource({
        "=, 650, true", "=, 651, false",
        "<>, 650, false", "<>, 1, true",
        "<, 651, true", "<, 650, false",
        "<=, 650, true", "<=, 649, false",
        ">, 649, true", ">, 650, false",
        ">=, 650, true", ">=, 651, false",
    })
    void comparatorsCompareNumbersNumerically(String op, String value, boolean expected) {
        assertThat(test("Price " + op + " :v", PRODUCT, ":v", n(value))).isEqualTo(expected);
    }

    @Test
    void numbersCompareByValueNotByText() {
        Item it = item("a", n("10"), "b", n("1.50"));
        assertThat(test("a > :v", it, ":v", n("9"))).isTrue();
        assertThat(test("b = :v", it, ":v", n("1.5"))).isTrue();
        assertThat(test("a = :v", it, ":v", n("1E+1"))).isTrue();
    }

    @Test
    void stringsCompareByUtf8BytesSoUpperCaseSortsBeforeLowerCase() {
        Item it = item("s", s("Zebra"));
        assertThat(test("s < :v", it, ":v", s("apple"))).isTrue();
        assertThat(test("s > :v", it, ":v", s("Apple"))).isTrue();
        // U+FFFF sorts below U+1F600 in UTF-8, although its UTF-16 code unit is larger.
        assertThat(test("s < :v", item("s", s("\uFFFF")), ":v", s("\uD83D\uDE00"))).isTrue();
    }

    @Test
    void binariesCompareAsUnsignedBytes() {
        Item it = item("b", b(0x7f));
        assertThat(test("b < :v", it, ":v", b(0x80))).isTrue();
        assertThat(test("b = :v", it, ":v", b(0x7f))).isTrue();
    }

    @Test
    void comparingDifferentTypesIsFalseNotAnError() {
        assertThat(test("Price = :v", PRODUCT, ":v", s("650"))).isFalse();
        assertThat(test("Price < :v", PRODUCT, ":v", s("9999"))).isFalse();
        assertThat(test("Price >= :v", PRODUCT, ":v", s("0"))).isFalse();
        assertThat(test("Price <> :v", PRODUCT, ":v", s("650"))).isTrue();
    }

    @Test
    void orderingComparisonsHoldOnlyForStringsNumbersAndBinaries() {
        assertThat(test("InStock <= :v", PRODUCT, ":v", bool(true))).isFalse();
        assertThat(test("InStock = :v", PRODUCT, ":v", bool(true))).isTrue();
    }

    @Test
    void missingAttributesMakeComparisonsFalse() {
        assertThat(test("Absent = :v", PRODUCT, ":v", n(1))).isFalse();
        assertThat(test("Absent < :v", PRODUCT, ":v", n(1))).isFalse();
        assertThat(test("Absent BETWEEN :a AND :b", PRODUCT, ":a", n(1), ":b", n(2))).isFalse();
        assertThat(test("Absent IN (:a)", PRODUCT, ":a", n(1))).isFalse();
        assertThat(test("Absent <> :v", PRODUCT, ":v", n(1))).isTrue();
    }

    @Test
    void equalityComparesSetsListsAndMapsByContent() {
        assertThat(test("Color = :v", PRODUCT, ":v", ss("Black", "Red"))).isTrue();
        assertThat(test("Sizes = :v", PRODUCT, ":v", ns("3", "2.0", "1"))).isTrue();
        assertThat(test("RelatedItems = :v", PRODUCT, ":v", l(s("Hammer"), n(7), m("k", s("v"))))).isTrue();
        assertThat(test("RelatedItems = :v", PRODUCT, ":v", l(n(7), s("Hammer"), m("k", s("v"))))).isFalse();
        assertThat(test("Discontinued = :v", PRODUCT, ":v", nul())).isTrue();
    }

    // "a BETWEEN b AND c - true if a is greater than or equal to b, and less than or equal to c."
    @Test
    void betweenIncludesBothBounds() {
        assertThat(test("Price BETWEEN :lo AND :hi", PRODUCT, ":lo", n(650), ":hi", n(700))).isTrue();
        assertThat(test("Price BETWEEN :lo AND :hi", PRODUCT, ":lo", n(600), ":hi", n(650))).isTrue();
        assertThat(test("Price BETWEEN :lo AND :hi", PRODUCT, ":lo", n(651), ":hi", n(700))).isFalse();
        assertThat(test("Title BETWEEN :lo AND :hi", PRODUCT, ":lo", s("Book"), ":hi", s("Book 9"))).isTrue();
    }

    @Test
    void betweenWithBoundsOfAnotherTypeThanTheAttributeIsFalse() {
        assertThat(test("Title BETWEEN :lo AND :hi", PRODUCT, ":lo", n(1), ":hi", n(1000))).isFalse();
    }

    @Test
    void betweenWithPathBoundsComparesAgainstTheItemsOwnValues() {
        Item it = item("v", n(5), "lo", n(1), "hi", s("x"));
        assertThat(test("v BETWEEN lo AND hi", it)).isFalse();
        assertThat(test("v BETWEEN lo AND :hi", it, ":hi", n(5))).isTrue();
    }

    // "a IN (b, c, d) - true if a is equal to any value in the list."
    @Test
    void inMatchesAnyListedValue() {
        assertThat(test("Price IN (:a, :b, :c)", PRODUCT, ":a", n(1), ":b", n(650), ":c", s("x"))).isTrue();
        assertThat(test("Price IN (:a, :b)", PRODUCT, ":a", n(1), ":b", s("650"))).isFalse();
        assertThat(test("Price in (Id, Price)", PRODUCT)).isTrue();
        assertThat(test("Id in (Price)", PRODUCT)).isFalse();
    }

    @Test
    void inAcceptsOneHundredOperands() {
        StringBuilder expr = new StringBuilder("Price IN (");
        Object[] values = new Object[200];
        for (int i = 0; i < 100; i++) {
            expr.append(i == 0 ? "" : ", ").append(":v").append(i);
            values[2 * i] = ":v" + i;
            values[2 * i + 1] = n(551 + i);
        }
        assertThat(test(expr.append(")").toString(), PRODUCT, values)).isTrue();
    }

    // Precedence: NOT, then AND, then OR ("Precedence in conditions").
    @Test
    void andBindsTighterThanOr() {
        String expr = "a = :x OR b = :y AND c = :z";
        Object[] v = {":x", n(1), ":y", n(2), ":z", n(3)};
        assertThat(test(expr, item("a", n(1), "b", n(0), "c", n(0)), v)).isTrue();
        assertThat(test(expr, item("a", n(0), "b", n(2), "c", n(0)), v)).isFalse();
        assertThat(test(expr, item("a", n(0), "b", n(2), "c", n(3)), v)).isTrue();
        assertThat(test("(a = :x OR b = :y) AND c = :z", item("a", n(1), "b", n(0), "c", n(0)), v)).isFalse();
    }

    // The guide's example: with a and b true and c false, "a OR b AND c" is true, "(a OR b) AND c" false.
    @Test
    void parenthesesChangePrecedenceAsInTheGuide() {
        Item it = item("a", bool(true), "b", bool(true), "c", bool(false));
        Object[] v = {":t", bool(true)};
        assertThat(test("a = :t OR b = :t AND c = :t", it, v)).isTrue();
        assertThat(test("(a = :t OR b = :t) AND c = :t", it, v)).isFalse();
    }

    @Test
    void notBindsTighterThanAnd() {
        Object[] v = {":x", n(1), ":y", n(2)};
        assertThat(test("NOT a = :x AND b = :y", item("a", n(0), "b", n(2)), v)).isTrue();
        assertThat(test("NOT a = :x AND b = :y", item("a", n(0), "b", n(0)), v)).isFalse();
        assertThat(test("NOT (a = :x AND b = :y)", item("a", n(1), "b", n(0)), v)).isTrue();
        assertThat(test("NOT NOT a = :x", item("a", n(1)), v)).isTrue();
    }

    @Test
    void notNegatesFunctions() {
        assertThat(test("NOT attribute_exists(Absent)", PRODUCT)).isTrue();
        assertThat(test("NOT contains(Color, :c)", PRODUCT, ":c", s("Red"))).isFalse();
        assertThat(test("NOT begins_with(Title, :p) OR Price = :p2", PRODUCT, ":p", s("Book"), ":p2", n(650))).isTrue();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        Object[] v = {":x", n(650), ":lo", n(1), ":hi", n(1000)};
        assertThat(test("Price = :x and not Price <> :x Or Price between :lo AnD :hi", PRODUCT, v)).isTrue();
        assertThat(test("Price iN (:x)", PRODUCT, ":x", n(650))).isTrue();
    }

    @Test
    void parenthesisedOperandsAndWhitespaceAreAccepted() {
        assertThat(test("(Price) = :x", PRODUCT, ":x", n(650))).isTrue();
        assertThat(test("(size(Color)) = :n", PRODUCT, ":n", n(2))).isTrue();
        assertThat(test("\n\tPrice\t=\r\n:x ", PRODUCT, ":x", n(650))).isTrue();
        assertThat(test("(Price = :x AND (Id = :i))", PRODUCT, ":x", n(650), ":i", n(456))).isTrue();
    }

    // Functions: attribute_exists / attribute_not_exists with document paths.
    @Test
    void attributeExistsFollowsDocumentPaths() {
        assertThat(test("attribute_exists(ProductReviews.FiveStar)", PRODUCT)).isTrue();
        assertThat(test("attribute_exists(ProductReviews.FiveStar[1])", PRODUCT)).isTrue();
        assertThat(test("attribute_exists(ProductReviews.FiveStar[2])", PRODUCT)).isFalse();
        assertThat(test("attribute_not_exists(ProductReviews.ThreeStar)", PRODUCT)).isTrue();
        assertThat(test("attribute_exists(Title.Part)", PRODUCT)).isFalse();
        assertThat(test("attribute_exists(ProductReviews[0])", PRODUCT)).isFalse();
        assertThat(test("attribute_exists(Discontinued)", PRODUCT)).isTrue();
    }

    @Test
    void attributeNotExistsHoldsForTheEmptyItemOfAAbsentKey() {
        assertThat(test("attribute_not_exists(PK)", Item.EMPTY)).isTrue();
        assertThat(test("attribute_exists(PK)", Item.EMPTY)).isFalse();
    }

    @ParameterizedTest(name = "attribute_type({0}, {1}) is {2}")
    @CsvSource({
        "Title, S, true", "Price, N, true", "Bin, B, true", "InStock, BOOL, true", "Discontinued, NULL, true",
        "ProductReviews, M, true", "RelatedItems, L, true", "Color, SS, true", "Sizes, NS, true", "Pics, BS, true",
        "Title, N, false", "Color, L, false", "Absent, S, false",
    })
    void attributeTypeChecksTheDataType(String path, String type, boolean expected) {
        assertThat(test("attribute_type(" + path + ", :t)", PRODUCT, ":t", s(type))).isEqualTo(expected);
    }

    @Test
    void beginsWithWorksOnStringsAndBinaries() {
        assertThat(test("begins_with(Title, :p)", PRODUCT, ":p", s("Book "))).isTrue();
        assertThat(test("begins_with(Title, :p)", PRODUCT, ":p", s("book"))).isFalse();
        assertThat(test("begins_with(Bin, :p)", PRODUCT, ":p", b(0x00, 0x10))).isTrue();
        assertThat(test("begins_with(Bin, :p)", PRODUCT, ":p", b(0x10))).isFalse();
        assertThat(test("begins_with(Price, :p)", PRODUCT, ":p", s("6"))).isFalse();
        assertThat(test("begins_with(Title, :p)", PRODUCT, ":p", s(""))).isTrue();
    }

    // contains: a substring of a String, an element of a Set, an element of a List.
    @Test
    void containsFindsSubstringsAndSetAndListElements() {
        assertThat(test("contains(Brand, :v)", PRODUCT, ":v", s("Company"))).isTrue();
        assertThat(test("contains(Brand, :v)", PRODUCT, ":v", s("company"))).isFalse();
        assertThat(test("contains(Color, :v)", PRODUCT, ":v", s("Red"))).isTrue();
        assertThat(test("contains(Color, :v)", PRODUCT, ":v", s("Re"))).isFalse();
        assertThat(test("contains(Sizes, :v)", PRODUCT, ":v", n("2.0"))).isTrue();
        assertThat(test("contains(Sizes, :v)", PRODUCT, ":v", s("2"))).isFalse();
        assertThat(test("contains(Pics, :v)", PRODUCT, ":v", b(0x7f))).isTrue();
        assertThat(test("contains(RelatedItems, :v)", PRODUCT, ":v", s("Hammer"))).isTrue();
        assertThat(test("contains(RelatedItems, :v)", PRODUCT, ":v", n(7))).isTrue();
        assertThat(test("contains(RelatedItems, :v)", PRODUCT, ":v", m("k", s("v")))).isTrue();
        assertThat(test("contains(RelatedItems, :v)", PRODUCT, ":v", s("Ham"))).isFalse();
        assertThat(test("contains(Bin, :v)", PRODUCT, ":v", b(0x10, 0xff))).isTrue();
        assertThat(test("contains(Price, :v)", PRODUCT, ":v", n(650))).isFalse();
        assertThat(test("contains(Absent, :v)", PRODUCT, ":v", s("x"))).isFalse();
    }

    @Test
    void containsComparesAgainstAnotherAttribute() {
        assertThat(test("contains(Color, Fav)", item("Color", ss("Red"), "Fav", s("Red")))).isTrue();
    }

    // size: length of a String, bytes of a Binary, elements of a Set, List or Map.
    @Test
    void sizeMeasuresEveryTypeItApplies() {
        assertThat(test("size(Title) = :n", PRODUCT, ":n", n(8))).isTrue();
        assertThat(test("size(Bin) = :n", PRODUCT, ":n", n(3))).isTrue();
        assertThat(test("size(Color) = :n", PRODUCT, ":n", n(2))).isTrue();
        assertThat(test("size(Sizes) = :n", PRODUCT, ":n", n(3))).isTrue();
        assertThat(test("size(Pics) = :n", PRODUCT, ":n", n(2))).isTrue();
        assertThat(test("size(RelatedItems) = :n", PRODUCT, ":n", n(3))).isTrue();
        assertThat(test("size(ProductReviews) = :n", PRODUCT, ":n", n(3))).isTrue();
    }

    @Test
    void sizeOfNestedMapsAndListsCountsTheirChildren() {
        assertThat(test("size(ProductReviews.Nested.a) = :n", PRODUCT, ":n", n(1))).isTrue();
        assertThat(test("size(ProductReviews.Nested.a.b) = :n", PRODUCT, ":n", n(3))).isTrue();
        assertThat(test("size(ProductReviews.Nested.a.b[2]) = :n", PRODUCT, ":n", n(1))).isTrue();
        assertThat(test("size(ProductReviews.OneStar) < size(ProductReviews.FiveStar)", PRODUCT)).isTrue();
    }

    @Test
    void sizeOfStringCountsUtf16CodeUnits() {
        assertThat(test("size(s) = :n", item("s", s("\u00e9\uD834\uDD1E")), ":n", n(3))).isTrue();
    }

    @Test
    void sizeOfANumberOrAbsentAttributeMakesTheComparisonFalse() {
        assertThat(test("size(Price) >= :n", PRODUCT, ":n", n(0))).isFalse();
        assertThat(test("size(Absent) >= :n", PRODUCT, ":n", n(0))).isFalse();
        assertThat(test("size(InStock) >= :n", PRODUCT, ":n", n(0))).isFalse();
    }

    @Test
    void sizeWorksOnEitherSideAndInBetweenAndIn() {
        assertThat(test(":n < size(Title)", PRODUCT, ":n", n(7))).isTrue();
        assertThat(test("size(Title) BETWEEN :a AND :b", PRODUCT, ":a", n(8), ":b", n(9))).isTrue();
        assertThat(test("size(Color) IN (:a, :b)", PRODUCT, ":a", n(1), ":b", n(2))).isTrue();
    }

    // Document paths: a.b[2].c, #n, #n.#m[0].
    @Test
    void documentPathsReachNestedMapsAndListElements() {
        assertThat(test("ProductReviews.Nested.a.b[2].c = :v", PRODUCT, ":v", s("deep"))).isTrue();
        assertThat(test("RelatedItems[1] = :v", PRODUCT, ":v", n(7))).isTrue();
        assertThat(test("RelatedItems[2].k = :v", PRODUCT, ":v", s("v"))).isTrue();
        assertThat(test("RelatedItems[ 3 ] = :v", PRODUCT, ":v", n(7))).isFalse();
        assertThat(test("RelatedItems [0] = :v", PRODUCT, ":v", s("Hammer"))).isTrue();
    }

    @Test
    void attributeNamePlaceholdersResolveEachPathElement() {
        Map<String, String> names = names("#pr", "ProductReviews", "#n", "Nested", "#b", "b");
        assertThat(test("#pr.#n.a.#b[1] = :v", names, PRODUCT, ":v", n(1))).isTrue();
    }

    @Test
    void aPlaceholderMayNameAnAttributeWithDotsOrAReservedWord() {
        Item it = item("a.b", n(1), "status", s("OPEN"), "a", m("b", n(2)));
        assertThat(test("#ab = :v", names("#ab", "a.b"), it, ":v", n(1))).isTrue();
        assertThat(test("#a.#b = :v", names("#a", "a", "#b", "b"), it, ":v", n(2))).isTrue();
        assertThat(test("#s = :v", names("#s", "status"), it, ":v", s("OPEN"))).isTrue();
    }

    @Test
    void comparisonsBetweenTwoAttributesUseTheItemsValues() {
        assertThat(test("Id < Price", PRODUCT)).isTrue();
        assertThat(test("Price <= Id", PRODUCT)).isFalse();
    }

    @Test
    void theSameValuePlaceholderMayBeUsedTwice() {
        ExpressionContext c = Av.values(":v", n(650));
        Condition cond = Expressions.parseCondition("Price = :v OR Id = :v", "FilterExpression", c);
        assertThat(cond.test(PRODUCT)).isTrue();
        c.verifyAllUsed();
    }

    @Test
    void aParsedConditionIsReusableAcrossItems() {
        Condition cond = Expressions.parseCondition("Price > :v", "FilterExpression", Av.values(":v", n(10)));
        assertThat(cond.test(item("Price", n(11)))).isTrue();
        assertThat(cond.test(item("Price", n(9)))).isFalse();
        assertThat(cond.test(Item.EMPTY)).isFalse();
    }

    @Test
    void repeatedTextWithDifferentValuesIsBoundToEachRequestsValues() {
        Condition one = Expressions.parseCondition("Price = :v", "FilterExpression", Av.values(":v", n(650)));
        Condition two = Expressions.parseCondition("Price = :v", "FilterExpression", Av.values(":v", n(1)));
        assertThat(one.test(PRODUCT)).isTrue();
        assertThat(two.test(PRODUCT)).isFalse();
    }

    @Test
    void repeatedTextWithDifferentNamesResolvesEachRequestsNames() {
        Item it = item("a", n(1), "b", n(2));
        Map<String, AttributeValue> v = map(":v", n(2));
        assertThat(Expressions.parseCondition("#x = :v", "FilterExpression", ctx(names("#x", "a"), v)).test(it)).isFalse();
        assertThat(Expressions.parseCondition("#x = :v", "FilterExpression", ctx(names("#x", "b"), v)).test(it)).isTrue();
    }

    @Test
    void topLevelAttributesNameEveryPathTheConditionReads() {
        Condition cond = Expressions.parseCondition(
                "a.b = :v OR NOT (size(c[1]) > :v AND attribute_exists(#d.e)) OR f BETWEEN g AND :v OR h IN (i, :v) OR a = :v",
                "FilterExpression", ctx(names("#d", "PK"), map(":v", n(1))));
        assertThat(cond.topLevelAttributes()).containsExactly("a", "c", "PK", "f", "g", "h", "i");
    }
}
