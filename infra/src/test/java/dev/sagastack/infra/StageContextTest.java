package dev.sagastack.infra;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the stage from CDK context ({@code -c key=value} strings or cdk.json values). */
class StageContextTest {

    private static StageConfig read(Map<String, Object> context) {
        return StageContext.read(context::get);
    }

    @Test
    @DisplayName("no context means dev with DAX and Aurora")
    void defaultsToDev() {
        StageConfig stage = read(Map.of());
        assertThat(stage).isEqualTo(StageConfig.dev());
        assertThat(stage.orderSagaEnabled()).isTrue();
    }

    @Test
    @DisplayName("-c stage=prod -c dax=false -c aurora=false switch both off; cdk.json booleans work too")
    void switchesAcceptStringsAndBooleans() {
        StageConfig stage = read(Map.of("stage", "prod", "dax", "false", "aurora", false));
        assertThat(stage.name()).isEqualTo("prod");
        assertThat(stage.retainData()).isTrue();
        assertThat(stage.daxEnabled()).isFalse();
        assertThat(stage.auroraEnabled()).isFalse();
        assertThat(stage.orderSagaEnabled()).isFalse();
        assertThat(stage.vpcEnabled()).isFalse();
    }

    @Test
    @DisplayName("an unknown stage or a switch that is not true/false is refused with the allowed values")
    void badValuesAreRefused() {
        assertThatThrownBy(() -> read(Map.of("stage", "staging")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage=dev").hasMessageContaining("stage=prod");
        assertThatThrownBy(() -> read(Map.of("dax", "no")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dax' must be true or false");
    }

    @Test
    @DisplayName("a JWT authorizer needs an https issuer and an audience; comma-separated audiences are split")
    void jwtNeedsIssuerAndAudience() {
        StageConfig stage = read(Map.of("jwtIssuer", "https://id.example.com", "jwtAudience", "api, console"));
        assertThat(stage.jwt()).contains(new StageConfig.JwtAuthorization("https://id.example.com", List.of("api", "console")));
        assertThatThrownBy(() -> read(Map.of("jwtIssuer", "https://id.example.com")))
                .hasMessageContaining("jwtAudience");
        assertThatThrownBy(() -> read(Map.of("jwtIssuer", "http://id.example.com", "jwtAudience", "api")))
                .hasMessageContaining("https");
    }

    @Test
    @DisplayName("the alarm e-mail is optional")
    void alarmEmailIsOptional() {
        assertThat(read(Map.of("alarmEmail", "oncall@example.com")).alarmEmail()).contains("oncall@example.com");
        assertThat(read(Map.of()).alarmEmail()).isEmpty();
    }
}
