package dev.sagastack.dynamo;

import dev.sagastack.awsjson.AwsJsonRpc;
import dev.sagastack.config.RegionalEndpoints;
import dev.sagastack.config.SdkHttp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.endpoints.AccountIdEndpointMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the DynamoDB client once per container. For the regional endpoint of a region in the aws, aws-cn or
 * aws-us-gov partition, or an explicit endpoint, it is {@link DynamoDbJsonClient}: the SDK's interface and model
 * without an SDK client (a cold start saves the client's construction and its request pipeline, about 200 ms
 * of CPU). Any other region goes to the SDK's client with its endpoint rules.
 */
public final class DynamoClients {

    private DynamoClients() {
    }

    /**
     * Settings of one client; {@code endpoint} is empty in AWS, {@code credentials} empty means the
     * SDK's default chain (the Lambda role in AWS, environment variables on the twin); each round-trip counter is
     * told of every attempt.
     */
    public record Settings(Region region, Optional<URI> endpoint, List<RoundTripCounter> roundTripCounters,
                           Optional<AwsCredentialsProvider> credentials) {
        public Settings {
            roundTripCounters = List.copyOf(roundTripCounters);
        }

        /** A local engine, as the administrator of the local twin's account ({@code test}/{@code test}). */
        public static Settings local(URI endpoint) {
            return new Settings(Region.US_EAST_1, Optional.of(endpoint), List.of(),
                    Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))));
        }

        public Settings withRoundTripCounter(RoundTripCounter counter) {
            List<RoundTripCounter> all = new ArrayList<>(roundTripCounters);
            all.add(counter);
            return new Settings(region, endpoint, all, credentials);
        }
    }

    public static DynamoDbClient create(Settings settings) {
        Optional<URI> endpoint = settings.endpoint().or(() -> RegionalEndpoints.standard("dynamodb", settings.region()));
        if (endpoint.isPresent()) {
            List<RoundTripCounter> counters = settings.roundTripCounters();
            return new DynamoDbJsonClient(new AwsJsonRpc(DynamoDbJsonClient.SERVICE, SdkHttp::current,
                    settings.region(), endpoint.get(),
                    settings.credentials().orElseGet(() -> DefaultCredentialsProvider.builder().build()),
                    counters.isEmpty() ? operation -> { } : operation -> counters.forEach(c -> c.recordAttempt(operation))));
        }
        return sdkClient(settings);
    }

    /** The SDK's client, for the regions whose endpoint the SDK's rules decide (and for comparing with it). */
    public static DynamoDbClient sdkClient(Settings settings) {
        DynamoDbClientBuilder builder = SdkHttp.configure(DynamoDbClient.builder())
                .region(settings.region())
                // regional endpoints: no account-id endpoint rules to evaluate per call (and no
                // account id to resolve from the credentials)
                .accountIdEndpointMode(AccountIdEndpointMode.DISABLED)
                // the regional endpoint without the SDK's rules engine (its own rules decide the rare cases)
                .endpointProvider(RegionalEndpoints.dynamoDb())
                .overrideConfiguration(c -> settings.roundTripCounters().forEach(c::addExecutionInterceptor));
        settings.endpoint().ifPresent(builder::endpointOverride);
        settings.credentials().ifPresent(builder::credentialsProvider);
        return builder.build();
    }
}
