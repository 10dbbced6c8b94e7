package dev.sagastack.schema;

/** A key attribute of a table or index: its name and DynamoDB scalar type. */
public record KeyAttribute(String name, ScalarType type) {

    /** DynamoDB key attribute types. */
    public enum ScalarType { S, N, B }

    public static KeyAttribute string(String name) {
        return new KeyAttribute(name, ScalarType.S);
    }

    public static KeyAttribute number(String name) {
        return new KeyAttribute(name, ScalarType.N);
    }
}
