package dev.sagastack.api.openapi;

import dev.sagastack.api.HttpApiRoutes;
import dev.sagastack.api.HttpApiRoutes.Route;
import dev.sagastack.inventory.ReservationLine;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.pagination.PageRequest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.api.openapi.JsonSchemas.enumeration;
import static dev.sagastack.api.openapi.JsonSchemas.string;

/**
 * The documentation of each route of {@link HttpApiRoutes}, keyed by the catalog's own constants: a route added
 * to the catalog without an entry here makes {@link OpenApiDocument} fail, and so the build.
 */
final class RouteDocs {

    static final String ORDERS = "orders";
    static final String USERS = "users";
    static final String ACCOUNTS = "accounts";
    static final String FORUM = "forum";
    static final String INVENTORY = "inventory";

    /** {@code Paging.DEFAULT_LIMIT}. */
    static final int DEFAULT_LIMIT = 25;

    private static final Map<Route, Operation> DOCS = docs();

    private RouteDocs() {
    }

    /** The route's documentation, or empty when the catalog has a route nobody described. */
    static Optional<Operation> of(Route route) {
        return Optional.ofNullable(DOCS.get(route));
    }

    private static Map<Route, Operation> docs() {
        Map<Route, Operation> docs = new LinkedHashMap<>();
        orders(docs);
        users(docs);
        accounts(docs);
        forum(docs);
        inventory(docs);
        return Map.copyOf(docs);
    }

    private static void orders(Map<Route, Operation> docs) {
        docs.put(HttpApiRoutes.CREATE_ORDER, Operation.named("placeOrder", ORDERS, "Place an order and start its saga")
                .description("Validates everything before writing, creates the order PENDING and starts the order saga "
                        + "(execution name = order id). With an Idempotency-Key a repeated request answers the same order "
                        + "and execution; the same key with another body is 409 IdempotencyKeyReused. Without one, every "
                        + "request places a new order.")
                .idempotencyKey()
                .body("NewOrder", """
                        {"userId":"u-123","accountId":"acc-123","currency":"EUR",
                         "items":[{"sku":"BOOK-1","quantity":2,"unitPrice":1250}]}""")
                .creates(202, "OrderAccepted", "Accepted: the saga runs; poll GET /orders/{id} for the outcome.")
                .conflict("The Idempotency-Key was used for another order, or the saga execution of this order was "
                        + "started with another input.", "IdempotencyKeyReused", "ExecutionConflict")
                .build());
        docs.put(HttpApiRoutes.LIST_ORDERS, paged(Operation.named("listOrders", ORDERS, "List orders in one status")
                .description("Newest first.")
                .query("status", true, enumeration("", Arrays.stream(OrderStatus.values()).map(Enum::name).toList()),
                        "The status to list (case-insensitive).")
                .answers(200, Schemas.pageOf("Order"), "One page of orders.")).build());
        docs.put(HttpApiRoutes.GET_ORDER, Operation.named("getOrder", ORDERS, "Read an order and its saga outcome")
                .path("id", "The order's id.")
                .answers(200, "Order", "The order.")
                .notFound("No such order.")
                .build());
    }

    private static void users(Map<Route, Operation> docs) {
        docs.put(HttpApiRoutes.CREATE_USER, Operation.named("createUser", USERS, "Create a user")
                .description("The e-mail address is unique: a second user with it is 409 DuplicateEmail.")
                .body("NewUser", """
                        {"email":"ada@example.com","displayName":"Ada"}""")
                .creates(201, "User", "Created.")
                .conflict("Another user has this e-mail address.", "DuplicateEmail")
                .build());
        docs.put(HttpApiRoutes.GET_USER, Operation.named("getUser", USERS, "Read a user")
                .description("A display read: eventually consistent (served through DAX when the stage has it).")
                .path("id", "The user's id.")
                .answers(200, "User", "The user.")
                .notFound("No such user.")
                .build());
    }

