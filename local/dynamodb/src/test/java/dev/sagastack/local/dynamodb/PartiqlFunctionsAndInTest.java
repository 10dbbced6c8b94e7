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
     * its only aggregate is SIZE; so COUNT and the other aggregates, and unknown functions, are
     * refused as malformed statements before anything is read.
     */
    @Test
    void aggregatesAndUnlistedFunctionsAreRefused() {
        String t = table();
        for (String statement : List.of("SELECT COUNT(*) FROM \"" + t + "\"",
                "SELECT count(pk) FROM \"" + t + "\" WHERE pk = 'c1'",
                "SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND SUM(total) > 3")) {
            DynamoDbException e = expect(DynamoDbException.class, () -> run(statement));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Statement wasn't well formed, can't be processed:")
                    .containsPattern("Aggregate function (COUNT|SUM) is not supported");
        }
        DynamoDbException e = expect(DynamoDbException.class,
                () -> run("SELECT * FROM \"" + t + "\" WHERE upper(note) = 'ORDER 1'"));
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
        // The refusal comes before the table lookup: a missing table does not change it.
        e = expect(DynamoDbException.class, () -> run("SELECT COUNT(*) FROM \"no-such-table\""));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
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
}
