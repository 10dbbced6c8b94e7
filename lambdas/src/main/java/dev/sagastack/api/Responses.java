package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.json.RecordJson;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON responses in the HTTP API payload 2.0 shape. */
final class Responses {

    private Responses() {
    }

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        return json(status, body, Map.of());
    }

    static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.putAll(extraHeaders);
        // bodies are maps and lists of plain values (views build them): written by the streaming
        // generator, without setting up data binding for a request that reads one item
        String text = RecordJson.writeString(body);
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
