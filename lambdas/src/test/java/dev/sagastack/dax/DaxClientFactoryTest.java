package dev.sagastack.dax;

import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AwsClients;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.keys.Keys;
import dev.sagastack.local.dynamodb.dax.DaxServer;
import dev.sagastack.user.NewUser;
import dev.sagastack.user.User;
import dev.sagastack.user.UserRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DAX client a function builds ({@link DaxClientFactory#sdk()}) against the local DAX node: it reads, and it
 * runs on one event loop thread with no health-check threads (the DAX client's defaults start two event loop
 * threads per processor and a health-check scheduler per node).
 */
class DaxClientFactoryTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
    }

    @Test
    void twoClientsReadOnOneEventLoopThreadWithoutHealthCheckThreads() {
        String table = DYNAMO.createTables().singleTable();
        User user = UserRepository.create(DYNAMO.client(), table, Clock.systemUTC())
                .create(new NewUser("grace@example.com", "Grace"));
        try (DaxServer dax = DaxServer.start(DYNAMO.server().api(), DaxServer.Options.defaults());
             AwsClients first = AwsClients.builder(AppConfig.defaults().withDax(dax.endpoint().toString())).build();
             AwsClients second = AwsClients.builder(AppConfig.defaults().withDax(dax.endpoint().toString())).build()) {
            for (AwsClients clients : List.of(first, second)) {
                DynamoDbClient client = clients.dax().orElseThrow();
                Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                        .key(Keys.userProfile(user.userId()).toMap()).build()).item();
                assertThat(item.get("email").s()).isEqualTo("grace@example.com");
            }

            assertThat(threadsNamed("dax-event-loop")).as("the event loop threads of both clients").hasSize(1);
            assertThat(threadsNamed("dax-NettyEventLoop")).as("the DAX client's own event loop group").isEmpty();
            assertThat(threadsNamed("DaxBackend")).as("health-check schedulers").isEmpty();
        }
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).toList();
    }
}
