package dev.sagastack.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.sagastack.config.AppContext;
import dev.sagastack.eventstore.EventStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lambda entry point of the account summary projection, fed by the event store's stream with
 * ReportBatchItemFailures. Clients and tables are set up once per container.
 */
public final class AccountSummaryProjectionHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final AccountSummaryProjection projection;

    public AccountSummaryProjectionHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public AccountSummaryProjectionHandler(AppContext app) {
        DynamoDbClient client = app.clients().dynamoDb();
        this.projection = new AccountSummaryProjection(client, app.config().requireSingleTable(),
                EventStore.create(client, app.config().requireEventStoreTable(), app.clock()), app.clock());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return projection.handle(event);
    }
}
