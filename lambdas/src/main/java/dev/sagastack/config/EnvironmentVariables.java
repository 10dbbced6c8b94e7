package dev.sagastack.config;

/**
 * Names of the environment variables through which infra (and the twin) configure the functions.
 * The one place these names are spelled: infra sets them, the application reads them.
 */
public final class EnvironmentVariables {

    /** Name of the single table (users, orders, shipments, forum, read models). */
    public static final String SINGLE_TABLE_NAME = "SINGLE_TABLE_NAME";
    /** Name of the event-store table. */
    public static final String EVENT_STORE_TABLE_NAME = "EVENT_STORE_TABLE_NAME";
    /** DAX cluster endpoint (dax:// or daxs://); absent means plain DynamoDB reads. */
    public static final String DAX_ENDPOINT = "DAX_ENDPOINT";
    /** ARN of the order saga state machine, for the API's StartExecution. */
    public static final String ORDER_SAGA_STATE_MACHINE_ARN = "ORDER_SAGA_STATE_MACHINE_ARN";
    /** Inventory database: RDS Proxy endpoint host, port, database name and IAM database user. */
    public static final String INVENTORY_DB_HOST = "INVENTORY_DB_HOST";
    public static final String INVENTORY_DB_PORT = "INVENTORY_DB_PORT";
    public static final String INVENTORY_DB_NAME = "INVENTORY_DB_NAME";
    public static final String INVENTORY_DB_USER = "INVENTORY_DB_USER";
    /** "iam" in AWS (token from the RDS token generator, TLS required); "password" only on the twin. */
    public static final String INVENTORY_DB_AUTH = "INVENTORY_DB_AUTH";
    /** Password for {@code INVENTORY_DB_AUTH=password}; never set in AWS. */
    public static final String INVENTORY_DB_PASSWORD = "INVENTORY_DB_PASSWORD";
    /** SSM SecureString parameter holding the key that signs pagination cursors. */
    public static final String CURSOR_KEY_PARAMETER = "CURSOR_KEY_PARAMETER";
    /** The cursor signing key itself, base64; used on the twin instead of the parameter. */
    public static final String CURSOR_KEY = "CURSOR_KEY";
    /** Events per snapshot in the event store. */
    public static final String SNAPSHOT_EVERY = "SNAPSHOT_EVERY";

    private EnvironmentVariables() {
    }
}
