package dev.sagastack.local.dynamodb.expression;

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
import static dev.sagastack.local.dynamodb.expression.Av.s;
import static dev.sagastack.local.dynamodb.expression.Av.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagastack.local.dynamodb.value.Item;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Applying update expressions. Spec and examples: DynamoDB Developer Guide, "Update expressions"
 * (the ProductCatalog item 789 and its SET, REMOVE, ADD and DELETE examples).
 */
class UpdateApplyTest {

    /** The guide's sample item. */
    private static final Item ITEM_789 = item(
            "Id", n(789),
            "ProductCategory", s("Home Improvement"),
            "Price", n(52),
            "InStock", bool(true),
            "Brand", s("Acme"));

    private static Item apply(String expression, Item item, Object... values) {
        return Expressions.parseUpdate(expression, Av.values(values)).apply(item);
    }

    private static Item apply(String expression, Map<String, String> names, Item item, Object... values) {
        return Expressions.parseUpdate(expression, ctx(names, map(values))).apply(item);
    }

    private static String runtimeError(String expression, Item item, Object... values) {
        Update update = Expressions.parseUpdate(expression, Av.values(values));
        try {
            update.apply(item);
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ValidationException applying " + expression);
    }

    // SET: "Modifying attributes".
    @Test
    void setOverwritesAndAddsAttributes() {
        Item out = apply("SET ProductCategory = :c, Price = :p, Added = :c", ITEM_789, ":c", s("Hardware"), ":p", n(60));
        assertThat(out.get("ProductCategory")).isEqualTo(s("Hardware"));
        assertThat(out.get("Price")).isEqualTo(n(60));
        assertThat(out.get("Added")).isEqualTo(s("Hardware"));
        assertThat(out.get("Brand")).isEqualTo(s("Acme"));
    }

    @Test
    void theOriginalItemIsNotChanged() {
        Item before = item("a", m("b", l(n(1), n(2))), "c", n(1));
        apply("SET a.b[0] = :v, c = c + :v REMOVE a.b[1]", before, ":v", n(5));
        assertThat(before).isEqualTo(item("a", m("b", l(n(1), n(2))), "c", n(1)));
    }

    // "Adding lists and maps" then "Adding elements to a list".
    @Test
    void setAddsListsAndMapsAndReplacesListElements() {
        Item out = apply("SET RelatedItems = :ri, ProductReviews = :pr", ITEM_789,
                ":ri", l(s("Hammer")), ":pr", m("FiveStar", l(s("Best product ever!"))));
        out = apply("SET RelatedItems[1] = :ri", out, ":ri", s("Nails"));
        assertThat(out.get("RelatedItems")).isEqualTo(l(s("Hammer"), s("Nails")));
        out = apply("SET RelatedItems[0] = :ri", out, ":ri", s("Mallet"));
        assertThat(out.get("RelatedItems")).isEqualTo(l(s("Mallet"), s("Nails")));
    }

    // "If the element doesn't already exist, SET appends the new element at the end of the list."
    // "If you add multiple elements in a single SET operation, the elements are sorted in order by element number."
    @Test
    void setBeyondTheEndOfAListAppendsInIndexOrder() {
        Item it = item("l", l(s("a"), s("b")));
        assertThat(apply("SET l[10] = :v", it, ":v", s("c")).get("l")).isEqualTo(l(s("a"), s("b"), s("c")));
        assertThat(apply("SET l[9] = :y, l[7] = :x, l[0] = :z", it, ":x", s("x"), ":y", s("y"), ":z", s("z")).get("l"))
                .isEqualTo(l(s("z"), s("b"), s("x"), s("y")));
    }

    // "Adding nested map attributes".
    @Test
    void setAddsNestedMapAttributesThroughPlaceholders() {
        Item it = apply("SET ProductReviews = :pr", ITEM_789, ":pr", m("FiveStar", l(s("Best product ever!"))));
        Item out = apply("SET #pr.#5star[1] = :r5, #pr.#3star = :r3",
                names("#pr", "ProductReviews", "#5star", "FiveStar", "#3star", "ThreeStar"), it,
                ":r5", s("Very happy with my purchase"), ":r3", l(s("Just OK - not that great")));
        assertThat(out.get("ProductReviews")).isEqualTo(m(
                "FiveStar", l(s("Best product ever!"), s("Very happy with my purchase")),
                "ThreeStar", l(s("Just OK - not that great"))));
    }

    @Test
    void setReachesIntoListsOfMapsAndMapsOfLists() {
        Item it = item("orders", l(m("id", n(1), "entries", l(m("qty", n(2))))));
        Item out = apply("SET orders[0].entries[0].qty = orders[0].entries[0].qty + :one, orders[0].#s = :s",
                names("#s", "status"), it, ":one", n(1), ":s", s("PAID"));
        assertThat(out.get("orders")).isEqualTo(l(m("id", n(1), "entries", l(m("qty", n(3))), "status", s("PAID"))));
    }

    // "Incrementing and decrementing numeric attributes".
    @Test
    void setAddsAndSubtractsNumbers() {
        assertThat(apply("SET Price = Price - :p", ITEM_789, ":p", n(15)).get("Price")).isEqualTo(n(37));
        assertThat(apply("SET Price = Price + :p", ITEM_789, ":p", n("0.5")).get("Price")).isEqualTo(n("52.5"));
        assertThat(apply("SET Price = :p - Price", ITEM_789, ":p", n(2)).get("Price")).isEqualTo(n(-50));
        assertThat(apply("SET Combined = Price + Id", ITEM_789).get("Combined")).isEqualTo(n(841));
        assertThat(apply("SET Price = (Price + :p)", ITEM_789, ":p", n(1)).get("Price")).isEqualTo(n(53));
        assertThat(apply("SET Price = (Price) + (:p)", ITEM_789, ":p", n(1)).get("Price")).isEqualTo(n(53));
    }

    @Test
    void arithmeticResultsMustObeyDynamoDbsNumberRange() {
        assertThat(runtimeError("SET a = a + :v", item("a", n("9E+125")), ":v", n("9E+125")))
                .isEqualTo("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThat(runtimeError("SET a = a - :v", item("a", n("-9E+125")), ":v", n("1E+125")))
                .isEqualTo("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThat(runtimeError("SET a = a + :v", item("a", n("12345678901234567890123456789012345678")), ":v", n("0.1")))
                .isEqualTo("Attempting to store more than 38 significant digits in a Number");
        assertThat(apply("SET a = a + :v", item("a", n("0.1")), ":v", n("-0.1")).get("a")).isEqualTo(n(0));
    }

    // "Appending elements to a list": list_append(list1, list2) appends list2 to list1.
    @Test
    void listAppendKeepsOperandOrder() {
        Item it = item("RelatedItems", l(s("Hammer"), s("Nails")));
        Item out = apply("SET #ri = list_append(#ri, :vals)", names("#ri", "RelatedItems"), it,
                ":vals", l(s("Screwdriver"), s("Hacksaw")));
        assertThat(out.get("RelatedItems")).isEqualTo(l(s("Hammer"), s("Nails"), s("Screwdriver"), s("Hacksaw")));
        out = apply("SET #ri = list_append(:vals, #ri)", names("#ri", "RelatedItems"), out, ":vals", l(s("Chisel")));
        assertThat(out.get("RelatedItems"))
                .isEqualTo(l(s("Chisel"), s("Hammer"), s("Nails"), s("Screwdriver"), s("Hacksaw")));
    }

    // "Preventing overwrites of an existing attribute": if_not_exists(path, value).
    @Test
    void ifNotExistsKeepsAnExistingValue() {
        assertThat(apply("SET Price = if_not_exists(Price, :p)", ITEM_789, ":p", n(100)).get("Price")).isEqualTo(n(52));
        assertThat(apply("SET Rating = if_not_exists(Rating, :p)", ITEM_789, ":p", n(100)).get("Rating")).isEqualTo(n(100));
        assertThat(apply("SET Dup = if_not_exists(Absent, Brand)", ITEM_789).get("Dup")).isEqualTo(s("Acme"));
    }

    @Test
    void ifNotExistsInsideListAppendAndArithmeticStartsCollectionsAndCounters() {
        Object[] v = {":empty", l(), ":new", l(s("x")), ":zero", n(0), ":one", n(1)};
        Item out = apply("SET tags = list_append(if_not_exists(tags, :empty), :new), hits = if_not_exists(hits, :zero) + :one",
                Item.EMPTY, v);
        assertThat(out).isEqualTo(item("tags", l(s("x")), "hits", n(1)));
        out = apply("SET tags = list_append(if_not_exists(tags, :empty), :new), hits = if_not_exists(hits, :zero) + :one", out, v);
        assertThat(out).isEqualTo(item("tags", l(s("x"), s("x")), "hits", n(2)));
    }

    @Test
    void everySetValueIsComputedFromTheItemBeforeTheUpdate() {
        Item out = apply("SET a = b, b = a, c = a + b", item("a", n(1), "b", n(2)));
        assertThat(out).isEqualTo(item("a", n(2), "b", n(1), "c", n(3)));
    }

    // REMOVE: "If the attributes don't exist, nothing happens."
    @Test
    void removeDeletesAttributesAndIgnoresMissingOnes() {
        Item out = apply("REMOVE Brand, InStock, QuantityOnHand", ITEM_789);
        assertThat(out.attributes().keySet()).containsExactly("Id", "ProductCategory", "Price");
    }

    @Test
    void removeDeletesNestedMapKeys() {
        Item out = apply("REMOVE a.b.c, a.x", item("a", m("b", m("c", n(1), "d", n(2)), "y", n(3))));
        assertThat(out).isEqualTo(item("a", m("b", m("d", n(2)), "y", n(3))));
    }

    // "Removing elements from a list": REMOVE RelatedItems[1], RelatedItems[2]; the rest shift.
    @Test
    void removeOfSeveralListIndexesUsesTheOriginalPositionsAndShiftsTheRest() {
        Item it = item("RelatedItems", l(s("Chisel"), s("Hammer"), s("Nails"), s("Screwdriver"), s("Hacksaw")));
        assertThat(apply("REMOVE RelatedItems[1], RelatedItems[2]", it).get("RelatedItems"))
                .isEqualTo(l(s("Chisel"), s("Screwdriver"), s("Hacksaw")));
        assertThat(apply("REMOVE RelatedItems[4], RelatedItems[0], RelatedItems[2]", it).get("RelatedItems"))
                .isEqualTo(l(s("Hammer"), s("Screwdriver")));
        assertThat(apply("REMOVE RelatedItems[9]", it)).isEqualTo(it);
    }

    @Test
    void replacingAndRemovingElementsOfOneListUsesTheOriginalPositions() {
        Item it = item("l", l(s("a"), s("b"), s("c")));
        assertThat(apply("REMOVE l[0] SET l[1] = :x, l[5] = :y", it, ":x", s("x"), ":y", s("y")).get("l"))
                .isEqualTo(l(s("x"), s("c"), s("y")));
    }

    @Test
    void removingEveryElementLeavesAnEmptyList() {
        assertThat(apply("REMOVE l[0], l[1]", item("l", l(n(1), n(2)))).get("l")).isEqualTo(l());
    }

    // ADD numbers: "Assume that the QuantityOnHand attribute does not exist ... sets QuantityOnHand to 5."
    @Test
    void addToAMissingNumberCreatesItAndThenIncrements() {
        Item once = apply("ADD QuantityOnHand :q", ITEM_789, ":q", n(5));
        assertThat(once.get("QuantityOnHand")).isEqualTo(n(5));
        assertThat(apply("ADD QuantityOnHand :q", once, ":q", n(5)).get("QuantityOnHand")).isEqualTo(n(10));
        assertThat(apply("ADD QuantityOnHand :q", once, ":q", n(-7)).get("QuantityOnHand")).isEqualTo(n(-2));
    }

    // ADD sets: "Assume that the Color attribute does not exist ... sets Color to a string set with two elements."
    @Test
    void addToSetsCreatesThemAndAddsNewElements() {
        Item once = apply("ADD Color :c", ITEM_789, ":c", ss("Orange", "Purple"));
        assertThat(once.get("Color")).isEqualTo(ss("Orange", "Purple"));
        Item twice = apply("ADD Color :c", once, ":c", ss("Yellow", "Green", "Blue"));
        assertThat(twice.get("Color")).isEqualTo(ss("Orange", "Purple", "Yellow", "Green", "Blue"));
    }

    @Test
    void addToANumberSetIgnoresElementsAlreadyPresent() {
        Item out = apply("ADD nums :v", item("nums", ns("1", "2")), ":v", ns("2.0", "3"));
        assertThat(out.get("nums")).isEqualTo(ns("1", "2", "3"));
        assertThat(apply("ADD bins :v", item("bins", bs(1)), ":v", bs(1, 2)).get("bins")).isEqualTo(bs(1, 2));
    }

    @Test
    void addWorksOnNestedPaths() {
        Item out = apply("ADD stats.seen :one, stats.tags :t", item("stats", m()), ":one", n(1), ":t", ss("x"));
        assertThat(out.get("stats")).isEqualTo(m("seen", n(1), "tags", ss("x")));
    }

    // DELETE: "removes some of the elements from that set".
    @Test
    void deleteRemovesElementsFromASet() {
        Item it = item("Color", ss("Orange", "Purple", "Yellow", "Green", "Blue"));
        assertThat(apply("DELETE Color :p", it, ":p", ss("Yellow", "Purple")).get("Color"))
                .isEqualTo(ss("Orange", "Green", "Blue"));
        assertThat(apply("DELETE Color :p", it, ":p", ss("Black")).get("Color")).isEqualTo(it.get("Color"));
    }

    @Test
    void deletingTheLastElementsRemovesTheAttribute() {
        Item out = apply("DELETE Color :p, nums :n", item("Color", ss("Red"), "nums", ns("1", "2"), "k", n(1)),
                ":p", ss("Red"), ":n", ns("2", "1"));
        assertThat(out).isEqualTo(item("k", n(1)));
    }

    @Test
    void deleteFromAMissingSetDoesNothing() {
        assertThat(apply("DELETE Color :p", ITEM_789, ":p", ss("Red"))).isEqualTo(ITEM_789);
    }

    @Test
    void allFourClausesCombineInAnyOrderWithCaseInsensitiveKeywords() {
        Item it = item("a", n(1), "b", s("x"), "c", ss("p", "q"), "d", n(1));
        Item out = apply("delete c :c add d :one Remove b set a = a + :one, e = :e", it,
                ":c", ss("q"), ":one", n(1), ":e", s("new"));
        assertThat(out).isEqualTo(item("a", n(2), "c", ss("p"), "d", n(2), "e", s("new")));
    }

    @Test
    void topLevelAttributesListsEveryWrittenOrRemovedAttribute() {
        Update u = Expressions.parseUpdate("SET a.b = :v, #k = :v REMOVE c[1] ADD d :n DELETE e.f :s",
                ctx(names("#k", "PK"), map(":v", s("x"), ":n", n(1), ":s", ss("y"))));
        assertThat(u.topLevelAttributes()).containsExactly("a", "PK", "c", "d", "e");
    }

    @Test
    void updatedPathsProjectsOnlyWhatTheUpdateTouches() {
        Update u = Expressions.parseUpdate("SET a.b = :v, l[1] = :v REMOVE gone", Av.values(":v", n(9)));
        Item old = item("a", m("b", n(1), "c", n(2)), "l", l(n(0), n(1), n(2)), "gone", n(3), "keep", n(4));
        assertThat(u.projectUpdatedPaths(old)).isEqualTo(item("a", m("b", n(1)), "l", l(n(1)), "gone", n(3)));
        assertThat(u.projectUpdatedPaths(u.apply(old))).isEqualTo(item("a", m("b", n(9)), "l", l(n(9))));
    }

    // Runtime errors.
    @Test
    void arithmeticOnNonNumbersIsAnIncorrectDataType() {
        assertThat(runtimeError("SET a = b + :n", item("b", s("1")), ":n", n(1)))
                .isEqualTo("An operand in the update expression has an incorrect data type");
        assertThat(runtimeError("SET a = :n - b", item("b", ss("1")), ":n", n(1)))
                .isEqualTo("An operand in the update expression has an incorrect data type");
    }

    @Test
    void listAppendOfANonListIsAnIncorrectDataType() {
        assertThat(runtimeError("SET a = list_append(a, :l)", item("a", s("x")), ":l", l()))
                .isEqualTo("An operand in the update expression has an incorrect data type");
        assertThat(runtimeError("SET a = list_append(:l, b)", item("b", ss("x")), ":l", l()))
                .isEqualTo("An operand in the update expression has an incorrect data type");
    }

    @Test
    void addAndDeleteOnAnAttributeOfAnotherTypeAreIncorrectDataTypes() {
        String msg = "An operand in the update expression has an incorrect data type";
        assertThat(runtimeError("ADD a :n", item("a", s("x")), ":n", n(1))).isEqualTo(msg);
        assertThat(runtimeError("ADD a :s", item("a", n(1)), ":s", ss("x"))).isEqualTo(msg);
        assertThat(runtimeError("ADD a :s", item("a", ns("1")), ":s", ss("x"))).isEqualTo(msg);
        assertThat(runtimeError("DELETE a :s", item("a", ns("1")), ":s", ss("1"))).isEqualTo(msg);
        assertThat(runtimeError("DELETE a :s", item("a", l(s("1"))), ":s", ss("1"))).isEqualTo(msg);
    }

    @Test
    void readingAMissingAttributeInSetIsAnError() {
        assertThat(runtimeError("SET a = b", Item.EMPTY))
                .isEqualTo("The provided expression refers to an attribute that does not exist in the item");
        assertThat(runtimeError("SET a = b.c + :n", item("b", m()), ":n", n(1)))
                .isEqualTo("The provided expression refers to an attribute that does not exist in the item");
    }

    @Test
    void nestedPathsUnderMissingOrScalarParentsAreInvalidForUpdate() {
        String msg = "The document path provided in the update expression is invalid for update";
        assertThat(runtimeError("SET m.x = :v", Item.EMPTY, ":v", n(1))).isEqualTo(msg);
        assertThat(runtimeError("SET m.x.y = :v", item("m", m()), ":v", n(1))).isEqualTo(msg);
        assertThat(runtimeError("SET a.b = :v", item("a", s("str")), ":v", n(1))).isEqualTo(msg);
        assertThat(runtimeError("SET a[0] = :v", item("a", m()), ":v", n(1))).isEqualTo(msg);
        assertThat(runtimeError("SET l[5].x = :v", item("l", l(m(), m())), ":v", n(1))).isEqualTo(msg);
        assertThat(runtimeError("REMOVE m.x", Item.EMPTY)).isEqualTo(msg);
        assertThat(runtimeError("ADD m.n :v", Item.EMPTY, ":v", n(1))).isEqualTo(msg);
        assertThat(runtimeError("DELETE m.s :v", item("m", n(1)), ":v", ss("a"))).isEqualTo(msg);
    }

    @Test
    void aFailedUpdateChangesNothing() {
        Item it = item("a", n(1), "b", s("x"));
        Update u = Expressions.parseUpdate("SET a = :v, c = b + :v", Av.values(":v", n(2)));
        assertThatThrownBy(() -> u.apply(it)).isInstanceOf(ExpressionException.class);
        assertThat(it).isEqualTo(item("a", n(1), "b", s("x")));
    }
}
