package dev.sagastack.local.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Injected engine faults reach the SDK as the exceptions DynamoDB documents for them ("Error handling with
 * DynamoDB": ProvisionedThroughputExceededException and ThrottlingException are 400s, InternalServerError a 500),
 * count down per matching call, and change nothing; the control target exists only when faults are allowed.
 */
class EngineFaultsTest extends ServerFixture {

    private HttpResponse<String> control(String action, String body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "SagastackLocalFaults." + action)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, AttributeValue> item(String key) {
        return Map.of("pk", AttributeValue.fromS(key));
    }

    @Test
    void faultsArmedOnAnOperationAndTableFailThatManyCallsAndWriteNothing() throws Exception {
        server.api().allowFaults();
        String table = createTable(null, b -> { });
        String other = createTable(null, b -> { });
        assertThat(control("PutFault", "{\"operation\":\"PutItem\",\"table\":\"" + table
                + "\",\"mode\":\"ProvisionedThroughputExceededException\",\"times\":2}").statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            ProvisionedThroughputExceededException e = catchThrowableOfType(ProvisionedThroughputExceededException.class,
                    () -> ddb.putItem(p -> p.tableName(table).item(item("a"))));
            assertThat(e.statusCode()).isEqualTo(400);
        }
        ddb.putItem(p -> p.tableName(other).item(item("b"))); // another table is not hit
        assertThat(ddb.getItem(g -> g.tableName(table).key(item("a")).consistentRead(true)).hasItem()).isFalse();
        ddb.putItem(p -> p.tableName(table).item(item("a")));
        assertThat(ddb.getItem(g -> g.tableName(table).key(item("a")).consistentRead(true)).hasItem()).isTrue();

        control("PutFault", "{\"operation\":\"*\",\"table\":\"*\",\"mode\":\"InternalServerError\",\"times\":1}");
        InternalServerErrorException e = catchThrowableOfType(InternalServerErrorException.class,
                () -> ddb.getItem(g -> g.tableName(other).key(item("b"))));
        assertThat(e.statusCode()).isEqualTo(500);
        control("PutFault", "{\"operation\":\"GetItem\",\"mode\":\"ThrottlingException\",\"times\":5}");
        DynamoDbException throttled = catchThrowableOfType(DynamoDbException.class,
                () -> ddb.getItem(g -> g.tableName(other).key(item("b"))));
        assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(control("ListFaults", "{}").body()).contains("\"remaining\":4");
        assertThat(control("ClearFaults", "{}").body()).isEqualTo("{\"Faults\":[]}");
        assertThat(ddb.getItem(g -> g.tableName(other).key(item("b"))).hasItem()).isTrue();
        assertThat(control("PutFault", "{\"mode\":\"gremlins\"}").body()).contains("ValidationException");
    }

    @Test
    void withoutFaultsAllowedTheControlTargetDoesNotExist() throws Exception {
        try (DynamoDbServer plain = DynamoDbServer.start(DynamoDbServer.Options.defaults())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain.endpoint() + "/"))
                    .header("X-Amz-Target", "SagastackLocalFaults.PutFault")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"InternalServerError\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("UnknownOperationException");
        }
    }

    @Test
    void latencyDelaysTheCallAndThenRunsIt() throws Exception {
        server.api().allowFaults();
        String table = createTable(null, b -> { });
        control("PutFault", "{\"operation\":\"PutItem\",\"mode\":\"latency\",\"latencyMillis\":300,\"times\":1}");
        long start = System.nanoTime();
        ddb.putItem(p -> p.tableName(table).item(item("slow")));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(ddb.getItem(g -> g.tableName(table).key(item("slow")).consistentRead(true)).hasItem()).isTrue();
    }
}
