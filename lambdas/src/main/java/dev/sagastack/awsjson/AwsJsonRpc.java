package dev.sagastack.awsjson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.DefaultAwsResponseMetadata;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.ClockSkew;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * One AWS service spoken in the AWS JSON protocol (awsJson 1.0 / 1.1: a signed {@code POST /} with
 * {@code X-Amz-Target: Prefix.Operation}) over the functions' HTTP client, with the SDK's own model classes,
 * SigV4 signer and exceptions, and without an SDK client: building one costs a cold start about 100 ms of CPU
 * and its request pipeline as much again at the first call (see bench/README.md, "cold start").
 * <p>What the SDK's synchronous client does for these services, this class does the same way:
 * <ul>
 * <li><b>errors:</b> the body's {@code __type} (or the {@code x-amzn-ErrorType} header) after its {@code #} names
 * the error; a modeled error becomes the model's exception class with its members (a conditional check's item, a
 * transaction's cancellation reasons), any other the service's base exception; the AWS error details carry code,
 * message, service name, the HTTP response and the raw body;</li>
 * <li><b>retries:</b> the legacy retry mode, the SDK's default: 5xx (500/502/503/504), 429, the throttling and
 * transient error codes of the SDK's lists, clock-skew errors, I/O errors and a CRC32 mismatch are retried,
 * full-jitter backoff from the service's base delay for errors and equal-jitter from 500 ms for throttling, both
 * capped at 20 s; each instance has the mode's retry quota (a token bucket of 500: a retry after an error takes 5,
 * after throttling nothing, a success gives back what its call took or 1), so a failing service is not asked
 * nine times per call for long;</li>
 * <li><b>clock skew:</b> an error the SDK counts as clock skew ({@code RequestTimeTooSkewed} and the like, or a
 * signature refused with 401/403 while the answer's {@code Date} is four minutes or more away) sets this instance's
 * time offset from that {@code Date}, and the retry and every later request are signed at the service's time;</li>
 * <li><b>integrity:</b> when the service sends {@code x-amz-crc32} (DynamoDB does) the body is checked against it;</li>
 * <li>{@code amz-sdk-invocation-id} and {@code amz-sdk-request: attempt=N; max=M} headers as the SDK sends them.</li>
 * </ul>
 * Not done (the functions do not need them): endpoint discovery, request compression, metrics publishers and
 * execution interceptors.
 */
public final class AwsJsonRpc {

    /** Error codes the SDK treats as throttling ({@code AwsErrorCode.THROTTLING_ERROR_CODES}, aws-core 2.57). */
    static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException", "EC2ThrottledException",
            "TransactionInProgressException");
    /** Error codes the SDK retries as transient ({@code AwsErrorCode.RETRYABLE_ERROR_CODES}). */
    static final Set<String> TRANSIENT = Set.of("PriorRequestNotComplete", "RequestTimeout", "RequestTimeoutException",
            "InternalError");
    /** Always clock skew ({@code AwsErrorCode.DEFINITE_CLOCK_SKEW_ERROR_CODES}). */
    static final Set<String> DEFINITE_CLOCK_SKEW = Set.of("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture");
    /** Clock skew when the service's time is far off ({@code AwsErrorCode.POSSIBLE_CLOCK_SKEW_ERROR_CODES}). */
    static final Set<String> POSSIBLE_CLOCK_SKEW = Set.of("InvalidSignatureException", "SignatureDoesNotMatch",
            "AuthFailure");
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(500, 502, 503, 504);
    private static final long MAX_BACKOFF_MILLIS = 20_000;
    private static final long THROTTLED_BASE_DELAY_MILLIS = 500;
    /** The legacy retry mode's quota ({@code DefaultRetryStrategy.Legacy}, retries 2.57). */
    static final int RETRY_QUOTA = 500;
    private static final int RETRY_COST = 5;
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static volatile BiConsumer<String, String> callObserver = (service, operation) -> { };

    /**
     * What differs between services.
     *
     * @param serviceName     the name the SDK gives in error details ({@code DynamoDb}, {@code Sfn})
     * @param signingName     SigV4's service name ({@code dynamodb}, {@code states})
     * @param targetPrefix    the {@code X-Amz-Target} prefix ({@code DynamoDB_20120810}, {@code AWSStepFunctions})
     * @param jsonVersion     {@code 1.0} or {@code 1.1}
     * @param modeledErrors   the model's exception builder for an error code, or null for the service's base exception
     * @param baseError       the service's base exception builder
     * @param maxAttempts     attempts per call, the first included
     * @param baseDelayMillis the backoff's base delay for non-throttling errors
     */
    public record Service(String serviceName, String signingName, String targetPrefix, String jsonVersion,
                          Function<String, AwsServiceException.Builder> modeledErrors,
                          Supplier<AwsServiceException.Builder> baseError, int maxAttempts, long baseDelayMillis) {
        public Service {
            Objects.requireNonNull(serviceName, "serviceName");
            Objects.requireNonNull(signingName, "signingName");
            Objects.requireNonNull(targetPrefix, "targetPrefix");
            Objects.requireNonNull(modeledErrors, "modeledErrors");
            Objects.requireNonNull(baseError, "baseError");
            if (!jsonVersion.equals("1.0") && !jsonVersion.equals("1.1")) {
                throw new IllegalArgumentException("jsonVersion must be 1.0 or 1.1: " + jsonVersion);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
        }
    }

    private final Service service;
    private final Supplier<SdkHttpClient> http;
    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final Consumer<String> beforeAttempt;
    private final String contentType;
    private final Clock clock;
    private final AtomicInteger retryQuota = new AtomicInteger(RETRY_QUOTA);
    /** Seconds this JVM's clock is ahead of the service's, as the last clock-skew error showed (the SDK's offset). */
    private volatile int timeOffsetSeconds;

    /**
     * @param http          the HTTP client, asked at each call (a host may install its transport first)
     * @param endpoint      the service endpoint, e.g. {@code https://dynamodb.eu-west-1.amazonaws.com}
     * @param beforeAttempt told the operation's name before each attempt is sent (round-trip counters)
     */
    public AwsJsonRpc(Service service, Supplier<SdkHttpClient> http, Region region, URI endpoint,
                      AwsCredentialsProvider credentials, Consumer<String> beforeAttempt) {
        this(service, http, region, endpoint, credentials, beforeAttempt, Clock.systemUTC());
    }

    /** As above, with the clock this JVM signs by before any correction (tests: a clock that is off). */
    AwsJsonRpc(Service service, Supplier<SdkHttpClient> http, Region region, URI endpoint,
               AwsCredentialsProvider credentials, Consumer<String> beforeAttempt, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.service = Objects.requireNonNull(service, "service");
        this.http = Objects.requireNonNull(http, "http");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.beforeAttempt = Objects.requireNonNull(beforeAttempt, "beforeAttempt");
        this.contentType = "application/x-amz-json-" + service.jsonVersion();
    }

    /**
     * Tells {@code observer} of every call (service name, operation; not each attempt) of every instance in this JVM,
     * as the SDK's global execution interceptors see its clients' calls: a host that counts its functions' AWS calls
     * (the local twin's metrics) observes these too.
     */
    public static void observeCalls(BiConsumer<String, String> observer) {
        callObserver = Objects.requireNonNull(observer, "observer");
    }

    public Region region() {
        return region;
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Calls {@code operation} with {@code request} and returns the answer built from {@code responseBuilder}
     * (the model's builder for the operation's output).
     *
     * @throws AwsServiceException the service's refusal, as the model's exception class when modeled
     * @throws SdkClientException  when no answer came (I/O, checksum) after the last attempt
     */
    public <R extends AwsResponse> R call(String operation, SdkPojo request, AwsResponse.Builder responseBuilder) {
        return built(execute(operation, PojoJson.write(request)), responseBuilder);
    }

    /**
     * Calls {@code operation} with a JSON body the caller wrote and returns the answer's JSON body: for a service
     * whose model classes the functions do not carry (SSM's one call, {@code SsmParameters}).
     *
     * @throws AwsServiceException the service's refusal, as the base exception of {@link Service#baseError()}
     *                             ({@code errorCode} null when the answer named none)
     * @throws SdkClientException  when no answer came (I/O, checksum) after the last attempt
     */
    public byte[] call(String operation, byte[] body) {
        return execute(operation, body).body();
    }

    private Answer execute(String operation, byte[] body) {
        callObserver.accept(service.serviceName(), operation);
        String invocationId = UUID.randomUUID().toString();
        int quotaTaken = 0;
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                beforeAttempt.accept(operation);
                answer = send(operation, body, invocationId, attempt);
            } catch (IOException e) {
                if (attempt >= service.maxAttempts() || !takeQuota(RETRY_COST)) {
                    throw noAnswer(e, attempt);
                }
                quotaTaken += RETRY_COST;
                pause(backoff(attempt, false));
                continue;
            }
            if (answer.response().isSuccessful()) {
                giveBackQuota(Math.max(quotaTaken, 1));
                return answer;
            }
            AwsServiceException error = error(answer, attempt);
            String code = error.awsErrorDetails().errorCode();
            int status = answer.response().statusCode();
            boolean throttled = status == 429 || code != null && THROTTLING.contains(code);
            boolean skewed = correctedClockSkew(code, status, answer.response());
            boolean retryable = throttled || skewed || RETRYABLE_STATUS.contains(status)
                    || code != null && TRANSIENT.contains(code);
            int cost = throttled ? 0 : RETRY_COST;
            if (!retryable || attempt >= service.maxAttempts() || !takeQuota(cost)) {
                throw error;
            }
            quotaTaken += cost;
            pause(backoff(attempt, throttled));
        }
    }

    private boolean takeQuota(int cost) {
        while (true) {
            int left = retryQuota.get();
            if (left < cost) {
                return false;
            }
            if (retryQuota.compareAndSet(left, left - cost)) {
                return true;
            }
        }
    }

    private void giveBackQuota(int amount) {
        retryQuota.getAndUpdate(left -> Math.min(RETRY_QUOTA, left + amount));
    }

    /** What is left of the retry quota (tests). */
    int retryQuota() {
        return retryQuota.get();
    }

    /**
     * Whether an error is clock skew, as {@code AwsServiceException.isClockSkewException} decides (a definite code,
     * or a possible one or 401/403 while the time the request was signed at is four minutes or more from the
     * answer's {@code Date}); when it is, the offset is set from that {@code Date} as the SDK's
     * {@code ClockSkewAdjuster} does (this clock minus the service's, in whole seconds). The {@code Date} is read once.
     */
    private boolean correctedClockSkew(String code, int status, SdkHttpResponse response) {
        boolean definite = code != null && DEFINITE_CLOCK_SKEW.contains(code);
        boolean possible = code != null && POSSIBLE_CLOCK_SKEW.contains(code) || status == 401 || status == 403;
        if (!definite && !possible) {
            return false;
        }
        Optional<Instant> serverTime = ClockSkew.getServerTime(response);
        boolean skewed = definite || serverTime
                .map(time -> ClockSkew.isClockSkewed(signingClock().instant(), time)).orElse(false);
        if (skewed && serverTime.isPresent()) {
            long seconds = ClockSkew.getClockSkew(clock.instant(), serverTime.get()).getSeconds();
            timeOffsetSeconds = seconds > Integer.MAX_VALUE || seconds < Integer.MIN_VALUE ? 0 : (int) seconds;
        }
        return skewed;
    }

    private Clock signingClock() {
        return Clock.offset(clock, Duration.ofSeconds(-timeOffsetSeconds));
    }

    private record Answer(SdkHttpResponse response, byte[] body) {
    }

    /** The body does not match the service's {@code x-amz-crc32}: retried as an I/O failure is. */
    private static final class ChecksumMismatch extends IOException {
        private static final long serialVersionUID = 1L;

        ChecksumMismatch(long computed, long expected) {
            super("Data read has a different checksum than expected. Was 0x" + Long.toHexString(computed)
                    + ", but expected 0x" + Long.toHexString(expected));
        }
    }

    /** No usable answer after the last attempt, worded as the SDK words it. */
    private static SdkClientException noAnswer(IOException e, int attempts) {
        if (e instanceof ChecksumMismatch) {
            return SdkClientException.builder().numAttempts(attempts).message(e.getMessage()).build();
        }
        return SdkClientException.builder().numAttempts(attempts)
                .message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build();
    }

    private Answer send(String operation, byte[] body, String invocationId, int attempt) throws IOException {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", contentType)
                .putHeader("X-Amz-Target", service.targetPrefix() + "." + operation)
                .putHeader("amz-sdk-invocation-id", invocationId)
                .putHeader("amz-sdk-request", "attempt=" + attempt + "; max=" + service.maxAttempts())
                .build();
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpExecuteResponse executed;
        try {
            executed = http.get().prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        byte[] answer = executed.responseBody().isPresent() ? readAll(executed.responseBody().get()) : new byte[0];
        SdkHttpResponse response = executed.httpResponse();
        String crcHeader = response.firstMatchingHeader("x-amz-crc32").orElse(null);
        if (crcHeader != null) {
            CRC32 crc = new CRC32();
            crc.update(answer);
            long expected = Long.parseLong(crcHeader.trim());
            if (crc.getValue() != expected) {
                throw new ChecksumMismatch(crc.getValue(), expected);
            }
        }
        return new Answer(response, answer);
    }

    @SuppressWarnings("unchecked")
    private static <R extends AwsResponse> R built(Answer answer, AwsResponse.Builder builder) {
        PojoJson.read(answer.body(), (SdkPojo) builder);
        builder.responseMetadata(DefaultAwsResponseMetadata.create(Map.of("AWS_REQUEST_ID", requestId(answer.response()))));
        builder.sdkHttpResponse(answer.response());
        return (R) builder.build();
    }

    private AwsServiceException error(Answer answer, int attempt) {
        SdkHttpResponse response = answer.response();
        String type = response.firstMatchingHeader("x-amzn-ErrorType").orElse(null);
        String message = null;
        try (JsonParser p = PojoJson.JSON.createParser(answer.body())) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("__type") && value == JsonToken.VALUE_STRING) {
                        type = p.getText();
                    } else if (field.equalsIgnoreCase("message") && value == JsonToken.VALUE_STRING) {
                        message = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: the status and header name it
        }
        String code = type == null || type.isBlank() ? null : errorCode(type);
        AwsServiceException.Builder builder = code == null ? null : service.modeledErrors().apply(code);
        if (builder == null) {
            builder = service.baseError().get();
        } else {
            PojoJson.read(answer.body(), builder); // the modeled members (a cancellation's reasons, a check's item)
        }
        return builder
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName(service.serviceName())
                        .sdkHttpResponse(response)
                        .rawResponse(SdkBytes.fromByteArrayUnsafe(answer.body()))
                        .build())
                .statusCode(response.statusCode())
                .requestId(requestId(response))
                .message(message)
                .numAttempts(attempt)
                .clockSkew(Duration.ofSeconds(timeOffsetSeconds))
                .build();
    }

    /** {@code aws.protocoltests.restjson#FooError:http://...} or {@code FooError} names {@code FooError}. */
    static String errorCode(String type) {
        String t = type;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(0, colon);
        }
        return t.substring(t.lastIndexOf('#') + 1);
    }

    private static String requestId(SdkHttpResponse response) {
        return response.firstMatchingHeader("x-amzn-RequestId")
                .or(() -> response.firstMatchingHeader("x-amz-request-id")).orElse(null);
    }

    /** Milliseconds to wait after failed attempt {@code attempt} (1-based), as the legacy retry mode's strategies. */
    long backoff(int attempt, boolean throttled) {
        int retries = Math.min(attempt - 1, 30);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (throttled) {
            long ceiling = Math.min(MAX_BACKOFF_MILLIS, THROTTLED_BASE_DELAY_MILLIS << Math.min(retries, 20));
            return ceiling / 2 + random.nextLong(ceiling / 2 + 1);
        }
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, service.baseDelayMillis() << Math.min(retries, 20));
        return random.nextLong(ceiling + 1);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder().message("interrupted while waiting to retry").cause(e).build();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
