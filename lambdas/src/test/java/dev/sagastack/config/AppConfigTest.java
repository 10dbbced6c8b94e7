package dev.sagastack.config;

import dev.sagastack.account.AccountSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppConfigTest {

    @Test
    void aStageWithoutSagaInventoryDaxOrCursorKeyHasThemAbsentNotFailing() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "SINGLE_TABLE_NAME", "s", "EVENT_STORE_TABLE_NAME", "e"));

        assertThat(config.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(config.requireSingleTable()).isEqualTo("s");
        assertThat(config.requireEventStoreTable()).isEqualTo("e");
        assertThat(config.orderSaga()).isEmpty();
        assertThat(config.inventoryDatabase()).isEmpty();
        assertThat(config.dax()).isEmpty();
        assertThat(config.cursorKey()).isEmpty();
        assertThat(config.endpoints()).isEqualTo(AppConfig.Endpoints.none());
    }

    @Test
    void aFunctionThatNeedsATableItWasNotGivenNamesTheVariable() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("SINGLE_TABLE_NAME", " "));

        assertThat(config.singleTable()).isEmpty();
        assertThatThrownBy(config::requireSingleTable).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SINGLE_TABLE_NAME");
        assertThatThrownBy(config::requireEventStoreTable).hasMessageContaining("EVENT_STORE_TABLE_NAME");
        assertThatThrownBy(config::requireInventoryDatabase).hasMessageContaining("INVENTORY_DB_HOST");
    }

    @Test
    void endpointsAreTheSdksPerServiceVariables() {
        AppConfig config = AppConfig.fromEnvironment(Map.of(
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000",
                "AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:8083",
                "AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:8084"));

        assertThat(config.endpoints().dynamoDb()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(config.endpoints().stepFunctions()).contains(URI.create("http://127.0.0.1:8083"));
        assertThat(config.endpoints().ssm()).contains(URI.create("http://127.0.0.1:8084"));
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("AWS_ENDPOINT_URL_SFN", "http://bad host")))
                .hasMessageContaining("AWS_ENDPOINT_URL_SFN");
    }

    @Test
    void theGlobalEndpointVariableServesEveryServiceWithoutItsOwn() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:8083"));

        assertThat(config.endpoints().dynamoDb()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(config.endpoints().ssm()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(config.endpoints().stepFunctions()).contains(URI.create("http://127.0.0.1:8083"));
        assertThat(config.endpoints().fipsOrDualStack()).isFalse();
    }

    /** FIPS and dual-stack endpoints are the SDK's rules to decide: those functions get the SDK's own clients. */
    @Test
    void fipsOrDualStackEndpointsGoToTheSdksClients() {
        Map<String, String> stage = Map.of("AWS_REGION", "us-east-1", "SINGLE_TABLE_NAME", "s",
                "ORDER_SAGA_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:OrderSaga");
        AppConfig plain = AppConfig.fromEnvironment(stage);
        Map<String, String> fips = new java.util.HashMap<>(stage);
        fips.put("AWS_USE_FIPS_ENDPOINT", "TRUE");
        Map<String, String> dualStack = new java.util.HashMap<>(stage);
        dualStack.put("AWS_USE_DUALSTACK_ENDPOINT", "true");

        assertThat(AppConfig.fromEnvironment(fips).endpoints().fipsOrDualStack()).isTrue();
        assertThat(AppConfig.fromEnvironment(fips).endpoints().dualStack()).isFalse();
        assertThat(AppConfig.fromEnvironment(dualStack).endpoints().fipsOrDualStack()).isTrue();
        assertThat(AppConfig.fromEnvironment(dualStack).endpoints().fips()).isFalse();
        try (AwsClients ours = AwsClients.create(plain); AwsClients sdks = AwsClients.create(AppConfig.fromEnvironment(fips))) {
            assertThat(ours.dynamoDb()).isInstanceOf(dev.sagastack.dynamo.DynamoDbJsonClient.class);
            assertThat(ours.stepFunctions()).isInstanceOf(SfnJsonClient.class);
            assertThat(sdks.dynamoDb()).isNotInstanceOf(dev.sagastack.dynamo.DynamoDbJsonClient.class);
            assertThat(sdks.stepFunctions()).isNotInstanceOf(SfnJsonClient.class);
        }
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("AWS_USE_FIPS_ENDPOINT", "yes")))
                .hasMessageContaining("AWS_USE_FIPS_ENDPOINT");
    }

    @Test
    void snapshotIntervalComesFromTheEnvironment() {
        assertThat(AppConfig.fromEnvironment(Map.of("SNAPSHOT_EVERY", "25")).accounts().snapshotEvery()).isEqualTo(25);
        assertThat(AppConfig.fromEnvironment(Map.of()).accounts().snapshotEvery())
                .isEqualTo(AccountSettings.DEFAULT_SNAPSHOT_EVERY);
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("SNAPSHOT_EVERY", "often")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SNAPSHOT_EVERY");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("SNAPSHOT_EVERY", "0")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOrderSagaIsAStateMachineArnAndNamesItsExecutions() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("ORDER_SAGA_STATE_MACHINE_ARN",
                "arn:aws:states:eu-west-1:111122223333:stateMachine:OrderSaga"));

        assertThat(config.orderSaga().orElseThrow().executionArn("o-1"))
                .isEqualTo("arn:aws:states:eu-west-1:111122223333:execution:OrderSaga:o-1");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("ORDER_SAGA_STATE_MACHINE_ARN", "OrderSaga")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ORDER_SAGA_STATE_MACHINE_ARN");
    }

    @Test
    void anInlineCursorKeyWinsOverTheParameterAndIsNeverPrinted() {
        AppConfig both = AppConfig.fromEnvironment(Map.of("CURSOR_KEY", "c2VjcmV0", "CURSOR_KEY_PARAMETER", "/p"));
        AppConfig parameter = AppConfig.fromEnvironment(Map.of("CURSOR_KEY_PARAMETER", "/aws/reference/secretsmanager/k"));

        assertThat(both.cursorKey()).containsInstanceOf(AppConfig.CursorKeySource.Inline.class);
        assertThat(both.toString()).doesNotContain("c2VjcmV0");
        assertThat(parameter.cursorKey()).contains(new AppConfig.CursorKeySource.Parameter("/aws/reference/secretsmanager/k"));
    }

    @Test
    void aPartialDatabaseConfigurationFailsAtStartNamingWhatIsMissing() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("INVENTORY_DB_NAME", "inventory")))
                .hasMessageContaining("INVENTORY_DB_HOST");
    }
}
