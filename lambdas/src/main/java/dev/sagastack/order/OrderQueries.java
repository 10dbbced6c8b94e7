package dev.sagastack.order;

import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageRequest;

import java.util.Optional;

/** The reads of orders: what the API shows and the saga's steps check. */
public interface OrderQueries {

    /** Strongly consistent read (for saga steps and read-after-write). */
    Optional<Order> get(String orderId);

    /** Lookup through GSI2: eventually consistent, for API reads. */
    Optional<Order> findById(String orderId);

    /** Orders with the status, newest first. @throws dev.sagastack.pagination.InvalidCursor */
    Page<Order> listByStatus(OrderStatus status, PageRequest page);

    /** Orders of a user by descending order id: newest first for ids from {@link OrderIds#newId()}. */
    Page<Order> listByUser(String userId, PageRequest page);
}
