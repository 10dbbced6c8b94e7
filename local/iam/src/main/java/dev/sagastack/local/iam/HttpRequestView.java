package dev.sagastack.local.iam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What access control needs of an HTTP request, independent of the server that received it: the
 * method, the path and query exactly as they came on the wire (still percent-encoded, since the
 * signature covers the encoded form), the headers and the body.
 */
public record HttpRequestView(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                              byte[] body) {

    public HttpRequestView {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method is required");
        }
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        Map<String, List<String>> lower = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                    n -> new ArrayList<>()).addAll(values));
        }
        lower.replaceAll((name, values) -> List.copyOf(values));
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body;
    }

    /** The header's values (name case-insensitive), joined with commas as SigV4 canonicalises them. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.size() == 1 ? values.get(0) : String.join(",", values));
    }

    public List<String> headerValues(String lowerCaseName) {
        return headers.getOrDefault(lowerCaseName, List.of());
    }
}
