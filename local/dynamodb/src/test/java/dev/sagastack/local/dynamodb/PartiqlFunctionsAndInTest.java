package dev.sagastack.local.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PartiQL functions and IN on the partition key (Developer Guide: "Use PartiQL functions with
 * DynamoDB" and its pages for ATTRIBUTE_TYPE, CONTAINS and SIZE; "PartiQL select statements for
 * DynamoDB"; "PartiQL arithmetic, comparison, and logical operators for DynamoDB", IN).
 */
class PartiqlFunctionsAndInTest extends ServerFixture {

    private ExecuteStatementResponse run(String statement) {
        return ddb.executeStatement(b -> b.statement(statement));
    }

    /** Partitions c1 (five small items) and c2 (one), and ten partitions of one 3 KB item each. */
    private String table() {
        String t = createTable("N", b -> b.attributeDefinitions(
                AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build()));
        for (int i = 1; i <= 5; i++) {
            run("INSERT INTO \"" + t + "\" VALUE {'pk': 'c1', 'sk': " + i + ", 'total': " + i * 10
                    + ", 'note': 'order " + i + "', 'tags': <<'t" + i + "', 'all'>>}");
        }
        run("INSERT INTO \"" + t + "\" VALUE {'pk': 'c2', 'sk': 1, 'total': 7, 'note': 7, 'tags': ['all']}");
        for (int i = 0; i < 10; i++) {
            run("INSERT INTO \"" + t + "\" VALUE {'pk': 'big" + i + "', 'sk': 1, 'total': 1, 'pad': '"
                    + "x".repeat(3000) + "'}");
        }
        return t;
    }

    private static List<String> keys(List<Map<String, AttributeValue>> items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("pk").s() + "/" + i.get("sk").n()));
        return out;
    }

    @Test
    void attributeTypeContainsAndSizeFilterTheWhereClause() {
        String t = table();
        // ATTRIBUTE_TYPE page: SELECT * FROM "Music" WHERE attribute_type("Artist", 'S')
        assertThat(keys(run("SELECT * FROM \"" + t + "\" WHERE attribute_type(\"note\", 'S')").items()))
                .containsExactlyInAnyOrder("c1/1", "c1/2", "c1/3", "c1/4", "c1/5");
        assertThat(keys(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c2' AND attribute_type(note, 'N')").items()))
                .containsExactly("c2/1");
        assertThat(keys(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND NOT attribute_type(tags, 'SS')").items()))
                .isEmpty();
        // CONTAINS page: a substring of a string, or an element of a set.
        assertThat(keys(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND contains(\"note\", 'der 3')").items()))
                .containsExactly("c1/3");
        assertThat(keys(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND contains(tags, 't4')").items()))
                .containsExactly("c1/4");
        // SIZE page: SELECT * FROM "Orders" WHERE "OrderID"=1 AND size("Image") >300
        assertThat(keys(run("SELECT * FROM \"" + t + "\" WHERE size(\"pad\") > 2999 AND pk = 'big3'").items()))
                .containsExactly("big3/1");
        assertThat(keys(run("SELECT * FROM \"" + t + "\" WHERE size(tags) = 1").items())).containsExactly("c2/1");
        assertThat(keys(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND size(tags) = 2 AND sk <= 2").items()))
                .containsExactly("c1/1", "c1/2");
    }

    /**
     * "Use PartiQL functions with DynamoDB": SQL functions not on its list are not supported, and
     * its only aggregate is SIZE; so aggregates and unknown functions in a WHERE clause are refused as
     * malformed statements before anything is read.
     */
    @Test
    void aggregatesAndUnlistedFunctionsInWhereAreRefused() {
        String t = table();
        DynamoDbException e = expect(DynamoDbException.class,
                () -> run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND SUM(total) > 3"));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Statement wasn't well formed, can't be processed: Aggregate function SUM is not supported");
        e = expect(DynamoDbException.class, () -> run("SELECT * FROM \"" + t + "\" WHERE upper(note) = 'ORDER 1'"));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Statement wasn't well formed, can't be processed: Function UPPER is not supported");
        // A statement that parses but cannot run (arithmetic outside SET) is the caller's error too.
        for (String statement : List.of("SELECT * FROM \"" + t + "\" WHERE total + 1 = 11",
                "DELETE FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1 AND total - 1 = 9")) {
            e = expect(DynamoDbException.class, () -> run(statement));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.statusCode()).isEqualTo(400);
        }
        assertThat(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").items()).hasSize(1);
    }

    /**
     * "PartiQL select statements for DynamoDB": the select list is {@code *} or attribute names and
     * document paths, so a function there - COUNT(*) and the other aggregates included - is refused.
     * The message is DynamoDB's answer to COUNT(*) as other emulators recorded it against DynamoDB: a
     * bare "Unexpected path component at LINE:COLUMN:LENGTH" naming the function's name token, given
     * before the table is looked up.
     */
    @Test
    void functionsInTheSelectListAreRefusedAsUnexpectedPathComponents() {
        String t = table();
        Map<String, String> refusals = Map.of(
                "SELECT COUNT(*) FROM \"" + t + "\"", "Unexpected path component at 1:8:5",
                "SELECT count(pk) FROM \"" + t + "\" WHERE pk = 'c1'", "Unexpected path component at 1:8:5",
                "SELECT pk, COUNT(*) FROM \"" + t + "\"", "Unexpected path component at 1:12:5",
                "SELECT\n  sk,\n  SUM(total) FROM \"" + t + "\"", "Unexpected path component at 3:3:3",
                "SELECT size(note) FROM \"" + t + "\" WHERE pk = 'c1'", "Unexpected path component at 1:8:4",
                "SELECT COUNT(*) FROM \"no-such-table\"", "Unexpected path component at 1:8:5");
        refusals.forEach((statement, message) -> {
            DynamoDbException e = expect(DynamoDbException.class, () -> run(statement));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).as(statement).isEqualTo(message);
        });
        // A quoted "COUNT" is an attribute name, and names are still projected.
        assertThat(run("SELECT \"COUNT\", total FROM \"" + t + "\" WHERE pk = 'c2'").items())
                .containsExactly(Map.of("total", AttributeValue.fromN("7")));
    }

    /**
     * "PartiQL select statements for DynamoDB": a SELECT with an equality or IN condition on the
     * partition key is not a full table scan. IN on the partition key reads each listed partition
     * (duplicates once, in the order listed) and returns what the scan with the same WHERE returns,
     * paginated by Limit and NextToken; its ConsumedCapacity is that of the partitions it read.
     */
    @Test
    void inOnThePartitionKeyReadsOnlyTheListedPartitions() {
        String t = table();
        String in = "SELECT * FROM \"" + t + "\" WHERE pk IN ['c2', 'c1', 'c2', 'nobody'] AND total >= 7";
        ExecuteStatementResponse r = ddb.executeStatement(b -> b.statement(in)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(keys(r.items())).containsExactly("c2/1", "c1/1", "c1/2", "c1/3", "c1/4", "c1/5");
        assertThat(r.nextToken()).isNull();
        // The same WHERE as a scan (an OR keeps the partition key out of the key plan) finds the same items.
        ExecuteStatementResponse scan = ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + t
                + "\" WHERE (pk = 'c2' OR pk = 'c1' OR pk = 'nobody') AND total >= 7")
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(keys(scan.items())).containsExactlyInAnyOrderElementsOf(keys(r.items()));

        double perPartition = 0;
        for (String pk : List.of("c2", "c1", "nobody")) {
            perPartition += ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + t + "\" WHERE pk = '" + pk
                    + "' AND total >= 7").returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                    .consumedCapacity().capacityUnits();
        }
        assertThat(r.consumedCapacity().tableName()).isEqualTo(t);
        assertThat(r.consumedCapacity().capacityUnits()).isEqualTo(perPartition);
        assertThat(r.consumedCapacity().capacityUnits()).isLessThan(scan.consumedCapacity().capacityUnits());

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ExecuteStatementResponse page = ddb.executeStatement(ExecuteStatementRequest.builder().statement(in)
                    .limit(2).nextToken(next).build());
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            paged.addAll(keys(page.items()));
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 20);
        assertThat(paged).containsExactly("c2/1", "c1/1", "c1/2", "c1/3", "c1/4", "c1/5");
        assertThat(pages).isGreaterThan(2);

        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.executeStatement(b -> b.statement(in)
                .nextToken("bm90LWEtdG9rZW4")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }

    /**
     * "PartiQL arithmetic, comparison, and logical operators for DynamoDB", IN: "Results are returned
     * in pages of up to 10 items. If the IN list contains more values, you must use the NextToken
     * returned in the response to retrieve subsequent pages." Pages hold at most 10 items whether the
     * values are single items or a partition holds more than 10, and a Limit below 10 still counts.
     */
    @Test
    void inOnThePartitionKeyReturnsPagesOfUpToTenItems() {
        String t = createTable("N", b -> b.attributeDefinitions(
                AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build()));
        for (int i = 0; i < 15; i++) {
            run("INSERT INTO \"" + t + "\" VALUE {'pk': 'many', 'sk': " + i + "}");
        }
        List<String> values = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            run("INSERT INTO \"" + t + "\" VALUE {'pk': 'one" + i + "', 'sk': 0}");
            values.add("'one" + i + "'");
            expected.add("one" + i + "/0");
        }
        values.add("'many'");
        for (int i = 0; i < 15; i++) {
            expected.add("many/" + i);
        }
        String in = "SELECT * FROM \"" + t + "\" WHERE pk IN [" + String.join(", ", values) + "]";
        assertThat(pageSizes(in, null, expected)).containsExactly(10, 10, 7);
        assertThat(pageSizes(in, 4, expected)).containsExactly(4, 4, 4, 4, 4, 4, 3);
        assertThat(pageSizes(in, 25, expected)).containsExactly(10, 10, 7);
    }

    private List<Integer> pageSizes(String statement, Integer limit, List<String> expected) {
        List<Integer> sizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            ExecuteStatementResponse page = ddb.executeStatement(ExecuteStatementRequest.builder()
                    .statement(statement).limit(limit).nextToken(token).build());
            assertThat(page.items().size()).isLessThanOrEqualTo(10);
            if (!page.items().isEmpty()) {
                sizes.add(page.items().size());
            }
            seen.addAll(keys(page.items()));
            token = page.nextToken();
        } while (token != null && sizes.size() < 50);
        assertThat(seen).containsExactlyElementsOf(expected);
        return sizes;
    }

    /**
     * "PartiQL arithmetic, comparison, and logical operators for DynamoDB", IN: "at max 50 hash
     * attribute values or at max 100 non-key attribute values". One more is a ValidationException.
     */
    @Test
    void inTakesAtMostFiftyPartitionKeyValuesAndAHundredOthers() {
        String t = table();
        String fifty = "SELECT * FROM \"" + t + "\" WHERE pk IN [" + quoted("c", 49) + ", 'c1']";
        assertThat(keys(run(fifty).items())).hasSize(5);
        DynamoDbException e = expect(DynamoDbException.class,
                () -> run("SELECT * FROM \"" + t + "\" WHERE pk IN [" + quoted("c", 51) + "]"));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "The IN operator on the partition key is provided with too many operands; number of operands: 51;"
                        + " maximum: 50");

        String hundred = "SELECT * FROM \"" + t + "\" WHERE note IN [" + quoted("x", 99) + ", 'order 2']";
        assertThat(keys(run(hundred).items())).containsExactly("c1/2");
        for (String statement : List.of(
                "SELECT * FROM \"" + t + "\" WHERE note IN [" + quoted("x", 101) + "]",
                "SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND note IN (" + quoted("x", 101) + ")",
                "SELECT * FROM \"no-such-table\" WHERE note IN [" + quoted("x", 101) + "]")) {
            e = expect(DynamoDbException.class, () -> run(statement));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The IN operator is provided with too many operands; number of operands: 101");
        }
    }

    private static String quoted(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("'" + prefix + "-" + i + "'");
        }
        return String.join(", ", out);
    }
}
