package dev.sagastack.order.internal;

import dev.sagastack.keys.Keys;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderFailure;
import dev.sagastack.order.OrderLine;
import dev.sagastack.order.OrderStatus;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.dynamo.Attributes.instant;
import static dev.sagastack.dynamo.Attributes.n;
import static dev.sagastack.dynamo.Attributes.number;
import static dev.sagastack.dynamo.Attributes.optionalString;
import static dev.sagastack.dynamo.Attributes.s;
import static dev.sagastack.dynamo.Attributes.string;

/** Item shapes of orders and order-id guards. */
final class OrderItems {

    static final String ORDER = "Order";
    static final String ORDER_ID_GUARD = "OrderIdGuard";

    private OrderItems() {
    }

    static Map<String, AttributeValue> order(NewOrder order, String fingerprint, Instant now) {
        Map<String, AttributeValue> item = Keys.order(order.userId(), order.orderId()).toMap();
        item.put(Tables.ENTITY_TYPE, s(ORDER));
        item.put("orderId", s(order.orderId()));
        item.put("userId", s(order.userId()));
        item.put("lines", AttributeValue.fromL(order.lines().stream().map(l -> AttributeValue.fromM(Map.of(
                "sku", s(l.sku()), "quantity", n(l.quantity()), "unitPrice", n(l.unitPrice())))).toList()));
        item.put("currency", s(order.currency()));
        item.put("total", n(order.total()));
        item.put("status", s(OrderStatus.PENDING.name()));
        item.put("createdAt", instant(now));
        item.put("updatedAt", instant(now));
        item.put("fingerprint", s(fingerprint));
        Keys.ordersByStatus(OrderStatus.PENDING.name(), now, order.orderId()).addTo(item);
        Keys.orderLookup(order.orderId()).addTo(item);
        return item;
    }

    static Map<String, AttributeValue> guard(NewOrder order, String fingerprint) {
        Map<String, AttributeValue> item = Keys.orderIdGuard(order.orderId()).toMap();
        item.put(Tables.ENTITY_TYPE, s(ORDER_ID_GUARD));
        item.put("orderId", s(order.orderId()));
        item.put("userId", s(order.userId()));
        item.put("fingerprint", s(fingerprint));
        return item;
    }

    static Order order(Map<String, AttributeValue> item) {
        List<OrderLine> lines = item.get("lines").l().stream().map(AttributeValue::m)
                .map(m -> new OrderLine(string(m, "sku"), (int) number(m, "quantity"), number(m, "unitPrice")))
                .toList();
        Optional<OrderFailure> failure = optionalString(item, "failureError")
                .map(error -> new OrderFailure(error, optionalString(item, "failureCause").orElse("")));
        return new Order(string(item, "orderId"), string(item, "userId"), lines, string(item, "currency"),
                number(item, "total"), OrderStatus.valueOf(string(item, "status")),
                Instant.parse(string(item, "createdAt")), Instant.parse(string(item, "updatedAt")),
                failure);
    }

    /** Identifies the content of a create request, independent of line order. */
    static String fingerprint(NewOrder order) {
        StringBuilder canonical = new StringBuilder(order.userId()).append('|').append(order.currency());
        order.lines().stream().sorted(Comparator.comparing(OrderLine::sku)).forEach(l ->
                canonical.append('|').append(l.sku()).append(':').append(l.quantity()).append(':').append(l.unitPrice()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
