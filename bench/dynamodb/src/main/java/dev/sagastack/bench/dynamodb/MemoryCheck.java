package dev.sagastack.bench.dynamodb;

import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.ItemSize;
import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import dev.sagastack.local.dynamodb.engine.Persistence;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.Item;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads N items of about 200 bytes (DynamoDB's item size) into an in-memory engine and prints the
 * heap used after a full GC. Run it with -Xmx1g: finishing at all proves the items fit in 1 GiB.
 */
public final class MemoryCheck {

    private MemoryCheck() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Runtime rt = Runtime.getRuntime();
        long baseline = usedAfterGc(rt);
        Database db = new Database(Clock.systemUTC(), Persistence.NONE);
        KeyAttribute pk = new KeyAttribute("pk", AttributeValue.Type.S);
        KeyAttribute sk = new KeyAttribute("sk", AttributeValue.Type.S);
        Table table = db.createTable(new TableSchema("memory", "memory-id", Clock.systemUTC().instant(), pk,
                Optional.of(sk), List.of(pk, sk), true, Optional.empty(), List.of(), List.of(), Optional.empty(),
                Optional.empty(), false));
        String payload = "p".repeat(150);
        long totalSize = 0;
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> a = new LinkedHashMap<>();
            a.put("pk", AttributeValue.s("customer#" + (i / 20)));
            a.put("sk", AttributeValue.s(String.format("order#%06d", i % 20)));
            a.put("amount", AttributeValue.n(i));
            a.put("status", AttributeValue.s("OPEN"));
            a.put("payload", AttributeValue.s(payload));
            Item item = new Item(a);
            totalSize += ItemSize.of(item);
            table.write(table.primaryKey(a), null, item, System.currentTimeMillis(), false);
        }
        long used = usedAfterGc(rt);
        System.out.printf("memory: %d items, average DynamoDB item size %.0f bytes, heap used %.0f MiB "
                + "(%.0f MiB above the empty JVM), max heap %.0f MiB, %d bytes per item%n",
                table.itemCount(), (double) totalSize / count, used / 1048576.0, (used - baseline) / 1048576.0,
                rt.maxMemory() / 1048576.0, (used - baseline) / count);
    }

    private static long usedAfterGc(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