    private static void accounts(Map<Route, Operation> docs) {
        String busy = "The account's event stream stayed contended; retry the same command.";
        docs.put(HttpApiRoutes.OPEN_ACCOUNT, Operation.named("openAccount", ACCOUNTS, "Open an account")
                .description("Event-sourced. A retried command (same ownerId and commandId) answers the same account.")
                .body("OpenAccount", """
                        {"ownerId":"u-123","currency":"EUR","commandId":"open-1"}""")
                .creates(201, "Account", "Opened.")
                .conflict("The account exists already, or the commandId was used for another command.",
                        "AccountAlreadyExists", "CommandIdReused")
                .busy(busy)
                .build());
        docs.put(HttpApiRoutes.GET_ACCOUNT, Operation.named("getAccount", ACCOUNTS, "Read an account")
                .path("id", "The account's id.")
                .answers(200, "Account", "The account.")
                .notFound("No such account.")
                .build());
        docs.put(HttpApiRoutes.LIST_ACCOUNT_EVENTS, paged(Operation.named("listAccountEvents", ACCOUNTS,
                        "List an account's events")
                .description("Oldest first. Cursors are signed and bound to this account: a forged or foreign cursor is "
                        + "400 naming cursor.")
                .path("id", "The account's id.")
                .answers(200, Schemas.pageOf("AccountEvent"), "One page of events.")
                .notFound("No such account.")).build());
        docs.put(HttpApiRoutes.DEPOSIT, Operation.named("deposit", ACCOUNTS, "Deposit money")
                .description("A retried command (same commandId) moves no money twice and answers its first receipt.")
                .path("id", "The account's id.")
                .body("MoneyCommand", """
                        {"amount":1000,"commandId":"dep-1"}""")
                .answers(200, "Receipt", "Deposited (or the first receipt of this command).")
                .notFound("No such account.")
                .conflict("The account is closed, or the commandId was used for another command.",
                        "AccountClosed", "CommandIdReused")
                .busy(busy)
                .build());
        docs.put(HttpApiRoutes.WITHDRAW, Operation.named("withdraw", ACCOUNTS, "Withdraw money")
                .description("Never overdraws. A retried command (same commandId) moves no money twice.")
                .path("id", "The account's id.")
                .body("MoneyCommand", """
                        {"amount":500,"commandId":"wd-1"}""")
                .answers(200, "Receipt", "Withdrawn (or the first receipt of this command).")
                .notFound("No such account.")
                .conflict("Not enough money, the account is closed, or the commandId was used for another command.",
                        "InsufficientFunds", "AccountClosed", "CommandIdReused")
                .busy(busy)
                .build());
        docs.put(HttpApiRoutes.CLOSE_ACCOUNT, Operation.named("closeAccount", ACCOUNTS, "Close an account")
                .description("Only at a zero balance.")
                .path("id", "The account's id.")
                .body("CloseAccount", """
                        {"commandId":"close-1"}""")
                .answers(200, "Receipt", "Closed (or the first receipt of this command).")
                .notFound("No such account.")
                .conflict("The balance is not zero, the account is closed, or the commandId was used for another command.",
                        "BalanceNotZero", "AccountClosed", "CommandIdReused")
                .busy(busy)
                .build());
    }

    private static void forum(Map<Route, Operation> docs) {
        docs.put(HttpApiRoutes.CREATE_CATEGORY, Operation.named("createCategory", FORUM, "Create a forum category")
                .body("NewCategory", """
                        {"categoryId":"general","name":"General"}""")
                .creates(201, "Category", "Created.")
                .conflict("A category with this id exists.", "CategoryExists")
                .build());
        docs.put(HttpApiRoutes.LIST_CATEGORIES, paged(Operation.named("listCategories", FORUM, "List forum categories")
                .answers(200, Schemas.pageOf("Category"), "One page of categories.")).build());
        docs.put(HttpApiRoutes.CREATE_TOPIC, Operation.named("createTopic", FORUM, "Start a topic")
                .path("categoryId", "The category's id.")
                .body("NewTopic", """
                        {"title":"Welcome","authorId":"u-123"}""")
                .answers(201, "Topic", "Created.")
                .notFound("No such category.")
                .build());
        docs.put(HttpApiRoutes.LIST_TOPICS, paged(Operation.named("listTopics", FORUM, "List a category's topics")
                .description("Newest first. An unknown category has no topics: its page is empty.")
                .path("categoryId", "The category's id.")
                .answers(200, Schemas.pageOf("Topic"), "One page of topics.")).build());
        docs.put(HttpApiRoutes.ADD_POST, Operation.named("addPost", FORUM, "Post to a topic")
                .path("categoryId", "The category's id.")
                .path("topicId", "The topic's id.")
                .body("NewPost", """
                        {"authorId":"u-123","body":"Hello!"}""")
                .answers(201, "Post", "Posted.")
                .notFound("No such category or topic.")
                .build());
        docs.put(HttpApiRoutes.LIST_POSTS, paged(Operation.named("listPosts", FORUM, "List a topic's posts")
                .description("An unknown topic has no posts: its page is empty.")
                .path("categoryId", "The category's id.")
                .path("topicId", "The topic's id.")
                .query("order", false, enumeration("", List.of("newest", "oldest")).put("default", "newest"),
                        "Newest or oldest first (case-insensitive).")
                .answers(200, Schemas.pageOf("Post"), "One page of posts.")).build());
    }

    private static void inventory(Map<Route, Operation> docs) {
        docs.put(HttpApiRoutes.SET_STOCK, Operation.named("setStock", INVENTORY, "Set the units of a SKU that can be reserved")
                .path("sku", "The stock keeping unit.", ReservationLine.MAX_SKU_LENGTH)
                .body("SetStock", """
                        {"available":100}""")
                .answers(200, "StockLevel", "The SKU's stock now.")
                .build());
        docs.put(HttpApiRoutes.GET_STOCK, Operation.named("getStock", INVENTORY, "Read a SKU's stock")
                .path("sku", "The stock keeping unit.", ReservationLine.MAX_SKU_LENGTH)
                .answers(200, "StockLevel", "The SKU's stock.")
                .notFound("The SKU is not stocked.")
                .build());
    }

    /** {@code ?limit=&cursor=} as {@code Paging} reads them. */
    private static Operation.Builder paged(Operation.Builder operation) {
        return operation
                .query("limit", false, JsonSchemas.JSON.objectNode().put("type", "integer").put("minimum", 1)
                        .put("maximum", PageRequest.MAX_LIMIT).put("default", DEFAULT_LIMIT), "Items per page.")
                .query("cursor", false, string(""), "The nextCursor of the previous page; opaque, and refused with "
                        + "400 naming cursor when forged, altered or from another listing.");
    }
}
