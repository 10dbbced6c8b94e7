package dev.sagastack.observability.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The functions' SLF4J backend: one JSON object per line on stdout, in the shape of Powertools'
 * {@code LambdaJsonLayout} (level, message, error, the Lambda context keys Powertools puts in the MDC,
 * timestamp, then our MDC keys and Powertools' structured arguments). It replaces log4j-core and the JSON
 * template layout, whose start-up (several hundred classes, about 0.4 s of CPU with C1 only) was the
 * largest part of a cold start. Powertools' functional API ({@code PowertoolsLogging}) works unchanged:
 * it fills the MDC, and sets the level through {@link JsonLogLevels}.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, JsonLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private static final ThreadMdc MDC = new ThreadMdc();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return MDC;
    }

    static ThreadMdc mdc() {
        return MDC;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to configure: levels come from JsonLogLevels, output is stdout
    }
}
