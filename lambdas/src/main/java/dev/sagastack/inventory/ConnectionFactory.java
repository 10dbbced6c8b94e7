package dev.sagastack.inventory;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new JDBC connection to the inventory database. */
@FunctionalInterface
public interface ConnectionFactory {

    Connection open() throws SQLException;
}
