package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.account.AccountService;
import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.dax.CachedUserReads;
import dev.sagastack.dax.ReadRouting;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.forum.Forum;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.InventoryUnavailableException;
import dev.sagastack.observability.InvocationLogging;
import dev.sagastack.observability.Priming;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.pagination.InvalidCursor;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.user.UserRepository;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP API (API Gateway HTTP API, payload format 2.0): orders (which start the saga), users,
 * accounts, forum and inventory, dispatched from the route catalog {@link HttpApiRoutes}. Every error is {@code {"error","message","field"}}; unknown paths
 * are 404, known paths with another method 405; a refused request writes nothing.
 *
 * <p>Clients and the inventory connection are built once per container from its {@link AppContext}.
 * A stage without the order saga (no {@code ORDER_SAGA_STATE_MACHINE_ARN}) or without the inventory
 * database (no {@code INVENTORY_DB_*}) has no such routes: they answer 404, as API Gateway does for a
 * route the stage does not define, and every other route works.
 */
public final class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    private final Router router = new Router();
    private final Optional<InventoryDatabase> inventoryDatabase;

    public HttpApiHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public HttpApiHandler(AppContext app) {
        AppConfig config = app.config();
        AwsClients clients = app.clients();
        Clock clock = app.clock();
        DynamoDbClient client = clients.dynamoDb();
        String singleTable = config.requireSingleTable();
        PageCursors cursors = app.cursors();
        // eventually consistent display reads (GET /users/{id}) go to DAX when the stage has it
        ReadRouting reads = new ReadRouting(client, clients.dax());
        UserRepository users = UserRepository.create(client, singleTable, clock);
        AccountService accounts = AccountService.create(
                EventStore.create(client, config.requireEventStoreTable(), clock), config.accounts(), clock);
        new UsersApi(users, new CachedUserReads(reads, singleTable)).register(router);
        new AccountsApi(accounts, cursors).register(router);
        new ForumApi(Forum.create(client, singleTable, cursors, clock)).register(router);
        config.orderSaga().ifPresent(saga -> new OrdersApi(
                OrderRepository.create(client, singleTable, cursors, clock), users, accounts,
                new StepFunctionsSagaStarter(clients.stepFunctions(), saga.stateMachineArn())).register(router));
        this.inventoryDatabase = clients.inventoryDatabase();
        inventoryDatabase.ifPresent(db -> new InventoryApi(InventoryService.create(db)).register(router));
        router.requireEvery(HttpApiRoutes.forStage(config.orderSaga().isPresent() && inventoryDatabase.isPresent()));
        Priming.register(this);
    }

    /** The catalog routes this handler has actions for (all of them, or construction fails). */
    Set<HttpApiRoutes.Route> routes() {
        return router.registered();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (InvocationLogging ignored = InvocationLogging.open(context, Map.of())) {
            APIGatewayV2HTTPResponse response = respond(event);
            LOG.info("{} {} -> {}", method(event), event == null ? null : event.getRawPath(), response.getStatusCode());
            return response;
        }
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event) {
        try {
            if (event == null) {
                throw new ApiException(400, "BadRequest", "no event", null);
            }
            return router.route(ApiRequest.from(event));
        } catch (ApiException e) {
            return Responses.error(e, Map.of());
        } catch (Router.MethodNotAllowed e) {
            return Responses.error(new ApiException(405, "MethodNotAllowed", e.getMessage(), null), Map.of("allow", e.allow));
        } catch (InvalidCursor e) {
            return Responses.error(ApiException.badRequest("cursor", e.getMessage()), Map.of());
        } catch (IllegalArgumentException e) {
            return Responses.error(ApiException.badRequest(null, e.getMessage()), Map.of());
        } catch (InventoryUnavailableException | SdkClientException e) {
            LOG.warn("dependency unavailable: {}", e.getMessage());
            return Responses.error(new ApiException(503, "ServiceUnavailable", "a dependency is unavailable; retry", null),
                    Map.of("retry-after", "1"));
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                LOG.warn("dependency throttled or failing: {}", e.getMessage());
                return Responses.error(new ApiException(503, "ServiceUnavailable", "a dependency is busy; retry", null),
                        Map.of("retry-after", "1"));
            }
            LOG.error("unexpected service error", e);
            return Responses.error(new ApiException(500, "InternalError", "internal error", null), Map.of());
        } catch (RuntimeException e) {
            LOG.error("unexpected error", e);
            return Responses.error(new ApiException(500, "InternalError", "internal error", null), Map.of());
        }
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        return event == null || event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? null : event.getRequestContext().getHttp().getMethod();
    }

    /** Warms routing, Jackson and every client with reads that change nothing; drops the DB socket. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            for (String path : new String[] {"/orders/PRIMING", "/users/PRIMING", "/accounts/PRIMING", "/inventory/PRIMING"}) {
                APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
                event.setRawPath(path);
                APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
                APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
                http.setMethod("GET");
                requestContext.setHttp(http);
                event.setRequestContext(requestContext);
                respond(event);
            }
        } finally {
            inventoryDatabase.ifPresent(InventoryDatabase::discardConnection);
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        inventoryDatabase.ifPresent(database -> {
            database.discardConnection();
            try {
                database.validate();
            } catch (InventoryUnavailableException e) {
                LOG.warn("inventory database not reachable after restore: {}", e.getMessage());
            }
        });
    }
}
