package dev.sagastack.dax;

import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AwsClients;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.dynamo.RoundTripCounter;
import dev.sagastack.user.NewUser;
import dev.sagastack.user.User;
import dev.sagastack.user.UserRepository;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadRoutingTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    @Test
    void withADaxEndpointOnlyEventuallyConsistentReadsGoToDax() {
        DynamoDbClient dax = DynamoClients.create(DynamoClients.Settings.local(DYNAMO.server().endpoint()));
        List<String> created = new ArrayList<>();
        AwsClients clients = AwsClients.builder(AppConfig.fromEnvironment(
                        Map.of("DAX_ENDPOINT", "daxs://my-cluster.abc123.dax-clusters.us-east-1.amazonaws.com")))
                .dynamoDb(DYNAMO.client())
                .daxFactory((endpoint, region) -> {
                    created.add(endpoint + " " + region);
                    return dax;
                }).build();
        ReadRouting routing = routing(clients, true);

        assertThat(routing.usesDax()).isTrue();
        assertThat(created).as("built on the first read, not before").isEmpty();
        assertThat((Object) routing.read(ReadKind.EVENTUALLY_CONSISTENT, c -> c)).isSameAs(dax);
        assertThat(created).containsExactly("daxs://my-cluster.abc123.dax-clusters.us-east-1.amazonaws.com us-east-1");
        for (ReadKind kind : List.of(ReadKind.STRONGLY_CONSISTENT, ReadKind.BEFORE_CONDITIONAL_WRITE,
                ReadKind.READ_AFTER_WRITE, ReadKind.EVENT_STORE)) {
            assertThat((Object) routing.read(kind, c -> c)).as(kind.name()).isSameAs(DYNAMO.client());
        }
        dax.close();
    }

    @Test
    void withoutADaxEndpointEveryReadGoesToDynamoDbAndNoDaxClientIsBuilt() {
        AwsClients clients = AwsClients.builder(AppConfig.fromEnvironment(Map.of()))
                .dynamoDb(DYNAMO.client())
                .daxFactory((endpoint, region) -> {
                    throw new AssertionError("no DAX client without an endpoint");
                }).build();
        ReadRouting routing = routing(clients, false);

        assertThat(routing.usesDax()).isFalse();
        for (ReadKind kind : ReadKind.values()) {
            assertThat((Object) routing.read(kind, c -> c)).isSameAs(DYNAMO.client());
        }
    }

    private static ReadRouting routing(AwsClients clients, boolean dax) {
        return new ReadRouting(clients.dynamoDb(), dax, clients::dax, clients::renewDax,
                new DaxCircuit(Clock.systemUTC(), DaxCircuit.RETRY_AFTER, () -> { }));
    }

    @Test
    void endpointOfAnotherSchemeIsAConfigurationError() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("DAX_ENDPOINT", "https://dynamodb.us-east-1.amazonaws.com")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dax://");
    }

    @Test
    void cachedUserReadsAreServedByTheDaxClientWithEventualConsistency() {
        String table = DYNAMO.createTables().singleTable();
        User user = UserRepository.create(DYNAMO.client(), table, Clock.systemUTC()).create(new NewUser("ada@example.com", "Ada"));
        RoundTripCounter daxTrips = new RoundTripCounter();
        DynamoDbClient dax = DynamoClients.create(DynamoClients.Settings.local(DYNAMO.server().endpoint()).withRoundTripCounter(daxTrips));
        CachedUserReads reads = new CachedUserReads(new ReadRouting(DYNAMO.client(), true, () -> Optional.of(dax), () -> { },
                new DaxCircuit(Clock.systemUTC(), DaxCircuit.RETRY_AFTER, () -> { })), table);
        DYNAMO.roundTrips().reset();

        assertThat(reads.findById(user.userId())).contains(user);
        assertThat(reads.findByEmail("ADA@example.com")).contains(user);

        assertThat(daxTrips.count("GetItem")).isEqualTo(3);
        assertThat(DYNAMO.roundTrips().total()).isZero();
        dax.close();
    }
}
