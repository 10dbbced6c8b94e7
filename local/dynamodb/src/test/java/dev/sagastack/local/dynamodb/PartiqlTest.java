package dev.sagastack.local.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Record;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PartiQL for DynamoDB (API Reference: ExecuteStatement, BatchExecuteStatement,
 * ExecuteTransaction; Developer Guide: "PartiQL select statements", "PartiQL insert statements",
 * "PartiQL update statements", "PartiQL delete statements", "Performing transactions with
 * PartiQL", "Running batch operations with PartiQL").
 */
class PartiqlTest extends ServerFixture {

    private ExecuteStatementResponse run(String statement, AttributeValue... params) {
        return ddb.executeStatement(b -> {
            b.statement(statement);
            if (params.length > 0) {
                b.parameters(params);
            }
        });
    }

    private String ordersTable() {
        String t = createTable("N", b -> b.attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build(),
                        AttributeDefinition.builder().attributeName("status").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byStatus")
                        .keySchema(KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        for (int i = 1; i <= 5; i++) {
            run("INSERT INTO \"" + t + "\" VALUE {'pk': 'c1', 'sk': ?, 'status': ?, 'total': ?, "
                    + "'note': 'order " + i + "', 'address': {'city': ?}}",
                    n(String.valueOf(i)), s(i % 2 == 0 ? "open" : "done"), n(String.valueOf(i * 10)),
                    s(i <= 2 ? "Oslo" : "Rome"));
        }
        run("INSERT INTO \"" + t + "\" VALUE {'pk': 'c2', 'sk': 1, 'status': 'open', 'total': 7}");
        return t;
    }

    private static List<String> notes(ExecuteStatementResponse r) {
        List<String> out = new ArrayList<>();
        r.items().forEach(i -> out.add(i.containsKey("note") ? i.get("note").s() : i.get("pk").s() + "/" + i.get("sk").n()));
        return out;
    }

    @Test
    void insertThenSelectByKeyAndDuplicateInsertFails() {
        String t = ordersTable();
        ExecuteStatementResponse r = run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 3");
        assertThat(r.items()).hasSize(1);
        assertThat(r.items().get(0)).containsEntry("total", n("30"))
                .containsEntry("address", AttributeValue.fromM(Map.of("city", s("Rome"))));
        DuplicateItemException e = expect(DuplicateItemException.class,
                () -> run("INSERT INTO \"" + t + "\" VALUE {'pk': 'c1', 'sk': 3, 'total': 0}"));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Duplicate primary key exists in table");
        assertThat(run("SELECT total FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 3").items())
                .containsExactly(Map.of("total", n("30")));
    }

    @Test
    void whereClauseSupportsComparisonsFunctionsAndNestedPaths() {
        String t = ordersTable();
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk >= 4"))).containsExactly("order 4", "order 5");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk BETWEEN 2 AND 3")))
                .containsExactly("order 2", "order 3");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND total > 20 AND total <> 40")))
                .containsExactly("order 3", "order 5");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk IN [1, 5]")))
                .containsExactly("order 1", "order 5");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND begins_with(note, 'order 2')")))
                .containsExactly("order 2");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND address.city = 'Oslo'")))
                .containsExactly("order 1", "order 2");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE \"address\".\"city\" = ? AND pk = ?", s("Rome"), s("c1"))))
                .containsExactly("order 3", "order 4", "order 5");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE note IS MISSING"))).containsExactly("c2/1");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c2' AND note IS NOT MISSING"))).isEmpty();
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND (sk = 1 OR NOT total < 50)")))
                .containsExactly("order 1", "order 5");
        assertThat(run("SELECT address.city, sk FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").items())
                .containsExactly(Map.of("address", AttributeValue.fromM(Map.of("city", s("Oslo"))), "sk", n("1")));
    }

    @Test
    void selectFromAnIndexAndPaginateWithLimitAndNextToken() {
        String t = ordersTable();
        assertThat(run("SELECT * FROM \"" + t + "\".\"byStatus\" WHERE status = 'open'").items()).hasSize(3);
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            ExecuteStatementResponse page = ddb.executeStatement(b -> b
                    .statement("SELECT * FROM \"" + t + "\" WHERE pk = 'c1'").limit(2).nextToken(from));
            all.addAll(page.items());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(all).hasSize(5);
        assertThat(pages).isEqualTo(3);
        expect(DynamoDbException.class, () -> run("SELECT * FROM \"" + t + "\".\"noSuchIndex\""));
    }

    @Test
    void updateSetsRemovesAppendsAndReturns() {
        String t = ordersTable();
        run("UPDATE \"" + t + "\" SET tags = ['a'] WHERE pk = 'c1' AND sk = 1");
        ExecuteStatementResponse r = run("UPDATE \"" + t + "\" SET total = total + ? SET tags = list_append(tags, ?) "
                + "REMOVE note WHERE pk = 'c1' AND sk = 1 RETURNING ALL NEW *",
                n("5"), AttributeValue.fromL(List.of(s("b"))));
        assertThat(r.items()).hasSize(1);
        assertThat(r.items().get(0)).containsEntry("total", n("15"))
                .containsEntry("tags", AttributeValue.fromL(List.of(s("a"), s("b")))).doesNotContainKey("note");
        r = run("UPDATE \"" + t + "\" SET total = 99 WHERE pk = 'c1' AND sk = 1 RETURNING MODIFIED OLD *");
        assertThat(r.items()).containsExactly(Map.of("total", n("15")));

        ConditionalCheckFailedException missing = expect(ConditionalCheckFailedException.class,
                () -> run("UPDATE \"" + t + "\" SET total = 1 WHERE pk = 'nobody' AND sk = 1"));
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
        assertThat(run("SELECT * FROM \"" + t + "\" WHERE pk = 'nobody'").items()).isEmpty();
        expect(ConditionalCheckFailedException.class,
                () -> run("UPDATE \"" + t + "\" SET total = 1 WHERE pk = 'c1' AND sk = 2 AND total > 1000"));
        DynamoDbException noKey = expect(DynamoDbException.class,
                () -> run("UPDATE \"" + t + "\" SET total = 1 WHERE pk = 'c1'"));
        assertThat(noKey.awsErrorDetails().errorMessage())
                .isEqualTo("Where clause does not contain a mandatory equality on all key attributes");
    }

    @Test
    void deleteWithConditionAndReturning() {
        String t = ordersTable();
        expect(ConditionalCheckFailedException.class,
                () -> run("DELETE FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1 AND status = 'open'"));
        ExecuteStatementResponse r = run("DELETE FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1 AND status = 'done' "
                + "RETURNING ALL OLD *");
        assertThat(r.items()).hasSize(1);
        assertThat(r.items().get(0)).containsEntry("note", s("order 1"));
        assertThat(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").items()).isEmpty();
        // Developer Guide, "PartiQL delete statements for DynamoDB": no item with the key is SUCCESS with 0 items
        // deleted, even with a WHERE condition that could not hold; a false condition on an existing item is
        // ConditionalCheckFailedException (above)
        assertThat(run("DELETE FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1 AND status = 'open' RETURNING ALL OLD *")
                .items()).isEmpty();
    }

    @Test
    void typedParametersAndSetsRoundTrip() {
        String t = createTable(null);
        run("INSERT INTO \"" + t + "\" VALUE {'pk': ?, 'n': ?, 'm': ?, 'l': ?, 'ss': ?, 'b': ?, 'flag': true, 'nothing': null}",
                s("k"), n("1.5"), AttributeValue.fromM(Map.of("x", n("1"))), AttributeValue.fromL(List.of(s("y"))),
                AttributeValue.fromSs(List.of("a", "b")), AttributeValue.fromBool(false));
        run("UPDATE \"" + t + "\" SET ss = set_add(ss, <<'c'>>) WHERE pk = 'k'");
        Map<String, AttributeValue> item = run("SELECT * FROM \"" + t + "\" WHERE pk = 'k'").items().get(0);
        assertThat(item).containsEntry("n", n("1.5")).containsEntry("flag", AttributeValue.fromBool(true))
                .containsEntry("nothing", AttributeValue.fromNul(true)).containsEntry("b", AttributeValue.fromBool(false));
        assertThat(item.get("ss").ss()).containsExactlyInAnyOrder("a", "b", "c");
        DynamoDbException e = expect(DynamoDbException.class, () -> run("SELECT * FROM \"" + t + "\" WHERE pk = ?"));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Number of parameters in request and statement don't match.");
    }

    /**
     * Developer Guide, "PartiQL select statements for DynamoDB": {@code ORDER BY key [DESC|ASC]} orders
     * the results by the hash or sort key, ascending by default; in key order within one partition.
     */
    @Test
    void orderBySortsByTheSortKeyWithinAPartition() {
        String t = ordersTable();
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' ORDER BY sk DESC")))
                .containsExactly("order 5", "order 4", "order 3", "order 2", "order 1");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk > 2 ORDER BY sk ASC")))
                .containsExactly("order 3", "order 4", "order 5");
        assertThat(notes(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND total < 30 ORDER BY pk, sk DESC")))
                .containsExactly("order 2", "order 1");
        // pages continue in the requested order
        var first = ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' ORDER BY sk DESC")
                .limit(2));
        assertThat(notes(first)).containsExactly("order 5", "order 4");
        var second = ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' ORDER BY sk DESC")
                .limit(2).nextToken(first.nextToken()));
        assertThat(notes(second)).containsExactly("order 3", "order 2");

        DynamoDbException e = expect(DynamoDbException.class, () -> run("SELECT * FROM \"" + t + "\" ORDER BY sk"));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Must have WHERE clause in the statement when using ORDER BY clause.");
        e = expect(DynamoDbException.class, () -> run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' ORDER BY total"));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }

    @Test
    void malformedStatementsAndMissingTablesAreRefused() {
        DynamoDbException e = expect(DynamoDbException.class, () -> run("SELEKT * FROM x"));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Statement wasn't well formed, can't be processed:");
        expect(ResourceNotFoundException.class, () -> run("SELECT * FROM \"no-such-table\""));
        String deep = "SELECT * FROM \"t\" WHERE " + "(".repeat(3000) + "a = 1" + ")".repeat(3000);
        e = expect(DynamoDbException.class, () -> run(deep));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }

    @Test
    void batchReportsErrorsPerStatement() {
        String t = ordersTable();
        List<BatchStatementResponse> responses = ddb.batchExecuteStatement(b -> b.statements(
                BatchStatementRequest.builder().statement("INSERT INTO \"" + t + "\" VALUE {'pk': 'c3', 'sk': 1}").build(),
                BatchStatementRequest.builder().statement("INSERT INTO \"" + t + "\" VALUE {'pk': 'c1', 'sk': 1}").build(),
                BatchStatementRequest.builder().statement("UPDATE \"" + t + "\" SET total = 0 WHERE pk = 'c1' AND sk = 2 "
                        + "AND total > 500").build(),
                BatchStatementRequest.builder().statement("DELETE FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 5").build()))
                .responses();
        assertThat(responses).hasSize(4);
        assertThat(responses.get(0).error()).isNull();
        assertThat(responses.get(1).error().codeAsString()).isEqualTo("DuplicateItem");
        assertThat(responses.get(2).error().codeAsString()).isEqualTo("ConditionalCheckFailed");
        assertThat(responses.get(3).error()).isNull();
        assertThat(responses.get(0).tableName()).isEqualTo(t);

        List<BatchStatementResponse> reads = ddb.batchExecuteStatement(b -> b.statements(
                BatchStatementRequest.builder().statement("SELECT * FROM \"" + t + "\" WHERE pk = ? AND sk = ?")
                        .parameters(s("c3"), n("1")).build(),
                BatchStatementRequest.builder().statement("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 5").build(),
                BatchStatementRequest.builder().statement("SELECT * FROM \"" + t + "\" WHERE pk = 'c1'").build()))
                .responses();
        assertThat(reads.get(0).item()).containsEntry("pk", s("c3"));
        assertThat(reads.get(1).hasItem()).isFalse();
        assertThat(reads.get(1).error()).isNull();
        assertThat(reads.get(2).error().codeAsString()).isEqualTo("ValidationError");

        // API Reference, BatchExecuteStatement: reads and writes cannot be mixed in one batch; nothing runs
        DynamoDbException mixed = expect(DynamoDbException.class, () -> ddb.batchExecuteStatement(b -> b.statements(
                BatchStatementRequest.builder().statement("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").build(),
                BatchStatementRequest.builder().statement("DELETE FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").build())));
        assertThat(mixed.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(mixed.awsErrorDetails().errorMessage()).contains("either read statements or write statements");
        assertThat(run("SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").items()).hasSize(1);
    }

    @Test
    void transactionAppliesAllOrNothing() {
        String t = ordersTable();
        TransactionCanceledException e = expect(TransactionCanceledException.class, () -> ddb.executeTransaction(b -> b
                .transactStatements(
                        ParameterizedStatement.builder().statement("UPDATE \"" + t + "\" SET total = 0 WHERE pk = 'c1' AND sk = 1").build(),
                        ParameterizedStatement.builder().statement("INSERT INTO \"" + t + "\" VALUE {'pk': 'c1', 'sk': 2}").build())));
        assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "DuplicateItem");
        assertThat(run("SELECT total FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").items())
                .containsExactly(Map.of("total", n("10")));

        e = expect(TransactionCanceledException.class, () -> ddb.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("DELETE FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").build(),
                ParameterizedStatement.builder().statement("EXISTS(SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 2 "
                        + "AND status = 'done')").build())));
        assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "ConditionalCheckFailed");

        ddb.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("DELETE FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").build(),
                ParameterizedStatement.builder().statement("UPDATE \"" + t + "\" SET total = ? WHERE pk = 'c1' AND sk = 2")
                        .parameters(n("21")).build(),
                ParameterizedStatement.builder().statement("EXISTS(SELECT * FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 3 "
                        + "AND status = 'done')").build()));
        var reads = ddb.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("SELECT total FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 1").build(),
                ParameterizedStatement.builder().statement("SELECT total FROM \"" + t + "\" WHERE pk = 'c1' AND sk = 2").build()))
                .responses();
        assertThat(reads).hasSize(2);
        assertThat(reads.get(0).hasItem()).isFalse();
        assertThat(reads.get(1).item()).containsExactly(Map.entry("total", n("21")));
    }

    @Test
    void partiqlWritesAppearOnTheStream() {
        String t = createTable(null, b -> b.streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        run("INSERT INTO \"" + t + "\" VALUE {'pk': 'a', 'v': 1}");
        run("UPDATE \"" + t + "\" SET v = 2 WHERE pk = 'a'");
        run("DELETE FROM \"" + t + "\" WHERE pk = 'a'");
        String arn = ddb.describeTable(b -> b.tableName(t)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String it = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = streams.getRecords(b -> b.shardIterator(it)).records();
        assertThat(records).extracting(r -> r.eventNameAsString()).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(records.get(1).dynamodb().newImage().get("v").n()).isEqualTo("2");
    }
}
