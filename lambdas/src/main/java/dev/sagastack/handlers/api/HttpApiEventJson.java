package dev.sagastack.handlers.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API's event (payload format 2.0) read from the JSON Lambda hands a stream handler, and the
 * response written back as JSON, on Jackson's streaming API: "Working with AWS Lambda proxy integrations for
 * HTTP APIs" (API Gateway Developer Guide) names the members. As a {@code RequestHandler} the function had the
 * Java runtime's POJO serializers do this, and their data-bound set-up (~850 classes) cost every cold start
 * more than the request itself. Members the function does not use (the authorizer, unknown members) are skipped.
 */
final class HttpApiEventJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private HttpApiEventJson() {
    }

    /** The event, or null for a JSON {@code null} (the API answers 400). */
    static APIGatewayV2HTTPEvent read(InputStream in) throws IOException {
        try (JsonParser json = FACTORY.createParser(in)) {
            JsonToken first = json.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return null;
            }
            expectObject(json, "the event");
            APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                switch (name) {
                    case "version" -> event.setVersion(text(json));
                    case "routeKey" -> event.setRouteKey(text(json));
                    case "rawPath" -> event.setRawPath(text(json));
                    case "rawQueryString" -> event.setRawQueryString(text(json));
                    case "cookies" -> event.setCookies(texts(json));
                    case "headers" -> event.setHeaders(textMap(json));
                    case "queryStringParameters" -> event.setQueryStringParameters(textMap(json));
                    case "pathParameters" -> event.setPathParameters(textMap(json));
                    case "stageVariables" -> event.setStageVariables(textMap(json));
                    case "body" -> event.setBody(text(json));
                    case "isBase64Encoded" -> event.setIsBase64Encoded(json.currentToken() == JsonToken.VALUE_TRUE);
                    case "requestContext" -> event.setRequestContext(requestContext(json));
                    default -> json.skipChildren();
                }
            }
            return event;
        }
    }

    /** The response as the runtime's serializer writes it: API Gateway reads these members. */
    static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.getStatusCode());
            if (response.getHeaders() != null) {
                json.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> header : response.getHeaders().entrySet()) {
                    json.writeStringField(header.getKey(), header.getValue());
                }
                json.writeEndObject();
            }
            if (response.getMultiValueHeaders() != null) {
                json.writeObjectFieldStart("multiValueHeaders");
                for (Map.Entry<String, List<String>> header : response.getMultiValueHeaders().entrySet()) {
                    json.writeArrayFieldStart(header.getKey());
                    for (String value : header.getValue()) {
                        json.writeString(value);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            if (response.getCookies() != null) {
                json.writeArrayFieldStart("cookies");
                for (String cookie : response.getCookies()) {
                    json.writeString(cookie);
                }
                json.writeEndArray();
            }
            if (response.getBody() != null) {
                json.writeStringField("body", response.getBody());
            }
            json.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
            json.writeEndObject();
        }
    }

    private static APIGatewayV2HTTPEvent.RequestContext requestContext(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(json, "requestContext");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "routeKey" -> context.setRouteKey(text(json));
                case "accountId" -> context.setAccountId(text(json));
                case "stage" -> context.setStage(text(json));
                case "apiId" -> context.setApiId(text(json));
                case "domainName" -> context.setDomainName(text(json));
                case "domainPrefix" -> context.setDomainPrefix(text(json));
                case "time" -> context.setTime(text(json));
                case "timeEpoch" -> context.setTimeEpoch(json.currentToken().isNumeric() ? json.getLongValue() : 0L);
                case "requestId" -> context.setRequestId(text(json));
                case "http" -> context.setHttp(http(json));
                default -> json.skipChildren();
            }
        }
        return context;
    }

    private static APIGatewayV2HTTPEvent.RequestContext.Http http(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(json, "requestContext.http");
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "method" -> http.setMethod(text(json));
                case "path" -> http.setPath(text(json));
                case "protocol" -> http.setProtocol(text(json));
                case "sourceIp" -> http.setSourceIp(text(json));
                case "userAgent" -> http.setUserAgent(text(json));
                default -> json.skipChildren();
            }
        }
        return http;
    }

    private static String text(JsonParser json) throws IOException {
        JsonToken token = json.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new IOException("expected a string for " + json.currentName() + ", found " + token);
        }
        return json.getText();
    }

    private static List<String> texts(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (json.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("expected an array for " + json.currentName());
        }
        List<String> values = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            values.add(text(json));
        }
        return values;
    }

    private static Map<String, String> textMap(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(json, json.currentName());
        Map<String, String> values = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            values.put(name, text(json));
        }
        return values;
    }

    private static void expectObject(JsonParser json, String what) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("expected an object for " + what + ", found " + json.currentToken());
        }
    }
}
