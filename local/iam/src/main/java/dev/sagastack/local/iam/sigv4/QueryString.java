package dev.sagastack.local.iam.sigv4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A raw query string split into decoded name/value pairs, in arrival order. */
public final class QueryString {

    public record Parameter(String name, String value) {
    }

    private QueryString() {
    }

    public static List<Parameter> decode(String rawQuery) {
        List<Parameter> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(new Parameter(SigV4Encoding.percentDecode(name), SigV4Encoding.percentDecode(value)));
        }
        return out;
    }

    /** Decoded parameters by name; for a repeated name the first value. */
    public static Map<String, String> decodedFirstValues(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        for (Parameter p : decode(rawQuery)) {
            out.putIfAbsent(p.name(), p.value());
        }
        return out;
    }
}
