package dev.sagastack.local.dynamodb.dax;

import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.dynamodb.ServerFixture;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dax.ClusterDaxClient;
import software.amazon.dax.Configuration;

/**
 * One engine with DAX in front per test class: {@code ddb} talks to the engine over HTTP with the SDK,
 * {@code dax} is the real {@code ClusterDaxClient} (the version the functions ship) over the DAX port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DaxFixture {

    protected DynamoDbServer server;
    protected DaxServer daxServer;
    protected DynamoDbClient ddb;
    protected DynamoDbClient dax;

    protected DaxServer.Options daxOptions() {
        return DaxServer.Options.defaults();
    }

    @BeforeAll
    void start() throws IOException {
        server = DynamoDbServer.start();
        daxServer = DaxServer.start(server.api(), daxOptions());
        ddb = ServerFixture.client(server);
        dax = daxClient(daxServer.endpoint().toString());
    }

    static DynamoDbClient daxClient(String url) throws IOException {
        return ClusterDaxClient.builder().overrideConfiguration(Configuration.builder().url(url)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "thing")))
                .build()).build();
    }

    @AfterAll
    void stop() {
        dax.close();
        ddb.close();
        daxServer.close();
        server.close();
    }

    /** A table with string hash key "pk", a range key "sk" of the given type (null for none) and a GSI on "g". */
    protected String createTable(ScalarAttributeType rangeType) {
        String name = "dax-" + UUID.randomUUID().toString().substring(0, 8);
        var b = software.amazon.awssdk.services.dynamodb.model.CreateTableRequest.builder().tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (rangeType == null) {
            b.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
            b.attributeDefinitions(def("pk", ScalarAttributeType.S), def("g", ScalarAttributeType.S));
        } else {
            b.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
            b.attributeDefinitions(def("pk", ScalarAttributeType.S), def("sk", rangeType),
                    def("g", ScalarAttributeType.S));
        }
        b.globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
        ddb.createTable(b.build());
        return name;
    }

    private static AttributeDefinition def(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }
}
