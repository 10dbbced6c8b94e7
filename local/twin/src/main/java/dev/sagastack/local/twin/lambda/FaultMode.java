package dev.sagastack.local.twin.lambda;

import java.util.Arrays;
import java.util.Optional;

/** How an injected fault makes an invocation fail. */
public enum FaultMode {
    /** The function reports an error without running: nothing happened. */
    ERROR("error"),
    /** The function runs (its effect may be applied) but does not answer before its timeout: outcome unknown. */
    TIMEOUT("timeout"),
    /** The function applies its effect, then its runtime dies before answering: outcome unknown. */
    CRASH_AFTER_EFFECT("crash-after-effect");

    private final String wireName;

    FaultMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<FaultMode> fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
