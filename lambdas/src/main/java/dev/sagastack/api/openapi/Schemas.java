package dev.sagastack.api.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.account.AccountEvent;
import dev.sagastack.account.AccountStatus;
import dev.sagastack.inventory.ReservationLine;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.OrderStatus;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sagastack.api.openapi.JsonSchemas.array;
import static dev.sagastack.api.openapi.JsonSchemas.currency;
import static dev.sagastack.api.openapi.JsonSchemas.enumeration;
import static dev.sagastack.api.openapi.JsonSchemas.id;
import static dev.sagastack.api.openapi.JsonSchemas.int64;
import static dev.sagastack.api.openapi.JsonSchemas.nullable;
import static dev.sagastack.api.openapi.JsonSchemas.object;
import static dev.sagastack.api.openapi.JsonSchemas.ref;
import static dev.sagastack.api.openapi.JsonSchemas.string;
import static dev.sagastack.api.openapi.JsonSchemas.text;
import static dev.sagastack.api.openapi.JsonSchemas.timestamp;

/**
 * The named schemas of the API's bodies: what {@code JsonBody} reads from each request (the required
 * fields are the ones a handler refuses with 400 when missing) and what {@code Views} writes in each
 * response (every key always present, {@code null} where a value is absent). Limits are the handlers'.
 */
final class Schemas {

    static final String ERROR_BODY = "ErrorBody";
    static final String GATEWAY_MESSAGE = "GatewayMessage";

    /** {@code OrdersApi.MAX_QUANTITY}, the bound {@code OrderLine} also checks. */
    static final int MAX_QUANTITY = 10_000;
    /** {@code NewUser}: display names of 1-100 characters; e-mail addresses of at most 254 (RFC 5321). */
    static final int MAX_DISPLAY_NAME = 100;
    static final int MAX_EMAIL = 254;
    /** The forum's text limits ({@code DynamoForum}). */
    static final int MAX_CATEGORY_NAME = 100;
    static final int MAX_TOPIC_TITLE = 200;
    static final int MAX_POST_BODY = 10_000;

    private Schemas() {
    }

    /** Every named schema, in the order the document lists them. */
    static Map<String, ObjectNode> all() {
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        schemas.put(ERROR_BODY, object("The body of every error the application answers.")
                .required("error", string("A stable error code, e.g. ValidationError, NotFound, InsufficientFunds."))
                .required("message", string("What was wrong, for people."))
                .required("field", nullable(string("The request field, parameter or header at fault "
                        + "(items[2].quantity, cursor, Idempotency-Key), or null.")))
                .closed().build());
        schemas.put(GATEWAY_MESSAGE, object("The body of an error API Gateway answers itself, before the function runs.")
                .required("message", string("e.g. Forbidden, Request Entity Too Large")).build());
        requests(schemas);
        responses(schemas);
        return schemas;
    }

    private static void requests(Map<String, ObjectNode> schemas) {
        schemas.put("NewOrder", object("An order to place; its saga reserves stock, takes the payment from the account "
                + "and ships.")
                .required("userId", id("The customer; the user must exist."))
                .required("accountId", id("The account that pays; it must belong to the user and hold the order's currency."))
                .required("currency", currency())
                .required("items", array(ref("NewOrderLine"), "One line per SKU.")
                        .put("minItems", 1).put("maxItems", NewOrder.MAX_LINES))
                .build());
        schemas.put("NewOrderLine", object("")
                .required("sku", id("Stock keeping unit; at most one line per SKU.")
                        .put("maxLength", ReservationLine.MAX_SKU_LENGTH))
                .required("quantity", int64("").put("minimum", 1).put("maximum", MAX_QUANTITY))
                .required("unitPrice", int64("Price of one unit in minor units of the currency (cents).").put("minimum", 1))
                .build());
        schemas.put("NewUser", object("")
                .required("email", string("Unique across users, compared case-insensitively.").put("format", "email")
                        .put("maxLength", MAX_EMAIL))
                .required("displayName", text("", MAX_DISPLAY_NAME))
                .build());
        schemas.put("OpenAccount", object("")
                .required("ownerId", id("The user who owns the account."))
                .required("currency", currency())
                .required("commandId", id("Client-chosen id of this command: a retry with the same id opens nothing twice."))
                .optional("accountId", id("The account's id; derived from ownerId and commandId when absent."))
                .build());
        schemas.put("MoneyCommand", object("A deposit or a withdrawal, in the account's currency.")
                .required("amount", int64("Minor units (cents).").put("minimum", 1))
                .required("commandId", id("Client-chosen id of this command: a retry with the same id moves no money "
                        + "twice and answers the first receipt."))
                .build());
        schemas.put("CloseAccount", object("")
                .required("commandId", id("Client-chosen id of this command."))
                .build());
        schemas.put("NewCategory", object("")
                .required("categoryId", id(""))
                .required("name", text("", MAX_CATEGORY_NAME))
                .build());
        schemas.put("NewTopic", object("")
                .required("title", text("", MAX_TOPIC_TITLE))
                .required("authorId", id(""))
                .build());
        schemas.put("NewPost", object("")
                .required("authorId", id(""))
                .required("body", text("", MAX_POST_BODY))
                .build());
        schemas.put("SetStock", object("")
                .required("available", int64("Units that can be reserved from now on.").put("minimum", 0))
                .build());
    }

