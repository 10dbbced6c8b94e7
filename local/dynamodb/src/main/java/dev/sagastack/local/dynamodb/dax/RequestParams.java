package dev.sagastack.local.dynamodb.dax;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The optional parameters that follow a DAX data request's fixed arguments: a map from parameter
 * number (the order the official clients define) to value.
 */
record RequestParams(Map<?, ?> values) {

    static final int PROJECTION_EXPRESSION = 0;
    static final int CONSISTENT_READ = 2;
    static final int CONDITION_EXPRESSION = 4;
    static final int RETURN_VALUES = 7;
    static final int UPDATE_EXPRESSION = 8;
    static final int EXCLUSIVE_START_KEY = 9;
    static final int FILTER_EXPRESSION = 10;
    static final int INDEX_NAME = 11;
    static final int LIMIT = 13;
    static final int SCAN_INDEX_FORWARD = 14;
    static final int SELECT = 15;
    static final int SEGMENT = 16;
    static final int TOTAL_SEGMENTS = 17;
    static final int CLIENT_REQUEST_TOKEN = 19;

    static RequestParams of(Object cbor) throws DaxProtocolException {
        if (cbor == CborReader.NULL) {
            return new RequestParams(Map.of());
        }
        if (cbor instanceof Map<?, ?> m) {
            return new RequestParams(m);
        }
        throw new DaxProtocolException("request parameters must be a map");
    }

    Optional<Object> get(int param) {
        Object v = values.get((long) param);
        return v == null || v == CborReader.NULL ? Optional.empty() : Optional.of(v);
    }

    Optional<byte[]> bytes(int param) {
        return get(param).map(v -> v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) v);
    }

    Optional<String> text(int param) {
        return bytes(param).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    Optional<Long> number(int param) {
        return get(param).map(v -> v instanceof Boolean b ? (b ? 1L : 0L) : (Long) v);
    }

    /** Consistent reads come as a boolean (item calls) or 0/1 (query and scan). */
    boolean flag(int param) {
        return number(param).map(n -> n != 0).orElse(false);
    }

    static String returnValues(long code) {
        return switch ((int) code) {
            case 2 -> "ALL_OLD";
            case 3 -> "UPDATED_OLD";
            case 4 -> "ALL_NEW";
            case 5 -> "UPDATED_NEW";
            default -> "NONE";
        };
    }

    static String select(long code) {
        return switch ((int) code) {
            case 2 -> "ALL_PROJECTED_ATTRIBUTES";
            case 3 -> "COUNT";
            case 4 -> "SPECIFIC_ATTRIBUTES";
            default -> "ALL_ATTRIBUTES";
        };
    }
}
