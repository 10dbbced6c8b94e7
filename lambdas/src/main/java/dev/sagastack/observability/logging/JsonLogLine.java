package dev.sagastack.observability.logging;

import org.slf4j.event.Level;
import software.amazon.lambda.powertools.logging.argument.StructuredArgument;
import software.amazon.lambda.powertools.logging.internal.JsonSerializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/**
 * One log event as the JSON line Powertools' {@code LambdaJsonLayout} writes: the same keys in the same
 * order and types ({@code cold_start} a boolean, {@code function_memory_size} a number, {@code sampling_rate}
 * a number, {@code region}/{@code account_id} from the function ARN), then the other MDC keys and the
 * structured arguments ({@code entry}, {@code json}...) as fields. Absent keys are left out.
 */
final class JsonLogLine {

    private static final String COLD_START = "cold_start";
    private static final String FUNCTION_ARN = "function_arn";
    private static final String MEMORY = "function_memory_size";
    private static final String SAMPLING_RATE = "sampling_rate";
    /** Powertools' keys in the layout's order; {@code timestamp} goes after {@code service}. */
    private static final String[] BEFORE_TIMESTAMP = {COLD_START, FUNCTION_ARN, MEMORY, "function_name",
        "function_request_id", "function_version", SAMPLING_RATE, "service"};
    private static final String[] AFTER_TIMESTAMP = {"xray_trace_id", "correlation_id"};
    private static final Set<String> POWERTOOLS_KEYS = Set.of(COLD_START, FUNCTION_ARN, MEMORY, "function_name",
            "function_request_id", "function_version", SAMPLING_RATE, "service", "xray_trace_id", "correlation_id");

    private JsonLogLine() {
    }

    static String format(Level level, String message, Throwable throwable, Map<String, String> mdc, Object[] arguments,
                         long epochMillis) {
        StringBuilder line = new StringBuilder(256);
        try (JsonSerializer json = new JsonSerializer(line)) {
            json.writeStartObject();
            json.writeStringField("level", level.toString());
            json.writeSeparator();
            json.writeStringField("message", message == null ? "" : message);
            if (throwable != null) {
                json.writeSeparator();
                json.writeFieldName("error");
                json.writeStartObject();
                boolean first = true;
                if (throwable.getMessage() != null) {
                    json.writeStringField("message", throwable.getMessage());
                    first = false;
                }
                if (!first) {
                    json.writeSeparator();
                }
                json.writeStringField("name", throwable.getClass().getName());
                json.writeSeparator();
                json.writeStringField("stack", stackTrace(throwable));
                json.writeEndObject();
            }
            for (String key : BEFORE_TIMESTAMP) {
                powertoolsField(json, key, mdc.get(key));
            }
            json.writeSeparator();
            json.writeStringField("timestamp", timestamp(epochMillis));
            for (String key : AFTER_TIMESTAMP) {
                powertoolsField(json, key, mdc.get(key));
            }
            String arn = mdc.get(FUNCTION_ARN);
            if (arn != null && arn.startsWith("arn:")) {
                String[] parts = arn.split(":");
                if (parts.length > 4) {
                    json.writeSeparator();
                    json.writeStringField("region", parts[3]);
                    json.writeSeparator();
                    json.writeStringField("account_id", parts[4]);
                }
            }
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                if (!POWERTOOLS_KEYS.contains(e.getKey()) && e.getValue() != null) {
                    json.writeSeparator();
                    json.writeStringField(e.getKey(), e.getValue());
                }
            }
            if (arguments != null) {
                for (Object argument : arguments) {
                    if (argument instanceof StructuredArgument structured) {
                        json.writeSeparator();
                        structured.writeTo(json);
                    }
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.append('\n').toString();
    }

    private static void powertoolsField(JsonSerializer json, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        json.writeSeparator();
        switch (key) {
            case COLD_START -> json.writeBooleanField(key, Boolean.parseBoolean(value));
            case MEMORY -> {
                try {
                    json.writeNumberField(key, Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    json.writeStringField(key, value);
                }
            }
            case SAMPLING_RATE -> {
                try {
                    json.writeNumberField(key, Float.parseFloat(value));
                } catch (NumberFormatException e) {
                    json.writeStringField(key, value);
                }
            }
            default -> json.writeStringField(key, value);
        }
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, as the layout's timestamp resolver is configured. */
    static String timestamp(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(24);
        s.append(t.getYear()).append('-');
        pad(s, t.getMonthValue(), 2).append('-');
        pad(s, t.getDayOfMonth(), 2).append('T');
        pad(s, t.getHour(), 2).append(':');
        pad(s, t.getMinute(), 2).append(':');
        pad(s, t.getSecond(), 2).append('.');
        return pad(s, (int) Math.floorMod(epochMillis, 1000), 3).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder s, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(digits);
    }

    private static String stackTrace(Throwable throwable) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            throwable.printStackTrace(out);
        }
        return text.toString();
    }
}
