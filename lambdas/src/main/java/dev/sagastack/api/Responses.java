package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON responses in the HTTP API payload 2.0 shape. */
final class Responses {

    /** Bodies are maps and lists of plain values (views build them), so no extra modules are needed. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Responses() {
    }

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        return json(status, body, Map.of());
    }

    static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.putAll(extraHeaders);
        String text;
        try {
            text = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers)
                .withBody(text).withIsBase64Encoded(false).build();
    }

    static APIGatewayV2HTTPResponse error(ApiException e, Map<String, String> extraHeaders) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.put("field", e.field().orElse(null));
        return json(e.status(), body, extraHeaders);
    }
}