    private static void responses(Map<String, ObjectNode> schemas) {
        schemas.put("OrderAccepted", object("The order is PENDING and its saga has started.")
                .required("orderId", string(""))
                .required("executionArn", string("The Step Functions execution running the order's saga."))
                .required("status", enumeration("", names(OrderStatus.values())))
                .closed().build());
        schemas.put("Order", object("")
                .required("orderId", string(""))
                .required("userId", string(""))
                .required("status", enumeration("", names(OrderStatus.values())))
                .required("items", array(ref("OrderLine"), ""))
                .required("total", int64("Minor units."))
                .required("currency", currency())
                .required("executionArn", nullable(string("")))
                .required("failure", nullable(object("Why the saga cancelled the order, or null.")
                        .required("error", string("")).required("cause", string("")).closed().build()))
                .required("createdAt", timestamp(""))
                .required("updatedAt", timestamp(""))
                .closed().build());
        schemas.put("OrderLine", object("")
                .required("sku", string("")).required("quantity", int64("")).required("unitPrice", int64(""))
                .closed().build());
        schemas.put("User", object("")
                .required("userId", string(""))
                .required("email", string("Stored lower case."))
                .required("displayName", string(""))
                .required("createdAt", timestamp(""))
                .required("updatedAt", timestamp(""))
                .closed().build());
        schemas.put("Account", object("The account's state, read from its event stream (strongly consistent).")
                .required("accountId", string(""))
                .required("ownerId", string(""))
                .required("balance", int64("Minor units."))
                .required("currency", currency())
                .required("status", enumeration("", names(AccountStatus.values())))
                .required("version", int64("Number of events in the account's stream."))
                .closed().build());
        schemas.put("Receipt", object("What a command did; a retried command answers its first receipt with replayed true.")
                .required("accountId", string(""))
                .required("commandId", string(""))
                .required("amount", int64("Minor units."))
                .required("currency", currency())
                .required("balance", int64("The balance right after this command."))
                .required("version", int64(""))
                .required("replayed", JsonSchemas.JSON.objectNode().put("type", "boolean"))
                .closed().build());
        schemas.put("AccountEvent", object("")
                .required("version", int64(""))
                .required("type", enumeration("", List.of(AccountEvent.AccountOpened.TYPE, AccountEvent.MoneyDeposited.TYPE,
                        AccountEvent.MoneyWithdrawn.TYPE, AccountEvent.AccountClosed.TYPE)))
                .required("data", JsonSchemas.JSON.objectNode().put("description", "The event's payload."))
                .required("recordedAt", timestamp(""))
                .required("commandId", nullable(string("")))
                .closed().build());
        schemas.put("StockLevel", object("")
                .required("sku", string(""))
                .required("available", int64("Units that can still be reserved."))
                .required("reserved", int64("Units held by orders in progress."))
                .closed().build());
        schemas.put("Category", object("")
                .required("categoryId", string(""))
                .required("name", string(""))
                .required("topicCount", int64(""))
                .required("postCount", int64(""))
                .required("createdAt", timestamp(""))
                .closed().build());
        schemas.put("Topic", object("")
                .required("categoryId", string(""))
                .required("topicId", string(""))
                .required("title", string(""))
                .required("authorId", string(""))
                .required("postCount", int64(""))
                .closed().build());
        schemas.put("Post", object("")
                .required("categoryId", string(""))
                .required("topicId", string(""))
                .required("postId", string(""))
                .required("authorId", string(""))
                .required("body", string(""))
                .required("postedAt", timestamp(""))
                .closed().build());
        for (String item : List.of("Order", "AccountEvent", "Category", "Topic", "Post")) {
            schemas.put(pageOf(item), object("One page; pass nextCursor as ?cursor= for the next one.")
                    .required("items", array(ref(item), ""))
                    .required("nextCursor", nullable(string("Opaque; null on the last page. A page may be empty "
                            + "and still carry a cursor.")))
                    .closed().build());
        }
    }

    static String pageOf(String item) {
        return item + "Page";
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
