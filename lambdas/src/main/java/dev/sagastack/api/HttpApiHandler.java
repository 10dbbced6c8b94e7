package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountSettings;
import dev.sagastack.config.EnvironmentVariables;
import dev.sagastack.config.SdkHttp;
import dev.sagastack.dax.CachedUserReads;
import dev.sagastack.dax.DaxClientFactory;
import dev.sagastack.dax.ReadRouting;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.forum.Forum;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.InventoryUnavailableException;
import dev.sagastack.observability.InvocationLogging;
import dev.sagastack.observability.Priming;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.pagination.CursorSigningKeys;
import dev.sagastack.pagination.InvalidCursor;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.saga.handler.Wiring;
import dev.sagastack.user.UserRepository;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP API (API Gateway HTTP API, payload format 2.0): orders (which start the saga), users,
 * accounts, forum and inventory, dispatched from the route catalog {@link HttpApiRoutes}. Every error is {@code {"error","message","field"}}; unknown paths
 * are 404, known paths with another method 405; a refused request writes nothing.
 *
 * <p>Clients and the inventory connection are built once per container from the environment:
 * the tables, {@code ORDER_SAGA_STATE_MACHINE_ARN}, the cursor key, {@code INVENTORY_DB_*},
 * {@code DAX_ENDPOINT} (optional), {@code SNAPSHOT_EVERY} (optional), and the
 * SDK's standard endpoint variables ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SFN}),
 * which the twin sets to its local engines.
 */
public final class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {

    /** The SDK's standard per-service endpoint variable for Step Functions. */
    public static final String SFN_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SFN";

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    /**
     * What the routes need; built once per container.
     *
     * @param reads           routes eventually consistent display reads (GET /users/{id}) to DAX when
     *                        {@code DAX_ENDPOINT} is set; every other read and write uses {@code dynamoDb}
     * @param accountSettings snapshot interval ({@code SNAPSHOT_EVERY}) of the accounts' event streams
     */
    public record Dependencies(DynamoDbClient dynamoDb, ReadRouting reads, String singleTable, String eventStoreTable,
                               AccountSettings accountSettings, PageCursors cursors, InventoryDatabase inventoryDatabase,
                               SagaStarter saga) {
    }

    private final Router router = new Router();
    private final Dependencies dependencies;

    public HttpApiHandler() {
        this(System.getenv());
    }

    public HttpApiHandler(Map<String, String> environment) {
        this(fromEnvironment(environment));
    }

    public HttpApiHandler(Dependencies dependencies) {
        this.dependencies = dependencies;
        Clock clock = Clock.systemUTC();
        DynamoDbClient client = dependencies.dynamoDb();
        UserRepository users = UserRepository.create(client, dependencies.singleTable(), clock);
        AccountService accounts = AccountService.create(
                EventStore.create(client, dependencies.eventStoreTable(), clock), dependencies.accountSettings(), clock);
        OrderRepository orders = OrderRepository.create(client, dependencies.singleTable(), dependencies.cursors(), clock);
        new OrdersApi(orders, users, accounts, dependencies.saga()).register(router);
        new UsersApi(users, new CachedUserReads(dependencies.reads(), dependencies.singleTable())).register(router);
        new AccountsApi(accounts, dependencies.cursors()).register(router);
        new ForumApi(Forum.create(client, dependencies.singleTable(), dependencies.cursors(), clock)).register(router);
        new InventoryApi(InventoryService.create(dependencies.inventoryDatabase())).register(router);
        router.requireEvery(HttpApiRoutes.all());
        Priming.register(this);
    }

    public static Dependencies fromEnvironment(Map<String, String> env) {
        DynamoDbClient dynamoDb = Wiring.dynamoDb(env);
        Region region = Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
        ReadRouting reads = ReadRouting.fromEnvironment(env, dynamoDb, region, DaxClientFactory.sdk());
        PageCursors cursors = new PageCursors(CursorSigningKeys.fromEnvironment(env, () -> SdkHttp.configure(SsmClient.builder())
                .region(region).build()));
        SfnClientBuilder sfn = SdkHttp.configure(SfnClient.builder()).region(region);
        String endpoint = env.get(SFN_ENDPOINT_VARIABLE);
        if (endpoint != null && !endpoint.isBlank()) {
            sfn.endpointOverride(URI.create(endpoint.trim()));
        }
        SagaStarter saga = new StepFunctionsSagaStarter(sfn.build(),
                Wiring.required(env, EnvironmentVariables.ORDER_SAGA_STATE_MACHINE_ARN));
        return new Dependencies(dynamoDb, reads, Wiring.singleTable(env), Wiring.eventStoreTable(env),
                AccountSettings.fromEnvironment(env), cursors,
                InventoryDatabase.fromEnvironment(env), saga);
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
            dependencies.inventoryDatabase().discardConnection();
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        dependencies.inventoryDatabase().discardConnection();
        try {
            dependencies.inventoryDatabase().validate();
        } catch (InventoryUnavailableException e) {
            LOG.warn("inventory database not reachable after restore: {}", e.getMessage());
        }
    }
}
