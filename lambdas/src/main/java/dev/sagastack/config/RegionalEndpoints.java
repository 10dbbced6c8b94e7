package dev.sagastack.config;

import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;
import software.amazon.awssdk.services.sfn.endpoints.SfnEndpointParams;
import software.amazon.awssdk.services.sfn.endpoints.SfnEndpointProvider;
import software.amazon.awssdk.regions.EndpointTag;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceEndpointKey;
import software.amazon.awssdk.regions.ServiceMetadata;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Endpoint providers for the SDK clients the functions build (DynamoDB, Step Functions) that answer
 * the cases a function meets, an endpoint override or the regional endpoint of the aws, aws-cn and aws-us-gov
 * partitions ({@code https://SERVICE.REGION.amazonaws.com[.cn]}), without the SDK's endpoint rules engine: the
 * rules and their partition table cost a cold start about 30 ms of CPU to load and run once more at every call.
 * Anything else (FIPS, dual-stack, another partition, DynamoDB's {@code local} region) goes to the SDK's
 * default provider, built when first needed. {@code RegionalEndpointsTest} checks that both agree for every
 * region the SDK knows.
 */
public final class RegionalEndpoints {

    private static final Pattern COMMERCIAL_OR_GOV = Pattern.compile("(us|eu|ap|sa|ca|me|af|il|mx|us-gov)-[a-z]+-\\d+");
    private static final Pattern CHINA = Pattern.compile("cn-[a-z]+-\\d+");

    private RegionalEndpoints() {
    }

    public static DynamoDbEndpointProvider dynamoDb() {
        Shortcut<DynamoDbEndpointParams> shortcut = new Shortcut<>(
                p -> resolve("dynamodb", p.endpoint(), p.region(), p.useFips(), p.useDualStack()),
                () -> DynamoDbEndpointProvider.defaultProvider()::resolveEndpoint);
        return shortcut::resolve;
    }

    public static SfnEndpointProvider stepFunctions() {
        Shortcut<SfnEndpointParams> shortcut = new Shortcut<>(
                p -> resolve("states", p.endpoint(), p.region(), p.useFips(), p.useDualStack()),
                () -> SfnEndpointProvider.defaultProvider()::resolveEndpoint);
        return shortcut::resolve;
    }

    /** Our answer when there is one, else the SDK's rules (built at their first question). */
    private static final class Shortcut<P> {
        private final Function<P, Optional<URI>> ours;
        private final Supplier<Function<P, CompletableFuture<Endpoint>>> rulesFactory;
        private volatile Function<P, CompletableFuture<Endpoint>> rules;

        Shortcut(Function<P, Optional<URI>> ours, Supplier<Function<P, CompletableFuture<Endpoint>>> rulesFactory) {
            this.ours = ours;
            this.rulesFactory = rulesFactory;
        }

        CompletableFuture<Endpoint> resolve(P params) {
            Optional<URI> url = ours.apply(params);
            if (url.isPresent()) {
                return CompletableFuture.completedFuture(Endpoint.builder().url(url.get()).build());
            }
            Function<P, CompletableFuture<Endpoint>> r = rules;
            if (r == null) {
                r = rulesFactory.get();
                rules = r;
            }
            return r.apply(params);
        }
    }

    /**
     * The regional endpoint of {@code service} ({@code https://SERVICE.REGION.amazonaws.com[.cn]}), for a call made
     * without an SDK client ({@link SsmParameters}).
     *
     * @throws IllegalArgumentException for a region outside the aws, aws-cn and aws-us-gov partitions
     */
    public static URI regional(String service, Region region) {
        return resolve(service, null, region, false, false).orElseThrow(() -> new IllegalArgumentException(
                "no standard " + service + " endpoint for region " + region + ": set its endpoint explicitly"));
    }

    /**
     * The endpoint of {@code service} in {@code region} for a call made without an SDK client ({@link SsmParameters}):
     * the standard regional one, or with FIPS and/or dual-stack the variant the SDK's endpoint metadata names
     * ({@code ssm-fips.us-east-1.amazonaws.com}, {@code ssm.us-east-1.api.aws}; GovCloud's standard endpoints are
     * its FIPS ones).
     *
     * @throws IllegalArgumentException for a region outside the aws, aws-cn and aws-us-gov partitions without FIPS
     *                                  or dual-stack
     */
    public static URI regional(String service, Region region, boolean fips, boolean dualStack) {
        if (!fips && !dualStack) {
            return regional(service, region);
        }
        List<EndpointTag> tags = new ArrayList<>();
        if (fips) {
            tags.add(EndpointTag.FIPS);
        }
        if (dualStack) {
            tags.add(EndpointTag.DUALSTACK);
        }
        URI host = ServiceMetadata.of(service).endpointFor(ServiceEndpointKey.builder().region(region).tags(tags).build());
        return URI.create("https://" + host);
    }

    /**
     * The standard regional endpoint of {@code service} for a region of the aws, aws-cn or aws-us-gov partition;
     * empty for any other region.
     */
    public static Optional<URI> standard(String service, Region region) {
        return resolve(service, null, region, false, false);
    }

    /** The endpoint when it is an override or a standard regional one; empty for the SDK's rules to decide. */
    static Optional<URI> resolve(String service, String override, Region region, Boolean fips, Boolean dualStack) {
        if (override != null) {
            return Optional.of(URI.create(override));
        }
        if (region == null || Boolean.TRUE.equals(fips) || Boolean.TRUE.equals(dualStack)) {
            return Optional.empty();
        }
        String id = region.id();
        if (COMMERCIAL_OR_GOV.matcher(id).matches()) {
            return Optional.of(URI.create("https://" + service + "." + id + ".amazonaws.com"));
        }
        if (CHINA.matcher(id).matches()) {
            return Optional.of(URI.create("https://" + service + "." + id + ".amazonaws.com.cn"));
        }
        return Optional.empty();
    }
}
