package dev.sagastack.dax;

import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AwsClients;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.dynamo.RoundTripCounter;
import dev.sagastack.local.dynamodb.dax.DaxServer;
import dev.sagastack.user.NewUser;
import dev.sagastack.user.User;
import dev.sagastack.user.UserRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DAX read path with the real DAX client ({@link DaxClientFactory#sdk()}, built through
 * {@link AwsClients}) against the local DAX node, and what happens when the node is not there: the
 * read is served by DynamoDB within the client's timeouts, each such read is counted, the following
 * reads skip DAX, and DAX serves again once it is back and the retry interval has passed.
 */
class DaxFallbackTest {

    /** Connect timeout plus request timeout of the DAX client, with room for a loaded machine. */
    private static final Duration BOUND = DaxClientFactory.CONNECT_TIMEOUT.plus(DaxClientFactory.REQUEST_TIMEOUT)
            .plusSeconds(2);

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger fallbacks = new AtomicInteger();
    private final RoundTripCounter tableTrips = new RoundTripCounter();

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
    }

    @Test
    void withDaxOnAClosedPortReadsAreServedByDynamoDbWithinTheBoundAndCounted() throws IOException {
        String table = DYNAMO.createTables().singleTable();
        User user = UserRepository.create(DYNAMO.client(), table, Clock.systemUTC()).create(new NewUser("ada@example.com", "Ada"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (AwsClients clients = clients("dax://127.0.0.1:" + closedPort)) {
            CachedUserReads reads = reads(clients, table);
            tableTrips.reset();

            long started = System.nanoTime();
            assertThat(reads.findById(user.userId())).contains(user);
            Duration first = Duration.ofNanos(System.nanoTime() - started);

            assertThat(first).as("the first read waits at most the DAX client's timeouts").isLessThan(BOUND);
            assertThat(tableTrips.count("GetItem")).isEqualTo(1);
            assertThat(fallbacks).hasValue(1);

            started = System.nanoTime();
            assertThat(reads.findById(user.userId())).contains(user);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("an open circuit does not wait on DAX")
                    .isLessThan(Duration.ofMillis(500));
            assertThat(tableTrips.count("GetItem")).isEqualTo(2);
            assertThat(fallbacks).hasValue(2);
        }
    }

    @Test
    void daxStoppedMidwayFallsBackAndServesAgainOnceBackAfterTheRetryInterval() throws IOException {
        String table = DYNAMO.createTables().singleTable();
        User user = UserRepository.create(DYNAMO.client(), table, Clock.systemUTC()).create(new NewUser("bob@example.com", "Bob"));
        DaxServer dax = DaxServer.start(DYNAMO.server().api(), DaxServer.Options.defaults());
        int port = dax.endpoint().getPort();
        try (AwsClients clients = clients(dax.endpoint().toString())) {
            CachedUserReads reads = reads(clients, table);
            tableTrips.reset();

            assertThat(reads.findById(user.userId())).contains(user);
            assertThat(tableTrips.total()).as("served by DAX").isZero();

            dax.close();
            long started = System.nanoTime();
            assertThat(reads.findById(user.userId())).contains(user);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
            assertThat(tableTrips.count("GetItem")).isEqualTo(1);
            assertThat(fallbacks).hasValue(1);

            dax = DaxServer.start(DYNAMO.server().api(), DaxServer.Options.defaults().withPort(port));
            assertThat(reads.findById(user.userId())).contains(user);
            assertThat(tableTrips.count("GetItem")).as("within the interval DAX is not tried").isEqualTo(2);

            clock.advance(DaxCircuit.RETRY_AFTER);
            assertThat(reads.findById(user.userId())).contains(user);
            assertThat(reads.findById(user.userId())).contains(user);
            assertThat(tableTrips.count("GetItem")).as("DAX serves again").isEqualTo(2);
            assertThat(fallbacks).hasValue(2);
        } finally {
            dax.close();
        }
    }

    private AwsClients clients(String daxEndpoint) {
        AppConfig config = AppConfig.defaults().withDax(daxEndpoint);
        // its own DynamoDB client (closed with the others), counted apart from the fixture's writes
        return AwsClients.builder(config).dynamoDb(DynamoClients.create(
                DynamoClients.Settings.local(DYNAMO.server().endpoint()).withRoundTripCounter(tableTrips))).build();
    }

    private CachedUserReads reads(AwsClients clients, String table) {
        return new CachedUserReads(new ReadRouting(clients.dynamoDb(), true, clients::dax, clients::renewDax,
                new DaxCircuit(clock, DaxCircuit.RETRY_AFTER, fallbacks::incrementAndGet)), table);
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
