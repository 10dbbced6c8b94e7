package dev.sagastack.dynamo;

import dev.sagastack.config.RegionalEndpoints;
import dev.sagastack.config.SdkHttp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.endpoints.AccountIdEndpointMode;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Builds the DynamoDB client once per container, with an explicit HTTP client ({@link SdkHttp}) and
 * region so that cold starts skip the SDK's discovery of both.
 */
public final class DynamoClients {

    private DynamoClients() {
    }

    /**
     * Settings of one client; {@code endpoint} is empty in AWS, {@code credentials} empty means the
     * SDK's default chain (the Lambda role in AWS, environment variables on the twin).
     */
    public record Settings(Region region, Optional<URI> endpoint, List<ExecutionInterceptor> interceptors,
                           Optional<AwsCredentialsProvider> credentials) {
        public Settings {
            interceptors = List.copyOf(interceptors);
        }

        /** A local engine, as the administrator of the local twin's account ({@code test}/{@code test}). */
        public static Settings local(URI endpoint) {
            return new Settings(Region.US_EAST_1, Optional.of(endpoint), List.of(),
                    Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))));
        }

        public Settings withInterceptor(ExecutionInterceptor interceptor) {
            List<ExecutionInterceptor> all = new java.util.ArrayList<>(interceptors);
            all.add(interceptor);
            return new Settings(region, endpoint, all, credentials);
        }
    }

    public static DynamoDbClient create(Settings settings) {
        DynamoDbClientBuilder builder = SdkHttp.configure(DynamoDbClient.builder())
                .region(settings.region())
                // regional endpoints: no account-id endpoint rules to evaluate per call (and no
                // account id to resolve from the credentials)
                .accountIdEndpointMode(AccountIdEndpointMode.DISABLED)
                // the regional endpoint without the SDK's rules engine (its own rules decide the rare cases)
                .endpointProvider(RegionalEndpoints.dynamoDb())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(settings.interceptors())
                        .build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        settings.credentials().ifPresent(builder::credentialsProvider);
        return builder.build();
    }
}
