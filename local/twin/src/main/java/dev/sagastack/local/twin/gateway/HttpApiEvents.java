package dev.sagastack.local.twin.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the Lambda event of an API Gateway HTTP API, payload format version 2.0, as documented in
 * "Create AWS Lambda proxy integrations for HTTP APIs in API Gateway": header names lower-cased and
 * repeated values joined with commas, cookies moved to {@code cookies}, repeated query parameters joined
 * with commas, a non-text body base64-encoded.
 */
public final class HttpApiEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String accountId;
    private final String apiId;
    private final String region;

    public HttpApiEvents(String accountId, String apiId, String region) {
        this.accountId = accountId;
        this.apiId = apiId;
        this.region = region;
    }

    /** A request id in API Gateway's format (e.g. {@code JKJaXmPLvHcESHA=}). */
    public static String newRequestId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public ObjectNode event(GatewayRequest request, RouteTable.RouteMatch route, Optional<ObjectNode> authorizer,
                            String requestId, Instant now, int localPort) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
            } else {
                headers.merge(name, header.getValue(), (a, b) -> a + "," + b);
            }
        }
        headers.putIfAbsent("x-forwarded-for", request.sourceIp());
        headers.putIfAbsent("x-forwarded-port", String.valueOf(localPort));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", traceId(now));

        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route.routeKey());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQueryString());
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        Map<String, String> query = queryParameters(request.rawQueryString());
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", accountId);
        context.put("apiId", apiId);
        // what the route's authorizer established: the signing principal (AWS_IAM) or the token's claims (JWT)
        authorizer.ifPresent(a -> context.set("authorizer", a));
        context.put("domainName", apiId + ".execute-api." + region + ".amazonaws.com");
        context.put("domainPrefix", apiId);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", route.routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (request.body().length > 0) {
            // a body that is not valid UTF-8 cannot travel as JSON text without being altered: like a binary
            // payload it is base64-encoded, so the function sees exactly the bytes that were sent
            Optional<String> text = isText(headers.get("content-type")) ? utf8(request.body()) : Optional.empty();
            event.put("body", text.orElseGet(() -> Base64.getEncoder().encodeToString(request.body())));
            event.put("isBase64Encoded", text.isEmpty());
        } else {
            event.put("isBase64Encoded", false);
        }
        if (!route.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            route.pathParameters().forEach(parameters::put);
        }
        return event;
    }

    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/javascript") || type.startsWith("application/x-www-form-urlencoded");
    }

    private static String traceId(Instant now) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + HexFormat.of().formatHex(random);
    }
}
