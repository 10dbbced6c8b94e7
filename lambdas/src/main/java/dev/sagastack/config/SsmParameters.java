package dev.sagastack.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sagastack.awsjson.AwsJsonRpc;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * SSM {@code GetParameter} with {@code WithDecryption}, the one SSM call the functions make (the API's cursor key),
 * as one signed AWS JSON 1.1 request ({@link AwsJsonRpc}: the SDK's signer and legacy retries, 4 attempts with a
 * 100 ms base delay). An {@code SsmClient} would cost a cold listing about 40 ms of CPU to build and its model and
 * marshallers more: the request is two fields and the answer one. Errors keep SSM's names ({@code ParameterNotFound},
 * {@code AccessDeniedException}, ...) (API reference: "GetParameter", Systems Manager).
 */
public final class SsmParameters {

    /** SSM in the AWS JSON protocol; no model classes here, so every refusal is the SDK's base exception. */
    static final AwsJsonRpc.Service SERVICE = new AwsJsonRpc.Service("Ssm", "ssm", "AmazonSSM", "1.1",
            code -> null, AwsServiceException::builder, 4, 100);
    private static final JsonFactory JSON = new JsonFactory();

    private final AwsJsonRpc rpc;

    /**
     * @param http        the HTTP client to send on (asked at each call: the twin installs its transport first)
     * @param endpoint    the SSM endpoint, e.g. {@code https://ssm.us-east-1.amazonaws.com}
     * @param credentials the function's credentials (the execution role)
     */
    public SsmParameters(Supplier<SdkHttpClient> http, Region region, URI endpoint, AwsCredentialsProvider credentials) {
        this.rpc = new AwsJsonRpc(SERVICE, http, region, endpoint, credentials, operation -> { });
    }

    /** A refusal or failure of SSM, with the error name SSM gave (or {@code HttpStatusNNN}). */
    public static final class SsmException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String errorCode;
        private final int status;

        SsmException(String errorCode, int status, String message, Throwable cause) {
            super("SSM GetParameter: " + errorCode + (message == null ? "" : ": " + message) + " (HTTP " + status + ")", cause);
            this.errorCode = errorCode;
            this.status = status;
        }

        public String errorCode() {
            return errorCode;
        }

        public int status() {
            return status;
        }
    }

    /** The parameter's value, decrypted when it is a SecureString. */
    public String decryptedValue(String name) {
        Objects.requireNonNull(name, "name");
        byte[] answer;
        try {
            answer = rpc.call("GetParameter", requestBody(name));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails().errorCode();
            throw new SsmException(code == null ? "HttpStatus" + e.statusCode() : code, e.statusCode(),
                    e.awsErrorDetails().errorMessage(), e);
        }
        try {
            return value(answer);
        } catch (IOException e) {
            throw new UncheckedIOException("SSM GetParameter: " + e.getMessage(), e);
        }
    }

    private static byte[] requestBody(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + name.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("Name", name);
            g.writeBooleanField("WithDecryption", true);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code {"Parameter":{"Value":"...", ...}}}. */
    static String value(byte[] answer) throws IOException {
        try (JsonParser p = JSON.createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken next = p.nextToken();
                if (field.equals("Parameter") && next == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if (inner.equals("Value") && v == JsonToken.VALUE_STRING) {
                            return p.getText();
                        }
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        throw new IOException("the answer has no Parameter.Value");
    }
}
