package dev.sagastack.local.dynamodb.dax;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** With {@code -Dsagastack.dax.trace=true}, prints each request's method and decoded arguments to stderr. */
final class DaxTrace {

    static final boolean ON = Boolean.getBoolean("sagastack.dax.trace");

    private DaxTrace() {
    }

    static void log(String message) {
        if (ON) {
            System.err.println("DAX " + message);
        }
    }

    static String show(Object o) {
        if (o instanceof byte[] b) {
            StringBuilder sb = new StringBuilder("h'");
            for (byte x : b) sb.append(String.format("%02x", x));
            return sb.append("'").toString();
        }
        if (o instanceof List<?> l) return l.stream().map(DaxTrace::show).collect(Collectors.joining(", ", "[", "]"));
        if (o instanceof Map<?, ?> m) return m.entrySet().stream().map(e -> show(e.getKey()) + ": " + show(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        if (o instanceof CborReader.Tagged t) return t.tag() + "(" + show(t.value()) + ")";
        if (o instanceof String s) return "\"" + s + "\"";
        return String.valueOf(o);
    }
}
