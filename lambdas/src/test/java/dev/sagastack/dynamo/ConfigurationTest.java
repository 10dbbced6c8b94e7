package dev.sagastack.dynamo;

import dev.sagastack.account.AccountSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationTest {

    @Test
    void tableNamesComeFromTheEnvironmentAndMissingOnesAreNamed() {
        assertThat(DataTables.fromEnvironment(Map.of("SINGLE_TABLE_NAME", "s", "EVENT_STORE_TABLE_NAME", "e")))
                .isEqualTo(new DataTables("s", "e"));
        assertThatThrownBy(() -> DataTables.fromEnvironment(Map.of("SINGLE_TABLE_NAME", "s")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EVENT_STORE_TABLE_NAME");
    }

    @Test
    void clientSettingsUseTheLambdaRegionAndAnOptionalLocalEndpoint() {
        var aws = DynamoClients.Settings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"));
        var twin = DynamoClients.Settings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"));

        assertThat(aws.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(aws.endpoint()).isEmpty();
        assertThat(twin.endpoint()).contains(URI.create("http://127.0.0.1:8000"));
    }

    @Test
    void snapshotIntervalComesFromTheEnvironment() {
        assertThat(AccountSettings.fromEnvironment(Map.of("SNAPSHOT_EVERY", "25")).snapshotEvery()).isEqualTo(25);
        assertThat(AccountSettings.fromEnvironment(Map.of()).snapshotEvery()).isEqualTo(AccountSettings.DEFAULT_SNAPSHOT_EVERY);
        assertThatThrownBy(() -> AccountSettings.fromEnvironment(Map.of("SNAPSHOT_EVERY", "often")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SNAPSHOT_EVERY");
        assertThatThrownBy(() -> AccountSettings.fromEnvironment(Map.of("SNAPSHOT_EVERY", "0")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
