package dev.sagastack.functions;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * One Lambda function of the application: its handler class, its sizing and what it may touch.
 * Infra derives least-privilege grants from {@link #access()}; the twin hosts the same handler.
 *
 * @param name        logical name, also the ASL substitution key suffix and the twin's function name
 * @param handlerClass fully qualified class implementing {@code RequestHandler} or {@code RequestStreamHandler}
 */
public record FunctionSpec(String name, String handlerClass, int memoryMb, Duration timeout, Set<Access> access) {

    /** What a function may read or write; each maps to one grant in infra. */
    public enum Access {
        SINGLE_TABLE_READ, SINGLE_TABLE_WRITE,
        EVENT_STORE_READ, EVENT_STORE_WRITE,
        INVENTORY_DATABASE, DAX_READ, START_SAGA, READ_SAGA,
        /** Reads the key that signs pagination cursors: functions that hand out or accept list cursors. */
        CURSOR_KEY
    }

    public FunctionSpec {
        access = access.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(access));
    }
}
