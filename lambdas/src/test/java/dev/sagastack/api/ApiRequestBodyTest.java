package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A base64-encoded body ("isBase64Encoded", HTTP API payload format 2.0) is decoded to the bytes sent; a body
 * that is not UTF-8 is refused (JSON text is UTF-8, RFC 8259 section 8.1) rather than read with U+FFFD in it.
 */
class ApiRequestBodyTest {

    private static APIGatewayV2HTTPEvent event(byte[] body) {
        return APIGatewayV2HTTPEvent.builder().withRawPath("/users").withIsBase64Encoded(true)
                .withBody(Base64.getEncoder().encodeToString(body))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
    }

    @Test
    void aBase64BodyIsReadAsTheUtf8TextItEncodes() {
        ApiRequest request = ApiRequest.from(event("{\"displayName\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.json().requiredString("displayName")).isEqualTo("Zoë");
    }

    @Test
    void aBodyThatIsNotUtf8IsABadRequestNamingTheBody() {
        byte[] latin1 = "{\"displayName\":\"Zoë\"}".getBytes(StandardCharsets.ISO_8859_1);
        ApiException e = catchThrowableOfType(ApiException.class, () -> ApiRequest.from(event(latin1)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).hasValue("body");
        assertThat(e.getMessage()).isEqualTo("the body is not valid UTF-8");
    }
}
