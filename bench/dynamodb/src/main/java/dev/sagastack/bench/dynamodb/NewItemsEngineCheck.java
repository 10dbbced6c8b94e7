package dev.sagastack.bench.dynamodb;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.dynamodb.api.ServerSettings;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.Persistence;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Random;

/**
 * The engine's own CPU for the cost target's operations, without HTTP and the kernel: PutItem of
 * new items (each one an INSERT stream record, NEW_AND_OLD_IMAGES) on a table that keeps growing,
 * and GetItem of items already written, on one thread, in rounds of 50,000 calls. Unlike
 * {@link EngineCpuCheck}, whose puts replace existing items, every put here inserts a new key.
 *
 * <pre>java -cp ... dev.sagastack.bench.dynamodb.NewItemsEngineCheck [rounds]</pre>
 */
public final class NewItemsEngineCheck {

    private static final int CALLS = 50_000;
    private static final String PAYLOAD = "x".repeat(150);

    private NewItemsEngineCheck() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Database db = new Database(Clock.systemUTC(), Persistence.NONE);
        DynamoDbApi api = new DynamoDbApi(db, new ServerSettings(0));
        call(api, "CreateTable", "{\"TableName\":\"bench\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int written = 0;
        for (int round = 0; round < rounds; round++) {
            // Bodies are built before timing so only the engine's work is measured.
            byte[][] puts = new byte[CALLS][];
            for (int i = 0; i < CALLS; i++) {
                puts[i] = ("{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"new-" + (written++) + "\"},"
                        + "\"status\":{\"S\":\"OPEN\"},\"amount\":{\"N\":\"1234\"},\"payload\":{\"S\":\"" + PAYLOAD
                        + "\"}}}").getBytes(StandardCharsets.UTF_8);
            }
            long put0 = threads.getCurrentThreadCpuTime();
            for (byte[] body : puts) {
                api.handle("DynamoDB_20120810.PutItem", body);
            }
            long put1 = threads.getCurrentThreadCpuTime();
            Random random = new Random(round);
            byte[][] gets = new byte[CALLS][];
            for (int i = 0; i < CALLS; i++) {
                gets[i] = ("{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"new-" + random.nextInt(written) + "\"}}}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            long get0 = threads.getCurrentThreadCpuTime();
            for (byte[] body : gets) {
                api.handle("DynamoDB_20120810.GetItem", body);
            }
            long get1 = threads.getCurrentThreadCpuTime();
            System.out.printf("round %d: %,d items; PutItem (new item) %.2f us, GetItem %.2f us engine CPU per call%n",
                    round + 1, written, (put1 - put0) / 1e3 / CALLS, (get1 - get0) / 1e3 / CALLS);
        }
    }

    private static void call(DynamoDbApi api, String operation, String body) {
        api.handle("DynamoDB_20120810." + operation, body.getBytes(StandardCharsets.UTF_8));
    }
}
