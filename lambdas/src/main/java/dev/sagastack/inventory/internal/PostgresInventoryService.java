package dev.sagastack.inventory.internal;

import dev.sagastack.inventory.InsufficientStockException;
import dev.sagastack.inventory.InsufficientStockException.Shortage;
import dev.sagastack.inventory.InventoryDatabase;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.Release;
import dev.sagastack.inventory.ReservationLine;
import dev.sagastack.inventory.Reservation;
import dev.sagastack.inventory.ReservationMismatchException;
import dev.sagastack.inventory.ReservationReleasedException;
import dev.sagastack.inventory.StockLevel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reservations as single transactions. Lock order is always: the order's row in
 * {@code reservation_orders}, then inventory rows by SKU, so concurrent orders cannot deadlock.
 */
public final class PostgresInventoryService implements InventoryService {

    public static final int MAX_ORDER_ID_LENGTH = 64;

    private final InventoryDatabase database;

    public PostgresInventoryService(InventoryDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Reservation reserve(String orderId, List<ReservationLine> lines) {
        checkOrderId(orderId);
        SortedMap<String, Long> requested = bySku(lines);
        return database.inTransaction(c -> {
            if (!claimOrder(c, orderId, "RESERVED")) {
                String status = lockOrder(c, orderId);
                if (status.equals("RELEASED")) {
                    throw new ReservationReleasedException(orderId);
                }
                SortedMap<String, Long> held = linesOf(c, orderId);
                if (!held.equals(requested)) {
                    throw new ReservationMismatchException(orderId);
                }
                return new Reservation(orderId, toLines(held), true);
            }
            Map<String, Long> available = lockStock(c, requested.keySet());
            List<Shortage> shortages = new ArrayList<>();
            requested.forEach((sku, quantity) -> {
                Long onHand = available.get(sku);
                if (onHand == null) {
                    shortages.add(new Shortage(sku, quantity, 0, true));
                } else if (onHand < quantity) {
                    shortages.add(new Shortage(sku, quantity, onHand, false));
                }
            });
            if (!shortages.isEmpty()) {
                // rolls back the claim too: the order holds nothing
                throw new InsufficientStockException(orderId, shortages);
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO reservations (order_id, sku, quantity, status) VALUES (?, ?, ?, 'RESERVED') "
                            + "ON CONFLICT (order_id, sku) DO NOTHING");
                 PreparedStatement take = c.prepareStatement(
                         "UPDATE inventory SET available = available - ?, reserved = reserved + ?, updated_at = now() "
                                 + "WHERE sku = ? AND available >= ?")) {
                for (var line : requested.entrySet()) {
                    insert.setString(1, orderId);
                    insert.setString(2, line.getKey());
                    insert.setLong(3, line.getValue());
                    if (insert.executeUpdate() != 1) {
                        throw new SQLException("reservation line " + orderId + "/" + line.getKey()
                                + " exists without its order row", "XX000");
                    }
                    take.setLong(1, line.getValue());
                    take.setLong(2, line.getValue());
                    take.setString(3, line.getKey());
                    take.setLong(4, line.getValue());
                    if (take.executeUpdate() != 1) {
                        throw new SQLException("stock of " + line.getKey() + " changed under its row lock", "XX000");
                    }
                }
            }
            return new Reservation(orderId, toLines(requested), false);
        });
    }

    @Override
    public Release release(String orderId) {
        checkOrderId(orderId);
        return database.inTransaction(c -> {
            if (claimOrder(c, orderId, "RELEASED")) {
                return new Release(orderId, Release.Outcome.NOTHING_RESERVED, List.of());
            }
            String status = lockOrder(c, orderId);
            SortedMap<String, Long> held = linesOf(c, orderId);
            if (status.equals("RELEASED")) {
                return new Release(orderId, Release.Outcome.ALREADY_RELEASED, toLines(held));
            }
            lockStock(c, held.keySet());
            try (PreparedStatement giveBack = c.prepareStatement(
                    "UPDATE inventory SET available = available + ?, reserved = reserved - ?, updated_at = now() "
                            + "WHERE sku = ?")) {
                for (var line : held.entrySet()) {
                    giveBack.setLong(1, line.getValue());
                    giveBack.setLong(2, line.getValue());
                    giveBack.setString(3, line.getKey());
                    giveBack.addBatch();
                }
                giveBack.executeBatch();
            }
            try (PreparedStatement lines = c.prepareStatement(
                    "UPDATE reservations SET status = 'RELEASED', released_at = now() "
                            + "WHERE order_id = ? AND status = 'RESERVED'");
                 PreparedStatement order = c.prepareStatement(
                         "UPDATE reservation_orders SET status = 'RELEASED', released_at = now() WHERE order_id = ?")) {
                lines.setString(1, orderId);
                lines.executeUpdate();
                order.setString(1, orderId);
                order.executeUpdate();
            }
            return new Release(orderId, Release.Outcome.RELEASED, toLines(held));
        });
    }

