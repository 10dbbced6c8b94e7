package dev.sagastack.api.openapi;

import dev.sagastack.api.HttpApiRoutes;
import dev.sagastack.api.HttpApiRoutes.Route;
import dev.sagastack.inventory.ReservationLine;
import dev.sagastack.order.OrderStatus;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.api.openapi.JsonSchemas.enumeration;

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

    private static final String ACCOUNT_BUSY = "The account's event stream stayed contended; retry the same command.";

    private static final Map<Route, Operation> DOCS = docs();

    private RouteDocs() {
    }

    /** The route's documentation, or empty when the catalog has a route nobody described. */
    static Optional<Operation> of(Route route) {
        return Optional.ofNullable(DOCS.get(route));
    }

    private static Map<Route, Operation> docs() {
        Entries docs = new Entries();
        orders(docs);
        users(docs);
        accounts(docs);
        forum(docs);
        inventory(docs);
        return docs.build();
    }

    private static void orders(Entries docs) {
        docs.route(HttpApiRoutes.CREATE_ORDER, "placeOrder", ORDERS, "Place an order and start its saga")
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
                        + "started with another input.", "IdempotencyKeyReused", "ExecutionConflict");
        docs.route(HttpApiRoutes.LIST_ORDERS, "listOrders", ORDERS, "List orders in one status")
                .description("Newest first.")
                .query("status", true, enumeration("", Arrays.stream(OrderStatus.values()).map(Enum::name).toList()),
                        "The status to list (case-insensitive).")
                .pages("Order", "One page of orders.");
        readById(docs, HttpApiRoutes.GET_ORDER, "getOrder", ORDERS, "Read an order and its saga outcome", "Order");
    }

    private static void users(Entries docs) {
        docs.route(HttpApiRoutes.CREATE_USER, "createUser", USERS, "Create a user")
                .description("The e-mail address is unique: a second user with it is 409 DuplicateEmail.")
                .body("NewUser", """
                        {"email":"ada@example.com","displayName":"Ada"}""")
                .creates(201, "User", "Created.")
                .conflict("Another user has this e-mail address.", "DuplicateEmail");
        readById(docs, HttpApiRoutes.GET_USER, "getUser", USERS, "Read a user", "User")
                .description("A display read: eventually consistent (served through DAX when the stage has it).");
    }

    private static void accounts(Entries docs) {
        docs.route(HttpApiRoutes.OPEN_ACCOUNT, "openAccount", ACCOUNTS, "Open an account")
                .description("Event-sourced. A retried command (same ownerId and commandId) answers the same account.")
                .body("OpenAccount", """
                        {"ownerId":"u-123","currency":"EUR","commandId":"open-1"}""")
                .creates(201, "Account", "Opened.")
                .conflict("The account exists already, or the commandId was used for another command.",
                        "AccountAlreadyExists", "CommandIdReused")
                .busy(ACCOUNT_BUSY);
        readById(docs, HttpApiRoutes.GET_ACCOUNT, "getAccount", ACCOUNTS, "Read an account", "Account");
        docs.route(HttpApiRoutes.LIST_ACCOUNT_EVENTS, "listAccountEvents", ACCOUNTS, "List an account's events")
                .description("Oldest first. Cursors are signed and bound to this account: a forged or foreign cursor is "
                        + "400 naming cursor.")
                .path("id", "The account's id.")
                .pages("AccountEvent", "One page of events.")
                .notFound("No such account.");
        accountCommand(docs, HttpApiRoutes.DEPOSIT, "deposit", "Deposit money")
                .description("A retried command (same commandId) moves no money twice and answers its first receipt.")
                .body("MoneyCommand", """
                        {"amount":1000,"commandId":"dep-1"}""")
                .answers(200, "Receipt", "Deposited (or the first receipt of this command).")
                .conflict("The account is closed, or the commandId was used for another command.",
                        "AccountClosed", "CommandIdReused");
        accountCommand(docs, HttpApiRoutes.WITHDRAW, "withdraw", "Withdraw money")
                .description("Never overdraws. A retried command (same commandId) moves no money twice.")
                .body("MoneyCommand", """
                        {"amount":500,"commandId":"wd-1"}""")
                .answers(200, "Receipt", "Withdrawn (or the first receipt of this command).")
                .conflict("Not enough money, the account is closed, or the commandId was used for another command.",
                        "InsufficientFunds", "AccountClosed", "CommandIdReused");
        accountCommand(docs, HttpApiRoutes.CLOSE_ACCOUNT, "closeAccount", "Close an account")
                .description("Only at a zero balance.")
                .body("CloseAccount", """
                        {"commandId":"close-1"}""")
                .answers(200, "Receipt", "Closed (or the first receipt of this command).")
                .conflict("The balance is not zero, the account is closed, or the commandId was used for another command.",
                        "BalanceNotZero", "AccountClosed", "CommandIdReused");
    }

    /** A read of one {@code schema} by the id in the path: 200 with it, 404 without it. */
    private static Operation.Builder readById(Entries docs, Route route, String operationId, String tag, String summary,
                                              String schema) {
        String noun = schema.toLowerCase(Locale.ROOT);
        return docs.route(route, operationId, tag, summary)
                .path("id", "The " + noun + "'s id.")
                .answers(200, schema, "The " + noun + ".")
                .notFound("No such " + noun + ".");
    }

    /**
     * A command on an existing account: the account's id in the path, 404 without the account and 503 Busy when
     * its event stream stays contended.
     */
    private static Operation.Builder accountCommand(Entries docs, Route route, String operationId, String summary) {
        return docs.route(route, operationId, ACCOUNTS, summary)
                .path("id", "The account's id.")
                .notFound("No such account.")
                .busy(ACCOUNT_BUSY);
    }

    private static void forum(Entries docs) {
        docs.route(HttpApiRoutes.CREATE_CATEGORY, "createCategory", FORUM, "Create a forum category")
                .body("NewCategory", """
                        {"categoryId":"general","name":"General"}""")
                .creates(201, "Category", "Created.")
                .conflict("A category with this id exists.", "CategoryExists");
        docs.route(HttpApiRoutes.LIST_CATEGORIES, "listCategories", FORUM, "List forum categories")
                .pages("Category", "One page of categories.");
        docs.route(HttpApiRoutes.CREATE_TOPIC, "createTopic", FORUM, "Start a topic")
                .path("categoryId", "The category's id.")
                .body("NewTopic", """
                        {"title":"Welcome","authorId":"u-123"}""")
                .answers(201, "Topic", "Created.")
                .notFound("No such category.");
        docs.route(HttpApiRoutes.LIST_TOPICS, "listTopics", FORUM, "List a category's topics")
                .description("Newest first. An unknown category has no topics: its page is empty.")
                .path("categoryId", "The category's id.")
                .pages("Topic", "One page of topics.");
        docs.route(HttpApiRoutes.ADD_POST, "addPost", FORUM, "Post to a topic")
                .path("categoryId", "The category's id.")
                .path("topicId", "The topic's id.")
                .body("NewPost", """
                        {"authorId":"u-123","body":"Hello!"}""")
                .answers(201, "Post", "Posted.")
                .notFound("No such category or topic.");
        docs.route(HttpApiRoutes.LIST_POSTS, "listPosts", FORUM, "List a topic's posts")
                .description("An unknown topic has no posts: its page is empty.")
                .path("categoryId", "The category's id.")
                .path("topicId", "The topic's id.")
                .query("order", false, enumeration("", List.of("newest", "oldest")).put("default", "newest"),
                        "Newest or oldest first (case-insensitive).")
                .pages("Post", "One page of posts.");
    }

    private static void inventory(Entries docs) {
        docs.route(HttpApiRoutes.SET_STOCK, "setStock", INVENTORY, "Set the units of a SKU that can be reserved")
                .path("sku", "The stock keeping unit.", ReservationLine.MAX_SKU_LENGTH)
                .body("SetStock", """
                        {"available":100}""")
                .answers(200, "StockLevel", "The SKU's stock now.");
        docs.route(HttpApiRoutes.GET_STOCK, "getStock", INVENTORY, "Read a SKU's stock")
                .path("sku", "The stock keeping unit.", ReservationLine.MAX_SKU_LENGTH)
                .answers(200, "StockLevel", "The SKU's stock.")
                .notFound("The SKU is not stocked.");
    }

    /** One entry a route, written in catalog order; each is built once all are written. */
    private static final class Entries {
        private final Map<Route, Operation.Builder> entries = new LinkedHashMap<>();

        Operation.Builder route(Route route, String operationId, String tag, String summary) {
            Operation.Builder entry = Operation.named(operationId, tag, summary);
            if (entries.putIfAbsent(route, entry) != null) {
                throw new IllegalStateException(route.routeKey() + " is documented twice");
            }
            return entry;
        }

        Map<Route, Operation> build() {
            Map<Route, Operation> docs = new LinkedHashMap<>();
            entries.forEach((route, entry) -> docs.put(route, entry.build()));
            return Map.copyOf(docs);
        }
    }
}
