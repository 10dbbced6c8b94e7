package dev.sagastack.local.dynamodb.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids of the shape DynamoDB sends in {@code x-amzn-RequestId}: 52 upper-case alphanumerics. */
public final class RequestIds {

    private static final byte[] CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final int LENGTH = 52;

    private RequestIds() {
    }

    /** Writes a new id at the buffer's position (the HTTP front end builds its headers in place). */
    static void put(ByteBuffer out) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < LENGTH; i++) {
            out.put(CHARS[random.nextInt(CHARS.length)]);
        }
    }

    /** A new id, for a host that answers the protocol without the HTTP front end. */
    public static String next() {
        ByteBuffer id = ByteBuffer.allocate(LENGTH);
        put(id);
        return new String(id.array(), StandardCharsets.US_ASCII);
    }
}
