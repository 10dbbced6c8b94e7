package dev.sagastack.handlers.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.config.RestoredClients;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.observability.InvocationLogging;
import dev.sagastack.observability.Priming;
import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.projection.AccountSummaryProjection;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.Map;

/**
 * Lambda entry point of the account summary projection, fed by the event store's stream with
 * ReportBatchItemFailures. Like the saga steps: clients and tables set up once per container,
 * structured logs (Powertools) per batch, latency and record counts as EMF metrics, and the read
 * path primed before a SnapStart snapshot.
 */
public final class AccountSummaryProjectionHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse>, Resource {

    /** The name its logs and metrics carry (the {@code Step} dimension the saga steps use). */
    public static final String NAME = "AccountSummaryProjection";
    public static final String RECORDS_RECEIVED = "RecordsReceived";
    public static final String RECORDS_FAILED = "RecordsFailed";

    private static final Logger LOG = LoggerFactory.getLogger(AccountSummaryProjectionHandler.class);

    private final AccountSummaryProjection projection;
    private final AwsClients clients;

    public AccountSummaryProjectionHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public AccountSummaryProjectionHandler(AppContext app) {
        this.clients = app.clients();
        DynamoDbClient client = clients.dynamoDb();
        this.projection = new AccountSummaryProjection(client, app.config().requireSingleTable(),
                EventStore.create(client, app.config().requireEventStoreTable(), app.clock()), app.clock());
        Priming.register(this);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        long started = System.nanoTime();
        try (InvocationLogging ignored = InvocationLogging.open(context, Map.of(InvocationLogging.STEP, NAME))) {
            StreamsEventResponse response = projection.handle(event);
            int received = event == null || event.getRecords() == null ? 0 : event.getRecords().size();
            int failed = response.getBatchItemFailures().size();
            if (failed > 0) {
                LOG.warn("{} of {} records reported for retry, from {}", failed, received,
                        response.getBatchItemFailures().get(0).getItemIdentifier());
            } else {
                LOG.info("{} records projected", received);
            }
            SagaMetrics.instance().stepSucceeded(NAME, Duration.ofNanos(System.nanoTime() - started),
                    Map.of(RECORDS_RECEIVED, received, RECORDS_FAILED, failed));
            return response;
        }
    }

    /** Loads the stream-record, fold and read paths (and the DynamoDB client) into the snapshot. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            projection.prime();
        } catch (RuntimeException e) {
            LOG.warn("{} priming incomplete: {}", NAME, e.toString());
        }
    }

    /** Validates the DynamoDB client of the snapshot ({@link AwsClients#afterRestore()}). */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        restoreClients();
    }

    /** What {@link #afterRestore} does, callable without a CRaC context. */
    public RestoredClients restoreClients() {
        RestoredClients restored = clients.afterRestore();
        LOG.info("{} clients after restore: {}", NAME, restored.outcomes());
        return restored;
    }
}
