package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The JSON 1.0 wire protocol as the SDKs see it: targets, error shapes, checksums (DynamoDB "Error handling"). */
class WireProtocolTest extends ServerFixture {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedJsonIsSerializationException() throws Exception {
        HttpResponse<String> r = post("DynamoDB_20120810.ListTables", "{not json");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("com.amazon.coral.service#SerializationException");
    }

    /** One document per request: a valid document followed by more content is refused and runs nothing. */
    @Test
    void contentAfterTheDocumentIsSerializationException() throws Exception {
        HttpResponse<String> r = post("DynamoDB_20120810.ListTables", "{\"Limit\":1}}1e999999999");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("__type").asText()).isEqualTo("com.amazon.coral.service#SerializationException");
        assertThat(post("DynamoDB_20120810.ListTables", "{\"Limit\":1} ").statusCode()).isEqualTo(200);
    }

    @Test
    void wrongMemberTypeIsSerializationException() throws Exception {
        HttpResponse<String> r = post("DynamoDB_20120810.DescribeTable", "{\"TableName\": 12}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("com.amazon.coral.service#SerializationException");
        assertThat(body.get("message").asText()).isEqualTo("NUMBER_VALUE cannot be converted to String");
    }

    /**
     * API Reference, "AttributeValue": S, N and B are strings, BOOL and NULL booleans, L and the sets lists,
     * M a map. A member of another JSON type is refused by the request parser before validation, as for any
     * other member (SerializationException with the parser's wording) - even ahead of an invalid table name -
     * while a string that is not a number is a ValidationException, and nothing is written.
     */
    @Test
    void attributeValuesOfTheWrongJsonTypeAreSerializationExceptions() throws Exception {
        String table = createTable(null, b -> { });
        String[][] cases = {
                {"{\"N\": 12}", "NUMBER_VALUE cannot be converted to String"},
                {"{\"S\": 1.5}", "DECIMAL_VALUE cannot be converted to String"},
                {"{\"B\": true}", "TRUE_VALUE cannot be converted to String"},
                {"{\"S\": [\"x\"]}", "Unrecognized collection type class java.lang.String"},
                {"{\"S\": {}}", "Start of structure or map found where not expected"},
                {"{\"SS\": [\"a\", 1]}", "NUMBER_VALUE cannot be converted to String"},
                {"{\"BOOL\": \"yes\"}", "Unexpected token received from parser"},
                {"{\"BOOL\": 1}", "NUMBER_VALUE cannot be converted to Boolean"},
                {"{\"NULL\": [true]}", "Unrecognized collection type class java.lang.Boolean"},
                {"{\"L\": {}}", "Start of structure or map found where not expected"},
                {"{\"M\": \"x\"}", "Unexpected field type"}};
        for (String[] c : cases) {
            for (String tableName : new String[] {table, "x"}) {
                HttpResponse<String> r = post("DynamoDB_20120810.PutItem", "{\"TableName\":\"" + tableName
                        + "\",\"Item\":{\"pk\":{\"S\":\"wire\"},\"a\":" + c[0] + "}}");
                JsonNode body = json.readTree(r.body());
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(body.get("__type").asText()).as(c[0])
                        .isEqualTo("com.amazon.coral.service#SerializationException");
                assertThat(body.get("message").asText()).as(c[0]).isEqualTo(c[1]);
            }
        }
        HttpResponse<String> r = post("DynamoDB_20120810.PutItem", "{\"TableName\":\"" + table
                + "\",\"Item\":{\"pk\":{\"S\":\"wire\"},\"a\":{\"N\":\"12x\"}}}");
        assertThat(json.readTree(r.body()).get("__type").asText())
                .isEqualTo("com.amazon.coral.validate#ValidationException");
        r = post("DynamoDB_20120810.GetItem", "{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\"wire\"}}}");
        assertThat(json.readTree(r.body()).has("Item")).isFalse();
    }

    @Test
    void unknownTargetIsUnknownOperationException() throws Exception {
        for (String target : new String[] {"DynamoDB_20120810.DropEverything", "Other_1.ListTables", null}) {
            HttpResponse<String> r = post(target, "{}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json.readTree(r.body()).get("__type").asText())
                    .isEqualTo("com.amazon.coral.service#UnknownOperationException");
        }
    }

    @Test
    void responsesCarryRequestIdAndCrc32OfTheBody() throws Exception {
        HttpResponse<String> r = post("DynamoDB_20120810.ListTables", "{}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        CRC32 crc = new CRC32();
        crc.update(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc.getValue()));
    }

    @Test
    void validationErrorsUseTheValidationExceptionType() throws Exception {
        HttpResponse<String> r = post("DynamoDB_20120810.GetItem", "{\"TableName\":\"x\"}");
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("com.amazon.coral.validate#ValidationException");
        assertThat(body.get("message").asText()).isEqualTo("2 validation errors detected: "
                + "Value 'x' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; "
                + "Value null at 'key' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void keepAliveChunkedBodiesAndExpectContinueOnOneConnection() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            var out = socket.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            String chunked = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1\r\n}\r\n0\r\n\r\n";
            String expect = "POST / HTTP/1.1\r\nHost: x\r\nx-amz-target: DynamoDB_20120810.ListTables\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
            out.write((chunked + expect).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readResponse(in)).startsWith("{\"TableNames\":[");
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(in.readLine()).isEmpty();
            assertThat(readResponse(in)).startsWith("{\"TableNames\":[");
            assertThat(in.read()).as("closed after Connection: close").isEqualTo(-1);
        }
    }

    private static String readResponse(java.io.BufferedReader in) throws IOException {
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = -1;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            read += in.read(body, read, length - read);
        }
        return new String(body);
    }
}
