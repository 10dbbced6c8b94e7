package dev.sagastack.handlers.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API function reads the payload 2.0 event and writes its response itself; both must mean what the Java
 * runtime's own serializers ({@code aws-lambda-java-serialization}) make of the same JSON.
 */
class HttpApiEventJsonTest {

    /** The example event of "Working with AWS Lambda proxy integrations for HTTP APIs" (API Gateway Developer Guide, payload format 2.0). */
    static final String DOCUMENTED_EVENT = """
            {
              "version": "2.0",
              "routeKey": "$default",
              "rawPath": "/my/path",
              "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value",
              "cookies": ["cookie1", "cookie2"],
              "headers": {"header1": "value1", "header2": "value1,value2"},
              "queryStringParameters": {"parameter1": "value1,value2", "parameter2": "value"},
              "requestContext": {
                "accountId": "123456789012",
                "apiId": "api-id",
                "authentication": {"clientCert": {"clientCertPem": "CERT_CONTENT", "subjectDN": "www.example.com",
                  "issuerDN": "Example issuer", "serialNumber": "a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1",
                  "validity": {"notBefore": "May 28 12:30:02 2019 GMT", "notAfter": "Aug  5 09:36:04 2021 GMT"}}},
                "authorizer": {"jwt": {"claims": {"claim1": "value1", "claim2": "value2"}, "scopes": ["scope1", "scope2"]}},
                "domainName": "id.execute-api.us-east-1.amazonaws.com",
                "domainPrefix": "id",
                "http": {"method": "POST", "path": "/my/path", "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1", "userAgent": "agent"},
                "requestId": "id",
                "routeKey": "$default",
                "stage": "$default",
                "time": "12/Mar/2020:19:03:58 +0000",
                "timeEpoch": 1583348638390
              },
              "body": "Hello from Lambda",
              "pathParameters": {"parameter1": "value1"},
              "isBase64Encoded": false,
              "stageVariables": {"stageVariable1": "value1", "stageVariable2": "value2"}
            }
            """;

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void readsTheDocumentedEventAsTheRuntimeSerializerDoes() throws IOException {
        APIGatewayV2HTTPEvent ours = HttpApiEventJson.read(bytes(DOCUMENTED_EVENT));
        APIGatewayV2HTTPEvent runtime = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader)
                .fromJson(DOCUMENTED_EVENT);

        for (APIGatewayV2HTTPEvent event : List.of(ours, runtime)) {
            assertThat(event.getRawPath()).isEqualTo("/my/path");
            assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        }
        assertThat(ours.getVersion()).isEqualTo(runtime.getVersion());
        assertThat(ours.getRouteKey()).isEqualTo(runtime.getRouteKey());
        assertThat(ours.getRawQueryString()).isEqualTo(runtime.getRawQueryString());
        assertThat(ours.getCookies()).isEqualTo(runtime.getCookies());
        assertThat(ours.getHeaders()).isEqualTo(runtime.getHeaders());
        assertThat(ours.getQueryStringParameters()).isEqualTo(runtime.getQueryStringParameters());
        assertThat(ours.getPathParameters()).isEqualTo(runtime.getPathParameters());
        assertThat(ours.getStageVariables()).isEqualTo(runtime.getStageVariables());
        assertThat(ours.getBody()).isEqualTo(runtime.getBody());
        assertThat(ours.getIsBase64Encoded()).isEqualTo(runtime.getIsBase64Encoded());
        APIGatewayV2HTTPEvent.RequestContext a = ours.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext b = runtime.getRequestContext();
        assertThat(List.of(a.getAccountId(), a.getApiId(), a.getDomainName(), a.getDomainPrefix(), a.getRequestId(),
                a.getRouteKey(), a.getStage(), a.getTime())).isEqualTo(List.of(b.getAccountId(), b.getApiId(),
                b.getDomainName(), b.getDomainPrefix(), b.getRequestId(), b.getRouteKey(), b.getStage(), b.getTime()));
        assertThat(a.getTimeEpoch()).isEqualTo(b.getTimeEpoch()).isEqualTo(1583348638390L);
        assertThat(a.getHttp()).isEqualTo(b.getHttp());
    }

    @Test
    void aBase64BodyAndNullMembersAreRead() throws IOException {
        APIGatewayV2HTTPEvent event = HttpApiEventJson.read(bytes("{\"rawPath\":\"/users\",\"body\":\"eyJhIjoxfQ==\","
                + "\"isBase64Encoded\":true,\"headers\":null,\"cookies\":null,\"requestContext\":{\"http\":{\"method\":\"PUT\"}}}"));

        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(event.getBody()).isEqualTo("eyJhIjoxfQ==");
        assertThat(event.getHeaders()).isNull();
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("PUT");
        assertThat(HttpApiEventJson.read(bytes("null"))).isNull();
        assertThatThrownBy(() -> HttpApiEventJson.read(bytes("[1]"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> HttpApiEventJson.read(bytes("{\"headers\":[\"x\"]}"))).isInstanceOf(IOException.class);
    }

    @Test
    void writesTheResponseTheRuntimeSerializerReadsBackUnchanged() throws IOException {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                .withHeaders(Map.of("content-type", "application/json", "location", "/users/u-1"))
                .withMultiValueHeaders(Map.of("vary", List.of("accept", "origin")))
                .withCookies(List.of("a=1; Secure"))
                .withBody("{\"message\":\"caf\u00e9 \\\"quoted\\\"\"}").withIsBase64Encoded(false).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        HttpApiEventJson.write(response, out);

        PojoSerializer<APIGatewayV2HTTPResponse> runtime = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
        assertThat(runtime.fromJson(out.toString(StandardCharsets.UTF_8))).isEqualTo(response);
    }

    private static ByteArrayInputStream bytes(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
