package dev.sagastack.local.dynamodb.partiql;

/** A statement that cannot be parsed or translated; the message is DynamoDB's wording. */
public final class PartiqlException extends RuntimeException {

    public PartiqlException(String message) {
        super(message, null, false, false);
    }

    static PartiqlException malformed(String detail) {
        return new PartiqlException("Statement wasn't well formed, can't be processed: " + detail);
    }
}
