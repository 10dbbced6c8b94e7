package dev.sagastack.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.sagastack.dynamo.DataTables;
import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.eventstore.EventStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the account summary projection, fed by the event store's stream with
 * ReportBatchItemFailures. Clients and tables are set up once per container.
 */
public final class AccountSummaryProjectionHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final AccountSummaryProjection projection;

    public AccountSummaryProjectionHandler() {
        this(System.getenv());
    }

    /** Configuration from the given environment (Lambda's, or the one a local host gives the function). */
    public AccountSummaryProjectionHandler(Map<String, String> environment) {
        this(DynamoClients.create(DynamoClients.Settings.fromEnvironment(environment)),
                DataTables.fromEnvironment(environment), Clock.systemUTC());
    }

    public AccountSummaryProjectionHandler(DynamoDbClient client, DataTables tables, Clock clock) {
        this(new AccountSummaryProjection(client, tables.singleTable(),
                EventStore.create(client, tables.eventStore(), clock), clock));
    }

    public AccountSummaryProjectionHandler(AccountSummaryProjection projection) {
        this.projection = projection;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return projection.handle(event);
    }
}
