package dev.sagastack.dynamo;

import dev.sagastack.config.EnvironmentVariables;

import java.util.Objects;

/**
 * The physical names of the application's tables. Tests and tools pass names directly.
 */
public record DataTables(String singleTable, String eventStore) {

    public DataTables {
        requireName(singleTable, EnvironmentVariables.SINGLE_TABLE_NAME);
        requireName(eventStore, EnvironmentVariables.EVENT_STORE_TABLE_NAME);
    }

    private static void requireName(String value, String variable) {
        if (Objects.requireNonNullElse(value, "").isBlank()) {
            throw new IllegalStateException("table name missing: set " + variable);
        }
    }
}
