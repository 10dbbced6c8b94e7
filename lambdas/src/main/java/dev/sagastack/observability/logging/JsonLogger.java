package dev.sagastack.observability.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintStream;

/** A named logger of {@link JsonLogProvider}: checks the level, then writes one {@link JsonLogLine}. */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    JsonLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return JsonLogLevels.enabled(name, Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return JsonLogLevels.enabled(name, Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return JsonLogLevels.enabled(name, Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return JsonLogLevels.enabled(name, Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return JsonLogLevels.enabled(name, Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String message = arguments == null || arguments.length == 0 ? pattern
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        String line = JsonLogLine.format(level, message, throwable, JsonLogProvider.mdc().current(), arguments,
                System.currentTimeMillis());
        PrintStream out = System.out; // looked up per line: hosts and tests may redirect it
        out.print(line);
        out.flush();
    }
}
