package dev.sagastack.observability.logging;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import software.amazon.lambda.powertools.logging.internal.LoggingManager;

/**
 * Which events are written: INFO and above from our code ({@code dev.sagastack}), WARN and above from
 * libraries; Powertools sets one level for every logger when {@code POWERTOOLS_LOG_LEVEL} (or Lambda's
 * {@code AWS_LAMBDA_LOG_LEVEL}) is set, through this {@link LoggingManager} (found by ServiceLoader).
 */
public final class JsonLogLevels implements LoggingManager {

    private static final String OURS = "dev.sagastack";
    private static volatile Level override;

    static boolean enabled(String logger, Level level) {
        Level threshold = override;
        if (threshold == null) {
            threshold = logger.startsWith(OURS) ? Level.INFO : Level.WARN;
        }
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public void setLogLevel(Level level) {
        override = level;
    }

    @Override
    public Level getLogLevel(Logger logger) {
        Level threshold = override;
        if (threshold != null) {
            return threshold;
        }
        return logger != null && logger.getName().startsWith(OURS) ? Level.INFO : Level.WARN;
    }
}
