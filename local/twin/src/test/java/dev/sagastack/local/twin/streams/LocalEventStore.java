package dev.sagastack.local.twin.streams;

import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.time.Duration;

/**
 * An embedded DynamoDB server holding one event store table (its stream on), with the SDK's clients of the
 * table and of its stream: what a stream mapping reads in these tests.
 */
record LocalEventStore(DynamoDbServer server, DynamoDbClient dynamo, DynamoDbStreamsClient streams)
        implements AutoCloseable {

    /** Something a test waits for; it may call the server. */
    interface Check {
        boolean holds() throws Exception;
    }

    static LocalEventStore start(String table) {
        DynamoDbServer server = DynamoDbServer.start(DynamoDbServer.Options.defaults());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(server.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        dynamo.createTable(TableSpecs.createTableRequest(Tables.EVENT_STORE, table));
        return new LocalEventStore(server, dynamo, streams);
    }

    /** Waits until {@code check} holds; fails after 20 s (deliveries are asynchronous). */
    static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 20 s");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        streams.close();
        dynamo.close();
        server.close();
    }
}
