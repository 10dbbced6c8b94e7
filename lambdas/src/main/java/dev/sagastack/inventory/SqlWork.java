package dev.sagastack.inventory;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run inside one transaction on the container's connection. */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
