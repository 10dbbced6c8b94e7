package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.account.AccountService;
import dev.sagastack.config.AppConfig;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.dax.CachedUserReads;
import dev.sagastack.dax.DaxCircuit;
import dev.sagastack.dax.ReadRouting;
import dev.sagastack.errors.Refusal;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.forum.Forum;
import dev.sagastack.functions.Functions;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.observability.SagaMetrics;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.ordering.Customers;
import dev.sagastack.ordering.OrderPlacement;
import dev.sagastack.ordering.internal.StepFunctionsSagaStarter;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.user.UserRepository;
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
 * accounts, forum and inventory, dispatched from the route catalog {@link HttpApiRoutes}. Every error
 * is {@code {"error","message","field"}}; unknown paths are 404, known paths with another method 405;
 * a refused request writes nothing.
 *
 * <p>Built once per container from its {@link AppContext}; the clients only some routes use are built
 * at their first request. A stage without the order saga (no
 * {@code ORDER_SAGA_STATE_MACHINE_ARN}) or without the inventory database (no {@code INVENTORY_DB_*})
 * has no such routes: they answer 404, as API Gateway does for a route the stage does not define,
 * and every other route works.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Router router = new Router();
    private final AwsClients clients;
    private final PageCursors cursors;
    private final boolean hasSaga;
    private final CachedUserReads userReads;

    public HttpApi(AppContext app) {
        AppConfig config = app.config();
        AwsClients clients = app.clients();
        Clock clock = app.clock();
        // built at its first call: GET /users/{id} in a stage with DAX never calls DynamoDB
        DynamoDbClient client = clients.dynamoDbAtFirstCall();
        String singleTable = config.requireSingleTable();
        // only what GET of one item needs is built here; the cursor key (SSM), Step Functions and the
        // database connection at their routes' first request, or by the SnapStart priming (prime())
        this.clients = clients;
        this.cursors = app.cursors();
        this.hasSaga = config.orderSaga().isPresent();
        // eventually consistent display reads (GET /users/{id}) go to DAX when the stage has it, and to
        // DynamoDB while DAX does not answer
        DaxCircuit circuit = new DaxCircuit(clock, DaxCircuit.RETRY_AFTER,
                () -> SagaMetrics.instance().daxFallbackRead(Functions.HTTP_API.name()));
        ReadRouting reads = new ReadRouting(client, config.dax().isPresent(), clients::dax, clients::renewDax, circuit);
        this.userReads = new CachedUserReads(reads, singleTable);
        UserRepository users = UserRepository.create(client, singleTable, clock);
        AccountService accounts = AccountService.create(
                EventStore.create(client, config.requireEventStoreTable(), clock), config.accounts(), clock);
        new UsersApi(users, userReads).register(router);
        new AccountsApi(accounts, cursors).register(router);
        new ForumApi(Forum.create(client, singleTable, cursors, clock)).register(router);
        config.orderSaga().ifPresent(saga -> {
            OrderRepository orders = OrderRepository.create(client, singleTable, cursors, clock);
            Customers customers = Customers.remembered(Customers.reading(users, accounts));
            new OrdersApi(orders, new OrderPlacement(orders, customers,
                    new StepFunctionsSagaStarter(clients::stepFunctions, saga))).register(router);
        });
        if (clients.hasInventoryDatabase()) {
            new InventoryApi(() -> InventoryService.create(clients.requireInventoryDatabase())).register(router);
        }
        router.requireEvery(HttpApiRoutes.forStage(hasSaga && clients.hasInventoryDatabase()));
    }

    /** The catalog routes this API has actions for: every route of the stage's capabilities. */
    public Set<HttpApiRoutes.Route> routes() {
        return router.registered();
    }

    /** The container's inventory connection, when the stage has the database (SnapStart drops and renews it). */
    public Optional<InventoryDatabase> inventoryDatabase() {
        return clients.inventoryDatabase();
    }

    /**
     * SnapStart priming: builds what the constructor left to the first request of its routes (the DynamoDB
     * client, the cursor key read from SSM, the Step Functions client, the database connection), so the snapshot has them.
     */
    public void prime() {
        clients.dynamoDb();
        cursors.readKey();
        if (hasSaga) {
            clients.stepFunctions();
        }
        clients.inventoryDatabase().ifPresent(InventoryDatabase::validate);
    }

    /** After a SnapStart restore (clients renewed): whether DAX answers, so an unreachable one is known before a request. */
    public boolean probeDax() {
        return userReads.probeDax();
    }

    /** Routes one request; every refusal and failure becomes the error body, never an exception. */
    public APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event) {
        try {
            if (event == null) {
                throw new ApiException(400, "BadRequest", "no event", null);
            }
            return router.route(ApiRequest.from(event));
        } catch (ApiException e) {
            return Responses.error(e, Map.of());
        } catch (Router.MethodNotAllowed e) {
            return Responses.error(new ApiException(405, "MethodNotAllowed", e.getMessage(), null), Map.of("allow", e.allow));
        } catch (Refusal e) {
            ApiException answer = ApiException.from(e);
            if (answer.status() == 503) {
                LOG.warn("refused for now: {}", e.getMessage());
                return Responses.error(answer, Map.of("retry-after", "1"));
            }
            return Responses.error(answer, Map.of());
        } catch (IllegalArgumentException e) {
            return Responses.error(ApiException.badRequest(null, e.getMessage()), Map.of());
        } catch (SdkClientException e) {
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
}
