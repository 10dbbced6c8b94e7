package dev.sagastack.order;

/** The outcome of a create: the order, and whether this call created it (false: an identical replay). */
public record OrderCreation(Order order, boolean created) {
}
