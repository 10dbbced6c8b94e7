package dev.sagastack.order;

import dev.sagastack.cache.ContainerCache;
import dev.sagastack.order.internal.DynamoOrderRepository;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageRequest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a container remembers of which user owns which order, in front of the table's orders. An
 * order's key starts with its owner, so knowing the owner turns a transition into one conditional
 * UpdateItem and a read into one GetItem, where otherwise the order id's guard item is read first.
 * The owner of an order never changes: an owner this container verified (by creating the order,
 * reading its guard, or a write under its key) stays true. An owner it was only told
 * ({@link #expectOwner}, e.g. by the saga's input) is used for one write, which checks it: under a
 * wrong owner there is no item, and the guard is read, so a wrong hint costs a read, never a wrong
 * write.
 */
public final class RememberedOrderOwners implements OrderRepository {

    static final int CAPACITY = 10_000;

    private final DynamoOrderRepository orders;
    private final Map<String, String> verified = ContainerCache.lru(CAPACITY);
    private final Map<String, String> told = ContainerCache.lru(CAPACITY);

    RememberedOrderOwners(DynamoOrderRepository orders) {
        this.orders = Objects.requireNonNull(orders, "orders");
    }

    /** Someone the container trusts says who owns the order; the next write under that key checks it. */
    public void expectOwner(String orderId, String userId) {
        if (userId != null && !userId.isBlank() && !verified.containsKey(orderId)) {
            told.put(orderId, userId);
        }
    }

    @Override
    public OrderCreation create(NewOrder order) {
        OrderCreation creation = orders.create(order);
        verified.put(creation.order().orderId(), creation.order().userId());
        return creation;
    }

    @Override
    public OrderTransition transition(String orderId, OrderStatus target, Optional<OrderFailure> failure) {
        if (target == OrderStatus.PENDING) {
            throw new IllegalArgumentException("an order cannot return to PENDING");
        }
        String guess = verified.get(orderId);
        if (guess == null) {
            guess = told.remove(orderId);
        }
        if (guess != null) {
            Optional<OrderTransition> done = orders.transitionUnder(guess, orderId, target, failure);
            if (done.isPresent()) {
                verified.put(orderId, guess);
                return done.get();
            }
            verified.remove(orderId);
        }
        // no order under the owner we knew or were told: the guard knows the real one (or that there is none)
        String owner = ownerOf(orderId).orElseThrow(() -> new OrderNotFound("order not found: " + orderId));
        if (owner.equals(guess)) {
            throw new OrderNotFound("order not found: " + orderId);
        }
        return orders.transitionUnder(owner, orderId, target, failure)
                .orElseThrow(() -> new OrderNotFound("order not found: " + orderId));
    }

    @Override
    public Optional<Order> get(String orderId) {
        return ownerOf(orderId).flatMap(owner -> orders.getUnder(owner, orderId));
    }

    @Override
    public Optional<Order> findById(String orderId) {
        return orders.findById(orderId);
    }

    @Override
    public Page<Order> listByStatus(OrderStatus status, PageRequest page) {
        return orders.listByStatus(status, page);
    }

    @Override
    public Page<Order> listByUser(String userId, PageRequest page) {
        return orders.listByUser(userId, page);
    }

    private Optional<String> ownerOf(String orderId) {
        String known = verified.get(orderId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> owner = orders.ownerOf(orderId);
        owner.ifPresent(userId -> verified.put(orderId, userId));
        return owner;
    }
}
