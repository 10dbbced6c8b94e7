package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The parts of an HTTP API (payload format 2.0) event that routes use. Header names are case-insensitive. */
public final class ApiRequest {

    /** Bodies above this are refused before parsing. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final String method;
    private final String path;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final Optional<String> body;
    private final int bodyBytes;
    private Map<String, String> pathParameters = Map.of();

    private ApiRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
                       Optional<String> body, int bodyBytes) {
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.query = query;
        this.body = body;
        this.bodyBytes = bodyBytes;
    }

    static ApiRequest from(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : null;
        if (method == null) {
            throw new ApiException(400, "BadRequest", "the event has no HTTP method", null);
        }
        String path = event.getRawPath() != null ? event.getRawPath()
                : event.getRequestContext().getHttp().getPath();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        Map<String, String> query = event.getQueryStringParameters() == null
                ? Map.of() : Map.copyOf(event.getQueryStringParameters());
        Optional<String> body = Optional.empty();
        int bytes = 0;
        if (event.getBody() != null) {
            if (event.getIsBase64Encoded()) {
                byte[] decoded;
                try {
                    decoded = Base64.getDecoder().decode(event.getBody());
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "InvalidJson", "the body is not valid base64", "body");
                }
                bytes = decoded.length;
                try {
                    body = Optional.of(StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(decoded)).toString());
                } catch (CharacterCodingException e) {
                    // JSON text is UTF-8 (RFC 8259, section 8.1); replacing bad bytes would store what nobody sent
                    throw new ApiException(400, "InvalidJson", "the body is not valid UTF-8", "body");
                }
            } else {
                bytes = event.getBody().getBytes(StandardCharsets.UTF_8).length;
                body = Optional.of(event.getBody());
            }
        }
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path == null ? "/" : path, headers, query, body, bytes);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    ApiRequest withPathParameters(Map<String, String> parameters) {
        this.pathParameters = Map.copyOf(parameters);
        return this;
    }

    /** The body as a validated JSON object; 400 when missing, too large or not a JSON object. */
    public JsonBody json() {
        if (bodyBytes > MAX_BODY_BYTES) {
            throw new ApiException(400, "BodyTooLarge", "the body is " + bodyBytes + " bytes; at most "
                    + MAX_BODY_BYTES + " are accepted", "body");
        }
        return JsonBody.parse(body.orElseThrow(() -> new ApiException(400, "InvalidJson",
                "a JSON object body is required", "body")));
    }
}
