package dev.sagastack.local.twin.gateway;

import java.util.List;
import java.util.Map;

/** The HTTP response the gateway sends back; a header may repeat (e.g. {@code set-cookie}). */
public record GatewayResponse(int statusCode, List<Map.Entry<String, String>> headers, byte[] body) {

    public GatewayResponse {
        headers = List.copyOf(headers);
    }
}
