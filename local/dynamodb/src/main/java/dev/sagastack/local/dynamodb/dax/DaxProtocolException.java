package dev.sagastack.local.dynamodb.dax;

/** A request that does not follow the DAX encoding; answered with a validation error. */
final class DaxProtocolException extends Exception {
    DaxProtocolException(String message) {
        super(message);
    }
}
