-- Stock per SKU. available: units that can still be reserved; reserved: units held by orders.
-- Reserving moves units from available to reserved, releasing moves them back, so
-- available + reserved only changes when stock is set.
CREATE TABLE inventory (
    sku        VARCHAR(64) PRIMARY KEY,
    available  BIGINT      NOT NULL,
    reserved   BIGINT      NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT inventory_sku_not_blank CHECK (length(btrim(sku)) > 0),
    CONSTRAINT inventory_available_not_negative CHECK (available >= 0),
    CONSTRAINT inventory_reserved_not_negative CHECK (reserved >= 0)
);

-- One row per order that ever reserved or was released: the per-order lock and the tombstone
-- that stops a late (retried or timed-out) reservation from holding stock after the release ran.
CREATE TABLE reservation_orders (
    order_id    VARCHAR(64) PRIMARY KEY,
    status      VARCHAR(16) NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    released_at TIMESTAMPTZ,
    CONSTRAINT reservation_orders_status CHECK (status IN ('RESERVED', 'RELEASED')),
    CONSTRAINT reservation_orders_released_at CHECK ((status = 'RELEASED') = (released_at IS NOT NULL))
);

-- The lines an order holds; (order_id, sku) makes a retried reservation a no-op.
CREATE TABLE reservations (
    order_id    VARCHAR(64) NOT NULL REFERENCES reservation_orders (order_id),
    sku         VARCHAR(64) NOT NULL REFERENCES inventory (sku),
    quantity    BIGINT      NOT NULL,
    status      VARCHAR(16) NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    released_at TIMESTAMPTZ,
    PRIMARY KEY (order_id, sku),
    CONSTRAINT reservations_quantity_positive CHECK (quantity > 0),
    CONSTRAINT reservations_status CHECK (status IN ('RESERVED', 'RELEASED')),
    CONSTRAINT reservations_released_at CHECK ((status = 'RELEASED') = (released_at IS NOT NULL))
);

CREATE INDEX reservations_by_sku ON reservations (sku) WHERE status = 'RESERVED';
