package dev.sagastack.local.dynamodb.storage;

import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller interrupted while its write is made durable (the twin interrupts a function's thread when the function
 * times out, and the in-process transport runs the engine on that thread) must not break the data directory: an
 * interrupted NIO channel closes itself, and every later commit of every caller failed with "Writing to
 * FileChannel failed" until the process was restarted.
 */
class InterruptedWriterTest {

    private static final String TARGET = "DynamoDB_20120810.";

    private static DynamoDbApi.Response call(DynamoDbApi api, String operation, String json) {
        return api.handle(TARGET + operation, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String put(int i) {
        return "{\"TableName\":\"items\",\"Item\":{\"pk\":{\"S\":\"k" + i + "\"}}}";
    }

    @Test
    void writesAfterAnInterruptedCommitSucceedAndSurviveARestart(@TempDir Path dir) throws Exception {
        try (DynamoDbServer server = DynamoDbServer.start(DynamoDbServer.Options.defaults().withDataDirectory(dir))) {
            DynamoDbApi api = server.api();
            DynamoDbApi.Response created = call(api, "CreateTable", "{\"TableName\":\"items\",\"BillingMode\":\"PAY_PER_REQUEST\","
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                    + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}");
            assertThat(created.status()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            Thread interrupted = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    Thread.currentThread().interrupt();
                    call(api, "PutItem", put(i));
                }
            });
            interrupted.start();
            interrupted.join();
            for (int i = 20; i < 40; i++) {
                DynamoDbApi.Response r = call(api, "PutItem", put(i));
                assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            }
        }
        try (DynamoDbServer reopened = DynamoDbServer.start(DynamoDbServer.Options.defaults().withDataDirectory(dir))) {
            for (int i = 20; i < 40; i++) {
                String item = new String(call(reopened.api(), "GetItem",
                        "{\"TableName\":\"items\",\"Key\":{\"pk\":{\"S\":\"k" + i + "\"}}}").body(), StandardCharsets.UTF_8);
                assertThat(item).as("acknowledged item k%d after the restart", i).contains("\"k" + i + "\"");
            }
        }
    }
}
