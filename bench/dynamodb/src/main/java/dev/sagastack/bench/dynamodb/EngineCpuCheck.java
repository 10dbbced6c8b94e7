package dev.sagastack.bench.dynamodb;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.dynamodb.api.ServerSettings;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.Persistence;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * The engine's own CPU cost per operation, without HTTP and the kernel: request bodies shaped like
 * the SDK's go straight into the API layer (JSON parsing, validation, expressions, storage, stream
 * records, JSON response) on one thread, measured with that thread's CPU time after warm-up. This
 * figure depends little on how loaded the machine is, unlike the over-the-wire server CPU.
 */
public final class EngineCpuCheck {

    private static final int PARTITIONS = 2000;
    private static final int ITEMS_PER_PARTITION = 30;

    private EngineCpuCheck() {
    }

    public static void main(String[] args) {
        Database db = new Database(Clock.systemUTC(), Persistence.NONE);
        DynamoDbApi api = new DynamoDbApi(db, new ServerSettings(0));
        call(api, "CreateTable", "{\"TableName\":\"bench\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],"
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"S\"}],"
                + "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}");
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < ITEMS_PER_PARTITION; i++) {
                call(api, "PutItem", put(p, i));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] names = {"PutItem", "GetItem", "Query(25)", "TransactWrite(2)"};
        String[] targets = {"PutItem", "GetItem", "Query", "TransactWriteItems"};
        IntFunction<String>[] bodies = new IntFunction[] {
            i -> put(random(PARTITIONS), random(ITEMS_PER_PARTITION)),
            i -> "{\"TableName\":\"bench\",\"Key\":" + key(random(PARTITIONS), random(ITEMS_PER_PARTITION)) + "}",
            i -> "{\"TableName\":\"bench\",\"KeyConditionExpression\":\"pk = :p\",\"ExpressionAttributeValues\":"
                    + "{\":p\":{\"S\":\"customer#" + random(PARTITIONS) + "\"}},\"Limit\":25}",
            i -> transact(random(PARTITIONS), random(ITEMS_PER_PARTITION - 1)),
        };
        System.out.printf("%-18s %22s%n", "operation", "engine CPU us/op");
        for (int round = 0; round < 2; round++) {
            for (int op = 0; op < names.length; op++) {
                int n = 100_000;
                // Request bodies are built before timing so only the engine's work is measured.
                byte[][] prepared = new byte[10_000][];
                for (int i = 0; i < prepared.length; i++) {
                    prepared[i] = bodies[op].apply(i).getBytes(StandardCharsets.UTF_8);
                }
                String target = "DynamoDB_20120810." + targets[op];
                long cpu0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    DynamoDbApi.Response r = api.handle(target, prepared[i % prepared.length]);
                    if (r.status() != 200) {
                        throw new IllegalStateException(new String(r.body(), StandardCharsets.UTF_8));
                    }
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                if (round == 1) {
                    System.out.printf("%-18s %22.1f%n", names[op], cpu / 1000.0 / n);
                }
            }
        }
    }

    private static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    private static String key(int p, int i) {
        return "{\"pk\":{\"S\":\"customer#" + p + "\"},\"sk\":{\"S\":\"" + String.format("order#%05d", i) + "\"}}";
    }

    private static String item(int p, int i) {
        return "{\"pk\":{\"S\":\"customer#" + p + "\"},\"sk\":{\"S\":\"" + String.format("order#%05d", i)
                + "\"},\"amount\":{\"N\":\"" + (i * 100) + "\"},\"status\":{\"S\":\"OPEN\"},\"payload\":{\"S\":\""
                + "x".repeat(150) + "\"}}";
    }

    private static String put(int p, int i) {
        return "{\"TableName\":\"bench\",\"Item\":" + item(p, i) + "}";
    }

    private static String transact(int p, int i) {
        return "{\"TransactItems\":[{\"Put\":{\"TableName\":\"bench\",\"Item\":" + item(p, i)
                + ",\"ConditionExpression\":\"attribute_exists(pk)\"}},{\"Update\":{\"TableName\":\"bench\",\"Key\":"
                + key(p, i + 1) + ",\"UpdateExpression\":\"SET amount = amount + :one\","
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}}]}";
        // No ClientRequestToken: prepared bodies are reused, and a repeated token would make the
        // repeats idempotent no-ops instead of transactions.
    }

    private static void call(DynamoDbApi api, String op, String body) {
        DynamoDbApi.Response r = api.handle("DynamoDB_20120810." + op, body.getBytes(StandardCharsets.UTF_8));
        if (r.status() != 200) {
            throw new IllegalStateException(op + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
    }
}
