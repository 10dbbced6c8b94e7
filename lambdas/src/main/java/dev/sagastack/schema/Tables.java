package dev.sagastack.schema;

import java.util.List;
import java.util.Optional;

import static dev.sagastack.schema.KeyAttribute.string;

/** The application's tables: the one definition used by the code, the infra and the twin. */
public final class Tables {

    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String GSI1 = "GSI1";
    public static final String GSI1PK = "GSI1PK";
    public static final String GSI1SK = "GSI1SK";
    public static final String GSI2 = "GSI2";
    public static final String GSI2PK = "GSI2PK";
    public static final String GSI2SK = "GSI2SK";
    public static final String ENTITY_TYPE = "entityType";
    public static final String TTL = "expiresAt";

    /** Users, orders, shipments, forum: one table, overloaded keys. */
    public static final TableSpec SINGLE_TABLE = new TableSpec(
            "SingleTable",
            string(PK), Optional.of(string(SK)),
            List.of(IndexSpec.all(GSI1, string(GSI1PK), string(GSI1SK)),
                    IndexSpec.all(GSI2, string(GSI2PK), string(GSI2SK))),
            TableSpec.StreamView.NEW_AND_OLD_IMAGES,
            Optional.of(TTL));

    /** Event streams of event-sourced aggregates; GSI1 serves catch-up readers by event type and time. */
    public static final TableSpec EVENT_STORE = new TableSpec(
            "EventStore",
            string(PK), Optional.of(string(SK)),
            List.of(IndexSpec.all(GSI1, string(GSI1PK), string(GSI1SK))),
            TableSpec.StreamView.NEW_IMAGE,
            Optional.of(TTL));

    private Tables() {
    }

    public static List<TableSpec> all() {
        return List.of(SINGLE_TABLE, EVENT_STORE);
    }
}
