package dev.sagastack.local.twin.gateway;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it reached the gateway, before API Gateway's mapping.
 *
 * @param rawPath        the path as sent, still percent-encoded
 * @param rawQueryString the query string as sent, without {@code ?}; empty when none
 * @param headers        every header line in order, names as sent
 */
public record GatewayRequest(String method, String rawPath, String rawQueryString,
                             List<Map.Entry<String, String>> headers, byte[] body,
                             String sourceIp, String protocol) {

    public GatewayRequest {
        headers = List.copyOf(headers);
        rawQueryString = rawQueryString == null ? "" : rawQueryString;
        body = body == null ? new byte[0] : body;
    }
}
