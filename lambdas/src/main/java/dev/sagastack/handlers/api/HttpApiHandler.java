package dev.sagastack.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.api.HttpApi;
import dev.sagastack.api.HttpApiRoutes;
import dev.sagastack.config.AppContext;
import dev.sagastack.config.AwsClients;
import dev.sagastack.config.RestoredClients;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.observability.InvocationLogging;
import dev.sagastack.observability.Priming;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Lambda entry point of the HTTP API: builds the {@link HttpApi} once per container, logs each request
 * with its status, and primes the routes and clients before a SnapStart snapshot.
 *
 * <p>A stream handler: the runtime hands over the event's JSON and the function reads and writes it on
 * Jackson's streaming API ({@link HttpApiEventJson}); as a {@code RequestHandler} of the event classes the
 * runtime's own POJO serializers would set up data binding in every cold start. Hosts that hold an event
 * object call {@link #handleRequest(APIGatewayV2HTTPEvent, Context)}.
 */
public final class HttpApiHandler implements RequestStreamHandler, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    private final HttpApi api;
    private final AwsClients clients;

    public HttpApiHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public HttpApiHandler(AppContext app) {
        this.api = new HttpApi(app);
        this.clients = app.clients();
        Priming.register(this);
    }

    /** The catalog routes this function serves. */
    public Set<HttpApiRoutes.Route> routes() {
        return api.routes();
    }

    /** One invocation as Lambda makes it: the payload 2.0 event's JSON in, the response's JSON out. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        APIGatewayV2HTTPEvent event;
        try {
            event = HttpApiEventJson.read(input);
        } catch (IOException e) {
            // not an HTTP API event (API Gateway never sends one): the API's 400, as for a null event
            LOG.warn("unreadable event: {}", e.getMessage());
            event = null;
        }
        HttpApiEventJson.write(handleRequest(event, context), output);
    }

    /** One request from an event object (tests and hosts that build the event themselves). */
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (InvocationLogging ignored = InvocationLogging.open(context, Map.of())) {
            APIGatewayV2HTTPResponse response = api.respond(event);
            LOG.info("{} {} -> {}", method(event), event == null ? null : event.getRawPath(), response.getStatusCode());
            return response;
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
            api.prime();
            for (String path : new String[] {"/orders/PRIMING", "/users/PRIMING", "/accounts/PRIMING", "/inventory/PRIMING"}) {
                APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
                event.setRawPath(path);
                APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
                APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
                http.setMethod("GET");
                requestContext.setHttp(http);
                event.setRequestContext(requestContext);
                api.respond(event);
            }
        } finally {
            api.inventoryDatabase().ifPresent(InventoryDatabase::discardConnection);
        }
    }

    /** Renews or validates every client of the snapshot, then learns whether DAX answers. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        restoreClients();
    }

    /** What {@link #afterRestore} does, callable without a CRaC context. */
    public RestoredClients restoreClients() {
        RestoredClients restored = clients.afterRestore();
        if (restored.outcomes().containsKey(RestoredClients.Client.DAX) && !api.probeDax()) {
            Map<RestoredClients.Client, RestoredClients.Outcome> outcomes = new EnumMap<>(restored.outcomes());
            outcomes.put(RestoredClients.Client.DAX, RestoredClients.Outcome.UNREACHABLE);
            restored = new RestoredClients(outcomes);
        }
        LOG.info("clients after restore: {}", restored.outcomes());
        return restored;
    }
}
