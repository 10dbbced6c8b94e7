package dev.sagastack.pagination;

/** The secret that signs cursors. Kept behind an interface so it can come from SSM, env or a test. */
@FunctionalInterface
public interface CursorSigningKey {

    /** At least 32 bytes. */
    byte[] bytes();
}
