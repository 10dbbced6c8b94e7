package dev.sagastack.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * SSM {@code GetParameter} with {@code WithDecryption}, the one SSM call the functions make (the API's cursor key),
 * as a single SigV4-signed JSON request on the functions' HTTP client ({@link SdkHttp}) with the SDK's own signer.
 * An {@code SsmClient} would cost a cold listing about 40 ms of CPU to build and its model and marshallers more:
 * the request is two fields and the answer one. Errors keep SSM's names ({@code ParameterNotFound},
 * {@code AccessDeniedException}, ...); throttling, 5xx answers and I/O errors are retried twice with jittered
 * backoff, as the SDK's standard retry mode does (API reference: "GetParameter", Systems Manager).
 */
public final class SsmParameters {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int ATTEMPTS = 3;
    private static final long BASE_DELAY_MILLIS = 100;

    private final Supplier<SdkHttpClient> http;
    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;

    /**
     * @param http        the HTTP client to send on (asked at each call: the twin installs its transport first)
     * @param endpoint    the SSM endpoint, e.g. {@code https://ssm.us-east-1.amazonaws.com}
     * @param credentials the function's credentials (the execution role)
     */
    public SsmParameters(Supplier<SdkHttpClient> http, Region region, URI endpoint, AwsCredentialsProvider credentials) {
        this.http = Objects.requireNonNull(http, "http");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** A refusal or failure of SSM, with the error name SSM gave (or {@code HttpStatusNNN}). */
    public static final class SsmException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String errorCode;
        private final int status;

        SsmException(String errorCode, int status, String message) {
            super("SSM GetParameter: " + errorCode + (message == null ? "" : ": " + message) + " (HTTP " + status + ")");
            this.errorCode = errorCode;
            this.status = status;
        }

        public String errorCode() {
            return errorCode;
        }

        public int status() {
            return status;
        }

        boolean retryable() {
            return status >= 500 || errorCode.contains("Throttling") || errorCode.equals("TooManyUpdates");
        }
    }

    /** The parameter's value, decrypted when it is a SecureString. */
    public String decryptedValue(String name) {
        Objects.requireNonNull(name, "name");
        byte[] body = requestBody(name);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return call(body);
            } catch (SsmException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
            } catch (UncheckedIOException e) {
                last = e;
            }
            if (attempt < ATTEMPTS) {
                pause(attempt);
            }
        }
        throw last;
    }

    private String call(byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AmazonSSM.GetParameter")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http.get().prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            int status = response.httpResponse().statusCode();
            byte[] answer = response.responseBody().isPresent() ? readAll(response.responseBody().get()) : new byte[0];
            if (status / 100 != 2) {
                throw error(status, answer, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null));
            }
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

    /** An awsJson1_1 error: {@code {"__type":"...#ParameterNotFound","message":"..."}}, or the header's type. */
    static SsmException error(int status, byte[] answer, String errorTypeHeader) {
        String type = errorTypeHeader;
        String message = null;
        try (JsonParser p = JSON.createParser(answer)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("__type") && v == JsonToken.VALUE_STRING) {
                        type = p.getText();
                    } else if (field.equalsIgnoreCase("message") && v == JsonToken.VALUE_STRING) {
                        message = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: the status names it
        }
        String code = type == null || type.isBlank() ? "HttpStatus" + status : shortName(type);
        return new SsmException(code, status, message);
    }

    private static String shortName(String type) {
        String t = type;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(0, colon);
        }
        return t.substring(t.lastIndexOf('#') + 1);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void pause(int attempt) {
        long cap = BASE_DELAY_MILLIS << (attempt - 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying SSM GetParameter", e);
        }
    }
}
