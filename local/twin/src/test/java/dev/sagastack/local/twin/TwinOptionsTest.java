package dev.sagastack.local.twin;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwinOptionsTest {

    @Test
    void defaultsToPort8080OnLoopbackInMemoryWithoutDemoOrFaults() {
        TwinOptions options = TwinOptions.parse();

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.dataDirectory()).isEmpty();
        assertThat(options.demo()).isFalse();
        assertThat(options.allowFaults()).isFalse();
    }

    @Test
    void readsEveryOption() {
        TwinOptions options = TwinOptions.parse("--port", "0", "--data-dir", "/tmp/twin", "--demo", "--allow-faults",
                "--lambda-timeout", "2", "--dax-port", "8111");

        assertThat(options.port()).isZero();
        assertThat(options.daxPort()).contains(8111);
        assertThat(options.dataDirectory()).contains(Path.of("/tmp/twin"));
        assertThat(options.demo()).isTrue();
        assertThat(options.allowFaults()).isTrue();
        assertThat(options.lambdaTimeout()).contains(Duration.ofSeconds(2));
    }

    @Test
    void enforcesAccessRulesUnlessIamIsOff() {
        assertThat(TwinOptions.parse().access().enforced()).isTrue();
        assertThat(TwinOptions.parse("--iam", "off", "--port", "0").access().enforced()).isFalse();
        assertThat(TwinOptions.parse("--iam", "on").access().enforced()).isTrue();
        assertThatThrownBy(() -> TwinOptions.parse("--iam", "maybe")).hasMessage("--iam must be on or off, was maybe");
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndBadPortsByName() {
        assertThatThrownBy(() -> TwinOptions.parse("--colour")).hasMessageContaining("--colour");
        assertThatThrownBy(() -> TwinOptions.parse("--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> TwinOptions.parse("--port", "80000")).hasMessageContaining("--port must be 0..65535");
        assertThatThrownBy(() -> TwinOptions.parse("--dax-port", "-1")).hasMessageContaining("--dax-port must be 0..65535");
        assertThatThrownBy(() -> TwinOptions.parse("--data-dir", "--demo")).hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> TwinOptions.parse("--lambda-timeout", "x")).hasMessageContaining("needs a number");
    }

    @Test
    void aCloudAssemblyMustHoldAManifestAndAStageNeedsAnAssembly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TwinOptions.parse("--cloud-assembly", dir.toString()))
                .hasMessageContaining("has no manifest.json");
        java.nio.file.Files.writeString(dir.resolve("manifest.json"), "{}");
        TwinOptions options = TwinOptions.parse("--cloud-assembly", dir.toString(), "--stage", "prod");
        assertThat(options.cloudAssembly()).contains(dir);
        assertThat(options.stage()).contains("prod");
        assertThat(TwinOptions.parse().cloudAssembly()).isEmpty();
        assertThatThrownBy(() -> TwinOptions.parse("--stage", "prod")).hasMessageContaining("--stage needs --cloud-assembly");
    }

    @Test
    void accessControlIsOnByDefaultAndTheAdministratorIsTestTestUnlessOverridden() {
        assertThat(TwinOptions.parse().access().enforced()).isTrue();
        assertThat(TwinOptions.parse().access().administratorCredentials()).isEmpty();
        TwinOptions options = TwinOptions.parse("--iam", "off", "--admin-credentials", "AKIALOCAL:s3cret");
        assertThat(options.access().enforced()).isFalse();
        assertThat(options.access().administratorCredentials()).contains("AKIALOCAL:s3cret");
        assertThat(TwinOptions.parse("--admin-credentials", "K:S", "--iam", "on").access().administratorCredentials())
                .contains("K:S");
        assertThatThrownBy(() -> TwinOptions.parse("--iam", "maybe")).hasMessageContaining("--iam must be on or off");
        assertThatThrownBy(() -> TwinOptions.parse("--admin-credentials", "nocolon"))
                .hasMessageContaining("--admin-credentials must be KEY:SECRET");
        assertThatThrownBy(() -> TwinOptions.parse("--admin-credentials", "KEY:"))
                .hasMessageContaining("--admin-credentials must be KEY:SECRET");
    }
}
