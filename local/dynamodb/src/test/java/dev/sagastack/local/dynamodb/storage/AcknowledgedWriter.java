package dev.sagastack.local.dynamodb.storage;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.dynamodb.api.ServerSettings;
import dev.sagastack.local.dynamodb.engine.Database;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The process that {@link KillNineDurabilityTest} kills: a durable engine driven through its API the way the twin
 * drives it in-process, several threads each raising its own keys' counters with UpdateItem (and a PutItem of a
 * padded item now and then so the file keeps growing and its space is reused), printing {@code ACK key value}
 * after each write the API acknowledged. Another thread interrupts the writers at random, as the twin interrupts a
 * function's thread (which runs the engine in-process) at its timeout: that must not fail a write, so any write
 * that is refused ends the process (exit 3) and the test sees it end before the kill.
 *
 * <p>Arguments: data directory, table name, writer threads, first counter value.
 */
public final class AcknowledgedWriter {

    static final int KEYS_PER_WRITER = 40;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String table = args[1];
        int writers = Integer.parseInt(args[2]);
        long start = Long.parseLong(args[3]);
        Database db = new Database(Clock.systemUTC(), new LogPersistence(dir));
        DynamoDbApi api = new DynamoDbApi(db, new ServerSettings(0.0));
        if (db.findTable(table).isEmpty()) {
            call(api, "CreateTable", """
                    {"TableName":"%s","BillingMode":"PAY_PER_REQUEST",
                     "AttributeDefinitions":[{"AttributeName":"PK","AttributeType":"S"}],
                     "KeySchema":[{"AttributeName":"PK","KeyType":"HASH"}],
                     "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}}"""
                    .formatted(table));
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.println("READY");
        out.flush();
        String padding = "x".repeat(3000);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (long value = start; ; value++) {
                    String key = "w" + writer + "-k" + (value % KEYS_PER_WRITER);
                    String body = value % 5 == 0
                            ? """
                            {"TableName":"%s","Item":{"PK":{"S":"%s"},"v":{"N":"%d"},"pad":{"S":"%s"}}}"""
                            .formatted(table, key, value, padding)
                            : """
                            {"TableName":"%s","Key":{"PK":{"S":"%s"}},"UpdateExpression":"SET v = :v",
                             "ExpressionAttributeValues":{":v":{"N":"%d"}}}"""
                            .formatted(table, key, value);
                    call(api, value % 5 == 0 ? "PutItem" : "UpdateItem", body);
                    Thread.interrupted();
                    synchronized (out) {
                        out.println("ACK " + key + " " + value);
                        out.flush();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        Random random = new Random(start);
        while (true) {
            Thread.sleep(1 + random.nextInt(5));
            threads.get(random.nextInt(threads.size())).interrupt();
        }
    }

    private static void call(DynamoDbApi api, String operation, String body) {
        DynamoDbApi.Response r = api.handle("DynamoDB_20120810." + operation, body.getBytes(StandardCharsets.UTF_8));
        if (r.status() != 200) {
            System.err.println(operation + " answered " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            Runtime.getRuntime().halt(3);
        }
    }
}