    @Override
    public StockLevel setAvailable(String sku, long available) {
        new ReservationLine(sku, 1); // validates the SKU
        if (available < 0) {
            throw new IllegalArgumentException("available must not be negative, was " + available);
        }
        return database.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement(
                    "INSERT INTO inventory (sku, available) VALUES (?, ?) "
                            + "ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, updated_at = now() "
                            + "RETURNING sku, available, reserved")) {
                upsert.setString(1, sku);
                upsert.setLong(2, available);
                try (ResultSet rs = upsert.executeQuery()) {
                    rs.next();
                    return new StockLevel(rs.getString(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }

    @Override
    public Optional<StockLevel> stockLevel(String sku) {
        Objects.requireNonNull(sku, "sku");
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT sku, available, reserved FROM inventory WHERE sku = ?")) {
                select.setString(1, sku);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new StockLevel(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                            : Optional.<StockLevel>empty();
                }
            }
        });
    }

    @Override
    public List<ReservationLine> heldBy(String orderId) {
        checkOrderId(orderId);
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT sku, quantity FROM reservations WHERE order_id = ? AND status = 'RESERVED' ORDER BY sku")) {
                select.setString(1, orderId);
                List<ReservationLine> lines = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        lines.add(new ReservationLine(rs.getString(1), rs.getLong(2)));
                    }
                }
                return lines;
            }
        });
    }

    /** Inserts the order's row; false when it already exists (then the caller locks and reads it). */
    private static boolean claimOrder(Connection c, String orderId, String status) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO reservation_orders (order_id, status, released_at) "
                        + "VALUES (?, ?, CASE WHEN ? = 'RELEASED' THEN now() END) ON CONFLICT (order_id) DO NOTHING")) {
            insert.setString(1, orderId);
            insert.setString(2, status);
            insert.setString(3, status);
            return insert.executeUpdate() == 1;
        }
    }

    private static String lockOrder(Connection c, String orderId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT status FROM reservation_orders WHERE order_id = ? FOR UPDATE")) {
            select.setString(1, orderId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("order row " + orderId + " vanished under ON CONFLICT", "40001");
                }
                return rs.getString(1);
            }
        }
    }

    private static SortedMap<String, Long> linesOf(Connection c, String orderId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT sku, quantity FROM reservations WHERE order_id = ?")) {
            select.setString(1, orderId);
            SortedMap<String, Long> lines = new TreeMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    lines.put(rs.getString(1), rs.getLong(2));
                }
            }
            return lines;
        }
    }

    /** Locks the stock rows of {@code skus} in SKU order; returns available units of those that exist. */
    private static Map<String, Long> lockStock(Connection c, java.util.Collection<String> skus) throws SQLException {
        Map<String, Long> available = new HashMap<>();
        if (skus.isEmpty()) {
            return available;
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT sku, available FROM inventory WHERE sku = ANY (?) ORDER BY sku FOR UPDATE")) {
            select.setArray(1, c.createArrayOf("varchar", skus.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    available.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return available;
    }

    private static SortedMap<String, Long> bySku(List<ReservationLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a reservation needs at least one line");
        }
        SortedMap<String, Long> bySku = new TreeMap<>();
        for (ReservationLine line : lines) {
            if (bySku.putIfAbsent(line.sku(), line.quantity()) != null) {
                throw new IllegalArgumentException("sku " + line.sku() + " appears on more than one line");
            }
        }
        return bySku;
    }

    private static List<ReservationLine> toLines(SortedMap<String, Long> bySku) {
        List<ReservationLine> lines = new ArrayList<>(bySku.size());
        bySku.forEach((sku, quantity) -> lines.add(new ReservationLine(sku, quantity)));
        return lines;
    }

    private static void checkOrderId(String orderId) {
        if (orderId == null || orderId.isBlank() || orderId.length() > MAX_ORDER_ID_LENGTH) {
            throw new IllegalArgumentException("orderId must be 1.." + MAX_ORDER_ID_LENGTH + " characters, not blank");
        }
    }
}
