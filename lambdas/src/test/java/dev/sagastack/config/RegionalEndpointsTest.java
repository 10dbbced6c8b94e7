package dev.sagastack.config;

import dev.sagastack.dynamo.DynamoClients;
import dev.sagastack.dynamo.LocalDynamoDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointParams;
import software.amazon.awssdk.services.dynamodb.endpoints.DynamoDbEndpointProvider;
import software.amazon.awssdk.services.sfn.endpoints.SfnEndpointParams;
import software.amazon.awssdk.services.sfn.endpoints.SfnEndpointProvider;
import software.amazon.awssdk.services.ssm.endpoints.SsmEndpointParams;
import software.amazon.awssdk.services.ssm.endpoints.SsmEndpointProvider;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut endpoint providers answer exactly what the SDK's endpoint rules answer: for every region the
 * SDK knows, with and without FIPS and dual-stack, and for an endpoint override (the rules' "Endpoint"
 * parameter, as in the twin and the benchmark).
 */
class RegionalEndpointsTest {

    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private static final List<Boolean> FLAGS = List.of(false, true);

    @Test
    void dynamoDbAgreesWithTheSdkRulesForEveryRegion() {
        DynamoDbEndpointProvider ours = RegionalEndpoints.dynamoDb();
        DynamoDbEndpointProvider rules = DynamoDbEndpointProvider.defaultProvider();
        List<String> compared = new ArrayList<>();
        for (Region region : Region.regions()) {
            for (boolean fips : FLAGS) {
                for (boolean dualStack : FLAGS) {
                    DynamoDbEndpointParams params = DynamoDbEndpointParams.builder().region(region).useFips(fips)
                            .useDualStack(dualStack).build();
                    Optional<Endpoint> expected = resolve(() -> rules.resolveEndpoint(params).join());
                    Optional<Endpoint> actual = resolve(() -> ours.resolveEndpoint(params).join());
                    assertSame(region + " fips=" + fips + " dualStack=" + dualStack, expected, actual);
                    compared.add(region.id());
                }
            }
        }
        assertThat(compared).contains("us-east-1", "eu-central-1", "cn-north-1", "us-gov-west-1");
        assertThat(ours.resolveEndpoint(DynamoDbEndpointParams.builder().region(Region.US_EAST_1).build()).join().url())
                .isEqualTo(URI.create("https://dynamodb.us-east-1.amazonaws.com"));
        assertThat(ours.resolveEndpoint(DynamoDbEndpointParams.builder().region(Region.CN_NORTHWEST_1).build()).join().url())
                .isEqualTo(URI.create("https://dynamodb.cn-northwest-1.amazonaws.com.cn"));
        DynamoDbEndpointParams override = DynamoDbEndpointParams.builder().region(Region.US_EAST_1)
                .endpoint("https://127.0.0.1:8443").build();
        assertThat(ours.resolveEndpoint(override).join().url())
                .isEqualTo(rules.resolveEndpoint(override).join().url())
                .isEqualTo(URI.create("https://127.0.0.1:8443"));
    }

