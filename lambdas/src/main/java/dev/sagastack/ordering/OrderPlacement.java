package dev.sagastack.ordering;

import dev.sagastack.json.RecordJson;
import dev.sagastack.order.NewOrder;
import dev.sagastack.order.Order;
import dev.sagastack.order.OrderCreation;
import dev.sagastack.order.OrderCommands;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Placing an order, the one flow behind {@code POST /orders}: the customer is checked, the PENDING
 * order is created (idempotently by its id), and its saga is started with the order id as execution
 * name. The execution's ARN follows from that name, so nothing is written back to the order: a
 * repeated placement finds the same order and the same execution, and a crash between the two
 * steps is repaired by the retry, which starts the execution the first attempt did not.
 */
public final class OrderPlacement {


    /** The order as stored (PENDING, or further along when this repeats an earlier placement) and its saga. */
    public record Placed(Order order, String executionArn) {
    }

    private final OrderCommands orders;
    private final Customers customers;
    private final SagaStarter saga;

    public OrderPlacement(OrderCommands orders, Customers customers, SagaStarter saga) {
        this.orders = orders;
        this.customers = customers;
        this.saga = saga;
    }

    /**
     * @throws InvalidCustomer                       no such user or account, another owner, another currency
     * @throws dev.sagastack.order.OrderConflict     the order id exists for a different order
     * @throws ExecutionConflict                     its saga was started with a different input
     */
    public Placed place(NewOrder newOrder, String accountId) {
        checkCustomer(newOrder.userId(), accountId, newOrder.currency());
        OrderCreation creation = orders.create(newOrder);
        Order order = creation.order();
        saga.start(order.orderId(), sagaInput(order, accountId));
        return new Placed(order, saga.executionArn(order.orderId()));
    }

    /** The execution working on an order (its name is the order id). */
    public String executionArn(String orderId) {
        return saga.executionArn(orderId);
    }

    private void checkCustomer(String userId, String accountId, String currency) {
        if (!customers.userExists(userId)) {
            throw new InvalidCustomer("userId", "user " + userId + " does not exist");
        }
        Customers.AccountIdentity account = customers.account(accountId)
                .orElseThrow(() -> new InvalidCustomer("accountId", "account " + accountId + " does not exist"));
        if (!account.ownerId().equals(userId)) {
            throw new InvalidCustomer("accountId", "account " + accountId + " does not belong to user " + userId);
        }
        if (!account.currency().equals(currency)) {
            throw new InvalidCustomer("currency", "the order is in " + currency + " but account " + accountId
                    + " holds " + account.currency());
        }
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
        return RecordJson.writeString(input);
    }
}
