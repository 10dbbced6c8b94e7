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

    @Test
    void wrongMemberTypeIsSerializationException() throws Exception {
        HttpResponse<String> r = post("DynamoDB_20120810.DescribeTable", "{\"TableName\": 12}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("com.amazon.coral.service#SerializationException");
        assertThat(body.get("message").asText()).isEqualTo("NUMBER_VALUE cannot be converted to String");
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
}
