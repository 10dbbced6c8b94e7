package dev.sagastack.local.dynamodb.expression.internal;

/**
 * Keeps the one validation problem DynamoDB would report among all found in an expression: the
 * lowest category first (each expression kind ranks its categories as DynamoDB does), then the
 * earliest position.
 */
final class Problems {

    private int category = Integer.MAX_VALUE;
    private int pos = Integer.MAX_VALUE;
    private String message;

    Problems() {
    }

    Problems(Problems other) {
        this.category = other.category;
        this.pos = other.pos;
        this.message = other.message;
    }

    void add(int category, int pos, String message) {
        if (category < this.category || (category == this.category && pos < this.pos)) {
            this.category = category;
            this.pos = pos;
            this.message = message;
        }
    }

    boolean any() {
        return message != null;
    }

    String message() {
        return message;
    }
}
