package dev.sagastack.observability;

import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart hooks. Lambda takes the snapshot after init; {@code beforeCheckpoint} runs the code
 * paths of an invocation once (SDK clients, Jackson, the JDBC driver) so they are loaded and
 * JIT-warm in the snapshot, and {@code afterRestore} re-creates what must not be shared between
 * restored copies (network connections).
 */
public final class Priming {

    private Priming() {
    }

    /**
     * Registers the resource with the global CRaC context. Outside SnapStart nothing calls it back.
     * The context holds resources weakly, so the caller must keep a strong reference (the handler
     * registering itself does).
     */
    public static void register(Resource resource) {
        Core.getGlobalContext().register(resource);
    }
}
