package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sagastack.account.Account;
import dev.sagastack.account.AccountService;
import dev.sagastack.order.InvalidOrder;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderConflict;
import dev.sagastack.order.OrderCreation;
import dev.sagastack.order.OrderIds;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderRepository;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.user.UserReads;

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
 * <p>POST validates everything before writing: the PENDING order is created (idempotently by its
 * id, derived from the {@code Idempotency-Key} when one is sent), then the saga is started with the
 * order id as execution name and the execution is attached to the order. A repeated request returns
 * the same order and execution; the same key with another body is 409.
 */
final class OrdersApi {

    static final int MAX_QUANTITY = 10_000;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final OrderRepository orders;
    private final UserReads users;
    private final AccountService accounts;
    private final SagaStarter saga;
    private final KnownCustomers known = new KnownCustomers();

    OrdersApi(OrderRepository orders, UserReads users, AccountService accounts, SagaStarter saga) {
        this.orders = orders;
        this.users = users;
        this.accounts = accounts;
        this.saga = saga;
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
        checkCustomer(userId, accountId, currency);
        String orderId;
        NewOrder newOrder;
        try {
            orderId = key.map(k -> OrderIds.fromIdempotencyKey(userId, k)).orElseGet(OrderIds::newId);
            newOrder = new NewOrder(orderId, userId, lines, currency);
        } catch (InvalidOrder | IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage().contains("line") ? "items" : "userId", e.getMessage());
        }

        OrderCreation creation;
        try {
            creation = orders.create(newOrder);
        } catch (OrderConflict e) {
            throw ApiException.conflict("IdempotencyKeyReused", IDEMPOTENCY_KEY
                    + " was already used for a different order", IDEMPOTENCY_KEY);
        }
        Order order = creation.order();
        String executionArn = saga.start(orderId, sagaInput(order, accountId));
        // Written after the start, so an order shows an execution only once that execution exists.
        try {
            order = orders.attachExecution(orderId, executionArn);
        } catch (OrderConflict e) {
            throw ApiException.conflict("ExecutionConflict", e.getMessage(), IDEMPOTENCY_KEY);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("orderId", orderId);
        response.put("executionArn", executionArn);
        response.put("status", order.status().name());
        return Responses.json(202, response, Map.of("location", "/orders/" + orderId));
    }

    /**
     * The user exists and owns the account, which holds the order's currency; what a container learned of
     * that (it cannot change) is not read again.
     */
    private void checkCustomer(String userId, String accountId, String currency) {
        if (!known.userExists(userId)) {
            if (users.findById(userId).isEmpty()) {
                throw ApiException.badRequest("userId", "user " + userId + " does not exist");
            }
            known.userSeen(userId);
        }
        KnownCustomers.AccountIdentity account = known.account(accountId).orElseGet(() -> {
            Account loaded = accounts.load(accountId)
                    .orElseThrow(() -> ApiException.badRequest("accountId", "account " + accountId + " does not exist"));
            KnownCustomers.AccountIdentity identity = new KnownCustomers.AccountIdentity(loaded.ownerId(), loaded.currency());
            known.accountSeen(accountId, identity);
            return identity;
        });
        if (!account.ownerId().equals(userId)) {
            throw ApiException.badRequest("accountId", "account " + accountId + " does not belong to user " + userId);
        }
        if (!account.currency().equals(currency)) {
            throw ApiException.badRequest("currency", "the order is in " + currency + " but account " + accountId
                    + " holds " + account.currency());
        }
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        String orderId = Ids.check("id", request.pathParameter("id"));
        Order order = orders.get(orderId).orElseThrow(() -> ApiException.notFound("order " + orderId + " does not exist"));
        return Responses.json(200, Views.order(order));
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
        return Responses.json(200, Views.page(orders.listByStatus(status, Paging.from(request)), Views::order));
    }

    /** The execution input: the same order and account always give the same JSON (field order included). */
    static String sagaInput(Order order, String accountId) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("orderId", order.orderId());
        input.put("userId", order.userId());
        input.put("accountId", accountId);
        input.put("currency", order.currency());
        input.put("total", order.total());
        input.put("items", order.lines().stream().map(l -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", l.sku());
            line.put("quantity", l.quantity());
            line.put("unitPrice", l.unitPrice());
            return line;
        }).toList());
        try {
            return Responses.MAPPER.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
