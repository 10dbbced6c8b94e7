package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.order.InvalidOrder;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderConflict;
import dev.sagastack.order.OrderIds;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderQueries;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.ordering.ExecutionConflict;
import dev.sagastack.ordering.OrderPlacement;

import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /orders} starts the saga; {@code GET /orders/{id}} and {@code GET /orders?status=} read.
 *
 * <p>POST validates the request, then {@link OrderPlacement} places the order (its id derived from the
 * {@code Idempotency-Key} when one is sent). A repeated request returns the same order and execution;
 * the same key with another body is 409. The execution ARN of an order follows from its id.
 */
final class OrdersApi {

    static final int MAX_QUANTITY = 10_000;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final OrderQueries orders;
    private final OrderPlacement placement;

    OrdersApi(OrderQueries orders, OrderPlacement placement) {
        this.orders = orders;
        this.placement = placement;
    }

    void register(Router router) {
        router.add(HttpApiRoutes.CREATE_ORDER, this::create)
                .add(HttpApiRoutes.LIST_ORDERS, this::list)
                .add(HttpApiRoutes.GET_ORDER, this::get);
    }

    private APIGatewayV2HTTPResponse create(ApiRequest request) {
        Optional<String> key = request.header(IDEMPOTENCY_KEY).map(String::trim);
        if (key.isPresent() && (key.get().isEmpty() || key.get().length() > 256)) {
            throw ApiException.badRequest(IDEMPOTENCY_KEY, IDEMPOTENCY_KEY + " must be 1-256 characters");
        }
        JsonBody body = request.json();
        String userId = body.requiredId("userId");
        String accountId = body.requiredId("accountId");
        List<JsonBody> items = body.requiredObjects("items", 1, NewOrder.MAX_LINES);
        String currency = currency(body);
        List<OrderLine> lines = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (JsonBody item : items) {
            String sku = item.requiredId("sku");
            long quantity = item.requiredPositiveLong("quantity");
            if (quantity > MAX_QUANTITY) {
                throw ApiException.badRequest(item.path("quantity"), item.path("quantity") + " must be at most " + MAX_QUANTITY);
            }
            long unitPrice = item.requiredPositiveLong("unitPrice");
            if (!skus.add(sku)) {
                throw ApiException.badRequest(item.path("sku"), "sku " + sku + " appears on more than one line");
            }
            try {
                lines.add(new OrderLine(sku, (int) quantity, unitPrice));
            } catch (InvalidOrder e) {
                throw ApiException.badRequest(item.path("sku"), e.getMessage());
            }
        }
        String orderId;
        NewOrder newOrder;
        try {
            orderId = key.map(k -> OrderIds.fromIdempotencyKey(userId, k)).orElseGet(OrderIds::newId);
            newOrder = new NewOrder(orderId, userId, lines, currency);
        } catch (InvalidOrder | IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage().contains("line") ? "items" : "userId", e.getMessage());
        }

        OrderPlacement.Placed placed;
        try {
            placed = placement.place(newOrder, accountId);
        } catch (OrderConflict e) {
            throw ApiException.conflict("IdempotencyKeyReused", IDEMPOTENCY_KEY
                    + " was already used for a different order", IDEMPOTENCY_KEY);
        } catch (ExecutionConflict e) {
            throw ApiException.conflict("ExecutionConflict", e.getMessage(), IDEMPOTENCY_KEY);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("orderId", orderId);
        response.put("executionArn", placed.executionArn());
        response.put("status", placed.order().status().name());
        return Responses.json(202, response, Map.of("location", "/orders/" + orderId));
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        String orderId = Ids.check("id", request.pathParameter("id"));
        Order order = orders.get(orderId).orElseThrow(() -> ApiException.notFound("order " + orderId + " does not exist"));
        return Responses.json(200, Views.order(order, placement.executionArn(orderId)));
    }

    private APIGatewayV2HTTPResponse list(ApiRequest request) {
        String statusText = request.query("status")
                .orElseThrow(() -> ApiException.badRequest("status", "status is required (PENDING, CONFIRMED, "
                        + "CANCELLED or NEEDS_ATTENTION)"));
        OrderStatus status;
        try {
            status = OrderStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "status must be PENDING, CONFIRMED, CANCELLED or NEEDS_ATTENTION");
        }
        return Responses.json(200, Views.page(orders.listByStatus(status, Paging.from(request)),
                o -> Views.order(o, placement.executionArn(o.orderId()))));
    }

    private static String currency(JsonBody body) {
        String code = body.requiredString("currency");
        try {
            if (code.equals(Currency.getInstance(code).getCurrencyCode())) {
                return code;
            }
        } catch (IllegalArgumentException e) {
            // unknown code
        }
        throw ApiException.badRequest("currency", "currency must be an ISO 4217 code, was " + code);
    }
}
