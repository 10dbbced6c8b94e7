package dev.sagastack.local.dynamodb.expression.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Parsed expressions keyed by kind, text and attribute names. Parsed templates hold no attribute
 * values, so requests that repeat an expression skip lexing and parsing. Bounded: when full it
 * starts over, which costs one re-parse per expression.
 */
public final class ExpressionCache {

    static final int MAX_ENTRIES = 1024;

    private static final Map<Key, Object> CACHE = new ConcurrentHashMap<>();

    private record Key(int kind, String text, Map<String, String> names) {
    }

    private ExpressionCache() {
    }

    public static ConditionTemplate condition(String text, Map<String, String> names) {
        return get(0, text, names, ConditionTemplate::parse);
    }

    public static UpdateTemplate update(String text, Map<String, String> names) {
        return get(1, text, names, UpdateTemplate::parse);
    }

    public static ProjectionTemplate projection(String text, Map<String, String> names) {
        return get(2, text, names, ProjectionTemplate::parse);
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(int kind, String text, Map<String, String> names, BiFunction<String, Map<String, String>, T> parser) {
        Object cached = CACHE.get(new Key(kind, text, names));
        if (cached != null) {
            return (T) cached;
        }
        T parsed = parser.apply(text, names);
        if (CACHE.size() >= MAX_ENTRIES) {
            CACHE.clear();
        }
        CACHE.put(new Key(kind, text, Collections.unmodifiableMap(new HashMap<>(names))), parsed);
        return parsed;
    }
}
