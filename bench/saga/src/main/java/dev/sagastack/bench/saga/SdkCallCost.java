package dev.sagastack.bench.saga;

import dev.sagastack.dynamo.DynamoClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cost of one DynamoDB call through the functions' client in a Lambda-like JVM: builds the client
 * as the handlers do ({@link DynamoClients}), then times GetItem calls in rounds, so changes to the
 * client configuration can be compared. Args: endpoint of a DynamoDB-compatible server, calls per round,
 * rounds. Run in a fresh JVM per configuration with the shaded jar on the class path.
 */
public final class SdkCallCost {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private SdkCallCost() {
    }

    /** "functions": exactly as the handlers build it; the others vary one setting, to price it. */
    private static DynamoDbClient client(URI endpoint, String variant) {
        if (variant.equals("functions")) {
            return DynamoClients.create(new DynamoClients.Settings(software.amazon.awssdk.regions.Region.US_EAST_1,
                    Optional.of(endpoint), java.util.List.of(), Optional.empty()));
        }
        var builder = dev.sagastack.config.SdkHttp.configure(DynamoDbClient.builder())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).endpointOverride(endpoint)
                .accountIdEndpointMode(software.amazon.awssdk.awscore.endpoints.AccountIdEndpointMode.DISABLED);
        switch (variant) {
            case "static-credentials" -> builder.credentialsProvider(
                    software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")));
            case "no-retries" -> builder.overrideConfiguration(o -> o.retryStrategy(
                    software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()));
            case "standard-retries" -> builder.overrideConfiguration(o -> o.retryStrategy(
                    software.amazon.awssdk.core.retry.RetryMode.STANDARD));
            case "account-id-preferred" -> builder.accountIdEndpointMode(
                    software.amazon.awssdk.awscore.endpoints.AccountIdEndpointMode.PREFERRED);
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        }
        return builder.build();
    }

    public static void main(String[] args) {
        URI endpoint = URI.create(args[0]);
        int perRound = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        DynamoDbClient client = client(endpoint, System.getProperty("variant", "functions"));
        long built = System.nanoTime();
        try {
            client.createTable(b -> b.tableName("cost").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("PK")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException e) {
            // a previous run made it
        }
        client.putItem(b -> b.tableName("cost").item(Map.of("PK", AttributeValue.fromS("k"),
                "v", AttributeValue.fromS("value"))));
        long first = System.nanoTime();
        GetItemRequest get = GetItemRequest.builder().tableName("cost").key(Map.of("PK", AttributeValue.fromS("k")))
                .consistentRead(true).build();
        client.getItem(get);
        long firstDone = System.nanoTime();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "build %.0f ms, first get %.1f ms; p50 per round:",
                (built - t0) / 1e6, (firstDone - first) / 1e6));
        for (int r = 0; r < rounds; r++) {
            double[] ms = new double[perRound];
            double[] cpu = new double[perRound];
            for (int i = 0; i < perRound; i++) {
                long c = THREADS.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                client.getItem(get);
                ms[i] = (System.nanoTime() - s) / 1e6;
                cpu[i] = (THREADS.getCurrentThreadCpuTime() - c) / 1e6;
            }
            Arrays.sort(ms);
            Arrays.sort(cpu);
            // wall p50 (caller's CPU p50)
            out.append(String.format(Locale.ROOT, " %.2f(%.2f)", ms[perRound / 2], cpu[perRound / 2]));
        }
        System.out.println(out);
    }
}
