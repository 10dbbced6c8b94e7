package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.streams.StreamRecord;

/**
 * Where committed state is copied for durability. The in-memory maps stay the working copy;
 * an implementation only records changes and, on {@link #sync()}, makes everything recorded so far
 * durable. Calls for one item arrive in lock order, so the last recorded state is the current one.
 */
public interface Persistence extends AutoCloseable {

    void saveTable(String schemaJson, String tableName);

    void dropTable(String tableName, String tableId);

    void putItem(String tableId, byte[] key, byte[] item);

    void deleteItem(String tableId, byte[] key);

    void saveStream(String arn, String metaJson);

    void appendStreamRecord(String arn, StreamRecord record);

    void trimStream(String arn, long belowSequenceNumber);

    void dropStream(String arn);

    /**
     * Records {@code changes} (calls of this interface) as one group: a {@link #sync()} makes all of them
     * durable or none, so a crash never leaves part of a transaction, or an item without its stream record.
     * Groups may nest (the outermost one counts) and run concurrently.
     */
    default void atomically(Runnable changes) {
        changes.run();
    }

    /** Blocks until every change recorded before the call is durable. */
    void sync();

    @Override
    void close();

    /** Keeps nothing: the default, in-memory server. */
    Persistence NONE = new Persistence() {
        public void saveTable(String schemaJson, String tableName) {
        }

        public void dropTable(String tableName, String tableId) {
        }

        public void putItem(String tableId, byte[] key, byte[] item) {
        }

        public void deleteItem(String tableId, byte[] key) {
        }

        public void saveStream(String arn, String metaJson) {
        }

        public void appendStreamRecord(String arn, StreamRecord record) {
        }

        public void trimStream(String arn, long belowSequenceNumber) {
        }

        public void dropStream(String arn) {
        }

        public void sync() {
        }

        public void close() {
        }
    };
}
