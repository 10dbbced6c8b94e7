package dev.sagastack.bench.saga;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API's side of a probe: the event API Gateway sends for a GET with IAM authorization (payload
 * format 2.0, "Working with AWS Lambda proxy integrations for HTTP APIs", API Gateway Developer Guide) as
 * JSON. A {@code RequestStreamHandler} (the API function) gets those bytes, as the Java runtime hands them
 * over; a {@code RequestHandler} gets them turned into {@link APIGatewayV2HTTPEvent} and the response back into
 * JSON by Lambda's own event serializers ({@code aws-lambda-java-serialization}, what the Java runtime uses for
 * a {@code RequestHandler}), never an event built by reflection.
 */
final class HttpApiEvents {

    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");
    private static PojoSerializer<APIGatewayV2HTTPEvent> events;
    private static PojoSerializer<APIGatewayV2HTTPResponse> responses;

    private HttpApiEvents() {
    }

    /** Invokes {@code handler} with a GET of {@code path}; returns the response as the runtime would send it. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static String invoke(RequestHandler handler, String path, Context context) {
        if (events == null) {
            ClassLoader loader = handler.getClass().getClassLoader();
            events = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader);
            responses = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
        }
        APIGatewayV2HTTPEvent event = events.fromJson(eventJson(path));
        Object response = handler.handleRequest(event, context);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        responses.toJson((APIGatewayV2HTTPResponse) response, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A stream handler (the API function) gets the same event as the JSON bytes the runtime hands over. */
    static String invoke(RequestStreamHandler handler, String path, Context context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(eventJson(path).getBytes(StandardCharsets.UTF_8)), out, context);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Fails the probe on an HTTP API response that is not 2xx (a step's failure is already an exception). */
    static void requireSuccess(String response) {
        Matcher m = STATUS.matcher(response);
        if (m.find()) {
            int status = Integer.parseInt(m.group(1));
            if (status < 200 || status > 299) {
                throw new IllegalStateException("HTTP API answered " + status + ": " + response);
            }
        }
    }

    /** A GET of {@code /<resource>/<id>[/<sub>][?k=v&...]} as API Gateway hands it to the function. */
    private static String eventJson(String target) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        String[] parts = path.split("/");
        String route = "GET /" + parts[1] + "/{id}" + (parts.length > 3 ? "/" + parts[3] : "");
        StringBuilder parameters = new StringBuilder();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.append(parameters.isEmpty() ? "" : ",").append('"').append(kv[0]).append("\":\"")
                    .append(kv.length > 1 ? kv[1] : "").append('"');
        }
        long now = System.currentTimeMillis();
        String requestId = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return "{\"version\":\"2.0\",\"routeKey\":\"" + route + "\",\"rawPath\":\"" + path + "\",\"rawQueryString\":\"" + query + "\","
                + "\"headers\":{\"accept\":\"application/json\",\"content-length\":\"0\","
                + "\"host\":\"abcdef1234.execute-api.us-east-1.amazonaws.com\",\"user-agent\":\"bench\","
                + "\"x-amz-date\":\"20261206T120000Z\",\"x-amzn-trace-id\":\"Root=1-6753a1b0-" + requestId + "\","
                + "\"x-forwarded-for\":\"203.0.113.7\",\"x-forwarded-port\":\"443\",\"x-forwarded-proto\":\"https\"},"
                + "\"requestContext\":{\"accountId\":\"123456789012\",\"apiId\":\"abcdef1234\","
                + "\"authorizer\":{\"iam\":{\"accessKey\":\"AKIAIOSFODNN7EXAMPLE\",\"accountId\":\"123456789012\","
                + "\"callerId\":\"AIDAJQABLZS4A3QDU576Q\",\"cognitoIdentity\":null,\"principalOrgId\":null,"
                + "\"userArn\":\"arn:aws:iam::123456789012:user/bench\",\"userId\":\"AIDAJQABLZS4A3QDU576Q\"}},"
                + "\"domainName\":\"abcdef1234.execute-api.us-east-1.amazonaws.com\",\"domainPrefix\":\"abcdef1234\","
                + "\"http\":{\"method\":\"GET\",\"path\":\"" + path + "\",\"protocol\":\"HTTP/1.1\","
                + "\"sourceIp\":\"203.0.113.7\",\"userAgent\":\"bench\"},\"requestId\":\"" + requestId + "\","
                + "\"routeKey\":\"" + route + "\",\"stage\":\"$default\",\"time\":\"06/Dec/2026:12:00:00 +0000\","
                + "\"timeEpoch\":" + now + "},"
                + (parameters.isEmpty() ? "" : "\"queryStringParameters\":{" + parameters + "},")
                + "\"pathParameters\":{\"id\":\"" + parts[2] + "\"},\"isBase64Encoded\":false}";
    }
}