    @Test
    void stepFunctionsAndTheSsmEndpointAgreeWithTheSdkRulesForEveryRegion() {
        SfnEndpointProvider sfn = RegionalEndpoints.stepFunctions();
        SfnEndpointProvider sfnRules = SfnEndpointProvider.defaultProvider();
        SsmEndpointProvider ssmRules = SsmEndpointProvider.defaultProvider();
        for (Region region : Region.regions()) {
            for (boolean fips : FLAGS) {
                for (boolean dualStack : FLAGS) {
                    SfnEndpointParams s = SfnEndpointParams.builder().region(region).useFips(fips).useDualStack(dualStack)
                            .build();
                    assertSame("states " + region + " fips=" + fips + " dualStack=" + dualStack,
                            resolve(() -> sfnRules.resolveEndpoint(s).join()), resolve(() -> sfn.resolveEndpoint(s).join()));
                    SsmEndpointParams p = SsmEndpointParams.builder().region(region).useFips(fips).useDualStack(dualStack)
                            .build();
                    Optional<Endpoint> expected = resolve(() -> ssmRules.resolveEndpoint(p).join());
                    Optional<URI> ours = RegionalEndpoints.resolve("ssm", null, region, fips, dualStack);
                    if (ours.isPresent()) {
                        // SsmParameters calls this endpoint: it must be the one the rules give
                        assertThat(expected.map(Endpoint::url)).as("ssm " + region).contains(ours.get());
                    }
                }
            }
        }
        assertThat(RegionalEndpoints.regional("ssm", Region.EU_WEST_1))
                .isEqualTo(URI.create("https://ssm.eu-west-1.amazonaws.com"));
        assertThat(sfn.resolveEndpoint(SfnEndpointParams.builder().region(Region.US_GOV_WEST_1).build()).join().url())
                .isEqualTo(URI.create("https://states.us-gov-west-1.amazonaws.com"));
    }

    /**
     * SSM's FIPS and dual-stack endpoints as the AWS General Reference lists them ("AWS Systems Manager endpoints and
     * quotas"; "Dual-stack endpoints"): {@code ssm-fips.REGION.amazonaws.com}, {@code ssm.REGION.api.aws}, and in
     * GovCloud the standard endpoint is the FIPS one.
     */
    @Test
    void theSsmEndpointWithFipsOrDualStackIsTheVariantTheEndpointMetadataNames() {
        assertThat(RegionalEndpoints.regional("ssm", Region.US_EAST_1, false, false))
                .isEqualTo(URI.create("https://ssm.us-east-1.amazonaws.com"));
        assertThat(RegionalEndpoints.regional("ssm", Region.US_EAST_1, true, false))
                .isEqualTo(URI.create("https://ssm-fips.us-east-1.amazonaws.com"));
        assertThat(RegionalEndpoints.regional("ssm", Region.EU_WEST_1, false, true))
                .isEqualTo(URI.create("https://ssm.eu-west-1.api.aws"));
        assertThat(RegionalEndpoints.regional("ssm", Region.CA_CENTRAL_1, true, true))
                .isEqualTo(URI.create("https://ssm-fips.ca-central-1.api.aws"));
        assertThat(RegionalEndpoints.regional("ssm", Region.US_GOV_WEST_1, true, false))
                .isEqualTo(URI.create("https://ssm.us-gov-west-1.amazonaws.com"));
    }

    @Test
    void theFunctionsClientCallsThroughTheShortcutProvider() {
        // the client as the functions build it, against an endpoint override: a round trip proves the provider's
        // answer is what the request is sent to
        var client = DynamoClients.create(DynamoClients.Settings.local(LOCAL.server().endpoint()));
        LOCAL.createTables();
        assertThat(client.listTables().tableNames()).isNotEmpty();
    }

    private static void assertSame(String what, Optional<Endpoint> expected, Optional<Endpoint> actual) {
        assertThat(actual.isPresent()).as(what + " resolves").isEqualTo(expected.isPresent());
        if (expected.isPresent()) {
            assertThat(actual.get().url()).as(what).isEqualTo(expected.get().url());
            assertThat(actual.get().headers()).as(what + " headers").isEqualTo(expected.get().headers());
            // the rules give no auth scheme of their own for these services' regional endpoints, so the client's
            // signing name and region (what ours leaves to the client) are the ones the rules would have given
            if (actual.get() != expected.get() && !actual.get().equals(expected.get())) {
                assertThat(expected.get().attribute(AwsEndpointAttribute.AUTH_SCHEMES)).as(what + " auth schemes")
                        .isNullOrEmpty();
            }
        }
    }

    private static Optional<Endpoint> resolve(java.util.function.Supplier<Endpoint> call) {
        try {
            return Optional.of(call.get());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
